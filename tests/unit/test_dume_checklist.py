"""The DUME checklist says « Rempli par Cordée » exactly for the criteria Cordée's responses
answer from a member's data, and « À fournir par le membre » for the others."""

from __future__ import annotations

from tenders.dume.checklist import FILLED, by_hand, sections_for
from tenders.espd import criteria
from tenders.espd.answers import answers_for
from tests.espd_support import consortium


def test_cordee_fills_exactly_the_criteria_its_responses_answer_from_data():
    members = list(consortium().values())
    answered = {
        c.code
        for c in criteria.CATALOGUE
        if c.kind == "exclusion" or any(answers_for(c, data) for data in members)
    }
    # The insurance among them: answered with the amount the member's RC Pro paper guarantees.
    assert answered == FILLED


def test_the_insurance_is_filled_by_cordee_from_the_amount_on_the_rc_pro_paper():
    selection = next(s for s in sections_for(None) if s.kind == "selection")
    insurance = next(i for i in selection.items if i.code == "indem-insu")
    assert insurance.filled_by_cordee
    assert insurance.title == "Assurance contre les risques professionnels"
    assert insurance.source.startswith(
        "Rempli par Cordée si le montant garanti est indiqué sur l'attestation RC Pro"
    )


def test_without_a_request_the_checklist_is_the_default_criteria_all_filled_by_cordee():
    sections = sections_for(None)
    assert [s.kind for s in sections] == ["exclusion", "selection", "other"]
    codes = [i.code for s in sections for i in s.items]
    assert codes == list(criteria.DEFAULT_CODES)
    assert by_hand(sections) == 0
    group = next(i for i in sections[2].items if i.code == "eo-group")
    assert group.title == "Opérateur économique participant avec d’autres"
    assert "le mandataire" in group.who
