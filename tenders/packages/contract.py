"""What each bid document is filled with: one typed contract per template.

The real context (``tenders/packages/context.py``, from the database) and the demo context
(``tenders/packages/demo.py``) both build these Structs through ``tenders/packages/build.py``,
so they cannot disagree. The variables a template may use (checked at upload) and the tables of
``templates_docx/README.md`` are read from here. Every text arrives ready to print, in French:
amounts « 12 500,00 € », dates « 12 mars 2027 ». Nothing an official rubric prints is left
empty: a missing value is a blocking pre-flight point, not a blank in the document."""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

import msgspec
from msgspec import Meta

from tenders.documents.markup import SectionText


def _d(text: str) -> Meta:
    return Meta(description=text)


class LotDoc(msgspec.Struct, frozen=True):
    number: Annotated[str, _d("« 1 »")]
    title: Annotated[str, _d("« Entretien des espaces verts »")]


class TenderDoc(msgspec.Struct, frozen=True):
    title: Annotated[str, _d("the consultation's object, as the buyer wrote it")]
    reference: Annotated[str, _d("the buyer's reference, « DEMO-2027-014 »")]
    buyer_name: Annotated[str, _d("« Communauté d'agglomération de démonstration »")]
    buyer_the: Annotated[str, _d("the buyer with its article: « la Communauté … »")]
    buyer_identification: Annotated[
        str, _d("DC1/DC2/DC4 rubric A: the name, with its SIRET when known")
    ]
    buyer_address: Annotated[
        str, _d("the buyer's postal address, « 1 place de l'Hôtel de Ville, 59300 Valenciennes »")
    ]
    procedure_label: Annotated[str, _d("« Appel d'offres ouvert — Réservé aux … »")]
    deadline_text: Annotated[
        str, _d("« 12 mars 2027 à 12 h 00 »; « 12 mars 2027 » when the notice gave no hour")
    ]
    duration_text: Annotated[
        str, _d("after « la durée est »: « de 36 mois », or « celle fixée par … la consultation »")
    ]
    is_allotted: Annotated[bool, _d("the consultation has lots (DC1 C)")]
    is_works: Annotated[bool, _d("a works contract (DC2 F3)")]
    all_lots: Annotated[bool, _d("the consortium answers every lot (DC1 C)")]
    lots: Annotated[list[LotDoc], _d("the lots the consortium answers")]
    lots_text: Annotated[str, _d("« 1 et 2 »")]
    reserved_label: Annotated[str, _d("the reservation of the contract, or « Non réservé »")]


class ConsortiumDoc(msgspec.Struct, frozen=True):
    name: Annotated[str, _d("« Poinfor – A.C.I.A.E – Capep » (no « Groupement » prefix)")]
    form: Annotated[str, _d("conjoint | solidaire | conjoint_solidaire")]
    form_label: Annotated[str, _d("« Groupement conjoint, mandataire solidaire »")]
    is_joint: Annotated[bool, _d("conjoint (with or without a jointly liable mandataire)")]
    is_several: Annotated[bool, _d("solidaire")]
    lead_is_jointly_liable: Annotated[bool, _d("the mandataire answers for every member")]


class ServiceLine(msgspec.Struct, frozen=True):
    lot_number: Annotated[str, _d("« 1 »")]
    lot_title: Annotated[str, _d("the lot's title")]
    services: Annotated[str, _d("what the member performs in this lot")]
    amount_text: Annotated[str, _d("« 18 000,00 € » (HT)")]


class FiscalYearDoc(msgspec.Struct, frozen=True):
    label: Annotated[str, _d("« du 1er janvier 2025 au 31 décembre 2025 »")]
    start_text: Annotated[str, _d("« 1er janvier 2025 »")]
    end_text: Annotated[str, _d("« 31 décembre 2025 »")]
    amount_text: Annotated[str, _d("« 671 250,00 € »")]


class ReservedRow(msgspec.Struct, frozen=True):
    market: Annotated[str, _d("the kind of reserved contract and its article")]
    structure: Annotated[str, _d("the kind of structure, as the DC2 words it")]
    box: Annotated[str, _d("« ☒ » when the member is of this kind, « ☐ » otherwise")]


class ReferenceDoc(msgspec.Struct, frozen=True):
    client: Annotated[str, _d("the buyer of the past contract")]
    title: Annotated[str, _d("what was done")]
    year: Annotated[int, _d("2025")]
    amount_text: Annotated[str, _d("« 52 000,00 € » or « Non communiqué »")]


class CertificationDoc(msgspec.Struct, frozen=True):
    title: Annotated[str, _d("« Qualiopi »")]
    valid_until_text: Annotated[str, _d("« 30 juin 2028 » or « sans limite de validité »")]


class OperatorDoc(msgspec.Struct, frozen=True):
    """An operator whose capacities a member relies on (DC2 H): the subcontractors."""

    lots_text: Annotated[str, _d("« 2 »")]
    name: Annotated[str, _d("« La Maison du vélo »")]
    identification: Annotated[str, _d("address, e-mail, phone and SIRET on one line")]


class MemberDoc(msgspec.Struct, frozen=True):
    organisation_id: Annotated[int, _d("the structure's id in Cordée")]
    slug: Annotated[str, _d("« poinfor »")]
    name: Annotated[str, _d("« Poinfor »")]
    of_name: Annotated[str, _d("« de Poinfor », « d'A.C.I.A.E »")]
    role: Annotated[str, _d("« Mandataire », « Co-traitant » or « Sous-traitant »")]
    is_lead: Annotated[bool, _d("the mandataire")]
    is_subcontractor: Annotated[bool, _d("a sous-traitant (DC4, not DC1 E)")]
    legal_form: Annotated[str, _d("« Association loi 1901 »")]
    is_sme: Annotated[bool, _d("fewer than 250 people (DC2 C1)")]
    in_receivership: Annotated[bool, _d("en redressement judiciaire (DC2 D)")]
    kind_label: Annotated[str, _d("« Entreprise d'insertion (EI) »")]
    siret: Annotated[str, _d("14 digits")]
    siren: Annotated[str, _d("9 digits")]
    naf: Annotated[str, _d("« 85.59A »")]
    address: Annotated[str, _d("« 12 rue …, 59300 Valenciennes »")]
    town: Annotated[str, _d("« Valenciennes »")]
    email: Annotated[str, _d("the structure's e-mail")]
    phone: Annotated[str, _d("the structure's phone")]
    contact_name: Annotated[str, _d("the person to contact")]
    representative_name: Annotated[str, _d("who signs: « Claire Dubois »")]
    representative_title: Annotated[str, _d("as what, from the structure: « directrice »")]
    signature_place: Annotated[str, _d("« Fait à Valenciennes » (its own town)")]
    lots_text: Annotated[str, _d("« 1 et 2 »")]
    services: Annotated[str, _d("what it performs, all lots together")]
    service_lines: Annotated[list[ServiceLine], _d("what it performs, lot by lot")]
    amount_text: Annotated[str, _d("its share of the price, all lots, HT")]
    presentation: Annotated[Any, _d("the member's presentation for this bid (paragraphs)")]
    reserved_rows: Annotated[list[ReservedRow], _d("DC2 C2, one row per kind of structure")]
    reserved_statement: Annotated[str, _d("DC2 C2 in one sentence, with the right article")]
    registrations: Annotated[list[str], _d("labels and agréments")]
    fiscal_years: Annotated[list[FiscalYearDoc], _d("the last three closed years, oldest first")]
    insurer: Annotated[str, _d("« Mutuelle Just »")]
    insurance_policy: Annotated[str, _d("« RC-DEMO-0001 »")]
    insurance_valid_until_text: Annotated[str, _d("« 31 décembre 2027 »")]
    headcount_text: Annotated[str, _d("« 42 salariés, dont 30 en parcours d'insertion »")]
    references: Annotated[list[ReferenceDoc], _d("past contracts, newest first")]
    certifications: Annotated[list[CertificationDoc], _d("its current agréments and labels")]
    iban: Annotated[str, _d("the account to credit (ATTRI1 B3), or « — » (one account)")]
    bic: Annotated[str, _d("its BIC")]


class ShareDoc(msgspec.Struct, frozen=True):
    member_name: Annotated[str, _d("« A.C.I.A.E »")]
    role: Annotated[str, _d("« Co-traitant »")]
    services: Annotated[str, _d("what it performs in this lot")]
    amount_text: Annotated[str, _d("« 54 000,00 € »")]
    percent_text: Annotated[str, _d("« 75,0 % »")]


class SplitLot(msgspec.Struct, frozen=True):
    number: Annotated[str, _d("« 1 »")]
    title: Annotated[str, _d("the lot's title")]
    shares: Annotated[list[ShareDoc], _d("one per member in the lot")]
    total_text: Annotated[str, _d("« 72 000,00 € »")]


class SectionDoc(msgspec.Struct, frozen=True):
    title: Annotated[str, _d("« Compréhension du besoin »")]
    body: Annotated[Any, _d("paragraphs: write {{p s.body }} alone in a paragraph")]


class TocEntry(msgspec.Struct, frozen=True):
    title: Annotated[str, _d("a heading of the mémoire")]
    level: Annotated[int, _d("1 or 2")]
    page: Annotated[str, _d("its page number, « 4 », when LibreOffice could count them")]


class MemberReference(msgspec.Struct, frozen=True):
    member_name: Annotated[str, _d("« Poinfor »")]
    client: Annotated[str, _d("the buyer")]
    title: Annotated[str, _d("what was done")]
    year: Annotated[int, _d("2025")]
    amount_text: Annotated[str, _d("« 38 400,00 € »")]


class Subcontract(msgspec.Struct, frozen=True):
    """DC4 F, G and I: what is subcontracted, for how much, paid how, for how long."""

    lots_text: Annotated[str, _d("« 2 »")]
    services: Annotated[str, _d("the nature of the subcontracted services")]
    amount_text: Annotated[str, _d("« 8 000,00 € » HT")]
    amount_ttc_text: Annotated[str, _d("« 9 600,00 € » TTC (the HT amount when no VAT applies)")]
    vat_text: Annotated[
        str, _d("« TVA au taux de 20 % », or why no VAT applies (articles 261, 293 B du CGI)")
    ]
    direct_payment: Annotated[bool, _d("paid directly by the buyer (over 600 € TTC)")]
    duration_months: Annotated[str, _d("« 36 » (whole months), or the tender's words")]


# ---------------------------------------------------------------- one Struct per document


class _Base(msgspec.Struct, frozen=True, kw_only=True):
    tender: Annotated[TenderDoc, _d("the consultation (header of every document)")]
    consortium: Annotated[ConsortiumDoc, _d("the consortium")]
    lead: Annotated[MemberDoc | None, _d("the mandataire")]
    date_text: Annotated[str, _d("the compile date, « 12 mars 2027 »")]
    draft: Annotated[bool, _d("a draft package: « BROUILLON — ne pas déposer » in the header")]
    draft_mark: Annotated[str, _d("« BROUILLON — ne pas déposer », or « »")]


class Dc1(_Base, frozen=True, kw_only=True):
    members: Annotated[list[MemberDoc], _d("the members of the consortium, mandataire first")]


class Dc2(_Base, frozen=True, kw_only=True):
    member: Annotated[MemberDoc, _d("the member this DC2 is for")]
    relied_upon: Annotated[list[OperatorDoc], _d("DC2 H: the subcontractors working for it")]


class Dc4(_Base, frozen=True, kw_only=True):
    contractor: Annotated[MemberDoc, _d("the member of the groupement it works for")]
    subcontractor: Annotated[MemberDoc, _d("the sous-traitant")]
    subcontract: Annotated[Subcontract, _d("what it does, for how much, paid how")]


class Attri1(_Base, frozen=True, kw_only=True):
    lot: Annotated[SplitLot, _d("the lot this acte d'engagement is for")]
    members: Annotated[list[MemberDoc], _d("the co-contractors in this lot, mandataire first")]
    single_account: Annotated[bool, _d("payments to the mandataire's account only")]


class Memoire(_Base, frozen=True, kw_only=True):
    members: Annotated[list[MemberDoc], _d("every member, mandataire first")]
    sections: Annotated[list[SectionDoc], _d("the validated parts, in order")]
    references: Annotated[list[MemberReference], _d("every member's references")]
    toc: Annotated[list[TocEntry], _d("the table of contents, filled before Word opens it")]


class Annexe(_Base, frozen=True, kw_only=True):
    split: Annotated[list[SplitLot], _d("one per lot")]
    grand_total_text: Annotated[str, _d("« 122 000,00 € »")]


class Convention(_Base, frozen=True, kw_only=True):
    members: Annotated[list[MemberDoc], _d("the parties, mandataire first")]
    split: Annotated[list[SplitLot], _d("one per lot")]
    grand_total_text: Annotated[str, _d("« 122 000,00 € »")]
    duration_text: Annotated[str, _d("the agreement's duration clause")]
    single_account: Annotated[bool, _d("payments to the mandataire's account only")]


CONTRACTS: dict[str, type[_Base]] = {
    "dc1": Dc1,
    "dc2_member": Dc2,
    "dc4": Dc4,
    "attri1": Attri1,
    "memoire": Memoire,
    "annexe_repartition": Annexe,
    "convention_groupement": Convention,
}
KINDS = tuple(CONTRACTS)
LABELS = {
    "dc1": "DC1 — Lettre de candidature",
    "dc2_member": "DC2 — Déclaration de chaque membre",
    "dc4": "DC4 — Déclaration de sous-traitance (une par sous-traitant)",
    "attri1": "ATTRI1 — Acte d'engagement (un par lot)",
    "memoire": "Mémoire technique",
    "annexe_repartition": "Annexe de répartition des prestations",
    "convention_groupement": "Convention de groupement",
}


def variables(kind: str) -> set[str]:
    """The top-level names a template of this kind may use."""
    return set(CONTRACTS[kind].__struct_fields__)


def to_context(value: Any) -> Any:
    """The Struct as the plain mappings and lists docxtpl renders (paragraph values kept)."""
    if isinstance(value, msgspec.Struct):
        return {name: to_context(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, list | tuple):
        return [to_context(item) for item in value]
    return value


def _describe_type(hint: Any) -> tuple[str, str, type | None]:
    """(type text, description, nested Struct) of an annotation."""
    description = ""
    if get_origin(hint) is Annotated:
        hint, *extras = get_args(hint)
        description = next((m.description or "" for m in extras if isinstance(m, Meta)), "")
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = [a for a in get_args(hint) if a is not type(None)]
        text, _, struct = _describe_type(inner)
        return f"{text} or none", description, struct
    if get_origin(hint) is list:
        (item,) = get_args(hint)
        if isinstance(item, type) and issubclass(item, msgspec.Struct):
            return f"list of `{item.__name__}`", description, item
        return f"list of {getattr(item, '__name__', str(item))}", description, None
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return f"`{hint.__name__}`", description, hint
    if hint is Any:
        return "paragraphs", description, None
    return getattr(hint, "__name__", str(hint)), description, None


def _hints(struct: type) -> dict[str, Any]:
    namespace = {**globals(), "SectionText": SectionText}
    return get_type_hints(struct, globalns=namespace, include_extras=True)


def describe(kind: str) -> list[str]:
    """Markdown tables of the variables of one kind, then of every Struct they contain."""
    root = CONTRACTS[kind]
    lines = ["| Variable | Type | Meaning |", "| --- | --- | --- |"]
    nested: list[type] = []
    for name, hint in _hints(root).items():
        text, description, struct = _describe_type(hint)
        lines.append(f"| `{name}` | {text} | {description} |")
        if struct is not None and struct not in nested:
            nested.append(struct)
    seen: set[type] = set()
    while nested:
        struct = nested.pop(0)
        if struct in seen:
            continue
        seen.add(struct)
        lines += [
            "",
            f"`{struct.__name__}`:",
            "",
            "| Key | Type | Meaning |",
            "| --- | --- | --- |",
        ]
        for name, hint in _hints(struct).items():
            text, description, inner = _describe_type(hint)
            lines.append(f"| `{name}` | {text} | {description} |")
            if inner is not None and inner not in seen:
                nested.append(inner)
    return lines
