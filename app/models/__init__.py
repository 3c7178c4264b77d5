"""Tortoise models, one module per aggregate; imported here so Tortoise finds them all."""

from app.accounts.folder_models import FolderTemplate
from app.accounts.models import (
    NOTIFICATION_CATEGORIES,
    Account,
    AccountContact,
    AccountEmail,
    AccountTeamMember,
    AccountType,
    Note,
)
from app.apps.models import ApiClient
from app.contacts.models import Contact, ContactEmail, Phone
from app.custom_fields.models import (
    CustomFieldChange,
    CustomFieldDefinition,
    CustomFieldTarget,
    CustomFieldType,
    CustomFieldValue,
)
from app.email_sync.models import AccountDocument, EmailDirection, EmailMessage, EmailParticipant
from app.firms.models import AccountNameFormat, AuthSession, Firm, StaffMember, StaffRole
from app.inbox.models import Notification, NotificationKind
from app.mail.models import MailStatus, OutboxMail
from app.portal.models import Invitation, LinkPurpose, LinkToken, LoginActivity, PortalLogin
from app.rate_limits.models import CostBucket, RateLimitHit
from app.tags.models import AccountTag, ContactTag, Tag
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEventType

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
    "ApiClient",
    "AuthSession",
    "Contact",
    "CostBucket",
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
    "DeliveryStatus",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEventType",
]
