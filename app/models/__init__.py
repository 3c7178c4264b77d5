"""Tortoise models, one module per aggregate; imported here so Tortoise finds them all."""

from app.models.account import (
    NOTIFICATION_CATEGORIES,
    Account,
    AccountContact,
    AccountEmail,
    AccountTeamMember,
    AccountType,
    Note,
)
from app.models.contact import Contact, ContactEmail, Phone
from app.models.custom_field import (
    CustomFieldChange,
    CustomFieldDefinition,
    CustomFieldTarget,
    CustomFieldType,
    CustomFieldValue,
)
from app.models.email_sync import (
    AccountDocument,
    EmailDirection,
    EmailMessage,
    EmailParticipant,
)
from app.models.firm import (
    AccountNameFormat,
    AuthSession,
    Firm,
    StaffMember,
    StaffRole,
)
from app.models.folder import FolderTemplate
from app.models.notification import Notification, NotificationKind
from app.models.outbox import MailStatus, OutboxMail
from app.models.portal import Invitation, LinkPurpose, LinkToken, LoginActivity, PortalLogin
from app.models.rate_limit import RateLimitHit
from app.models.tag import AccountTag, ContactTag, Tag

__all__ = [
    "NOTIFICATION_CATEGORIES",
    "Account",
    "AccountContact",
    "AccountDocument",
    "AccountEmail",
    "AccountNameFormat",
    "AccountTag",
    "AccountTeamMember",
    "AccountType",
    "AuthSession",
    "Contact",
    "ContactEmail",
    "ContactTag",
    "CustomFieldChange",
    "CustomFieldDefinition",
    "CustomFieldTarget",
    "CustomFieldType",
    "CustomFieldValue",
    "EmailDirection",
    "EmailMessage",
    "EmailParticipant",
    "Firm",
    "Invitation",
    "LinkPurpose",
    "LinkToken",
    "LoginActivity",
    "MailStatus",
    "Notification",
    "NotificationKind",
    "OutboxMail",
    "PortalLogin",
    "RateLimitHit",
    "FolderTemplate",
    "Note",
    "Phone",
    "StaffMember",
    "StaffRole",
    "Tag",
]
