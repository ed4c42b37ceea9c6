"""Whether a notice fits the collective's watch profile: keywords, CPV codes, days left,
reserved contracts, kinds and places, each refusal saying why in French."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest

from tenders.notices import NoticeDraft, read_notice
from tenders.watch.fit import Profile, covered, judge
from tests.watch_support import boamp_record, eforms_notice

NOW = datetime(2026, 12, 3, 7, 0, tzinfo=UTC)


def boamp(**fields: Any) -> NoticeDraft:
    return read_notice(json.dumps(boamp_record(1, **fields)).encode())


def eforms(**fields: Any) -> NoticeDraft:
    return read_notice(eforms_notice("F-1", **fields))


def test_an_empty_profile_lets_everything_in() -> None:
    assert judge(boamp(objet="Nettoyage"), Profile(), NOW).fits
    assert judge(boamp(deadline=None), Profile(), NOW).fits


def test_keywords_decide_when_boamp_gives_no_code() -> None:
    profile = Profile(cpv_codes=("77310000",), keywords=("Espaces verts", "insertion"))
    fit = judge(boamp(objet="Entretien des ESPACES VERTS"), profile, NOW)
    assert fit.fits and fit.keywords == ["Espaces verts"]
    refused = judge(boamp(objet="Nettoyage des locaux"), profile, NOW)
    assert refused.reason == (
        "L'avis ne donne aucun code CPV et ne contient aucun mot-clé du profil."
    )


def test_a_keyword_in_a_lot_counts() -> None:
    draft = eforms(title="Marché global", description="Divers travaux.")
    profile = Profile(keywords=("espaces verts",))
    assert judge(draft, profile, NOW).fits is False
    lot = msgspec.structs.replace(draft.lots[0], title="Lot 1 : espaces verts")
    with_lot = msgspec.structs.replace(draft, lots=[lot])
    assert judge(with_lot, profile, NOW).keywords == ["espaces verts"]


@pytest.mark.parametrize(
    ("watched", "code", "fits"),
    [
        ("85300000", "85311300", True),  # a group covers the codes below it
        ("85300000", "85300000", True),
        ("85300000", "85200000", False),
        ("90910000", "90911200", True),
        ("90911200", "90910000", False),  # never upwards
    ],
)
def test_a_profile_code_covers_the_codes_below_it(watched: str, code: str, fits: bool) -> None:
    assert bool(covered([code], [watched])) is fits
    profile = Profile(cpv_codes=(watched,))
    fit = judge(eforms(cpv=code, title="Prestations"), profile, NOW)
    assert fit.fits is fits
    if not fits:
        assert fit.reason == "Aucun code CPV de l'avis n'est suivi par le profil."


def test_codes_or_keywords_one_of_either_is_enough() -> None:
    profile = Profile(cpv_codes=("90910000",), keywords=("espaces verts",))
    assert judge(eforms(cpv="90911200", title="Nettoyage"), profile, NOW).fits
    assert judge(eforms(cpv="45000000", title="Espaces verts"), profile, NOW).fits
    refused = judge(eforms(cpv="45000000", title="Voirie"), profile, NOW)
    assert refused.reason == "Ni mot-clé ni code CPV du profil dans l'avis."
    only_words = judge(eforms(title="Voirie"), Profile(keywords=("espaces verts",)), NOW)
    assert only_words.reason == "Aucun mot-clé du profil dans l'avis."


def test_days_left_before_the_deadline() -> None:
    profile = Profile(min_days_left=10)
    soon = judge(boamp(deadline="2026-12-10T12:00:00+01:00"), profile, NOW)
    assert soon.reason == (
        "Remise des offres le 10 décembre 2026, dans 7 jours : le profil demande au moins 10 jours."
    )
    assert judge(boamp(deadline="2026-12-13T12:00:00+01:00"), profile, NOW).fits
    assert judge(boamp(deadline=None), profile, NOW).fits  # no deadline: it fits
    past = judge(boamp(deadline="2026-12-01T12:00:00+01:00"), Profile(), NOW)
    assert past.reason == "La date limite de remise des offres (1er décembre 2026) est déjà passée."


def test_reserved_only_wants_the_notice_or_a_lot_reserved() -> None:
    profile = Profile(reserved_only=True)
    refused = judge(eforms(), profile, NOW)
    assert refused.reason == "Marché non réservé : le profil ne suit que les marchés réservés."
    assert judge(eforms(reserved="res-pub-ser"), profile, NOW).fits


def test_kinds_and_places_when_the_notice_states_them() -> None:
    profile = Profile(kinds=frozenset({"works"}), departements=frozenset({"59", "62"}))
    kind = judge(boamp(departements=["59"]), profile, NOW)
    assert kind.reason == "Nature hors profil : services (le profil suit : travaux)."
    place = judge(boamp(kind="TRAVAUX", departements=["13"]), profile, NOW)
    assert place.reason == "Lieu d'exécution hors profil : 13 (le profil suit : 59, 62)."
    assert judge(boamp(kind="TRAVAUX", departements=[]), profile, NOW).fits  # not stated


def test_a_profile_row_is_read() -> None:
    row = {
        "cpv_codes": ["77310000"],
        "departements": ["69"],
        "kinds": ["services"],
        "reserved_only": False,
        "keywords": ["espaces verts"],
        "min_days_left": 5,
    }
    profile = Profile.of_row(row)
    assert profile.min_days_left == 5 and profile.kinds == frozenset({"services"})
    assert Profile.of_row(None) == Profile()
