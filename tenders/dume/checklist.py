"""The checklist of a tender's DUME (pure): the criteria each member's ESPD Response answers,
grouped by kind with their French titles, who gives each and where its answer comes from.

In a group every member gives its own DUME, and so does each entity whose capacities the group
relies upon (Regulation (EU) 2016/7, annex 1); a sous-traitant not relied upon answers no
selection criterion (ESPD rule BR-SUBCONT-01). Cordée fills the exclusion grounds from each
member's sworn statements and the selection criteria it keeps data for (``FILLED``, the
criteria tenders/espd/answers.py answers); the others the member gives by hand."""

from __future__ import annotations

from collections.abc import Iterable

from tenders.dume.schemas import ChecklistItem, ChecklistSection, Requirement
from tenders.espd import criteria, french
from tenders.espd.model import EspdRequest, RequestedCriterion

FILLED = criteria.FILLED
INSURANCE = criteria.INSURANCE

# Without a buyer's request a member's DUME answers the default criteria it has data for.
DEFAULTS = tuple(code for code in criteria.DEFAULT_CODES if code in FILLED)

WHO = {
    "exclusion": "Chaque membre du groupement et chaque sous-traitant dont les capacités "
    "sont invoquées, dans son propre DUME",
    "selection": "Chaque membre du groupement et chaque sous-traitant dont les capacités "
    "sont invoquées, pour les capacités qu'il apporte",
    "other": "Chaque membre du groupement, dans son propre DUME",
}
WHO_GROUP = "Chaque membre du groupement ; le mandataire y déclare le groupement"
SOURCES = {
    "exclusion": "Rempli par Cordée à partir des déclarations sur l'honneur du membre",
    "selection": "Rempli par Cordée à partir de la fiche de la structure",
    "other": "Rempli par Cordée à partir du groupement et de la fiche de la structure",
}
BY_HAND = "À fournir par le membre : Cordée ne tient pas cette donnée"
INSURANCE_SOURCE = (
    "Rempli par Cordée si le montant garanti est indiqué sur l'attestation RC Pro (sinon à "
    "fournir par le membre)"
)


def sections_for(request: EspdRequest | None) -> list[ChecklistSection]:
    """The criteria of ``request``, or without one the default criteria Cordée fills, by kind."""
    if request is None:
        asked: Iterable[RequestedCriterion] = (
            RequestedCriterion(uuid=c.uuid, code=c.code, kind=c.kind, name=c.name)
            for c in (criteria.BY_CODE[code] for code in DEFAULTS)
        )
    else:
        asked = request.criteria
    items: dict[str, list[ChecklistItem]] = {kind: [] for kind in french.KIND_ORDER}
    for criterion in asked:
        items[criterion.kind].append(_item(criterion))
    return [
        ChecklistSection(kind=kind, title=french.kind_title(kind), items=items[kind])
        for kind in french.KIND_ORDER
        if items[kind]
    ]


def _item(criterion: RequestedCriterion) -> ChecklistItem:
    filled = criterion.code in FILLED
    return ChecklistItem(
        code=criterion.code,
        title=french.title(criterion.code),
        who=WHO_GROUP if criterion.code in criteria.GROUP_CODES else WHO[criterion.kind],
        filled_by_cordee=filled,
        source=_source(criterion),
        lots=[lot for lot in criterion.lots if lot != "LOT-0000"],
        requirements=[
            Requirement(description=value.description, value=value.text)
            for value in criterion.values
            if value.text and value.text not in criterion.lots
        ],
    )


def _source(criterion: RequestedCriterion) -> str:
    if criterion.code == INSURANCE:
        return INSURANCE_SOURCE
    return SOURCES[criterion.kind] if criterion.code in FILLED else BY_HAND


def by_hand(sections: list[ChecklistSection]) -> int:
    return sum(not item.filled_by_cordee for section in sections for item in section.items)
