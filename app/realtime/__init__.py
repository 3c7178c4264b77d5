"""Live delivery between server processes: the pub/sub hub behind Inbox+ subscriptions."""

from app.realtime.hub import RESYNC, Hub, HubUnavailable, Status
from app.realtime.subscription import SubscriberTooSlow, Subscription

__all__ = ["RESYNC", "Hub", "HubUnavailable", "Status", "SubscriberTooSlow", "Subscription"]
