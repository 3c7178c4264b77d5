"""Transactional mail: queued in the outbox with the change that causes it, sent by a worker."""

from app.mail.outbox import queue_mail, ring
from app.mail.worker import MailWorker

__all__ = ["MailWorker", "queue_mail", "ring"]
