"""What a member answers to each criterion: for each property (relative identifier), the list
of values it gives (several for a repeated group: one turnover per fiscal year, one reference per
contract…). ``answers_for`` is the whole mapping; response.py writes it as XML.

Questions it leaves unanswered stay so, except two Cordée answers everywhere: « is this
information available electronically? » (no: the evidence comes with the tender) and, for a
selection criterion, « does the operator fulfil it by itself? » (yes: reliance on others is
declared in the « relied » criterion)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tenders.espd import criteria
from tenders.espd.errors import MISSING_ANSWER, EspdError
from tenders.espd.model import Declaration, Entity, ResponseData, Role, Size
from tenders.espd.structure import Criterion, Group

ROLE_LIST = ("http://publications.europa.eu/resource/authority/eo-role-type", "20211208-0")
COUNTRY_LIST = ("http://publications.europa.eu/resource/authority/country", "20250924-0")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True)
class Quantity:
    value: Decimal | int
    unit: str = ""  # YEAR, INTEGER, PERCENTAGE


@dataclass(frozen=True)
class Code:
    value: str
    list_id: str
    list_version: str


@dataclass(frozen=True)
class Identifier:
    value: str  # a SIRET


Value = bool | str | date | Money | Period | Quantity | Code | Identifier
Answers = dict[str, list[Value]]


def answers_for(criterion: Criterion, data: ResponseData) -> Answers:
    """The member's answers to one criterion."""
    if criterion.kind == "exclusion":
        return _exclusion(criterion, data)
    build = _BUILDERS.get(criterion.code)
    return build(data) if build else {}


def _exclusion(criterion: Criterion, data: ResponseData) -> Answers:
    main = criteria.main_question(criterion)
    declaration = data.exclusions.get(criterion.code)
    if declaration is None:
        return {main.id: [False]}
    answers: Answers = {main.id: [True]}
    group = criteria.owner(criterion, main.id)
    for sub in group.groups:
        if sub.kind == "ONTRUE":
            _declare(sub, declaration, data, answers)
    return answers


def _declare(group: Group, declaration: Declaration, data: ResponseData, out: Answers) -> None:
    """Fills the « yes » branch of an exclusion ground from the member's declaration."""
    for prop in group.props:
        value = _declared_value(prop.data, declaration, data)
        if value is not None:
            out[prop.id] = [value]


def _declared_value(kind: str, declaration: Declaration, data: ResponseData) -> Value | None:
    if kind == "DESCRIPTION":
        return declaration.description
    if kind == "INDICATOR":
        return False
    if kind == "CODE_COUNTRY":
        return Code(data.operator.address.country, *COUNTRY_LIST)
    if kind in ("DATE", "PERIOD"):
        if declaration.on is None:
            what = "la date de la condamnation ou de la décision déclarée manque"
            raise EspdError(MISSING_ANSWER.format(member=data.operator.name, what=what))
        if kind == "DATE":
            return declaration.on
        return Period(declaration.on, declaration.until or declaration.on)
    if kind == "AMOUNT":
        if declaration.amount is None:
            what = "le montant concerné par la déclaration manque"
            raise EspdError(MISSING_ANSWER.format(member=data.operator.name, what=what))
        return Money(declaration.amount, declaration.currency)
    return None


def _turnover(data: ResponseData) -> Answers:
    years = data.selection.turnovers
    return {
        "RG1/RSG1/QSG2/Q1": [Period(t.start, t.end) for t in years],
        "RG1/RSG1/QSG2/Q2": [Money(t.amount, t.currency) for t in years],
    }


def _insurance(data: ResponseData) -> Answers:
    insurance = data.selection.insurance
    if insurance is None:
        return {}
    return {
        "RG1/RSG1/QSG2/Q1": [Money(insurance.amount, insurance.currency)],
        "RG1/RSG1/QSG2/Q2": [False],
        "RG1/RSG1/QSG2/Q3": [False],
    }


def _references(data: ResponseData) -> Answers:
    refs = data.selection.references
    return {
        "RG1/RSG1/QSG2/QSG1/Q1": [r.description for r in refs],
        "RG1/RSG1/QSG2/QSG1/Q2": [Money(r.amount, r.currency) for r in refs],
        "RG1/RSG1/QSG2/QSG1/Q5": [Period(r.start, r.end) for r in refs],
        "RG1/RSG1/QSG2/QSG1/Q6": [False for _ in refs],
        "RG1/RSG1/QSG2/QSG1/QSG1/Q1": [r.recipient for r in refs],
    }


def _headcount(data: ResponseData) -> Answers:
    years = data.selection.headcounts
    return {
        "RG1/RSG1/QSG2/Q1": [Quantity(h.year, "YEAR") for h in years],
        "RG1/RSG1/QSG2/Q2": [Quantity(h.count, "INTEGER") for h in years],
    }


def _certificates(environmental: bool) -> Callable[[ResponseData], Answers]:
    def build(data: ResponseData) -> Answers:
        held = [c for c in data.selection.certificates if c.environmental is environmental]
        if held:
            return {"RG1/RSG1/QSG2/Q1": [True]}
        reason = "L'opérateur ne détient pas de certificat de ce type."
        return {"RG1/RSG1/QSG2/Q1": [False], "RG1/RSG1/QSG2/QSG1/Q1": [reason]}

    return build


def _register(data: ResponseData) -> Answers:
    return {"RG1/RSG1/QSG2/Q1": [True], "RG1/RSG1/QSG2/QSG1/Q1": [f"SIRET {data.operator.siret}"]}


def _group(data: ResponseData) -> Answers:
    if data.role not in (Role.LEAD, Role.MEMBER):
        return {"QG1/Q1": [False]}
    name = data.group_name or "Groupement " + ", ".join((data.operator.name, *data.partners))
    return {
        "QG1/Q1": [True],
        "QG1/QSG1/Q1": [Code(data.role.value, *ROLE_LIST)],
        "QG1/QSG1/Q2": ["; ".join(data.partners) or "—"],
        "QG1/QSG1/Q3": [name],
    }


def _entities(field: str) -> Callable[[ResponseData], Answers]:
    def build(data: ResponseData) -> Answers:
        entities: tuple[Entity, ...] = getattr(data, field)
        if not entities:
            return {"QG1/Q1": [False]}
        return {
            "QG1/Q1": [True],
            "QG1/QSG1/Q1": [e.name for e in entities],
            "QG1/QSG1/Q2": [Identifier(e.siret) for e in entities],
        }

    return build


def _sheltered(data: ResponseData) -> Answers:
    reserved = data.reserved
    if reserved is None:
        return {"QG1/Q1": [False]}
    return {
        "QG1/Q1": [True],
        "QG1/QSG1/Q1": [Quantity(reserved.share, "PERCENTAGE")],
        "QG1/QSG1/Q2": [reserved.category],
    }


def _sme(data: ResponseData) -> Answers:
    if data.operator.size is Size.LARGE:
        return {"QG1/Q1": [False]}
    heads, years = data.selection.headcounts, data.selection.turnovers
    if not heads or not years:
        what = "l'effectif et le chiffre d'affaires de la dernière année manquent (critère PME)"
        raise EspdError(MISSING_ANSWER.format(member=data.operator.name, what=what))
    last = max(years, key=lambda t: t.end)
    return {
        "QG1/Q1": [True],
        "QG1/QSG1/Q1": [Quantity(max(heads, key=lambda h: h.year).count, "INTEGER")],
        "QG1/QSG1/Q2": [Money(last.amount, last.currency)],
    }


_BUILDERS = {
    "gen-year-to": _turnover,
    "indem-insu": _insurance,
    "work-perform": _references,
    "supply-perform": _references,
    "service-perform": _references,
    "year-manpower": _headcount,
    "qu-certif-indep": _certificates(environmental=False),
    "envir-certif-indep": _certificates(environmental=True),
    "trade-regist": _register,
    "eo-group": _group,
    "relied": _entities("relied_upon"),
    "subco-ent": _entities("subcontractors"),
    "shelt-worksh": _sheltered,
    "sme": _sme,
}
