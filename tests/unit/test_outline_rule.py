"""The mémoire's default outline gives each part to a structure that can write it."""

from __future__ import annotations

from tenders.consortia.rules import OutlineMember, default_outline
from tenders.consortia.wording import invited, outline_kept

TITLES = ("Présentation du groupement", "Moyens humains", "Planning")


def _member(
    org: int, name: str, role: str = "co_traitant", reachable: bool = True
) -> OutlineMember:
    return OutlineMember(org, name, role, reachable)


def test_the_lead_writes_the_common_parts_and_each_member_its_presentation() -> None:
    outline = default_outline(TITLES, [_member(1, "Poinfor", "mandataire"), _member(2, "Capep")])
    assert outline.parts == (
        ("Présentation du groupement", 1),
        ("Présentation de Poinfor", 1),
        ("Présentation de Capep", 2),
        ("Moyens humains", 1),
        ("Planning", 1),
    )
    assert outline.kept == () and outline_kept(outline.kept) == ""


def test_a_lead_nobody_can_write_for_leaves_its_parts_with_the_coordination() -> None:
    members = [_member(1, "Espoir Avenir", "mandataire", reachable=False), _member(2, "Capep")]
    outline = default_outline(TITLES, members)
    given = [assignee for _, assignee in outline.parts]
    assert given == [None, None, 2, None, None]
    assert outline.kept == ("Espoir Avenir",)
    assert outline_kept(outline.kept).startswith(
        "Les parties de Espoir Avenir restent à la coordination, personne ne pouvant les écrire"
    )


def test_without_a_lead_the_coordination_keeps_the_common_parts() -> None:
    outline = default_outline(TITLES, [_member(2, "Capep"), _member(3, "Aril", reachable=False)])
    assert outline.parts[0] == ("Présentation du groupement", None)
    assert dict(outline.parts)["Présentation de Aril"] is None
    assert outline.kept == ("Aril",)


def test_the_invitation_message_counts_the_structures_mailed_and_names_the_others() -> None:
    assert invited(0, []) == "Toutes les structures ont déjà été invitées."
    assert invited(1, []) == "Invitation envoyée à 1 structure."
    both = invited(2, ["Espoir Avenir"])
    assert both.startswith("Invitation envoyée à 2 structures. Espoir Avenir n'a reçu aucun e-mail")
    none = invited(0, ["Aril", "Espoir Avenir"])
    assert none.startswith("Aucun e-mail envoyé : Aril et Espoir Avenir n'ont pas de directeur")
