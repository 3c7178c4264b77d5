"""The domain's enums, exposed to GraphQL under their contract names."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from app import models

if TYPE_CHECKING:
    # strawberry.enum returns the class it is given: type checkers see the models' enums.
    from app.accounts.models import AccountType
    from app.custom_fields.models import CustomFieldTarget, CustomFieldType
    from app.firms.models import AccountNameFormat, StaffRole
    from app.inbox.models import NotificationKind
else:
    AccountNameFormat = strawberry.enum(models.AccountNameFormat)
    StaffRole = strawberry.enum(models.StaffRole)
    AccountType = strawberry.enum(models.AccountType)
    CustomFieldTarget = strawberry.enum(models.CustomFieldTarget)
    CustomFieldType = strawberry.enum(models.CustomFieldType)
    NotificationKind = strawberry.enum(models.NotificationKind)


@strawberry.enum(
    description="ACTIVE (green): at least one linked email has LOGIN on, pending activation "
    "included. OFFLINE (beige): none."
)
class LoginStatus(Enum):
    ACTIVE = "ACTIVE"
    OFFLINE = "OFFLINE"


@strawberry.enum(description="Portal access of one email for one account.")
class PortalAccessState(Enum):
    NO_ACCESS = "NO_ACCESS"
    PENDING_ACTIVATION = "PENDING_ACTIVATION"
    ACTIVE = "ACTIVE"


@strawberry.enum
class AccountOrderField(Enum):
    NAME = "name"
    CREATED_AT = "created_at"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"
