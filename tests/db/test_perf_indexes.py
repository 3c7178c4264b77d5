"""The indexes a page of accounts relies on (app/migrations/0008_perf_indexes.py).

PostgreSQL's covering indexes make a page's joins index-only lookups only while they hold
every column of their table: a column added without adding it to the index would bring back
the scan of the whole table, silently. This test names the column.
"""

from __future__ import annotations

from tortoise import connections

COVERING = {"contact_by_id_covering": "contact", "contact_email_by_id_covering": "contact_email"}


async def _postgres_index_columns(name: str) -> set[str]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
        "WHERE c.relname = $1",
        [name],
    )
    return {r["attname"] for r in rows}


async def _postgres_table_columns(table: str) -> set[str]:
    rows = await connections.get("default").execute_query_dict(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = $1",
        [table],
    )
    return {r["column_name"] for r in rows}


async def _index_names(database_url: str) -> set[str]:
    conn = connections.get("default")
    if database_url.startswith("postgres"):
        rows = await conn.execute_query_dict("SELECT indexname AS name FROM pg_indexes")
    else:
        rows = await conn.execute_query_dict("SELECT name FROM sqlite_master WHERE type='index'")
    return {r["name"] for r in rows}


async def test_live_accounts_are_counted_from_their_own_index(database_url: str):
    assert "account_live_by_firm" in await _index_names(database_url)


async def test_covering_indexes_hold_every_column_of_their_table(database_url: str):
    names = await _index_names(database_url)
    if not database_url.startswith("postgres"):
        assert not names & set(COVERING)  # SQLite looks rows up by id anyway
        return
    for index, table in COVERING.items():
        missing = await _postgres_table_columns(table) - await _postgres_index_columns(index)
        assert not missing, f"add {sorted(missing)} to {index} (a new migration)"
