"""The unit of work: effects run only after the commit, once, in order; a rollback (or an
inner unit's rollback) drops them with the writes."""

from __future__ import annotations

import logging

import pytest

from app.db.unit_of_work import after_commit, batch, unit_of_work
from app.firms.models import Firm


async def firm_names() -> list[str]:
    return [f.name for f in await Firm.all().order_by("id")]


async def test_effects_run_after_the_commit_in_order_and_batches_flush_once() -> None:
    ran: list[object] = []
    async with unit_of_work():
        await Firm.create(name="One", slug="one")
        after_commit(lambda: ran.append("first"))
        batch("names", lambda items: ran.append(list(items)), ["a"])

        async def second() -> None:
            ran.append(("second", await firm_names()))

        after_commit(second)
        batch("names", lambda items: ran.append("a second flush"), ["b", "c"])
        assert ran == []  # nothing before the commit
    assert ran == ["first", ["a", "b", "c"], ("second", ["One"])]


async def test_a_rollback_runs_no_effect() -> None:
    ran: list[str] = []
    with pytest.raises(ValueError):
        async with unit_of_work():
            await Firm.create(name="Gone", slug="gone")
            after_commit(lambda: ran.append("effect"))
            raise ValueError("bad input")
    assert ran == [] and await firm_names() == []


async def test_an_inner_rollback_drops_its_writes_and_effects_only() -> None:
    ran: list[object] = []
    async with unit_of_work():
        await Firm.create(name="Kept", slug="kept")
        batch("ids", ran.append, [1])
        with pytest.raises(ValueError):
            async with unit_of_work():
                await Firm.create(name="Dropped", slug="dropped")
                batch("ids", ran.append, [2])
                batch("other", ran.append, ["other"])
                after_commit(lambda: ran.append("inner"))
                raise ValueError
        after_commit(lambda: ran.append("outer"))
    assert ran == [[1], "outer"]
    assert await firm_names() == ["Kept"]


async def test_an_inner_unit_that_succeeds_runs_its_effects_after_the_outer_commit() -> None:
    ran: list[str] = []
    async with unit_of_work():
        async with unit_of_work():
            after_commit(lambda: ran.append("inner"))
        assert ran == []
    assert ran == ["inner"]


async def test_a_failing_effect_is_logged_and_the_others_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("hub down")

    with caplog.at_level(logging.ERROR, logger="crm.db"):
        async with unit_of_work():
            after_commit(broken)
            after_commit(lambda: ran.append("next"))
    assert ran == ["next"]
    assert "after-commit effect failed" in caplog.text


def test_effects_need_a_unit_of_work() -> None:
    with pytest.raises(RuntimeError, match="unit_of_work"):
        after_commit(lambda: None)
