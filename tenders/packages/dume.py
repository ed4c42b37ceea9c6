"""Each member's DUME (ESPD Response) from the facts of the bid: pure.

``member_dumes`` gives, for every co-contractor and every sous-traitant whose capacities the
group relies on (in Cordée every sous-traitant of the package is one: DC2 H names it), the
``ResponseData`` its responses are built from: the procedure, the operator (its size after the
EU definition of SMEs, from its headcount and last turnover), its role in the group, its
answers to the exclusion grounds (« no » unless its file declares otherwise: a structure in
redressement judiciaire says so), its selection data (turnover of each closed fiscal year,
the amount its RC Pro paper guarantees, references, headcount, certificates and labels) and
its reserved-market status where the tender is reserved to EA, ESAT or SIAE. With the buyer's
ESPD Request, the responses answer exactly its criteria.

What a response needs and the member's file lacks is a gap (a blocking pre-flight point, in
French, naming the member); a criterion the buyer asks that Cordée holds no data for is a
warning (to complete in the DUME before filing it). A member with a gap has no DUME in the
package until it is filled.

Lots: ESPD-EDM names lots « LOT-0001 »…; Cordée's lot « 2 » is « LOT-0002 », a tender without
lots (or with one) is « LOT-0000 ».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from tenders.espd import criteria
from tenders.espd.french import title as criterion_title
from tenders.espd.model import (
    Address,
    Certificate,
    Contact,
    Declaration,
    Entity,
    EspdRequest,
    Headcount,
    Insurance,
    Nature,
    Operator,
    Procedure,
    Reference,
    Reserved,
    ResponseData,
    Role,
    Selection,
    Size,
    Turnover,
)
from tenders.members.fiscal import closed_years
from tenders.members.vocabulary import DISABILITY_KINDS, SIAE_KINDS
from tenders.packages.build import BidFacts, Gap, MemberFacts, OrgFacts, PackageModel

NO_LOTS = "LOT-0000"
NATURES = {"works": Nature.WORKS, "supplies": Nature.SUPPLIES, "services": Nature.SERVICES}
# Cordée's procedures → the EU « procurement-procedure-type » codes.
PROCEDURE_CODES = {
    "ouvert": "open",
    "restreint": "restricted",
    "negociee": "neg-w-call",
    "dialogue": "comp-dial",
    "mapa": "oth-single",
    "autre": "oth-single",
}
ROLES = {"mandataire": Role.LEAD, "co_traitant": Role.MEMBER, "sous_traitant": Role.RELIED_UPON}
RESERVED_TENDERS = frozenset({"disability", "insertion", "both"})
RESERVED_CATEGORIES = {
    "ea": "Entreprise adaptée (travailleurs handicapés)",
    "esat": "Établissement et service d'aide par le travail (travailleurs handicapés)",
}
SIAE_CATEGORY = "Structure d'insertion par l'activité économique (personnes défavorisées)"
RECEIVERSHIP = (
    "La structure est en redressement judiciaire ; la copie du jugement est jointe au dossier "
    "et elle est habilitée à poursuivre son activité pendant la durée du marché."
)
ENVIRONMENTAL_WORDS = ("14001", "emas", "environnement", "écolabel", "ecolabel", "écojardin")
INSURANCE = criteria.INSURANCE
# The insurer named when neither the RC Pro paper nor the structure's file says who insures.
UNNAMED_INSURER = "Assureur non précisé"
_MICRO, _SMALL, _MEDIUM = Decimal(2_000_000), Decimal(10_000_000), Decimal(50_000_000)


@dataclass(frozen=True, slots=True)
class Insured:
    """What a structure's current RC Pro paper says: who insures (may be empty) and the amount
    guaranteed per claim."""

    insurer: str
    amount: Decimal


NOBODY_INSURED: Mapping[int, Insured] = MappingProxyType({})


@dataclass(slots=True)
class MemberDume:
    """One member's DUME: its data (None while a gap stands), its lots (Cordée key → ESPD
    lot identifier), what it lacks and what to look at."""

    organisation_id: int
    name: str
    data: ResponseData | None
    lots: dict[str, str]
    gaps: list[Gap] = field(default_factory=list)
    warnings: list[Gap] = field(default_factory=list)


def espd_lot(key: str, keys: list[str]) -> str:
    """« LOT-0002 » for Cordée's lot « 2 » (its rank when the key is not a number);
    « LOT-0000 » when the tender has no lots to choose from."""
    if len(keys) <= 1:
        return NO_LOTS
    number = int(key) if key.isdigit() else keys.index(key) + 1
    return f"LOT-{number:04d}"


def size_of(headcount: int, turnover: Decimal) -> Size:
    """The EU definition of SMEs (recommendation 2003/361), by headcount and annual turnover."""
    if headcount < 10 and turnover <= _MICRO:
        return Size.MICRO
    if headcount < 50 and turnover <= _SMALL:
        return Size.SMALL
    if headcount < 250 and turnover <= _MEDIUM:
        return Size.MEDIUM
    return Size.LARGE


def procedure(facts: BidFacts, request: EspdRequest | None) -> Procedure:
    tender = facts.tender
    keys = [lot.key for lot in tender.lots]
    lots = request.lots if request else tuple(dict.fromkeys(espd_lot(k, keys) for k in keys))
    return Procedure(
        buyer_name=tender.buyer_name.strip(),
        buyer_country="FRA",
        # The buyer's own reference and title when its request gives them.
        reference=(request.reference if request else "")
        or tender.reference.strip()
        or f"CORDEE-{tender.id}",
        title=(request.title if request else "") or tender.title,
        nature=NATURES.get(tender.kind, Nature.SERVICES),
        procedure_code=PROCEDURE_CODES.get(tender.procedure, "oth-single"),
        lots=lots or (NO_LOTS,),
    )


def _turnovers(org: OrgFacts, at: date) -> tuple[Turnover, ...]:
    return tuple(
        Turnover(fy.start, fy.end, org.turnover[fy.year])
        for fy in closed_years(org.fiscal_year_end, at, set(org.turnover))
        if fy.year in org.turnover
    )


def _headcount(org: OrgFacts) -> int | None:
    if org.headcount_permanent is None:
        return None
    return org.headcount_permanent + (org.headcount_insertion or 0)


def _insurance(insured: Insured | None, file_insurer: str = "") -> Insurance | None:
    """The RC Pro paper's amount, with the insurer it names, else the one of the structure's
    file (DC2's rubric F2 asks it there)."""
    if insured is None:
        return None
    name = insured.insurer.strip() or file_insurer.strip() or UNNAMED_INSURER
    return Insurance(name, insured.amount)


def _selection(org: OrgFacts, at: date, insured: Insured | None) -> Selection:
    turnovers = _turnovers(org, at)
    count = _headcount(org)
    year = turnovers[-1].end.year if turnovers else at.year - 1
    names = [name for name, _ in org.credentials] + list(org.labels)
    return Selection(
        turnovers=turnovers,
        insurance=_insurance(insured, org.insurer),
        references=tuple(
            Reference(r.title, r.client, r.amount, date(r.year, 1, 1), date(r.year, 12, 31))
            for r in org.references
            if r.amount is not None
        ),
        headcounts=(Headcount(year, count),) if count is not None else (),
        certificates=tuple(
            Certificate(name, environmental=any(w in name.lower() for w in ENVIRONMENTAL_WORDS))
            for name in dict.fromkeys(names)
        ),
    )


def _reserved(org: OrgFacts, tender_reserved: str) -> Reserved | None:
    if tender_reserved not in RESERVED_TENDERS:
        return None
    if org.kind in DISABILITY_KINDS:
        category = RESERVED_CATEGORIES[org.kind]
    elif org.kind in SIAE_KINDS:
        category = SIAE_CATEGORY
    else:
        return None
    count = _headcount(org)
    if not count or org.headcount_insertion is None:
        return None
    share = Decimal(org.headcount_insertion) / Decimal(count)
    return Reserved(share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), category)


def _gap(member: MemberFacts, text: str, link: str = "") -> Gap:
    org = member.org
    return Gap(org.name, text, link or f"/structures/{org.id}/modifier", org.id)


def _withheld(org: OrgFacts) -> bool:
    """What a response cannot do without and the package's own gaps already ask for (SIRET,
    address, contact, the fiscal year's end): its DUME simply waits."""
    complete = org.address and org.postal_code and org.town
    siret = len(org.siret) == 14 and org.siret.isdigit()
    contact = org.contact_name or org.representative_name
    return not (siret and complete and contact and org.fiscal_year_end)


def _file_gaps(member: MemberFacts, facts: BidFacts) -> list[Gap]:
    """What the member's DUME needs and its file lacks: its last turnover and headcount (its
    size and selection data), its share of disabled or disadvantaged workers on a reserved
    tender."""
    org = member.org
    found = []
    if _headcount(org) is None:
        found.append(_gap(member, "effectif manquant pour le DUME (taille de l'entreprise)."))
    years = closed_years(org.fiscal_year_end, facts.deadline_day, set(org.turnover))
    if not years and member.role == "sous_traitant":
        # A co-contractor's DC2 asks for the date already (DC2, F1): its DUME waits.
        found.append(
            _gap(
                member,
                "date de clôture de l'exercice manquante pour le DUME (chiffre d'affaires du "
                "dernier exercice clos).",
            )
        )
    elif years and years[-1].year not in org.turnover:
        found.append(
            _gap(
                member,
                f"chiffre d'affaires de l'exercice {years[-1].label} manquant pour le DUME "
                "(dernier exercice clos).",
            )
        )
    reserved = facts.tender.reserved in RESERVED_TENDERS
    if reserved and org.kind in DISABILITY_KINDS | SIAE_KINDS and org.headcount_insertion is None:
        found.append(
            _gap(
                member,
                "nombre de salariés handicapés ou en insertion manquant pour le DUME (marché "
                "réservé : part de travailleurs handicapés ou défavorisés).",
            )
        )
    return found


def _request_warnings(member: MemberFacts, data: ResponseData, request: EspdRequest) -> list[Gap]:
    """What the buyer's criteria ask that the response leaves empty: the references of the
    contract's nature when the file has none, the insurance when the RC Pro paper gives no
    amount, and the criteria Cordée does not fill (one warning listing them)."""
    warnings: list[Gap] = []
    codes = dict.fromkeys(criteria.BY_UUID[c.uuid].code for c in request.criteria)
    references = criteria.REFERENCES_BY_NATURE[data.procedure.nature]
    if references in codes and not data.selection.references:
        warnings.append(
            _gap(
                member,
                f"le DUME de l'acheteur demande « {criterion_title(references)} » : la fiche "
                "de la structure n'a aucune référence chiffrée, ajoutez-en.",
            )
        )
    if INSURANCE in codes and data.selection.insurance is None:
        warnings.append(
            _gap(
                member,
                f"le DUME de l'acheteur demande « {criterion_title(INSURANCE)} » : indiquez le "
                "montant garanti sur l'attestation d'assurance responsabilité civile de la "
                "structure (ou complétez-le dans son DUME).",
                f"/structures/{member.org.id}/attestations",
            )
        )
    unfilled = [f"« {criterion_title(code)} »" for code in codes if code not in criteria.FILLED]
    if unfilled:
        plural = "s" if len(unfilled) > 1 else ""
        warnings.append(
            _gap(
                member,
                f"le DUME de l'acheteur demande {len(unfilled)} critère{plural} dont Cordée ne "
                f"tient pas les données ({'; '.join(unfilled)}) : complétez-les dans son DUME "
                "avant de le déposer.",
            )
        )
    return warnings


def _lots(member: MemberFacts, keys: list[str], lots: tuple[str, ...]) -> dict[str, str]:
    """The member's lots; all « LOT-0000 » when the buyer's request names no lots."""
    if lots == (NO_LOTS,):
        return {k: NO_LOTS for k in keys if k in member.lots}
    return {k: espd_lot(k, keys) for k in keys if k in member.lots}


def _data(
    member: MemberFacts,
    facts: BidFacts,
    context: _Group,
    issued_at: datetime,
) -> ResponseData:
    org = member.org
    selection = _selection(org, facts.deadline_day, context.insured.get(org.id))
    role = ROLES.get(member.role, Role.MEMBER)
    in_group = role in (Role.LEAD, Role.MEMBER) and len(context.co_contractors) > 1
    if role in (Role.LEAD, Role.MEMBER) and not in_group:
        role = Role.SOLE
    last = selection.turnovers[-1].amount if selection.turnovers else Decimal(0)
    return ResponseData(
        procedure=context.procedure,
        operator=Operator(
            name=org.name,
            siret=org.siret,
            address=Address(street=org.address, postcode=org.postal_code, city=org.town),
            contact=Contact(
                name=org.contact_name or org.representative_name,
                email=org.email,
                phone=org.phone,
            ),
            size=size_of(_headcount(org) or 0, last),
        ),
        role=role,
        issued_at=issued_at,
        lots=tuple(dict.fromkeys(context.lots_of[org.id].values())) or (NO_LOTS,),
        group_name=context.group_name if in_group else "",
        partners=tuple(n for n in context.co_contractors if n != org.name) if in_group else (),
        relied_upon=context.relied.get(org.id, ()),
        exclusions={"insolvency": Declaration(RECEIVERSHIP)} if org.in_receivership else {},
        selection=selection,
        reserved=_reserved(org, facts.tender.reserved),
        request=context.request,
    )


@dataclass(slots=True)
class _Group:
    procedure: Procedure
    request: EspdRequest | None
    group_name: str
    co_contractors: list[str]
    relied: dict[int, tuple[Entity, ...]]
    lots_of: dict[int, dict[str, str]]
    insured: Mapping[int, Insured]


def _group(
    facts: BidFacts,
    request: EspdRequest | None,
    group_name: str,
    contractors: dict[int, int],
    insured: Mapping[int, Insured],
) -> _Group:
    keys = [lot.key for lot in facts.tender.lots]
    proc = procedure(facts, request)
    relied: dict[int, list[Entity]] = {}
    for member in facts.members:
        if member.role == "sous_traitant" and member.org.id in contractors:
            entity = Entity(member.org.name, member.org.siret)
            relied.setdefault(contractors[member.org.id], []).append(entity)
    return _Group(
        procedure=proc,
        request=request,
        group_name=group_name,
        co_contractors=[m.org.name for m in facts.members if m.role != "sous_traitant"],
        relied={k: tuple(v) for k, v in relied.items()},
        lots_of={m.org.id: _lots(m, keys, proc.lots) for m in facts.members},
        insured=insured,
    )


def member_dumes(
    facts: BidFacts,
    group_name: str,
    contractors: dict[int, int],
    request: EspdRequest | None,
    issued_at: datetime,
    insured: Mapping[int, Insured] = NOBODY_INSURED,
) -> list[MemberDume]:
    """Every member's DUME, in the order of ``facts.members``. ``group_name`` and
    ``contractors`` (a sous-traitant → the member relying on it) are the package model's;
    ``insured`` what each structure's RC Pro paper says, by structure id (the insurance
    criterion is answered for those whose paper gives the amount)."""
    context = _group(facts, request, group_name, contractors, insured)
    found = []
    for member in facts.members:
        data = _data(member, facts, context, issued_at)
        gaps = _file_gaps(member, facts)
        warnings = _request_warnings(member, data, request) if request else []
        lots = context.lots_of[member.org.id]
        unknown = [k for k, lot in lots.items() if lot not in context.procedure.lots]
        if unknown:
            gaps.append(
                _gap(
                    member,
                    f"lot {', '.join(unknown)} absent du DUME de l'acheteur (lots "
                    f"{', '.join(context.procedure.lots)}) : vérifiez le fichier déposé.",
                    f"/consultations/{facts.tender.id}",
                )
            )
        if not lots:
            gaps.append(_gap(member, "aucun lot : son DUME ne peut nommer de lot."))
        found.append(
            MemberDume(
                organisation_id=member.org.id,
                name=member.org.name,
                data=None if gaps or _withheld(member.org) else data,
                lots=lots,
                gaps=gaps,
                warnings=warnings,
            )
        )
    return found


def add_dumes(
    model: PackageModel,
    facts: BidFacts,
    request: EspdRequest | None,
    issued_at: datetime,
    insured: Mapping[int, Insured] = NOBODY_INSURED,
) -> list[MemberDume]:
    """Every member's DUME for the package ``model`` built from ``facts``; what they lack
    joins the model's gaps (blocking) and warnings, as the other documents' do."""
    dumes = member_dumes(
        facts, model.base["consortium"].name, model.contractors, request, issued_at, insured
    )
    for dume in dumes:
        model.gaps.extend(dume.gaps)
        model.warnings.extend(dume.warnings)
    return dumes
