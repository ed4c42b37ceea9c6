"""Who in the collective could answer each lot of a tender, and the consortium proposed: the
data from the database (the candidates, and this tender's consortia, whose leads and members
the buyer's rules keep out), the judgement from ``tenders.matching`` (pure functions)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from piccolo.columns import JSON, JSONB, Column
from piccolo.utils.encoding import JSONDict, load_json

from tenders import db, matching
from tenders.clock import utcnow
from tenders.consortia.tables import Consortium, ConsortiumMember
from tenders.cpv import parse
from tenders.formatting import date_fr, to_paris
from tenders.matching.meaning import WHOLE_COLLECTIVE, listed_above, with_meaning
from tenders.members.certificates import status_at
from tenders.members.meaning_index import organisations_near
from tenders.members.tables import (
    Capability,
    CapabilityArea,
    CapabilityCpv,
    Certificate,
    Organisation,
    PassageMeaning,
    Reference,
)
from tenders.members.vocabulary import CERTIFICATE_KINDS
from tenders.procurement.schemas import LotRanking, MatchingOut, TenderOut
from tenders.procurement.service import get_tender

ESS_STATUSES = frozenset({"de_droit", "commerciale_ess"})


SHORTLIST_PER_LOT = 60


def _lot_bound_query(
    lot: Any, departements: list[str], width: int = 2, above: int | None = None
) -> tuple[str, list[Any]]:
    """SQL ranking the organisations for one lot by an upper bound of their score.

    The bound adds, over the organisation's capabilities, the best CPV closeness (the same
    scale as ``tenders.matching``), the territory and the capacity points, each taken at its
    maximum: an organisation's real score never exceeds it. Only organisations sharing at
    least the first ``width`` digits of one of the lot's codes are considered (or one of its
    codes or their ancestors), and with ``above`` only those whose bound exceeds it."""
    codes = [parse(c) for c in lot.cpv_codes]
    exact = sorted({c.digits for c in codes} | {a.digits for c in codes for a in c.ancestors()})
    args: list[Any] = list(exact)
    exact_sql = f"c.code IN ({', '.join('{}' for _ in exact)})"

    def ranges(width: int) -> str:
        prefixes = sorted({c.digits[:width] for c in codes})
        for prefix in prefixes:
            args.extend([prefix.ljust(8, "0"), prefix.ljust(8, "9")])
        return "(" + " OR ".join("c.code BETWEEN {} AND {}" for _ in prefixes) + ")"

    cpv = (
        f"CASE WHEN {exact_sql} THEN 40 WHEN {ranges(4)} THEN 30 "
        f"WHEN {ranges(3)} THEN 20 ELSE 10 END"
    )
    if departements:
        territory = (
            "CASE WHEN "
            + " OR ".join("c.departements LIKE {}" for _ in departements)
            + " THEN 20 ELSE 0 END"
        )
        territory_args: list[Any] = [f"%,{d},%" for d in departements]
    else:
        territory, territory_args = "10", []
    args += territory_args
    value = lot.estimated_value if lot.currency == "EUR" else None
    if value is None:
        capacity = "8"
    else:
        capacity = (
            "CASE WHEN c.max_contract_value >= {} THEN 15 "
            "WHEN c.max_contract_value >= {} THEN 8 ELSE 4 END"
        )
        args += [value, value / 2]
    if width == 8:
        division_sql = exact_sql
        args += exact
    else:
        # The lot's codes' ancestors (77000000 above 77310000) score as much as the code
        # itself, yet fall outside its group's range.
        division_sql = f"({ranges(width)} OR {exact_sql})"
        args += exact
    # Built from fixed SQL fragments; every value goes through a placeholder.
    bound = f"({cpv}) + ({territory}) + ({capacity})"
    if above is None:
        sql = (
            f"SELECT c.organisation AS organisation, MAX({bound}) AS bound "
            f"FROM capability_cpv c WHERE {division_sql} GROUP BY c.organisation "
            "ORDER BY bound DESC, c.organisation LIMIT {}"
        )
    else:
        # The rows under the bar left out before grouping: grouping is the costly part.
        sql = (
            "SELECT organisation, MAX(bound) AS bound FROM ("
            f"SELECT c.organisation AS organisation, {bound} AS bound "
            f"FROM capability_cpv c WHERE {division_sql}) AS capability_bounds "
            "WHERE bound > {} GROUP BY organisation "
            "ORDER BY bound DESC, organisation LIMIT {}"
        )
        args.append(above)
    args.append(SHORTLIST_PER_LOT)
    return sql, args


async def shortlist(tender: TenderOut, lots: Sequence[matching.LotSpec] = ()) -> list[int]:
    """The organisations worth scoring: for each lot, those with the best score bound, and
    those whose words are closest to the lot's (``lots``: the tender's lots with their words
    read, ``with_meaning``).

    The same CPV class is searched first (fewest rows), the group when the class does not
    fill the shortlist, the whole division only when organisations sharing just the division
    could still enter it."""
    # Matching by meaning can list a structure sharing no code with a lot (or a lot without
    # codes): a collective up to WHOLE_COLLECTIVE structures, as most are, is scored whole.
    everyone = await Organisation.select(Organisation.id).limit(WHOLE_COLLECTIVE + 1)
    if len(everyone) <= WHOLE_COLLECTIVE:
        return sorted(int(r["id"]) for r in everyone)
    # Those a lot's words would list (``meaning.listed_above``), the closest first.
    read = [(lot.meaning.vector, listed_above(lot)) for lot in lots if lot.meaning is not None]
    near = await organisations_near(read, SHORTLIST_PER_LOT)
    chosen: set[int] = set().union(*near)
    for lot in tender.lots:
        if not lot.cpv_codes:
            continue
        places = lot.departements or tender.departements
        # The best bound a capability can add beyond its CPV closeness.
        others_best = (20 if places else 10) + (
            15 if lot.estimated_value is not None and lot.currency == "EUR" else 8
        )
        # The same class (or code) first: most of a large group shares only the group, and
        # an organisation whose bound only the group gives ranks below those that beat it.
        # Enough of them: they are the shortlist the group's query would give.
        sql, args = _lot_bound_query(lot, places, width=4, above=20 + others_best)
        rows = await CapabilityCpv.raw(sql, *args)
        if len(rows) == SHORTLIST_PER_LOT:
            chosen.update(int(r["organisation"]) for r in rows)
            continue
        sql, args = _lot_bound_query(lot, places, width=3)
        rows = await CapabilityCpv.raw(sql, *args)
        division_only_best = 10 + others_best
        if len(rows) < SHORTLIST_PER_LOT or rows[-1]["bound"] < division_only_best:
            sql, args = _lot_bound_query(lot, places, width=2)
            rows = await CapabilityCpv.raw(sql, *args)
        chosen.update(int(r["organisation"]) for r in rows)
    return sorted(chosen)


def _capabilities_of(caps: list[dict[str, Any]]) -> dict[int, list[matching.CandidateCapability]]:
    caps_of: dict[int, list[matching.CandidateCapability]] = {}
    for cap in caps:
        areas = cap["areas"]
        caps_of.setdefault(cap["organisation"], []).append(
            matching.CandidateCapability(
                cpv_codes=tuple(cap["cpv_codes"]),
                departements=tuple(areas.split(",")) if areas else (),
                people_available=cap["people_available"],
                max_contract_value=cap["max_contract_value"],
                title=cap["title"],
                vector=bytes(cap["meaning"] or b""),
            )
        )
    return caps_of


def _references_of(refs: list[dict[str, Any]]) -> dict[int, list[matching.CandidateReference]]:
    refs_of: dict[int, list[matching.CandidateReference]] = {}
    for ref in refs:
        vector = bytes(ref.pop("meaning") or b"")
        refs_of.setdefault(ref.pop("organisation"), []).append(
            matching.CandidateReference(**ref, vector=vector)
        )
    return refs_of


def _papers_of(certs: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Each organisation's current papers: kind → end of validity."""
    papers: dict[int, dict[str, Any]] = {}
    for cert in certs:
        papers.setdefault(cert["organisation"], {})[cert["kind"]] = cert["valid_until"]
    return papers


def paper_problems(held: dict[str, Any], deadline: date) -> list[str]:
    """The required papers missing, or no longer valid at the offer deadline."""
    problems = []
    for kind, rule in CERTIFICATE_KINDS.items():
        if not rule.required:
            continue
        if kind not in held:
            problems.append(f"Pièce manquante : {rule.label}")
        elif status_at(held[kind], deadline) == "expiree":
            problems.append(f"Pièce plus valable au {date_fr(deadline)} : {rule.label}")
    return problems


async def _rows(
    owner: Column,
    ids: list[int],
    *columns: Column,
    where: Any = None,
    computed: tuple[str, str] | None = None,
) -> list[Any]:
    """``columns`` of the rows whose ``owner`` is one of ``ids`` (JSON columns decoded), and
    the ``computed`` (name, SQL expression) if given: the statement Piccolo's ``select``
    writes, sent as raw SQL because ``select`` spends longer on a list of a few hundred ids
    than the database on the query."""
    if not ids:
        return []
    table = owner._meta.table._meta.tablename

    def named(column: Column) -> str:
        return f'"{table}"."{column._meta.db_column_name}"'

    listed = ", ".join(f'{named(c)} AS "{c._meta.name}"' for c in columns)
    if computed is not None:
        listed += f', {computed[1]} AS "{computed[0]}"'
    # The ids are written as integers (int() lets nothing else through): a placeholder each
    # costs Piccolo more than the query costs the database.
    condition = f"{named(owner)} IN ({', '.join(str(int(i)) for i in ids)})"
    args: list[Any] = []
    if where is not None:
        condition = f"({condition} AND {{}})"
        args.append(where.querystring)
    rows = await owner._meta.table.raw(
        f'SELECT ALL {listed} FROM "{table}" WHERE {condition}', *args
    )
    for column in columns:
        if isinstance(column, (JSON, JSONB)):
            _decode_json(rows, column._meta.name)
    return list(rows)


def _decode_json(rows: list[dict[str, Any]], name: str) -> None:
    """The JSON texts of column ``name`` decoded in place, all in one parse (as Piccolo's
    ``load_json`` decodes each: an object becomes a ``JSONDict``)."""
    texts = [row[name] for row in rows if row[name] is not None]
    if not texts:
        return
    values = iter(load_json("[" + ",".join(texts) + "]"))
    for row in rows:
        if row[name] is not None:
            value = next(values)
            row[name] = JSONDict(**value) if isinstance(value, dict) else value


def _areas_sql() -> str:
    """Each capability's départements (``CapabilityArea``) as one text, « 59,62 »: a row per
    capability rather than one per département. Their order does not matter: matching reads
    them as a set."""
    joined = "string_agg" if db.is_postgres() else "group_concat"
    area = CapabilityArea._meta.tablename
    return (
        f'(SELECT {joined}(a."departement", \',\') FROM "{area}" a '
        f'WHERE a."capability" = "{Capability._meta.tablename}"."id")'
    )


async def _candidate_rows(ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    """The shortlisted organisations and their capabilities (with their areas), references,
    current papers and fresh passages, a query each."""
    return {
        "orgs": await _rows(
            Organisation.id,
            ids,
            Organisation.id,
            Organisation.name,
            Organisation.kind,
            Organisation.departement,
            Organisation.ess_status,
            Organisation.labels,
        ),
        "caps": await _rows(
            Capability.organisation,
            ids,
            Capability.organisation,
            Capability.cpv_codes,
            Capability.people_available,
            Capability.max_contract_value,
            Capability.title,
            Capability.meaning,
            computed=("areas", _areas_sql()),
        ),
        "refs": await _rows(
            Reference.organisation,
            ids,
            Reference.organisation,
            Reference.cpv_code,
            Reference.amount,
            Reference.year,
            Reference.title,
            Reference.meaning,
        ),
        "certs": await _rows(
            Certificate.organisation,
            ids,
            Certificate.organisation,
            Certificate.kind,
            Certificate.valid_until,
            where=Certificate.replaced_at.is_null(),
        ),
        # The library passages still « à jour »: what the structure says of its work.
        "passages": await _rows(
            PassageMeaning.organisation,
            ids,
            PassageMeaning.organisation,
            PassageMeaning.title,
            PassageMeaning.meaning,
            where=PassageMeaning.fresh_until >= to_paris(utcnow()).date(),
        ),
    }


async def candidate_files(
    ids: list[int],
) -> tuple[list[matching.Candidate], dict[int, dict[str, Any]]]:
    """The organisations ``ids`` as candidates, their papers not weighed yet (that depends on a
    deadline: ``paper_problems``), and the papers each holds."""
    found = await _candidate_rows(ids)
    papers = _papers_of(found["certs"])
    return _candidates(found, lambda _: ()), papers


def _candidates(
    found: dict[str, list[dict[str, Any]]],
    problems_of: Callable[[int], tuple[str, ...]],
) -> list[matching.Candidate]:
    caps_of = _capabilities_of(found["caps"])
    refs_of = _references_of(found["refs"])
    passages_of: dict[int, list[matching.CandidatePassage]] = {}
    for row in found["passages"]:
        passage = matching.CandidatePassage(row["title"], bytes(row["meaning"] or b""))
        passages_of.setdefault(row["organisation"], []).append(passage)
    return [
        matching.Candidate(
            organisation_id=org["id"],
            name=org["name"],
            kind=org["kind"] or "",
            departement=org["departement"] or "",
            ess=org["ess_status"] in ESS_STATUSES or "agrement_esus" in (org["labels"] or []),
            capabilities=tuple(caps_of.get(org["id"], ())),
            references=tuple(refs_of.get(org["id"], ())),
            passages=tuple(passages_of.get(org["id"], ())),
            certificate_problems=problems_of(org["id"]),
        )
        for org in found["orgs"]
    ]


async def load_candidates(
    tender: TenderOut, lots: Sequence[matching.LotSpec] = ()
) -> list[matching.Candidate]:
    """The candidates worth scoring on ``tender`` (``shortlist``), papers weighed at its
    deadline."""
    ids = await shortlist(tender, lots)
    if not ids:
        return []
    deadline: date = (
        to_paris(tender.offers_deadline).date() if tender.offers_deadline else (utcnow().date())
    )
    found = await _candidate_rows(ids)
    papers = _papers_of(found["certs"])
    # Most organisations hold the same papers (often none): each set is judged once.
    judged: dict[frozenset[tuple[str, Any]], tuple[str, ...]] = {}

    def problems_of(organisation_id: int) -> tuple[str, ...]:
        held = papers.get(organisation_id, {})
        key = frozenset(held.items())
        problems = judged.get(key)
        if problems is None:
            problems = judged[key] = tuple(paper_problems(held, deadline))
        return problems

    return _candidates(found, problems_of)


async def _consortium_constraints(tender: TenderOut) -> tuple[frozenset[int], frozenset[int]]:
    """Leads of this tender's consortia (R2142-23) and, under the buyer's one-consortium
    rule, every organisation already in one."""
    consortia = await Consortium.select(Consortium.id, Consortium.lead).where(
        Consortium.tender == tender.id
    )
    leads = frozenset(c["lead"] for c in consortia if c["lead"] is not None)
    unavailable: frozenset[int] = frozenset()
    if tender.one_consortium_only and consortia:
        members = await ConsortiumMember.select(ConsortiumMember.organisation).where(
            ConsortiumMember.consortium.is_in([c["id"] for c in consortia])
        )
        unavailable = frozenset(m["organisation"] for m in members)
    return leads, unavailable


def tender_spec(
    tender: TenderOut, leads: frozenset[int], unavailable: frozenset[int]
) -> matching.TenderSpec:
    return matching.TenderSpec(
        lots=tuple(
            matching.LotSpec(
                key=lot.key,
                title=lot.title,
                cpv_codes=tuple(lot.cpv_codes),
                departements=tuple(lot.departements or tender.departements),
                estimated_value=lot.estimated_value,
                currency=lot.currency,
                reserved=lot.reserved if lot.reserved != "none" else tender.reserved,
                description=lot.description,
            )
            for lot in tender.lots
        ),
        forbid_alone_and_consortium=tender.forbid_alone_and_consortium,
        one_consortium_only=tender.one_consortium_only,
        excluded_leads=leads,
        unavailable=unavailable,
    )


async def match_tender(
    tender_id: int,
) -> tuple[TenderOut, dict[str, list[matching.LotMatch]], matching.Proposal, int]:
    tender = await get_tender(tender_id)
    leads, unavailable = await _consortium_constraints(tender)
    spec = tender_spec(tender, leads, unavailable)
    spec = replace(spec, lots=tuple(await with_meaning(spec.lots)))
    candidates = await load_candidates(tender, spec.lots)
    ranked = matching.rank_lots(spec.lots, candidates)
    rankings = {lot.key: ranking for lot, ranking in zip(spec.lots, ranked, strict=True)}
    return tender, rankings, matching.propose(spec, rankings), len(candidates)


async def tender_matching(tender_id: int) -> tuple[TenderOut, MatchingOut]:
    """The tender, and its ranking lot by lot with the consortium proposed."""
    tender, rankings, proposal, count = await match_tender(tender_id)
    lots = [
        LotRanking(key=lot.key, title=lot.title, matches=rankings.get(lot.key, []))
        for lot in tender.lots
    ]
    return tender, MatchingOut(tender_id=tender_id, candidates=count, lots=lots, proposal=proposal)
