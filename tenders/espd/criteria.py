"""The criteria Cordée answers, indexed, and which of them a response answers by default.

The catalogue is the whole of ESPD-EDM 4.1.0 (24 exclusion grounds, 31 selection criteria, 7
« other » criteria: groups, reliance, reserved market…), so that any 4.1.0 request can be
answered; see catalogue_*.py. This module says which ones Cordée fills from a member's data
(``DEFAULT_CODES`` and ``default_codes``) and names the questions it answers in each.
"""

from __future__ import annotations

from tenders.espd import catalogue_exclusion, catalogue_other, catalogue_selection
from tenders.espd.model import Nature, ResponseData, Role
from tenders.espd.structure import Criterion, Group, Prop

VERSION = "4.1.0"
CATALOGUE: tuple[Criterion, ...] = (
    catalogue_exclusion.CRITERIA + catalogue_selection.CRITERIA + catalogue_other.CRITERIA
)
BY_CODE = {criterion.code: criterion for criterion in CATALOGUE}
BY_UUID = {criterion.uuid: criterion for criterion in CATALOGUE}

EXCLUSION_CODES = tuple(c.code for c in catalogue_exclusion.CRITERIA)
REFERENCES_BY_NATURE = {
    Nature.WORKS: "work-perform",
    Nature.SUPPLIES: "supply-perform",
    Nature.SERVICES: "service-perform",
}
# The « other » criteria every member of a group answers: the group, the entities it relies on
# and its subcontractors (the lead must, ESPD rules BR-LAED-10, BR-LEAD-10-S20 and -S30).
GROUP_CODES = ("eo-group", "relied", "subco-ent")
SELF_FULFILMENT = "Does the EO fulfil the criteria by itself?"
EVIDENCE_QUESTIONS = (
    "Is this information available electronically?",
    "Is this information available online?",
)
DEFAULT_CODES = (
    *EXCLUSION_CODES,
    "trade-regist",
    "gen-year-to",
    "indem-insu",
    *REFERENCES_BY_NATURE.values(),
    "year-manpower",
    "qu-certif-indep",
    "envir-certif-indep",
    "shelt-worksh",
    *GROUP_CODES,
)


def default_codes(data: ResponseData) -> tuple[str, ...]:
    """The criteria a response answers without a buyer's request: every exclusion ground, the
    selection criteria the member has data for (none for a plain subcontractor, whose
    capacities are not relied upon: rule BR-SUBCONT-01), reserved-market status when it has
    one, and the group's criteria."""
    selection = data.selection
    codes: list[str] = list(EXCLUSION_CODES)
    if data.role is not Role.SUBCONTRACTOR:
        codes.append("trade-regist")
        if selection.turnovers:
            codes.append("gen-year-to")
        if selection.insurance:
            codes.append("indem-insu")
        if selection.references:
            codes.append(REFERENCES_BY_NATURE[data.procedure.nature])
        if selection.headcounts:
            codes.append("year-manpower")
        if any(not c.environmental for c in selection.certificates):
            codes.append("qu-certif-indep")
        if any(c.environmental for c in selection.certificates):
            codes.append("envir-certif-indep")
    if data.reserved is not None:
        codes.append("shelt-worksh")
    codes.extend(GROUP_CODES)
    return tuple(codes)


def main_question(criterion: Criterion) -> Prop:
    """The yes/no question an exclusion ground is answered by (« Your answer »)."""
    for prop in criterion.properties():
        is_indicator = prop.type == "QUESTION" and prop.data == "INDICATOR"
        if is_indicator and prop.text.startswith("Your answer"):
            return prop
    raise LookupError(criterion.code)


def owner(criterion: Criterion, prop_id: str) -> Group:
    """The group a property belongs to."""

    def find(groups: tuple[Group, ...]) -> Group | None:
        for group in groups:
            if any(p.id == prop_id for p in group.props):
                return group
            found = find(group.groups)
            if found is not None:
                return found
        return None

    group = find(criterion.groups)
    if group is None:
        raise LookupError(prop_id)
    return group


# The criteria Cordée answers from a member's file: every exclusion ground (its sworn
# statements) and these; insurance when its RC Pro paper gives the amount guaranteed. The
# others a buyer may ask for are left for the member to complete.
INSURANCE = "indem-insu"
FILLED_SELECTION_AND_OTHER = (
    "trade-regist",
    "gen-year-to",
    INSURANCE,
    "work-perform",
    "supply-perform",
    "service-perform",
    "year-manpower",
    "qu-certif-indep",
    "envir-certif-indep",
    "eo-group",
    "relied",
    "subco-ent",
    "shelt-worksh",
    "sme",
)
FILLED = frozenset((*EXCLUSION_CODES, *FILLED_SELECTION_AND_OTHER))
