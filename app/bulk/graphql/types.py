"""Inputs, report and payload of `bulkUpdateContactToggles`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from app.accounts.graphql.toggle_types import NotificationPreferencesInput
from app.accounts.models import NOTIFICATION_CATEGORIES
from app.bulk import service as bulk_toggles
from app.graphql.types import UserError

if TYPE_CHECKING:
    # strawberry.enum returns the class it is given: type checkers see the domain's enum.
    from app.bulk.service import ToggleAction as BulkToggleAction
else:
    BulkToggleAction = strawberry.enum(
        bulk_toggles.ToggleAction,
        name="BulkToggleAction",
        description="What a bulk update does to one toggle of every email.",
    )


@strawberry.input
class BulkUpdateContactTogglesInput:
    account_ids: list[strawberry.ID] = strawberry.field(
        description="At most 10,000 accounts; every email of every linked contact is changed."
    )
    login: BulkToggleAction | None = BulkToggleAction.NO_CHANGE
    send_invitations: bool | None = strawberry.field(
        default=None,
        description="With login ENABLE: invite the emails that became PENDING_ACTIVATION.",
    )
    invitation_message: str | None = None
    notify: BulkToggleAction | None = BulkToggleAction.NO_CHANGE
    notification_preferences: NotificationPreferencesInput | None = strawberry.field(
        default=None, description="With notify ENABLE: applied to every email too."
    )
    email_sync: BulkToggleAction | None = BulkToggleAction.NO_CHANGE

    def change(self) -> bulk_toggles.BulkChange:
        """The domain's view of this input (null actions mean NO_CHANGE)."""
        preferences = self.notification_preferences
        no_change = bulk_toggles.ToggleAction.NO_CHANGE
        return bulk_toggles.BulkChange(
            login=self.login or no_change,
            notify=self.notify or no_change,
            email_sync=self.email_sync or no_change,
            notification_preferences=(
                {name: getattr(preferences, name) for name in NOTIFICATION_CATEGORIES}
                if preferences is not None
                else None
            ),
            send_invitations=bool(self.send_invitations),
            invitation_message=self.invitation_message,
        )


@strawberry.type
class BulkUpdateError:
    account_id: strawberry.ID | None = strawberry.field(description="The account id as given.")
    email: str | None
    code: str = strawberry.field(description="An error code, e.g. NOT_FOUND, ARCHIVED, NO_EMAIL.")
    message: str


@strawberry.type
class BulkUpdateReport:
    accounts_requested: int
    accounts_updated: int = strawberry.field(
        description="Accounts where at least one email changed."
    )
    emails_updated: int
    invitations_sent: int
    errors: list[BulkUpdateError]

    @staticmethod
    def of(report: bulk_toggles.BulkReport) -> BulkUpdateReport:
        return BulkUpdateReport(
            accounts_requested=report.accounts_requested,
            accounts_updated=report.accounts_updated,
            emails_updated=report.emails_updated,
            invitations_sent=report.invitations_sent,
            errors=[
                BulkUpdateError(
                    account_id=strawberry.ID(e.account_id) if e.account_id else None,
                    email=e.email,
                    code=e.code.value,
                    message=e.message,
                )
                for e in report.errors
            ],
        )


@strawberry.type
class BulkUpdateContactTogglesPayload:
    report: BulkUpdateReport | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
