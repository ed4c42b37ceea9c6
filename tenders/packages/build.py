"""From the facts of a bid to the contract of each document: pure, shared by the real context
(read from the database) and the demo context, so the two cannot drift.

``build_package`` also lists the *gaps*: every value an official rubric would print empty (a
SIRET, an address, the representative, the services, a fiscal year's turnover…). Each gap is a
blocking pre-flight point that names the member and the field, with a link to fix it; the
document itself never shows an empty label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tenders.documents.markup import SectionText
from tenders.formatting import amount_fr, date_fr, datetime_fr, number_fr
from tenders.members.fiscal import closed_years
from tenders.members.vocabulary import KINDS, SIAE_KINDS
from tenders.packages import contract as c
from tenders.packages.french import of, the
from tenders.procurement.vocabulary import PROCEDURES

ROLES = {"mandataire": "Mandataire", "co_traitant": "Co-traitant", "sous_traitant": "Sous-traitant"}
ROLE_ORDER = {"mandataire": 0, "co_traitant": 1, "sous_traitant": 2}
FORMS = {
    "conjoint": "Groupement conjoint",
    "solidaire": "Groupement solidaire",
    "conjoint_solidaire": "Groupement conjoint, mandataire solidaire",
}
RESERVED = {
    "none": "Non réservé",
    "disability": "Marché réservé aux entreprises adaptées et aux ESAT (article L. 2113-12)",
    "insertion": "Marché réservé aux structures d'insertion par l'activité économique "
    "(article L. 2113-13)",
    "both": "Marché réservé aux EA, ESAT et SIAE (articles L. 2113-12 et L. 2113-13)",
    "ess": "Marché réservé aux entreprises de l'économie sociale et solidaire (article L. 2113-15)",
}
DRAFT_MARK = "BROUILLON — ne pas déposer"
# What the demo loader used to write for every member: a placeholder pointing to itself.
PLACEHOLDER_SERVICES = frozenset({"prestations de l'annexe de répartition"})
# Associations, cooperatives and mutual societies are of the social economy by law (ESS 2014).
ESS_BY_LAW_KINDS = frozenset({"association", "scop", "scic", "mutuelle", "esus"})
ESS_STATUSES = frozenset({"de_droit", "commerciale_ess"})
VAT = Decimal("1.20")
# DC4 G: the VAT on the subcontracted amounts, by the subcontractor's regime.
VAT_TEXTS = {
    "assujettie": "TVA au taux de 20 %",
    "exoneree": "TVA non applicable : exonération, article 261 du code général des impôts",
    "franchise": "TVA non applicable, article 293 B du code général des impôts",
}
DIRECT_PAYMENT_FROM_TTC = Decimal(600)  # R. 2193-10: direct payment above 600 € TTC

# DC2 rubric C2 (reserved contracts), rows of the form as updated on 21 November 2023.
_SIAE_ROW = (
    "Structure d'insertion par l'activité économique (article L. 5132-4 du code du travail) "
    "ou structure équivalente"
)
_EA_ROW = "Entreprise adaptée (article L. 5213-13 du code du travail) ou structure équivalente"
_ESAT_ROW = (
    "Établissement et service d'aide par le travail (articles L. 344-2 et suivants du code "
    "de l'action sociale et des familles) ou structure équivalente"
)
_ESS_ROW = (
    "Entreprise de l'économie sociale et solidaire (article 1er de la loi n° 2014-856 du "
    "31 juillet 2014) ou structure équivalente"
)
_PRISON_ROW = (
    "Opérateur économique prévoyant d'exécuter le marché dans le cadre d'activités de "
    "production de biens et de services réalisés en établissement pénitentiaire"
)
_HANDICAP_MARKET = (
    "Marché réservé aux structures de l'insertion par l'activité économique et/ou aux "
    "structures du handicap (articles L. 2113-12, L. 2113-13 et L. 2113-14 du code de la "
    "commande publique)"
)
_ESS_MARKET = (
    "Marché réservé aux entreprises de l'économie sociale et solidaire (article L. 2113-15 "
    "du code de la commande publique)"
)
_PRISON_MARKET = (
    "Marché réservé pénitentiaire (article L. 2113-13-1 du code de la commande publique)"
)


# ---------------------------------------------------------------- facts (the inputs)


@dataclass(frozen=True, slots=True)
class ReferenceFacts:
    client: str
    title: str
    year: int
    amount: Decimal | None


@dataclass(slots=True)
class OrgFacts:
    id: int
    slug: str
    name: str
    kind: str = ""
    legal_form: str = ""
    siret: str = ""
    siren: str = ""
    naf: str = ""
    address: str = ""
    postal_code: str = ""
    town: str = ""
    email: str = ""
    phone: str = ""
    contact_name: str = ""
    representative_name: str = ""
    representative_title: str = ""
    fiscal_year_end: str = ""  # "MM-DD"
    description: str = ""
    ess_status: str = ""
    labels: list[str] = field(default_factory=list)
    headcount_permanent: int | None = None
    headcount_insertion: int | None = None
    insurer: str = ""
    insurance_policy: str = ""
    insurance_expiry: date | None = None
    in_receivership: bool = False
    vat_regime: str = ""  # "" | assujettie | exoneree | franchise (members.vocabulary)
    turnover: dict[int, Decimal] = field(default_factory=dict)
    references: list[ReferenceFacts] = field(default_factory=list)
    credentials: list[tuple[str, date | None]] = field(default_factory=list)


@dataclass(slots=True)
class MemberFacts:
    org: OrgFacts
    role: str  # mandataire | co_traitant | sous_traitant
    lots: list[str]
    services: str
    iban: str = ""
    bic: str = ""
    presentation: str = ""  # its validated « Présentation » part, when there is one
    subcontractor_of: int | None = None  # a sous-traitant: the member it works for


@dataclass(frozen=True, slots=True)
class LotFacts:
    key: str
    title: str


@dataclass(slots=True)
class TenderFacts:
    title: str
    reference: str
    buyer_name: str
    lots: list[LotFacts]
    buyer_siret: str = ""
    buyer_address: str = ""
    procedure: str = ""
    reserved: str = "none"
    deadline: datetime | None = None
    deadline_time_unknown: bool = False  # the notice gave the date only
    duration_months: int | None = None
    kind: str = ""  # services | supplies | works
    id: int = 0


@dataclass(frozen=True, slots=True)
class ShareFacts:
    lot_key: str
    organisation_id: int
    amount: Decimal | None
    percent: Decimal
    services: str = ""  # what it performs in this lot; "": the member's services


@dataclass(slots=True)
class BidFacts:
    consortium_id: int
    tender: TenderFacts
    form: str
    lead_id: int | None
    members: list[MemberFacts]
    shares: list[ShareFacts]
    sections: list[tuple[str, Any]]  # (title, body: SectionText or paragraphs)
    compiled_on: date
    deadline_day: date  # the offer deadline's day (Paris), or the compile day without one
    draft: bool = False


# ---------------------------------------------------------------- what comes out


@dataclass(frozen=True, slots=True)
class Gap:
    """A value a rubric would print empty: a blocking pre-flight point."""

    member: str
    text: str
    link: str
    organisation_id: int | None = None

    @property
    def message(self) -> str:
        return f"{self.member} — {self.text}"


@dataclass(slots=True)
class PackageModel:
    consortium_id: int
    tender_title: str
    base: dict[str, Any]  # tender, consortium, lead, date_text, draft, draft_mark
    members: list[c.MemberDoc]  # every member, mandataire first, subcontractors last
    split: list[c.SplitLot]
    grand_total_text: str
    sections: list[c.SectionDoc]
    references: list[c.MemberReference]
    subcontracts: dict[int, c.Subcontract]
    relied_upon: dict[int, list[c.OperatorDoc]]  # by the member relying on them
    contractors: dict[int, int]  # a sous-traitant → the member it works for
    duration_text: str
    single_account: bool
    gaps: list[Gap]
    warnings: list[Gap] = field(default_factory=list)  # worth a look, not blocking

    def mark_draft(self, draft: bool) -> None:
        """A package compiled with blocking points says so in every document."""
        self.base["draft"] = draft
        self.base["draft_mark"] = DRAFT_MARK if draft else ""

    @property
    def co_contractors(self) -> list[c.MemberDoc]:
        return [m for m in self.members if not m.is_subcontractor]

    @property
    def subcontractors(self) -> list[c.MemberDoc]:
        return [m for m in self.members if m.is_subcontractor]


# ---------------------------------------------------------------- helpers


def join_fr(items: list[str]) -> str:
    """« 1 », « 1 et 2 », « 1, 2 et 3 »."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def consortium_name(lead: str, others: list[str]) -> str:
    """« Poinfor – A.C.I.A.E – Capep », « Poinfor et 16 autres structures »: templates say
    « le groupement « … » » themselves."""
    if len(others) <= 2:
        return " – ".join([lead, *others])
    return f"{lead} et {len(others)} autres structures"


def _amount(value: Decimal | None) -> str:
    return amount_fr(value) if value is not None else "Non communiqué"


def _headcount(permanent: int | None, insertion: int | None) -> str:
    if permanent is None:
        return ""
    text = (
        f"{permanent} salarié{'s' if permanent > 1 else ''} permanent{'s' if permanent > 1 else ''}"
    )
    if insertion:
        text += f", {insertion} en parcours d'insertion"
    return text


def _address(org: OrgFacts) -> str:
    town = " ".join(p for p in (org.postal_code, org.town) if p)
    return ", ".join(p for p in (org.address, town) if p)


def is_ess(org: OrgFacts) -> bool:
    return org.ess_status in ESS_STATUSES or (
        org.ess_status == "" and org.kind in ESS_BY_LAW_KINDS | SIAE_KINDS | {"ea", "geiq"}
    )


def reserved_rows(org: OrgFacts, tender_reserved: str) -> list[c.ReservedRow]:
    """DC2 C2: EA and ESAT → L. 2113-12, SIAE → L. 2113-13, an ESS enterprise → L. 2113-15
    only when the contract is reserved so (the reservation covers some services only)."""

    def row(market: str, structure: str, ticked: bool) -> c.ReservedRow:
        return c.ReservedRow(market=market, structure=structure, box="☒" if ticked else "☐")

    return [
        row(_HANDICAP_MARKET, _SIAE_ROW, org.kind in SIAE_KINDS),
        row("", _EA_ROW, org.kind == "ea"),
        row("", _ESAT_ROW, org.kind == "esat"),
        row(_ESS_MARKET, _ESS_ROW, tender_reserved == "ess" and is_ess(org)),
        row(_PRISON_MARKET, _PRISON_ROW, False),
    ]


def reserved_statement(org: OrgFacts, tender_reserved: str) -> str:
    name = org.name
    if org.kind == "ea":
        return (
            f"{name} est une entreprise adaptée (article L. 5213-13 du code du travail) : elle "
            "peut se porter candidate aux marchés réservés prévus à l'article L. 2113-12 du "
            "code de la commande publique."
        )
    if org.kind == "esat":
        return (
            f"{name} est un établissement et service d'aide par le travail (articles L. 344-2 "
            "et suivants du code de l'action sociale et des familles) : il peut se porter "
            "candidat aux marchés réservés prévus à l'article L. 2113-12 du code de la "
            "commande publique."
        )
    if org.kind in SIAE_KINDS:
        return (
            f"{name} est une structure d'insertion par l'activité économique (article "
            "L. 5132-4 du code du travail) : elle peut se porter candidate aux marchés réservés "
            "prévus à l'article L. 2113-13 du code de la commande publique."
        )
    if tender_reserved == "ess" and is_ess(org):
        return (
            f"{name} est une entreprise de l'économie sociale et solidaire (article 1er de la "
            "loi n° 2014-856 du 31 juillet 2014) : elle peut se porter candidate au présent "
            "marché, réservé en application de l'article L. 2113-15 du code de la commande "
            "publique pour les services qu'il couvre."
        )
    return f"{name} ne se prévaut d'aucun cas de marché réservé."


def _percent(part: Decimal) -> str:
    return number_fr(part, 1) + "\u00a0%"


def _deadline_text(tender: TenderFacts) -> str:
    """The offer deadline as the forms print it: its date alone when the notice gave no
    hour (a document sent to the buyer shows no hour nobody stated)."""
    if tender.deadline is None:
        return ""
    return (
        date_fr(tender.deadline) if tender.deadline_time_unknown else datetime_fr(tender.deadline)
    )


def duration_text(months: int | None) -> str:
    """What follows « La durée du marché est »: « de 36 mois »."""
    if months:
        return f"de {months} mois"
    return "celle fixée par les documents de la consultation"


# ---------------------------------------------------------------- the build


@dataclass(slots=True)
class _Build:
    """What the steps of ``build_package`` share while they run."""

    facts: BidFacts
    members: list[MemberFacts]
    lead: MemberFacts | None
    lot_titles: dict[str, str]
    amounts: dict[tuple[str, int], Decimal | None]
    lot_services: dict[tuple[str, int], str]
    gaps: list[Gap] = field(default_factory=list)
    warnings: list[Gap] = field(default_factory=list)

    @property
    def base_link(self) -> str:
        return f"/groupements/{self.facts.consortium_id}"

    @property
    def tender_link(self) -> str:
        return f"/consultations/{self.facts.tender.id}/modifier"

    def gap(self, member: MemberFacts, text: str, link: str) -> None:
        self.gaps.append(Gap(member.org.name, text, link, member.org.id))

    def total(self, org_id: int, lots: list[str]) -> Decimal:
        return sum((self.amounts.get((k, org_id)) or Decimal(0) for k in lots), Decimal(0))


def _described(text: str) -> str:
    """The text, or "" when it is empty or the old placeholder pointing to itself."""
    return "" if text.lower().rstrip(".") in PLACEHOLDER_SERVICES else text


def _start(facts: BidFacts) -> _Build:
    members = sorted(
        facts.members,
        key=lambda m: (ROLE_ORDER.get(m.role, 9), m.org.id != facts.lead_id, m.org.name),
    )
    lead = next((m for m in members if m.org.id == facts.lead_id), None) or (
        members[0] if members else None
    )
    return _Build(
        facts=facts,
        members=members,
        lead=lead,
        lot_titles={lot.key: lot.title for lot in facts.tender.lots},
        amounts={(s.lot_key, s.organisation_id): s.amount for s in facts.shares},
        lot_services={(s.lot_key, s.organisation_id): s.services.strip() for s in facts.shares},
    )


def _services_by_lot(b: _Build, m: MemberFacts) -> tuple[str, list[str], dict[str, str]]:
    """The member's services, its lots, and what it performs in each (blocking when unsaid)."""
    services = _described(m.services.strip())
    lots = [k for k in b.lot_titles if k in m.lots]
    by_lot = {k: _described(b.lot_services.get((k, m.org.id), "")) or services for k in lots}
    if not services and not all(by_lot.values()):
        missing = [k for k in lots if not by_lot[k]]
        b.gap(
            m,
            "prestations exécutées non décrites "
            + (f"pour le lot {join_fr(missing)} " if len(lots) > 1 else "")
            + "(DC1, rubrique E) : décrivez ce que la structure réalise dans la composition "
            "ou la répartition du groupement.",
            f"{b.base_link}#membres",
        )
    if not lots:
        b.gap(m, "aucun lot attribué dans la composition du groupement.", f"{b.base_link}#membres")
    return services, lots, by_lot


def _identity_gaps(b: _Build, m: MemberFacts) -> None:
    org = m.org
    for value, label in (
        (org.siret, "SIRET manquant"),
        (
            org.address and org.postal_code and org.town,
            "adresse incomplète (rue, code postal, commune)",
        ),
        (org.email, "adresse électronique manquante"),
        (org.phone, "numéro de téléphone manquant"),
        (org.representative_name, "nom du représentant légal manquant"),
        (org.representative_title, "qualité du représentant légal manquante"),
        (org.legal_form, "forme juridique manquante"),
    ):
        if not value:
            b.gap(
                m,
                f"{label} : complétez la fiche de la structure.",
                f"/structures/{org.id}/modifier",
            )


def _fiscal_years(b: _Build, m: MemberFacts) -> list[c.FiscalYearDoc]:
    """DC2 F1: the last closed fiscal years at the deadline, with their turnover."""
    org = m.org
    edit = f"/structures/{org.id}/modifier"
    if not org.fiscal_year_end:
        b.gap(
            m,
            "date de clôture de l'exercice manquante (DC2, rubrique F1) : indiquez-la "
            "sur la fiche de la structure.",
            edit,
        )
    fiscal: list[c.FiscalYearDoc] = []
    for fy in closed_years(org.fiscal_year_end, b.facts.deadline_day, set(org.turnover)):
        figure = org.turnover.get(fy.year)
        if figure is None:
            b.gap(
                m, f"chiffre d'affaires de l'exercice {fy.label} manquant (DC2, rubrique F1).", edit
            )
        fiscal.append(
            c.FiscalYearDoc(
                label=fy.label,
                start_text=date_fr(fy.start),
                end_text=date_fr(fy.end),
                amount_text=amount_fr(figure) if figure is not None else "",
            )
        )
    return fiscal


def _capacity_gaps(b: _Build, m: MemberFacts, headcount: str) -> None:
    edit = f"/structures/{m.org.id}/modifier"
    if not headcount:
        b.gap(m, "effectifs manquants (DC2, rubrique G) : complétez la fiche.", edit)
    if not m.org.insurer or m.org.insurance_expiry is None:
        b.gap(m, "assurance responsabilité civile non renseignée (DC2, rubrique F2).", edit)


def _account_gaps(b: _Build, m: MemberFacts) -> None:
    if m.iban:
        return
    if m.role == "sous_traitant":
        b.gap(
            m,
            "IBAN du sous-traitant manquant (DC4, rubrique H : compte à créditer pour le "
            "paiement direct).",
            f"{b.base_link}#banque",
        )
    elif b.facts.form != "solidaire" or (b.lead is not None and m.org.id == b.lead.org.id):
        b.gap(
            m, "IBAN du compte à créditer manquant (ATTRI1, rubrique B3).", f"{b.base_link}#banque"
        )


def _presentation(b: _Build, m: MemberFacts) -> Any:
    """Its presentation written for this bid, else its directory text (worth a look)."""
    if not m.presentation:
        b.warnings.append(
            Gap(
                m.org.name,
                "pas de présentation rédigée pour ce dossier : le mémoire reprend celle de "
                f"sa fiche. Ajoutez une partie « Présentation {of(m.org.name)} » attribuée à "
                "la structure, puis validez-la.",
                f"{b.base_link}#memoire",
                m.org.id,
            )
        )
    return SectionText(m.presentation or m.org.description)


def _member_doc(b: _Build, m: MemberFacts) -> c.MemberDoc:
    org = m.org
    is_sub = m.role == "sous_traitant"
    services, lots, by_lot = _services_by_lot(b, m)
    _identity_gaps(b, m)
    headcount = _headcount(org.headcount_permanent, org.headcount_insertion)
    fiscal = [] if is_sub else _fiscal_years(b, m)
    if not is_sub:
        _capacity_gaps(b, m, headcount)
    _account_gaps(b, m)
    lines = [
        c.ServiceLine(
            lot_number=k,
            lot_title=b.lot_titles[k],
            services=by_lot[k],
            amount_text=_amount(b.amounts.get((k, org.id))),
        )
        for k in lots
    ]
    return c.MemberDoc(
        organisation_id=org.id,
        slug=org.slug,
        name=org.name,
        of_name=of(org.name),
        role=ROLES.get(m.role, m.role),
        is_lead=b.lead is not None and org.id == b.lead.org.id,
        is_subcontractor=is_sub,
        legal_form=org.legal_form,
        is_sme=(org.headcount_permanent or 0) + (org.headcount_insertion or 0) < 250,
        in_receivership=org.in_receivership,
        kind_label=KINDS.get(org.kind, "Autre"),
        siret=org.siret,
        siren=org.siren or org.siret[:9],
        naf=org.naf,
        address=_address(org),
        town=org.town,
        email=org.email,
        phone=org.phone,
        contact_name=org.contact_name or org.representative_name,
        representative_name=org.representative_name,
        representative_title=org.representative_title,
        signature_place=f"Fait à {org.town}" if org.town else "Fait à ……………………",
        lots_text=join_fr(lots),
        services=services or "; ".join(dict.fromkeys(v for v in by_lot.values() if v)),
        service_lines=lines,
        amount_text=amount_fr(b.total(org.id, lots)),
        presentation=_presentation(b, m),
        reserved_rows=reserved_rows(org, b.facts.tender.reserved),
        reserved_statement=reserved_statement(org, b.facts.tender.reserved),
        registrations=list(org.labels),
        fiscal_years=fiscal,
        insurer=org.insurer,
        insurance_policy=org.insurance_policy,
        insurance_valid_until_text=date_fr(org.insurance_expiry),
        headcount_text=headcount,
        references=[
            c.ReferenceDoc(
                client=r.client, title=r.title, year=r.year, amount_text=_amount(r.amount)
            )
            for r in sorted(org.references, key=lambda r: -r.year)
        ],
        certifications=[
            c.CertificationDoc(
                title=title,
                valid_until_text=date_fr(until) if until else "sans limite de validité",
            )
            for title, until in org.credentials
        ],
        iban=m.iban or "—",
        bic=m.bic or "—",
    )


def _split(b: _Build, docs: list[c.MemberDoc]) -> tuple[list[c.SplitLot], Decimal]:
    """The annex: per covered lot, each member's services, amount and share."""
    by_id = {d.organisation_id: d for d in docs}
    order = [d.organisation_id for d in docs]
    covered = [lot.key for lot in b.facts.tender.lots if any(lot.key in m.lots for m in b.members)]
    split: list[c.SplitLot] = []
    grand_total = Decimal(0)
    for key in covered:
        mine = [s for s in b.facts.shares if s.lot_key == key and s.organisation_id in by_id]
        mine.sort(key=lambda s: order.index(s.organisation_id))
        lot_total = sum((s.amount or Decimal(0) for s in mine), Decimal(0))
        grand_total += lot_total
        shares = []
        for s in mine:
            member = by_id[s.organisation_id]
            services = next(
                (line.services for line in member.service_lines if line.lot_number == key),
                member.services,
            )
            shares.append(
                c.ShareDoc(
                    member_name=member.name,
                    role=member.role,
                    services=services,
                    amount_text=_amount(s.amount),
                    percent_text=_percent(s.percent),
                )
            )
        split.append(
            c.SplitLot(
                number=key,
                title=b.lot_titles[key],
                shares=shares,
                total_text=amount_fr(lot_total),
            )
        )
    return split, grand_total


@dataclass(slots=True)
class _Subcontracting:
    subcontracts: dict[int, c.Subcontract] = field(default_factory=dict)
    relied: dict[int, list[c.OperatorDoc]] = field(default_factory=dict)
    contractors: dict[int, int] = field(default_factory=dict)


def _subcontracting(b: _Build, by_id: dict[int, c.MemberDoc]) -> _Subcontracting:
    """DC4 per sous-traitant, and DC2 H for the member relying on it."""
    out = _Subcontracting()
    tender = b.facts.tender
    lead_id = b.lead.org.id if b.lead else None
    for m in b.members:
        if m.role != "sous_traitant":
            continue
        doc = by_id[m.org.id]
        total = b.total(m.org.id, m.lots)
        regime = m.org.vat_regime if m.org.vat_regime in VAT_TEXTS else "assujettie"
        if m.org.vat_regime not in VAT_TEXTS:
            b.gap(
                m,
                "régime de TVA non renseigné (DC4, rubrique G) : indiquez-le sur la fiche de la "
                "structure.",
                f"/structures/{m.org.id}/modifier",
            )
        rate = VAT if regime == "assujettie" else Decimal(1)
        ttc = (total * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        out.subcontracts[m.org.id] = c.Subcontract(
            lots_text=doc.lots_text,
            services=doc.services,
            amount_text=amount_fr(total),
            amount_ttc_text=amount_fr(ttc),
            vat_text=VAT_TEXTS[regime],
            direct_payment=ttc > DIRECT_PAYMENT_FROM_TTC,
            duration_months=str(tender.duration_months)
            if tender.duration_months
            else "celle du marché",
        )
        contractor = m.subcontractor_of if m.subcontractor_of in by_id else None
        contractor = contractor or lead_id or m.org.id
        out.contractors[m.org.id] = contractor
        identification = " — ".join(
            p for p in (doc.address, doc.email, doc.phone, f"SIRET {doc.siret}") if p
        )
        out.relied.setdefault(contractor, []).append(
            c.OperatorDoc(lots_text=doc.lots_text, name=doc.name, identification=identification)
        )
    if out.subcontracts and not tender.duration_months:
        b.gaps.append(
            Gap(
                "La consultation",
                "durée du marché inconnue : indiquez-la sur la consultation (DC4, rubrique I, "
                "durée du contrat de sous-traitance).",
                b.tender_link,
            )
        )
    return out


def _tender_doc(b: _Build, covered: list[str]) -> c.TenderDoc:
    tender = b.facts.tender
    procedure = PROCEDURES.get(tender.procedure, "")
    if tender.reserved not in ("", "none"):
        reserved = RESERVED.get(tender.reserved, "")
        procedure = f"{procedure} — {reserved}" if procedure else reserved
    buyer = tender.buyer_name.strip()
    if not buyer:
        b.gaps.append(
            Gap(
                "La consultation",
                "acheteur non renseigné (rubrique A des formulaires).",
                b.tender_link,
            )
        )
    if not tender.buyer_address.strip():
        b.gaps.append(
            Gap(
                "La consultation",
                "Adresse de l'acheteur manquante : indiquez-la sur la consultation (DC1, DC2 et "
                "DC4, rubrique A ; ATTRI1).",
                b.tender_link,
            )
        )
    return c.TenderDoc(
        title=tender.title,
        reference=tender.reference or "sans référence",
        buyer_name=buyer,
        buyer_the=the(buyer),
        buyer_identification=buyer
        + (f" (SIRET {tender.buyer_siret})" if tender.buyer_siret else ""),
        buyer_address=tender.buyer_address.strip(),
        procedure_label=procedure or "Procédure indiquée dans l'avis",
        deadline_text=_deadline_text(tender),
        duration_text=duration_text(tender.duration_months),
        is_allotted=len(tender.lots) > 1,
        is_works=tender.kind == "works",
        all_lots=len(covered) == len(tender.lots),
        lots=[c.LotDoc(number=k, title=b.lot_titles[k]) for k in covered],
        lots_text=join_fr(covered),
        reserved_label=RESERVED.get(tender.reserved, "Non réservé"),
    )


def _consortium_doc(
    form: str, docs: list[c.MemberDoc], lead: c.MemberDoc | None
) -> c.ConsortiumDoc:
    names = [d.name for d in docs if not d.is_subcontractor]
    lead_name = lead.name if lead else ""
    return c.ConsortiumDoc(
        name=consortium_name(lead_name, [n for n in names if n != lead_name]),
        form=form,
        form_label=FORMS.get(form, "Forme à choisir"),
        is_joint=form in {"conjoint", "conjoint_solidaire"},
        is_several=form == "solidaire",
        lead_is_jointly_liable=form in {"solidaire", "conjoint_solidaire"},
    )


def _agreement_duration(months: int | None) -> str:
    return (
        "La présente convention prend effet à sa signature par tous les membres. Elle prend fin "
        "à la fin de la procédure si le marché n'est pas attribué au groupement ; sinon, elle "
        "reste en vigueur jusqu'à l'achèvement des prestations, le règlement définitif du "
        f"marché et la fin de ses garanties. La durée du marché est {duration_text(months)}."
    )


def build_package(facts: BidFacts) -> PackageModel:
    b = _start(facts)
    docs = [_member_doc(b, m) for m in b.members]
    by_id = {d.organisation_id: d for d in docs}
    lead = by_id[b.lead.org.id] if b.lead else None
    split, grand_total = _split(b, docs)
    sub = _subcontracting(b, by_id)
    base = {
        "tender": _tender_doc(b, [s.number for s in split]),
        "consortium": _consortium_doc(facts.form, docs, lead),
        "lead": lead,
        "date_text": date_fr(facts.compiled_on),
        "draft": facts.draft,
        "draft_mark": DRAFT_MARK if facts.draft else "",
    }
    references = [
        c.MemberReference(
            member_name=d.name,
            client=r.client,
            title=r.title,
            year=r.year,
            amount_text=r.amount_text,
        )
        for d in docs
        for r in d.references
    ]
    return PackageModel(
        consortium_id=facts.consortium_id,
        tender_title=facts.tender.title,
        base=base,
        members=docs,
        split=split,
        grand_total_text=amount_fr(grand_total),
        sections=[c.SectionDoc(title=t, body=body) for t, body in facts.sections],
        references=references,
        subcontracts=sub.subcontracts,
        relied_upon=sub.relied,
        contractors=sub.contractors,
        duration_text=_agreement_duration(facts.tender.duration_months),
        single_account=facts.form == "solidaire",
        gaps=b.gaps,
        warnings=b.warnings,
    )


# ---------------------------------------------------------------- one contract per document


def dc1(model: PackageModel) -> c.Dc1:
    return c.Dc1(**model.base, members=model.co_contractors)


def dc2(model: PackageModel, member: c.MemberDoc) -> c.Dc2:
    relied = model.relied_upon.get(member.organisation_id, [])
    return c.Dc2(**model.base, member=member, relied_upon=relied)


def dc4(model: PackageModel, subcontractor: c.MemberDoc) -> c.Dc4:
    contractor = model.contractors[subcontractor.organisation_id]
    return c.Dc4(
        **model.base,
        contractor=next(m for m in model.members if m.organisation_id == contractor),
        subcontractor=subcontractor,
        subcontract=model.subcontracts[subcontractor.organisation_id],
    )


def attri1(model: PackageModel, lot: c.SplitLot) -> c.Attri1:
    names = {s.member_name for s in lot.shares}
    members = [m for m in model.co_contractors if m.name in names]
    return c.Attri1(**model.base, lot=lot, members=members, single_account=model.single_account)


MEMBERS_CHAPTER = "Présentation des membres du groupement"
REFERENCES_CHAPTER = "Références du groupement"


def toc_entries(model: PackageModel, pages: dict[str, str] | None = None) -> list[c.TocEntry]:
    """The mémoire's headings in order; ``pages`` maps a heading to its page, when known."""
    pages = pages or {}
    heads = [(s.title, 1) for s in model.sections]
    heads += [(MEMBERS_CHAPTER, 1), *((m.name, 2) for m in model.members)]
    heads.append((REFERENCES_CHAPTER, 1))
    return [c.TocEntry(title=t, level=lvl, page=pages.get(t, "")) for t, lvl in heads]


def memoire(model: PackageModel, pages: dict[str, str] | None = None) -> c.Memoire:
    return c.Memoire(
        **model.base,
        members=model.members,
        sections=model.sections,
        references=model.references,
        toc=toc_entries(model, pages),
    )


def annexe(model: PackageModel) -> c.Annexe:
    return c.Annexe(**model.base, split=model.split, grand_total_text=model.grand_total_text)


def convention(model: PackageModel) -> c.Convention:
    return c.Convention(
        **model.base,
        members=model.co_contractors,
        split=model.split,
        grand_total_text=model.grand_total_text,
        duration_text=model.duration_text,
        single_account=model.single_account,
    )


def first_context(model: PackageModel, kind: str) -> c._Base:
    """The first document of a kind (the demo shows that one)."""
    if kind == "dc1":
        return dc1(model)
    if kind == "dc2_member":
        return dc2(model, model.co_contractors[0])
    if kind == "dc4":
        return dc4(model, model.subcontractors[0])
    if kind == "attri1":
        return attri1(model, model.split[0])
    if kind == "memoire":
        return memoire(model)
    if kind == "annexe_repartition":
        return annexe(model)
    if kind == "convention_groupement":
        return convention(model)
    raise ValueError(f"unknown template kind {kind!r}; expected one of {', '.join(c.KINDS)}")
