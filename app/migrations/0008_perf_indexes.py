"""Indexes for the statements of a page of accounts (measured with EXPLAIN ANALYZE on the
bench's 10,000 accounts).

- `totalCount` (`COUNT(*) FROM account WHERE firm_id = ? AND archived_at IS NULL`): a partial
  index holding only the firm id of live accounts, 1/30 of the table's pages, read by an
  index-only scan instead of the whole table.
- PostgreSQL only: the account emails of a page join `contact_email`, its contact links join
  `contact`, one row each by id. With the default cost settings PostgreSQL estimated a scan of
  the whole joined table (every firm's rows) cheaper than ~150 lookups by primary key. Covering
  indexes (the id, then every other column) make each lookup an index-only scan, and the plan
  a nested loop. They must hold every column of their table: tests/db/test_perf_indexes.py checks.
  SQLite looks rows up by id anyway.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

LIVE_ACCOUNTS = "account_live_by_firm"
COVERING = {
    "contact_by_id_covering": (
        "contact",
        "first_name, middle_name, last_name, street, city, state, postal_code, country, "
        "created_at, firm_id",
    ),
    "contact_email_by_id_covering": ("contact_email", "contact_id, address, created_at, firm_id"),
}


async def create_indexes(apps, schema_editor) -> None:
    client = schema_editor.client
    await client.execute_script(
        f"CREATE INDEX {LIVE_ACCOUNTS} ON account (firm_id) WHERE archived_at IS NULL"
    )
    if client.capabilities.dialect == "postgres":
        for name, (table, columns) in COVERING.items():
            await client.execute_script(f"CREATE INDEX {name} ON {table} (id) INCLUDE ({columns})")


async def drop_indexes(apps, schema_editor) -> None:
    for name in [LIVE_ACCOUNTS, *COVERING]:
        await schema_editor.client.execute_script(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [('models', '0007_cost_budgets')]

    initial = False

    operations = [ops.RunPython(create_indexes, drop_indexes)]
