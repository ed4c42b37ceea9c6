"""French labels of CPV codes: the imported official list first, then the file shipped here.

Importing the Publications Office's list (see ``importer``) fills the ``cpv_label`` table with
every code; the labels shipped with Cordée (``shipped``) cover the rest.
"""

from __future__ import annotations

from collections.abc import Iterable

from tenders.cpv.codes import CpvCode, CpvError, parse
from tenders.cpv.shipped import shipped_labels
from tenders.cpv.tables import CpvLabel


def _as_code(code: str | CpvCode) -> CpvCode:
    return code if isinstance(code, CpvCode) else parse(code)


async def _imported(digits: list[str]) -> dict[str, str]:
    if not digits:
        return {}
    rows = await CpvLabel.select(CpvLabel.code, CpvLabel.label).where(CpvLabel.code.is_in(digits))
    return {row["code"]: row["label"] for row in rows}


async def labels(codes: Iterable[str | CpvCode]) -> dict[str, str]:
    """Labels by 8-digit code; codes without a label of their own, or invalid, are left out."""
    wanted: dict[str, None] = {}
    for code in codes:
        try:
            wanted[_as_code(code).digits] = None
        except CpvError:
            continue
    found = await _imported(list(wanted))
    shipped = shipped_labels()
    for digits in wanted:
        if digits not in found and digits in shipped:
            found[digits] = shipped[digits]
    return found


async def label(code: str | CpvCode) -> str | None:
    """The label of this very code, or None (raises CpvError for something not a code)."""
    digits = _as_code(code).digits
    return (await labels([digits])).get(digits)


async def nearest_label(code: str | CpvCode) -> tuple[CpvCode, str] | None:
    """The code's own label, else that of its nearest ancestor that has one."""
    cpv = _as_code(code)
    lineage = [cpv, *reversed(cpv.ancestors())]
    found = await labels(lineage)
    for candidate in lineage:
        if candidate.digits in found:
            return candidate, found[candidate.digits]
    return None
