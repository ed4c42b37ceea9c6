"""The newest of several rows: the compile job running, the template version in use, the
number the next package or template version takes."""

from __future__ import annotations

from typing import Any

from piccolo.columns import Column
from piccolo.custom_types import Combinable


async def latest(order: Column, where: Combinable, *columns: Column) -> dict[str, Any] | None:
    """The row `where` selects with the highest `order` (only `columns`, if named), or None."""
    table = order._meta.table
    rows = await table.select(*columns).where(where).order_by(order, ascending=False).limit(1)
    return rows[0] if rows else None


async def next_version(version: Column, where: Combinable) -> int:
    """One more than the highest `version` among the rows `where` selects; 1 for the first."""
    row = await latest(version, where, version)
    return (row[version._meta.name] if row else 0) + 1
