"""What one import run remembers between chunks: small maps of names and addresses to ids.

A dry run writes nothing, so the rows of a later chunk find what earlier chunks "made" here
(with made-up negative ids) rather than in the database, and count as a real run would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from tortoise.expressions import Q

from app.access.viewer import Viewer
from app.accounts import folders, teams
from app.accounts.models import Account, AccountType
from app.accounts.names import smallest_free_number, taken_numbers
from app.firms.models import StaffMember
from app.importing.report import ImportReport
from app.settings import Settings
from app.tags.models import Tag


@dataclass(frozen=True, slots=True)
class KnownAccount:
    id: int
    name: str
    client_id: str
    type: AccountType


@dataclass
class RunState:
    viewer: Viewer
    actor: StaffMember
    settings: Settings
    dry_run: bool
    defaults: tuple[bool, bool, bool]
    send_invitations: bool
    staff_by_email: dict[str, int]
    default_team: list[int]
    folders: list
    report: ImportReport = field(default_factory=ImportReport)
    accounts: dict[str, KnownAccount] = field(default_factory=dict)  # by lower-case name
    contacts: dict[str, int] = field(default_factory=dict)  # contact id by address
    tags: dict[str, int] = field(default_factory=dict)  # tag id by lower-case name
    client_numbers: dict[str, set[int]] = field(default_factory=dict)  # taken, by prefix
    invited: set[str] = field(default_factory=set)
    # Accounts this run made: found by name through `accounts`, never as "existing" ones.
    created_accounts: set[int] = field(default_factory=set)
    _free_from: dict[str, int] = field(default_factory=dict)  # all numbers below are taken
    _fake_id: int = 0

    @classmethod
    async def start(cls, viewer: Viewer, settings: Settings, **options: object) -> RunState:
        """Load the firm's staff and tags once (a firm has few of them)."""
        assert viewer.staff is not None
        firm_id = viewer.firm_id
        # Deactivated members are unknown here: nobody adds them to a team.
        staff = await StaffMember.filter(firm_id=firm_id, deactivated_at__isnull=True).values_list(
            "email", "id"
        )
        tags = await Tag.filter(firm_id=firm_id).order_by("id").values_list("name", "id")
        state = cls(
            viewer=viewer,
            actor=viewer.staff,
            settings=settings,
            staff_by_email={email.lower(): pk for email, pk in staff},
            default_team=await teams.default_team(firm_id, viewer.staff.id),
            folders=await folders.tree_for_new_account(firm_id, None),
            **options,  # type: ignore[arg-type]
        )
        for name, pk in tags:
            state.tags.setdefault(name.lower(), pk)
        return state

    def fake_id(self) -> int:
        """A stand-in id for what a dry run would have made."""
        self._fake_id -= 1
        return self._fake_id

    def missing_prefixes(self, prefixes: set[str]) -> list[str]:
        return sorted(p for p in prefixes if p not in self.client_numbers)

    def learn_client_ids(self, prefixes: list[str], client_ids: list[str]) -> None:
        for prefix in prefixes:
            self.client_numbers[prefix] = taken_numbers(prefix, client_ids)
            self._free_from[prefix] = 1

    def forget_client_ids(self) -> None:
        """Read them again (someone else may have taken some)."""
        self.client_numbers.clear()
        self._free_from.clear()

    def next_client_number(self, prefix: str) -> int:
        """The smallest number free in the firm and not yet given out by this run.

        The search starts after the last number given (all below are taken), so 10,000
        accounts of one prefix cost 10,000 steps, not 50 million. After a failed write,
        `forget_client_ids` starts again from the database.
        """
        number = smallest_free_number(self.client_numbers[prefix], self._free_from[prefix])
        self._free_from[prefix] = number + 1
        return number


async def client_ids_with_prefixes(firm_id: int, prefixes: list[str]) -> list[str]:
    """The firm's client IDs starting with any of the prefixes, in one statement."""
    if not prefixes:
        return []
    condition = Q(*(Q(client_id__startswith=p) for p in prefixes), join_type="OR")
    ids = await Account.filter(condition, firm_id=firm_id).values_list("client_id", flat=True)
    return cast(list[str], ids)
