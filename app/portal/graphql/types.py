"""The client side: a portal login, and the inputs and payloads of the portal mutations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from app import models
from app.accounts.graphql.enums import AccountType
from app.graphql.context import Info
from app.graphql.ids import to_global_id
from app.graphql.types import Node, UserError
from app.portal.logins import entered_accounts

if TYPE_CHECKING:
    from app.accounts.graphql.types import Account
    from app.contacts.graphql.types import Contact
    from app.firms.graphql.types import Session, Viewer


@strawberry.type
class PortalUser(Node):
    email: str
    row: strawberry.Private[models.PortalLogin]

    @staticmethod
    def of(row: models.PortalLogin) -> PortalUser:
        return PortalUser(
            id=strawberry.ID(to_global_id("PortalUser", row.id)), email=row.email, row=row
        )

    @strawberry.field
    async def contact(
        self, info: Info
    ) -> Annotated[Contact, strawberry.lazy("app.contacts.graphql.types")] | None:
        from app.contacts.graphql.types import Contact

        email_id = self.row.contact_email_id
        email = await models.ContactEmail.get_or_none(id=email_id or 0).select_related("contact")
        return Contact.of(email.contact) if email else None

    @strawberry.field(
        description="Accounts this login may enter (LOGIN on for this address); "
        "the portal's account switcher."
    )
    async def accounts(
        self, info: Info
    ) -> list[Annotated[Account, strawberry.lazy("app.accounts.graphql.types")]]:
        from app.accounts.graphql.types import Account

        return [Account.of(r) for r in await entered_accounts(self.row).order_by("name", "id")]


@strawberry.input
class PortalSignInInput:
    firm_slug: str
    email: str
    password: str


@strawberry.input
class RegisterClientInput:
    firm_slug: str
    account_type: AccountType
    company_name: str | None = None
    first_name: str
    last_name: str
    email: str
    password: str | None = strawberry.field(
        default=None,
        description="Not used: the password is chosen when the mailed link is followed "
        "(confirmClientRegistration).",
    )


@strawberry.input
class ConfirmClientRegistrationInput:
    token: str
    password: str = strawberry.field(
        description="The client's password, chosen here: whoever typed the address at "
        "registerClient never knows it."
    )


@strawberry.input
class ActivatePortalAccessInput:
    token: str
    password: str


@strawberry.type
class PortalSessionPayload:
    session: Annotated[Session, strawberry.lazy("app.firms.graphql.types")] | None = None
    viewer: Annotated[Viewer, strawberry.lazy("app.firms.graphql.types")] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class SendInvitationInput:
    id: strawberry.ID = strawberry.field(description="An AccountEmail id with LOGIN on.")
    message: str | None = None
