"""Bulk inserts that give each new row its id: two statements per table, whatever the count."""

from __future__ import annotations

from collections.abc import Sequence

from tortoise import connections
from tortoise.models import Model


async def insert_with_ids(objects: Sequence[Model]) -> None:
    """INSERT every object in one batch and set its `id`; call inside a transaction.

    PostgreSQL: the ids are drawn from the table's sequence first. SQLite: the ids are read
    back after the insert, newest first; the open transaction holds the database's write lock
    (and Tortoise's connection lock), so the newest rows are these.
    """
    if not objects:
        return
    model = type(objects[0])
    table = model._meta.db_table
    conn = connections.get("default")
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id "
            "FROM generate_series(1, $1)",
            [len(objects)],
        )
        for obj, row in zip(objects, rows, strict=True):
            obj.id = row["id"]
            obj._custom_generated_pk = True  # insert the id we set, not a generated one
        await model.bulk_create(objects)
        return
    await model.bulk_create(objects)
    rows = await conn.execute_query_dict(
        f'SELECT id FROM "{table}" ORDER BY id DESC LIMIT ?', [len(objects)]
    )
    for obj, row in zip(objects, reversed(rows), strict=True):
        obj.id = row["id"]
