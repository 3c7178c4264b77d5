"""`crm import`: who runs it, and the run itself with the database and the hub opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from app import db
from app.access.actors import StaffActor
from app.access.viewer import Viewer, actor_of
from app.errors import ErrorCode, fail
from app.firms.models import Firm, StaffMember, StaffRole
from app.importing.report import ImportReport
from app.importing.run import ImportOptions, Progress, import_clients
from app.inbox.announce import use_publisher
from app.realtime import Hub
from app.settings import Settings


async def importer(firm_slug: str, staff_email: str | None) -> tuple[StaffActor, str]:
    """The staff member the import runs as (`staff_email`, or else the firm's owner), and
    their address. The import itself refuses them unless they may manage accounts."""
    firm = await Firm.get_or_none(slug=firm_slug)
    if firm is None:
        raise fail(ErrorCode.NOT_FOUND, f"No firm has the slug {firm_slug!r}.", "--firm")
    staff = StaffMember.filter(firm_id=firm.id)
    if staff_email:
        member = await staff.filter(email=staff_email.strip().lower()).first()
    else:
        member = await staff.filter(role=StaffRole.OWNER).order_by("id").first()
    if member is None:
        raise fail(ErrorCode.NOT_FOUND, f"No such staff member in {firm_slug}.", "--as")
    actor = actor_of(Viewer(firm=firm, staff=member))
    assert isinstance(actor, StaffActor)
    return actor, member.email


async def run_file(
    settings: Settings,
    path: Path,
    firm_slug: str,
    staff_email: str | None,
    options: ImportOptions,
    progress: Progress | None = None,
) -> tuple[str, ImportReport]:
    """Open the database (which must exist: app/startup.py checks) and the broadcast backend,
    so IMPORT_COMPLETED reaches the servers' live subscribers; stream the file through."""
    await db.open_database(settings.database_url, settings.db_timeout)
    hub = Hub(settings.broadcast_url, name="crm-import")
    try:
        await hub.start()
        use_publisher(hub)
        actor, email = await importer(firm_slug, staff_email)

        def lines() -> Iterator[str]:
            # Bytes decoded as UTF-8, strictly: another encoding is a clear error, not mojibake.
            with path.open(encoding="utf-8", errors="strict", newline="") as file:
                yield from file

        report = await import_clients(actor, lines, options, settings, progress)
        return email, report
    finally:
        use_publisher(None)
        await hub.stop()
        await db.close_database()
