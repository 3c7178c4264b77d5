"""Webhook endpoints, their deliveries and event types."""

EVENTS = {
    "PING": "A test event from sendTestWebhook.",
    "CLIENT_REGISTERED": "A client registered through the portal.",
    "CLIENT_ACTIVATED": "A client activated portal access (one event per account opened).",
    "ACCOUNT_CREATED": "An account was created.",
    "ACCOUNT_UPDATED": "An account changed; data holds the fields that changed.",
    "ACCOUNT_ARCHIVED": "An account was archived.",
    "ACCOUNT_RESTORED": "An account was restored.",
    "CONTACT_CREATED": "A contact was created.",
    "CONTACT_UPDATED": "A contact changed.",
    "CONTACT_TOGGLES_CHANGED": "LOGIN, NOTIFY or EMAIL SYNC of an AccountEmail changed.",
    "EMAIL_RECEIVED": "A synced email arrived on an account.",
    "IMPORT_COMPLETED": "An import finished; data holds its report.",
    "BULK_UPDATE_COMPLETED": "A bulk toggle update finished; data holds its report.",
}
URL = (
    "https:// or http://; private, loopback and link-local addresses are refused (INVALID); "
    "redirects are not followed."
)

DESCRIPTIONS = {
    "WebhookEndpoint": "A URL the firm's events are posted to, signed (Standard Webhooks). "
    "Payload, signature and retries: docs/API.md, section Webhooks.",
    "WebhookEndpoint.url": "Where events are posted.",
    "WebhookEndpoint.description": "A note for people, if any.",
    "WebhookEndpoint.events": "The event types it receives.",
    "WebhookEndpoint.enabled": "Whether events are posted; false when turned off by hand or "
    "by the service.",
    "WebhookEndpoint.createdAt": "When it was registered.",
    "WebhookEndpoint.deliveries(first)": "Page size: 20 by default, 0 to 100.",
    "WebhookEndpoint.deliveries(after)": "The endCursor of the previous page.",
    "WebhookEndpoint.deliveries(status)": "Only deliveries in this state.",
    "WebhookDelivery": "One event posted (or to be posted) to one endpoint, with its attempts.",
    "WebhookDelivery.eventType": "The event's type.",
    "WebhookDelivery.status": "PENDING, SUCCEEDED or FAILED.",
    "WebhookDelivery.attempts": "How many posts were made.",
    "WebhookDelivery.lastStatusCode": "The HTTP status of the last attempt; null if none answered.",
    "WebhookDelivery.lastError": "Why the last attempt failed (timeout, connection, status).",
    "WebhookDelivery.nextAttemptAt": "When it is tried again; null when no retry is due.",
    "WebhookDelivery.createdAt": "When the event was stored.",
    "WebhookDelivery.deliveredAt": "When a 2xx answer came; null until then.",
    "WebhookDeliveryStatus": "The state of a delivery.",
    "WebhookDeliveryStatus.PENDING": "Not yet answered 2xx; attempts continue.",
    "WebhookDeliveryStatus.SUCCEEDED": "A 2xx answer came within 10 seconds.",
    "WebhookDeliveryStatus.FAILED": "Given up: a 4xx other than 429, or retries ran out.",
    "CreateWebhookEndpointInput": "A new webhook endpoint.",
    "CreateWebhookEndpointInput.url": URL,
    "CreateWebhookEndpointInput.events": "The event types to receive; at least one.",
    "CreateWebhookEndpointInput.description": "A note for people.",
    "UpdateWebhookEndpointInput": "Changes to an endpoint; only the fields given change.",
    "UpdateWebhookEndpointInput.id": "The endpoint's id.",
    "UpdateWebhookEndpointInput.url": URL,
    "UpdateWebhookEndpointInput.events": "Replaces the event types.",
    "UpdateWebhookEndpointInput.description": "A note for people.",
    "UpdateWebhookEndpointInput.enabled": "True turns it back on (clearing disabledReason).",
    "WebhookEndpointPayload": "The answer of a change to an endpoint.",
    "WebhookEndpointPayload.endpoint": "The endpoint as changed (as it was, when deleted); "
    "null on userErrors.",
    "WebhookSecretPayload": "An endpoint with its signing secret, shown this once.",
    "WebhookSecretPayload.endpoint": "The endpoint; null on userErrors.",
    "WebhookDeliveryPayload": "The answer of sending an event to an endpoint.",
    "WebhookDeliveryPayload.delivery": "The new delivery; null on userErrors.",
}
for _event, _text in EVENTS.items():
    DESCRIPTIONS[f"WebhookEventType.{_event}"] = _text
