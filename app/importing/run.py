"""An import run: check the whole file, then plan and apply it chunk by chunk."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from tortoise.exceptions import IntegrityError

from app.access.actors import StaffActor
from app.access.permissions import IMPORT_CLIENTS, entry_point
from app.access.viewer import Viewer
from app.db.unit_of_work import unit_of_work
from app.errors import ErrorCode, fail
from app.firms.staff import staff_with_firm
from app.importing import columns, lookups
from app.importing.apply import apply
from app.importing.plan import Planner
from app.importing.report import ImportReport, RowError
from app.importing.rows import ImportRow, check_row
from app.importing.state import KnownAccount, RunState, client_ids_with_prefixes
from app.importing.targets import AccountTarget, ContactTarget
from app.inbox.models import NotificationKind
from app.inbox.service import notify
from app.settings import Settings
from app.webhooks import events as webhooks
from app.webhooks.models import WebhookEventType

CHUNK_ROWS = 500
log = logging.getLogger("crm.import")
T = TypeVar("T")
Lines = Callable[[], Iterable[str]]  # opens the CSV afresh: it is read twice
Progress = Callable[[int, int], None]  # rows done, rows in all


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    login: bool | None = None
    notify: bool | None = None
    email_sync: bool | None = None
    send_invitations: bool = False
    chunk_rows: int = CHUNK_ROWS


@entry_point(IMPORT_CLIENTS)
async def import_clients(
    actor: StaffActor,
    lines: Lines,
    options: ImportOptions,
    settings: Settings,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the CSV; a bad file (encoding, header, syntax) is a UserError with nothing done."""
    total = _scan(lines)
    staff = await staff_with_firm(actor.staff_id)
    state = await RunState.start(
        Viewer(firm=staff.firm, staff=staff, session=actor.session),
        settings,
        dry_run=options.dry_run,
        defaults=(bool(options.login), bool(options.notify), bool(options.email_sync)),
        send_invitations=bool(options.send_invitations) and not options.dry_run,
    )
    report = state.report
    numbered = columns.records(lines())
    header = columns.read_header(next(numbered)[1])
    done = 0
    for chunk in _chunks(numbered, options.chunk_rows):
        valid: list[ImportRow] = []
        for number, record in chunk:
            checked = check_row(number, header, record, state.staff_by_email)
            if isinstance(checked, ImportRow):
                valid.append(checked)
            else:
                report.fail(checked)
        await _import_chunk(state, valid)
        done += len(chunk)
        report.rows_total = done
        if progress:
            progress(done, total)
    report.errors.sort(key=lambda e: e.row)
    if not options.dry_run:
        await _completed(state)
    return report


def _scan(lines: Lines) -> int:
    try:
        return columns.scan(lines())
    except UnicodeDecodeError as error:
        raise fail(
            ErrorCode.INVALID,
            f"The file is not UTF-8 text ({error.reason} at byte {error.start} of a block); "
            "save it as CSV UTF-8 and try again.",
            "input",
            "csv",
        ) from None


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


async def _import_chunk(state: RunState, rows: list[ImportRow]) -> None:
    """Plan the rows and write them at once; should the batch fail on a constraint (someone
    else wrote the same address meanwhile), write them again one savepoint per row."""
    if not rows:
        return
    planner, errors = await _plan(state, rows)
    state.report.fail(errors)
    if state.dry_run:
        _fake_ids(planner, state)
        _learn(planner, state, [])
        return
    try:
        async with unit_of_work():  # the notifications announced, the mail rung, after commit
            _, invited = await apply(planner.plan, state)
    except IntegrityError:
        planned = set(planner.plan.rows)
        await _import_row_by_row(state, [r for r in rows if r.number in planned])
        return
    _learn(planner, state, invited)


async def _import_row_by_row(state: RunState, rows: list[ImportRow]) -> None:
    state.forget_client_ids()  # someone else may have taken some: read them again
    async with unit_of_work():
        for row in rows:
            planner, errors = await _plan(state, [row])
            if errors:
                state.report.fail(errors)
                continue
            try:
                async with unit_of_work():  # a savepoint: the row whole, or nothing of it
                    _, row_invited = await apply(planner.plan, state)
            except IntegrityError as error:
                log.warning("import row %s conflicts: %s", row.number, error)
                message = "A change made at the same time conflicts with this row; import it again."
                state.report.fail([RowError(row.number, None, ErrorCode.DUPLICATE, message)])
                continue
            _learn(planner, state, row_invited)


async def _plan(state: RunState, rows: list[ImportRow]) -> tuple[Planner, list[RowError]]:
    planner = Planner(state, await lookups.load(state, rows))
    errors = [e for row in rows for e in planner.add(row)]
    prefixes = {a.model.client_id for a in planner.plan.accounts}
    missing = state.missing_prefixes(prefixes)
    state.learn_client_ids(missing, await client_ids_with_prefixes(state.viewer.firm_id, missing))
    for account in planner.plan.accounts:
        prefix = account.model.client_id
        number = state.next_client_number(prefix)
        account.model.client_id = f"{prefix}{number}"
        account.client_number = (prefix, number)
    return planner, errors


def _fake_ids(planner: Planner, state: RunState) -> None:
    plan = planner.plan
    targets: tuple[AccountTarget | ContactTarget, ...] = (*plan.accounts, *plan.contacts)
    for target in targets:
        target.model.id = state.fake_id()
    plan.tag_ids = {key: state.fake_id() for key in plan.new_tags}


def _learn(planner: Planner, state: RunState, invited: list[str]) -> None:
    """After commit (or a dry run's pretend one): remember what later chunks may refer to."""
    plan, report = planner.plan, state.report
    for key, account in planner.accounts_by_name.items():
        model = account.model
        state.accounts[key] = KnownAccount(model.id, model.name, model.client_id, model.type)
    for address, contact in planner.contacts_by_address.items():
        state.contacts[address] = contact.id
    for account in plan.accounts:
        state.created_accounts.add(account.id)
        if account.client_number:
            prefix, number = account.client_number
            state.client_numbers[prefix].add(number)
    state.tags.update(plan.tag_ids)
    state.invited.update(invited)
    report.accounts_created += len(plan.accounts)
    report.contacts_created += len(plan.contacts)
    report.contacts_matched += plan.matched
    report.invitations_sent += len(invited)


async def _completed(state: RunState) -> None:
    """IMPORT_COMPLETED to the staff member who ran it: stored, committed, then published."""
    report = state.report
    async with unit_of_work():
        await notify(
            state.viewer.firm_id,
            [state.actor.id],
            NotificationKind.IMPORT_COMPLETED,
            f"Import finished: {report.rows_total - report.rows_failed} of "
            f"{report.rows_total} rows imported",
            body=report.summary(),
        )
        await webhooks.report_completed(
            state.viewer.firm_id, WebhookEventType.IMPORT_COMPLETED, report
        )
