"""Searching the directory: by name, CPV (a code finds its descendants), territory, kind, label."""

from __future__ import annotations

from typing import Any

import msgspec

from tenders.cpv import CpvError, parse
from tenders.cpv.codes import descendant_range
from tenders.errors import Invalid
from tenders.members.identifiers import IdentifierError, clean_departement
from tenders.members.schemas import OrganisationOut
from tenders.members.service import organisation_of
from tenders.members.tables import Organisation
from tenders.members.vocabulary import KINDS, LABELS

PAGE_SIZE = 50


class DirectoryQuery(msgspec.Struct):
    q: str = ""
    cpv: str = ""
    departement: str = ""
    kind: str = ""
    label: str = ""
    page: int = 1


class DirectoryPage(msgspec.Struct):
    total: int
    page: int
    page_size: int
    organisations: list[OrganisationOut]


def _where(query: DirectoryQuery) -> tuple[list[str], list[Any]]:
    """SQL conditions with ``{}`` placeholders (Piccolo's), in the order of their values."""
    errors: dict[str, str] = {}
    clauses: list[str] = []
    args: list[Any] = []
    text = " ".join(query.q.split()).lower().replace("%", "").replace("_", "")
    if text:
        clauses.append("LOWER(o.name) LIKE {}")
        args.append(f"%{text}%")
    if query.kind:
        if query.kind not in KINDS:
            errors["kind"] = "Type de structure inconnu."
        clauses.append("o.kind = {}")
        args.append(query.kind)
    if query.label:
        if query.label not in LABELS:
            errors["label"] = "Label inconnu."
        clauses.append("CAST(o.labels AS TEXT) LIKE {}")
        args.append(f'%"{query.label}"%')
    departement = ""
    if query.departement.strip():
        try:
            departement = clean_departement(query.departement)
        except IdentifierError as exc:
            errors["departement"] = str(exc)
    if query.cpv.strip():
        try:
            code = parse(query.cpv)
        except CpvError as exc:
            errors["cpv"] = str(exc)
        else:
            low, high = descendant_range(code)
            # Descendants of the code asked for, and the broader codes that contain it.
            ancestors = [a.digits for a in code.ancestors()]
            cpv_match = "(c.code >= {} AND c.code <= {})"
            cpv_args: list[Any] = [low, high]
            if ancestors:
                cpv_match = f"({cpv_match} OR c.code IN ({', '.join('{}' for _ in ancestors)}))"
                cpv_args += ancestors
            if departement:
                clauses.append(
                    "o.id IN (SELECT c.organisation FROM capability_cpv c "
                    "JOIN capability_area a ON a.capability = c.capability "
                    f"WHERE a.departement = {{}} AND {cpv_match})"
                )
                args += [departement, *cpv_args]
            else:
                clauses.append(
                    f"o.id IN (SELECT c.organisation FROM capability_cpv c WHERE {cpv_match})"
                )
                args += cpv_args
    elif departement:
        clauses.append(
            "(o.departement = {} OR o.id IN "
            "(SELECT a.organisation FROM capability_area a WHERE a.departement = {}))"
        )
        args += [departement, departement]
    if errors:
        raise Invalid(errors)
    return clauses, args


async def search(query: DirectoryQuery) -> DirectoryPage:
    clauses, args = _where(query)
    where = " WHERE " + " AND ".join(clauses) if clauses else ""
    page = max(1, query.page)
    count_rows = await Organisation.raw(
        f"SELECT COUNT(*) AS n FROM organisation o{where}",
        *args,
    )
    rows = await Organisation.raw(
        f"SELECT o.* FROM organisation o{where} ORDER BY o.name LIMIT {{}} OFFSET {{}}",
        *args,
        PAGE_SIZE,
        (page - 1) * PAGE_SIZE,
    )
    return DirectoryPage(
        total=int(count_rows[0]["n"]),
        page=page,
        page_size=PAGE_SIZE,
        organisations=[organisation_of(row, private=False) for row in rows],
    )
