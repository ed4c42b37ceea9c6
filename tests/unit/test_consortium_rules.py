"""The consortium rules (tenders.consortia.rules) and the French that says them
(tenders.consortia.wording), without a database.

The same small tender throughout: lots « 1 » and « 2 »; Alpha (1) leads, Bêta (2) is
co-traitant, Gamma (3) subcontracts for Alpha; Delta (4) exists and is in none of it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tenders.consortia import rules
from tenders.consortia.rules import (
    Code,
    Context,
    LotTotals,
    OtherConsortium,
    Problem,
    ShareRow,
    check_bank,
    check_composition,
    check_draft,
    check_respond_by,
    check_split,
    default_respond_by,
    engaged,
    is_frozen,
    level_of,
    lot_totals,
    may_leave,
    ready_to_submit,
    stored_role,
)
from tenders.consortia.schemas import (
    CompositionIn,
    CompositionMemberIn,
    ConsortiumIn,
    MemberIn,
    ShareIn,
)
from tenders.consortia.wording import FORM_LABELS, ROLE_LABELS, error_for, message
from tenders.errors import Conflict, Invalid

ALPHA, BETA, GAMMA, DELTA, NOBODY = 1, 2, 3, 4, 99
CONTEXT = Context(lot_keys=frozenset({"1", "2"}), existing=frozenset({1, 2, 3, 4}))
# Another consortium on the same tender, led by Delta, with Bêta invited in it.
RIVAL = OtherConsortium(id=7, lead_id=DELTA, engaged=frozenset({DELTA, BETA}))
R2142_23 = (
    "Cette structure est déjà mandataire d'un autre groupement pour cette consultation "
    "(article R2142-23 du code de la commande publique)."
)
R2142_21 = (
    "L'acheteur interdit à une structure de répondre dans plusieurs groupements, ou à la fois "
    "seule et en groupement (article R2142-21 du code de la commande publique) : une des "
    "structures répond déjà par ailleurs à cette consultation."
)


def member(organisation_id: int, role: str = "co_traitant", **extra: Any) -> CompositionMemberIn:
    return CompositionMemberIn(organisation_id=organisation_id, role=role, **extra)


def composition(**change: Any) -> CompositionIn:
    """The composition that follows every rule, with ``change`` applied."""
    values: dict[str, Any] = {
        "form": "conjoint",
        "lead_id": ALPHA,
        "members": [
            member(ALPHA, "mandataire", lots=["1"], services="Tonte et taille"),
            member(BETA, lots=["2"]),
            member(GAMMA, "sous_traitant", lots=["1"], subcontractor_of=ALPHA),
        ],
    }
    values.update(change)
    return CompositionIn(**values)


def with_member(index: int, **change: Any) -> CompositionIn:
    members = list(composition().members)
    old = members[index]
    members[index] = CompositionMemberIn(
        **{f: getattr(old, f) for f in old.__struct_fields__} | change
    )
    return composition(members=members)


def fields(problems: list[Problem]) -> dict[str, str]:
    """What the person reads next to each field (422)."""
    error = error_for(problems)
    assert isinstance(error, Invalid), error
    return error.fields


def clash(problems: list[Problem]) -> tuple[str, dict[str, str]]:
    """The sentence and the field messages of a conflict (409)."""
    error = error_for(problems)
    assert isinstance(error, Conflict), error
    return error.message, error.fields


# --- Composition: one failing and one passing case per rule --------------------------------


def as_params(cases: list[tuple[str, Any, dict[str, str]]]) -> list[Any]:
    """Rows (what the case breaks, the data, the message next to each field) as pytest
    parameters named by what they break."""
    return [pytest.param(data, messages, id=case) for case, data, messages in cases]


FORM = "Choisissez la forme du groupement : conjoint ou solidaire."
LEAD_OUTSIDE = "Le mandataire doit être l'un des membres du groupement."
ONE_LEAD = "Un groupement a un seul mandataire."
WORKS_FOR = "Un sous-traitant travaille pour un membre du groupement : indiquez lequel."
SERVICES_TOO_LONG = "La description des prestations dépasse 5 000 caractères."
TWICE = "Une structure figure deux fois dans le groupement."

# What each case breaks, the composition, and the message next to each field.
COMPOSITION_CASES = [
    ("the form is conjoint or solidaire", composition(form="ensemble"), {"form": FORM}),
    (
        "a structure appears once",
        composition(members=[*composition().members, member(BETA, lots=["2"])]),
        {"members": TWICE},
    ),
    ("the lead is a member", composition(lead_id=DELTA), {"lead_id": LEAD_OUTSIDE}),
    ("one lead only", with_member(1, role="mandataire"), {"lead_id": ONE_LEAD}),
    ("the member said to lead is the lead", composition(lead_id=BETA), {"lead_id": ONE_LEAD}),
    (
        "a known role",
        with_member(1, role="associé"),
        {"members": "Rôle inconnu : mandataire, co-traitant ou sous-traitant."},
    ),
    *(
        (f"a subcontractor {rule}", with_member(2, subcontractor_of=org), {"members": WORKS_FOR})
        for rule, org in (
            ("names whom it works for", None),
            ("does not work for itself", GAMMA),
            ("works for a member", DELTA),
        )
    ),
    (
        "lots of this tender",
        with_member(1, lots=["2", "3", "B"]),
        {"members": "Lot inconnu dans cette consultation : 3, B."},
    ),
    (
        "services within 5 000 characters",
        with_member(0, services="x" * 5001),
        {"members": SERVICES_TOO_LONG},
    ),
    (
        "structures that exist",
        composition(members=[*composition().members, member(NOBODY)]),
        {"members": "Une des structures n'existe pas."},
    ),
]


@pytest.mark.parametrize(("data", "expected"), as_params(COMPOSITION_CASES))
def test_a_composition_that_breaks_a_rule_says_which(
    data: CompositionIn, expected: dict[str, str]
) -> None:
    assert fields(check_composition(data, CONTEXT)) == expected


def test_the_composition_that_follows_every_rule_passes() -> None:
    assert check_composition(composition(), CONTEXT) == []
    for form in ("conjoint", "solidaire", "conjoint_solidaire"):
        assert check_composition(composition(form=form), CONTEXT) == []
    assert check_composition(with_member(0, services="x" * 5000), CONTEXT) == []
    # A member on no lot, and a subcontractor working for a co-traitant.
    assert check_composition(with_member(2, subcontractor_of=BETA, lots=[]), CONTEXT) == []
    # Only a sous-traitant names whom it works for; anybody else's answer is ignored.
    assert check_composition(with_member(1, subcontractor_of=NOBODY), CONTEXT) == []
    assert error_for([]) is None


def test_every_mistake_of_a_form_is_reported_at_once_the_last_one_per_field() -> None:
    data = composition(
        form="",
        lead_id=NOBODY,
        members=[member(ALPHA, "chef", lots=["9"]), member(ALPHA, services="x" * 5001)],
    )
    error = error_for(check_composition(data, CONTEXT))
    assert isinstance(error, Invalid)
    assert error.fields == {"form": FORM, "members": SERVICES_TOO_LONG, "lead_id": LEAD_OUTSIDE}
    # The fields in the order they were first found, as the summary reads them.
    assert error.message == "Le formulaire contient des erreurs : " + " ".join(
        error.fields.values()
    )
    assert list(error.fields) == ["form", "members", "lead_id"]


def test_a_structure_leads_one_consortium_per_tender_r2142_23() -> None:
    rival_led_by_alpha = OtherConsortium(id=7, lead_id=ALPHA, engaged=frozenset({ALPHA}))
    problems = check_composition(composition(), Context(**_ctx(others=(rival_led_by_alpha,))))
    assert problems == [Problem(Code.LEADS_ANOTHER, "lead_id", {"draft": False})]
    assert clash(problems) == (R2142_23, {"lead_id": "Déjà mandataire d'un autre groupement."})
    # Delta leading another consortium is no business of this one.
    assert check_composition(composition(), Context(**_ctx(others=(RIVAL,)))) == []


@pytest.mark.parametrize(
    ("one_only", "forbid_alone", "rival", "refused"),
    [
        pytest.param(False, False, RIVAL, False, id="the buyer allows it"),
        pytest.param(True, False, RIVAL, True, id="one consortium only"),
        pytest.param(False, True, RIVAL, True, id="not alone and in a consortium"),
        pytest.param(
            True,
            False,
            OtherConsortium(id=7, lead_id=DELTA, engaged=frozenset({DELTA})),
            False,
            id="Bêta declined the other consortium",
        ),
    ],
)
def test_when_the_buyer_forbids_it_a_structure_answers_once_r2142_21(
    one_only: bool, forbid_alone: bool, rival: OtherConsortium, refused: bool
) -> None:
    context = Context(
        **_ctx(others=(rival,), one_consortium_only=one_only, forbid_alone=forbid_alone)
    )
    problems = check_composition(composition(), context)
    if not refused:
        assert problems == []
        return
    assert problems[0].data["organisations"] == [BETA]
    assert clash(problems) == (
        R2142_21,
        {"members": "Structure déjà engagée dans une autre réponse."},
    )


def test_what_was_typed_is_reported_before_a_clash_and_r2142_23_before_r2142_21() -> None:
    rival = OtherConsortium(id=7, lead_id=ALPHA, engaged=frozenset({BETA}))
    context = Context(**_ctx(others=(rival,), one_consortium_only=True))
    assert [p.code for p in check_composition(composition(), context)] == [Code.LEADS_ANOTHER]
    assert [p.code for p in check_composition(composition(form="x"), context)] == [
        Code.FORM_UNKNOWN
    ]


def _ctx(**change: Any) -> dict[str, Any]:
    values = {"lot_keys": CONTEXT.lot_keys, "existing": CONTEXT.existing}
    return values | change


def test_the_lead_is_stored_as_mandataire_and_nobody_else() -> None:
    assert stored_role("co_traitant", ALPHA, ALPHA) == "mandataire"
    assert stored_role("mandataire", BETA, ALPHA) == "co_traitant"
    assert stored_role("sous_traitant", GAMMA, ALPHA) == "sous_traitant"


# --- Drafts from the matching proposal ------------------------------------------------------


def draft(lead_id: int = ALPHA, *members: tuple[int, list[str]]) -> ConsortiumIn:
    chosen = members or ((ALPHA, ["1"]), (BETA, ["2"]))
    return ConsortiumIn(lead_id=lead_id, members=[MemberIn(o, lots) for o, lots in chosen])


DRAFT_CASES = [
    (
        "at least one member",
        ConsortiumIn(lead_id=ALPHA, members=[]),
        {"members": "Un groupement compte au moins un membre.", "lead_id": LEAD_OUTSIDE},
    ),
    ("a structure appears once", draft(ALPHA, (ALPHA, ["1"]), (ALPHA, ["2"])), {"members": TWICE}),
    ("the lead is a member", draft(DELTA), {"lead_id": LEAD_OUTSIDE}),
    (
        "lots of this tender",
        draft(ALPHA, (ALPHA, ["1", "4"])),
        {"members": "Lot inconnu dans cette consultation : 4."},
    ),
    (
        "structures that exist",
        draft(ALPHA, (ALPHA, ["1"]), (NOBODY, ["2"])),
        {"members": "Une des structures proposées n'existe pas."},
    ),
]


@pytest.mark.parametrize(("data", "expected"), as_params(DRAFT_CASES))
def test_a_draft_that_breaks_a_rule_says_which(
    data: ConsortiumIn, expected: dict[str, str]
) -> None:
    assert fields(check_draft(data, CONTEXT)) == expected


def test_a_draft_follows_r2142_23_and_the_one_consortium_rule_r2142_21() -> None:
    assert check_draft(draft(), CONTEXT) == []
    assert check_draft(draft(), Context(**_ctx(others=(RIVAL,)))) == []
    led = clash(check_draft(draft(DELTA, (DELTA, ["1"])), Context(**_ctx(others=(RIVAL,)))))
    assert led == (
        "Cette structure est déjà mandataire d'un autre groupement pour cette consultation : "
        "une structure ne peut être mandataire que d'un seul groupement par consultation "
        "(article R2142-23 du code de la commande publique).",
        {"lead_id": "Déjà mandataire d'un autre groupement."},
    )
    one_only = Context(**_ctx(others=(RIVAL,), one_consortium_only=True))
    assert clash(check_draft(draft(), one_only)) == (
        "L'acheteur n'autorise qu'un seul groupement par membre, et une des structures "
        "appartient déjà à un autre groupement pour cette consultation.",
        {"members": "Structure déjà membre d'un autre groupement."},
    )
    # A draft is refused only for several consortia, as today: answering alone besides is
    # checked when the composition is set.
    assert check_draft(draft(), Context(**_ctx(others=(RIVAL,), forbid_alone=True))) == []
    assert check_draft(draft(ALPHA, (ALPHA, ["1"]), (GAMMA, [])), one_only) == []


# --- The split of each lot ------------------------------------------------------------------

CARRIED = {ALPHA: ["1"], BETA: ["2"], GAMMA: ["1"]}


def share(
    lot: str, org: int, amount: Any = None, percent: Any = None, services: str = ""
) -> ShareIn:
    return ShareIn(
        lot_key=lot, organisation_id=org, amount=amount, percent=percent, services=services
    )


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        pytest.param(
            [share("1", ALPHA, percent="60"), share("1", GAMMA, percent="30")],
            {"lot_1": "Lot 1 : les parts font 90,00 % au lieu de 100 %."},
            id="the percentages of a lot add up to 100",
        ),
        pytest.param(
            [share("1", ALPHA, percent="60,00005"), share("1", GAMMA, percent="40")],
            {
                "shares[0].percent": "Indiquez un pourcentage avec au plus 4 décimales, "
                "par exemple 33,5.",
                # The share that cannot be read counts for nothing in its lot.
                "lot_1": "Lot 1 : les parts font 40,00 % au lieu de 100 %.",
            },
            id="a percentage as a person writes it",
        ),
        pytest.param(
            [share("1", ALPHA, amount="douze"), share("1", GAMMA, amount="3")],
            {
                "shares[0].amount": "« douze » n'est pas un montant : indiquez un montant en "
                "euros en chiffres, par exemple 12 500,50."
            },
            id="an amount in figures",
        ),
        pytest.param(
            [share("1", DELTA, percent="100")],
            {"shares": "Une part est attribuée à une structure hors du groupement."},
            id="shares go to members",
        ),
        pytest.param(
            [share("2", ALPHA, percent="100")],
            {"shares": "Une part du lot 2 est attribuée à une structure qui ne porte pas ce lot."},
            id="a member has shares of the lots it carries",
        ),
        pytest.param(
            [share("1", ALPHA, amount="75000"), share("1", GAMMA)],
            {"lot_1": "Lot 1 : indiquez le montant ou le pourcentage de chaque membre."},
            id="amounts for every member when no percentage is given",
        ),
        pytest.param(
            [share("1", ALPHA, amount="0"), share("1", GAMMA, amount="0")],
            {"lot_1": "Lot 1 : indiquez le montant ou le pourcentage de chaque membre."},
            id="amounts that add up to something",
        ),
        pytest.param(
            [share("1", ALPHA, percent="75"), share("1", GAMMA, amount="25000")],
            {"lot_1": "Lot 1 : indiquez le pourcentage de chaque membre."},
            id="a percentage for every member once one is given",
        ),
        pytest.param(
            [share("1", ALPHA, percent="100", services="x" * 2001)],
            {"lot_1": "Lot 1 : la description des prestations dépasse 2 000 caractères."},
            id="services of a share within 2 000 characters",
        ),
    ],
)
def test_a_split_that_breaks_a_rule_says_which(
    shares: list[ShareIn], expected: dict[str, str]
) -> None:
    split = check_split(CARRIED, shares)
    assert fields(list(split.problems)) == expected


def test_percentages_follow_from_the_amounts_and_are_kept_to_four_decimals() -> None:
    split = check_split(
        CARRIED,
        [
            share("1", ALPHA, amount="75 000"),
            share("1", GAMMA, amount=Decimal("25000"), services="  Élagage "),
            share("2", BETA, amount="40000", percent="100"),
        ],
    )
    assert split.problems == ()
    assert split.rows == (
        ShareRow("1", ALPHA, Decimal("75000.00"), Decimal("75.0000"), ""),
        ShareRow("1", GAMMA, Decimal("25000.00"), Decimal("25.0000"), "Élagage"),
        ShareRow("2", BETA, Decimal("40000.00"), Decimal("100.0000"), ""),
    )
    thirds = check_split(CARRIED, [share("1", ALPHA, amount="1"), share("1", GAMMA, amount="2")])
    assert [r.percent for r in thirds.rows] == [Decimal("33.3333"), Decimal("66.6667")]
    # Within a hundredth of 100 % is 100 %.
    close = check_split(
        CARRIED, [share("1", ALPHA, percent="33,33"), share("1", GAMMA, percent="66,66")]
    )
    assert close.problems == ()
    assert check_split(CARRIED, []).rows == ()


def test_a_lot_in_error_does_not_stop_the_other_lots_being_checked() -> None:
    split = check_split(
        CARRIED,
        [
            share("1", ALPHA, percent="50"),
            share("2", BETA, percent="80"),
            share("1", DELTA, percent="50"),
        ],
    )
    assert fields(list(split.problems)) == {
        "shares": "Une part est attribuée à une structure hors du groupement.",
        "lot_1": "Lot 1 : les parts font 50,00 % au lieu de 100 %.",
        "lot_2": "Lot 2 : les parts font 80,00 % au lieu de 100 %.",
    }


def test_a_lot_is_complete_at_100_percent_to_the_hundredth() -> None:
    assert lot_totals([Decimal("75000.00"), Decimal("25000.00")], [Decimal(75), Decimal(25)]) == (
        LotTotals(Decimal("100000.00"), Decimal("100.00"), True)
    )
    assert lot_totals([None, None], [Decimal("33.3333"), Decimal("66.6667")]) == LotTotals(
        None, Decimal("100.00"), True
    )
    assert lot_totals([Decimal(10), None], [Decimal("60"), Decimal("30")]) == LotTotals(
        Decimal(10), Decimal("90.00"), False
    )


def test_the_bid_is_submitted_with_a_form_and_every_lot_split() -> None:
    assert ready_to_submit("conjoint", [["1"], ["2"], ["1"]], {"1", "2"}) == []
    assert clash(ready_to_submit("conjoint", [["1"], ["2"]], {"1"})) == (
        "Avant le dépôt, choisissez la forme du groupement et répartissez chaque lot entre ses "
        "membres (à faire : lot 2).",
        {},
    )
    without_form = (
        "Avant le dépôt, choisissez la forme du groupement et répartissez chaque lot entre ses "
        "membres.",
        {},
    )
    assert clash(ready_to_submit("", [["1"]], {"1"})) == without_form
    assert clash(ready_to_submit("solidaire", [[], []], set())) == without_form


# --- Membership, leaving, freezing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("invitation", "level", "takes_part"),
    [
        ("none", None, True),
        ("pending", "invited", True),
        ("accepted", "member", True),
        ("declined", None, False),
        (None, None, True),
    ],
)
def test_what_a_structure_gets_from_its_membership(
    invitation: str | None, level: str | None, takes_part: bool
) -> None:
    assert level_of(invitation) == level
    if invitation is not None:
        assert engaged(invitation) is takes_part


def test_the_lead_cannot_leave_the_others_can() -> None:
    assert may_leave(BETA, ALPHA) == []
    assert may_leave(BETA, None) == []
    assert clash(may_leave(ALPHA, ALPHA)) == (
        "Le mandataire ne peut pas quitter le groupement : désignez d'abord un autre mandataire.",
        {},
    )


@pytest.mark.parametrize(
    ("submitted_at", "tender_status", "frozen"),
    [
        (None, "en_preparation", False),
        (None, "go", False),
        (date(2026, 3, 1), "en_preparation", True),
        (None, "deposee", True),
        (None, "gagnee", True),
        (None, "perdue", True),
        (None, "sans_suite", True),
    ],
)
def test_the_composition_freezes_once_submitted_or_closed_r2142_26(
    submitted_at: date | None, tender_status: str, frozen: bool
) -> None:
    assert is_frozen(submitted_at, tender_status) is frozen


# --- Bank details and invitations -----------------------------------------------------------


def test_bank_details_are_checked_and_kept_compact() -> None:
    ok = check_bank("fr76 3000 6000 0112 3456 7890 189", "ccbp frpp lil")
    assert (ok.iban, ok.bic, ok.problems) == ("FR7630006000011234567890189", "CCBPFRPPLIL", ())
    assert check_bank("", "").problems == ()
    wrong = check_bank("FR76 3000 6000 0112 3456 7890 188", "CCBP")
    assert fields(list(wrong.problems)) == {
        "iban": "Cet IBAN n'est pas valide : vérifiez-le sur votre RIB.",
        "bic": "Ce BIC n'est pas valide (8 ou 11 caractères, par exemple CCBPFRPPLIL).",
    }


def test_an_invitation_is_answered_within_three_days_and_before_the_deadline() -> None:
    today = date(2026, 3, 2)
    assert default_respond_by(today, None) == date(2026, 3, 5)
    assert default_respond_by(today, date(2026, 3, 30)) == date(2026, 3, 5)
    assert default_respond_by(today, date(2026, 3, 6)) == date(2026, 3, 4)
    assert default_respond_by(today, date(2026, 3, 3)) == today
    assert check_respond_by(today, today) == []
    assert fields(check_respond_by(date(2026, 3, 1), today)) == {
        "respond_by": "La date de réponse ne peut pas être passée."
    }


def test_every_problem_has_its_french_sentence() -> None:
    data: dict[str, Any] = {
        "lots": ["1"],
        "limit": 5000,
        "draft": False,
        "buyer_forbids": "several_answers",
        "message": "Indiquez un montant.",
        "lot": "1",
        "total": Decimal("90.00"),
    }
    for code in Code:
        sentence = message(Problem(code, "x", data))
        assert sentence[0].isupper() and sentence.endswith("."), (code, sentence)


def test_every_form_and_role_the_rules_accept_has_its_label() -> None:
    assert tuple(FORM_LABELS) == rules.FORMS
    assert tuple(ROLE_LABELS) == rules.ROLES
