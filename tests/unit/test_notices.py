"""Reading procurement notices: eForms (the EU's official examples), BOAMP and OCDS (our own
fixtures), and every file that must be refused, with the French reason a person sees."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tenders.errors import DomainError
from tenders.notices import MAX_NOTICE_BYTES, NoticeDraft, NoticeError, read_notice
from tenders.notices.nuts import (
    DEPARTEMENTS,
    NUTS3_2021,
    departement_of_postcode,
    departements_of_nuts,
)
from tenders.notices.values import parse_amount
from tests.conftest import shared_data

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notices"
# The EU Publications Office's examples live beside the repository (CI has them); the
# project itself never reads them.
EFORMS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "eforms"

PARIS = ZoneInfo("Europe/Paris")
HOUR_UNKNOWN = (
    "L'avis ne donne que la date de remise des offres ({day}), sans l'heure : vérifiez "
    "l'heure dans le règlement de la consultation. D'ici là, les rappels la comptent le "
    "matin, à 9 h 00."
)
FOREIGN = "Cet avis semble étranger ({where}) : vérifiez que le collectif peut y répondre."
UNKNOWN_FORMAT = (
    "Ce fichier n'est ni un avis eForms (XML), ni un enregistrement BOAMP (JSON), "
    "ni une publication OCDS (JSON)."
)
ENTITY_REFUSED = "Le fichier contient une déclaration d'entité XML : il est refusé par sécurité."
AWARD = "Ce fichier est un avis d'attribution, pas un avis de marché."
SHELTERED = (
    "{where} est réservé aux ateliers protégés : vérifiez s'il vise les entreprises adaptées "
    "et ESAT (L2113-12) ou aussi les structures d'insertion (L2113-13)."
)


def offset(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


def eforms(name: str) -> bytes:
    return shared_data(EFORMS / name)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def as_json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()


def refused(data: bytes) -> str:
    """The French reason ``read_notice`` gives, checking it is the 422 NoticeError."""
    with pytest.raises(NoticeError) as caught:
        read_notice(data)
    error = caught.value
    assert isinstance(error, DomainError)
    assert error.status_code == 422
    assert error.fields == {"file": error.message}
    return error.message


def boamp(**fields: Any) -> bytes:
    record: dict[str, Any] = {
        "idweb": "25-1000",
        "objet": "Nettoyage des vitres de la médiathèque",
        "nomacheteur": "Ville de Bruay-sur-l'Escaut-Nord",
        "datelimitereponse": "2025-05-15T12:00:00",
        "nature_libelle": "Avis de marché",
        "etat": "INITIAL",
    }
    record.update(fields)
    return as_json({k: v for k, v in record.items() if v is not None})


# --- eForms: the five official examples ------------------------------------------------


def test_the_minimal_eforms_notice() -> None:
    draft = read_notice(eforms("cn_24_minimal.xml"))

    assert draft.source == "eforms"
    assert draft.source_id == "4805c409-5939-4be9-8abd-837f7a5fee23"  # ContractFolderID
    assert draft.notice_version == "f42be27e-09cf-4f0e-a745-63ec689631e6-01"
    assert draft.title == (
        "Provision of IT Services Related to OP IT Systems (EUR-Lex, N-Lex, Search Layer, "
        "and Others)"
    )
    assert draft.description.startswith("Provision of IT services related to")
    assert "\n" not in draft.description and "\t" not in draft.description
    assert draft.buyer_name == "Publications Office of the European Union"
    assert draft.buyer_siret is None
    assert (draft.procedure, draft.procedure_label) == ("ouvert", "Appel d'offres ouvert")
    assert draft.kind == "services"
    assert draft.cpv_codes == ["72230000"]
    assert draft.nuts == ["FRD22"]
    assert draft.departements == ["76"]
    assert draft.offers_deadline == datetime(2020, 2, 4, 10, 0, tzinfo=offset(2))
    assert draft.offers_deadline.utcoffset() == timedelta(hours=2)
    assert draft.questions_deadline is None
    assert draft.reserved == "none"
    assert draft.duration_months == 48
    assert draft.url == "https://etendering.ted.europa.eu/cft/cft-display.html?cftId=5629"
    assert draft.languages == ["en"]
    # Performed in Seine-Maritime, bought by the Publications Office in Luxembourg (BT-514).
    assert (draft.countries, draft.buyer_country) == (["FR"], "LU")
    assert draft.warnings == [FOREIGN.format(where="acheteur : Luxembourg")]
    [lot] = draft.lots
    assert lot.key == "LOT-0000"
    assert (lot.cpv_codes, lot.departements, lot.duration_months) == (["72230000"], ["76"], 48)


def test_an_open_procedure_with_an_estimated_value() -> None:
    draft = read_notice(eforms("cn_24_open.xml"))

    assert draft.title.startswith("Term Contract for a Planned Programme of In-service")
    assert draft.buyer_name == "Renfrewshire Council"
    assert draft.reference == "RC-CPU-19-065"
    assert draft.procedure == "ouvert"
    assert draft.cpv_codes == ["71630000", "71314100", "50300000", "31600000"]
    assert (draft.estimated_value, draft.currency) == (Decimal("500000"), "EUR")
    # Performed in Scotland: no NUTS code, no French département; and the notice says so.
    assert (draft.nuts, draft.departements) == ([], [])
    assert FOREIGN.format(where="lieu d'exécution : Royaume-Uni ; acheteur : Royaume-Uni") in (
        draft.warnings
    )
    assert draft.offers_deadline == datetime(2020, 4, 3, 12, 0, tzinfo=offset(1))
    assert draft.duration_months == 36
    assert len(draft.lots) == 1
    # One lot: the procedure's value is the lot's.
    assert draft.lots[0].estimated_value == Decimal("500000")


def test_the_french_notice_is_read_in_french() -> None:
    draft = read_notice(eforms("cn_24_FRA_comments.xml"))

    assert draft.title == "Service d'entretien de remise en état et de nettoyage des espaces verts"
    assert draft.buyer_name == "Rouen Habitat"
    assert draft.buyer_siret is None  # « 123 456 789 » is no SIRET
    assert draft.reference == "19S0001"
    assert draft.languages == ["fr"]
    assert [(lot.key, lot.title) for lot in draft.lots] == [
        ("LOT-0001", "Agence centre"),
        ("LOT-0002", "Agence Hauts de Rouen"),
    ]
    assert draft.cpv_codes == ["77310000"]
    assert draft.departements == ["76"]  # FRD22, Seine-Maritime
    # « 2019-06-24Z » and « 16:00:00Z »: UTC, kept as such.
    assert draft.offers_deadline == datetime(2019, 6, 24, 16, 0, tzinfo=UTC)
    assert draft.offers_deadline.utcoffset() == timedelta(0)
    # Planned from 1 September 2019 to 31 December 2020.
    assert [lot.duration_months for lot in draft.lots] == [16, 16]
    assert draft.url == "https://www.marches-publics.info/accueil.htm"
    assert draft.warnings == []


def test_social_services_notice() -> None:
    draft = read_notice(eforms("cn-social_24.xml"))

    assert draft.title == "Secure Care Services"
    assert draft.buyer_name == "Scotland Excel"
    assert (draft.procedure, draft.procedure_label) == (
        "autre",
        "Autre procédure en une seule étape",
    )
    # 85311300 is listed twice in the notice: kept once.
    assert draft.cpv_codes == ["85311300", "85310000", "85300000", "85000000", "80000000"]
    assert draft.offers_deadline == datetime(2020, 1, 6, 12, 0, tzinfo=offset(1))
    assert draft.reserved == "none"
    assert draft.url.startswith("https://www.publiccontractsscotland.gov.uk/")


def test_the_maximal_notice_has_several_lots_and_a_reserved_one() -> None:
    draft = read_notice(eforms("cn_24_maximal.xml"))

    # The group of lots GLO-0001 is not a lot.
    assert [lot.key for lot in draft.lots] == ["LOT-0001", "LOT-0002"]
    assert [lot.title for lot in draft.lots] == ["Title ---", "Title Lot 2---"]
    assert [lot.reserved for lot in draft.lots] == ["ess", "none"]  # res-pub-ser, none
    assert draft.reserved == "ess"
    assert draft.notice_version == "14549263-b47b-4e59-96a1-2d0d13e19343-03"
    assert draft.procedure == "negociee"
    assert draft.cpv_codes == ["79710000", "79720000", "75121000"]
    assert [lot.cpv_codes for lot in draft.lots] == [["75121000"], ["75121000"]]
    assert draft.nuts == ["LU000"]
    assert draft.departements == []
    assert draft.estimated_value == Decimal("9999999.99")
    assert [lot.estimated_value for lot in draft.lots] == [Decimal("9999999.99")] * 2
    # A negotiated procedure: candidatures first, and the notice says so.
    assert draft.offers_deadline == datetime(2023, 5, 22, 20, 59, 32, tzinfo=offset(1))
    assert draft.questions_deadline == datetime(2023, 5, 20, 20, 59, 32, tzinfo=offset(1))
    assert (
        "L'avis ne donne pas de date limite de remise des offres : la date limite de "
        "réception des candidatures est retenue."
    ) in draft.warnings
    assert draft.url == "http://nonrestricteddocuments.com"  # BT-15 before BT-615


def _many_lots(count: int) -> bytes:
    """The maximal notice with ``count`` copies of its first lot, each valued 9,999,999.99 €
    like the procedure (BT-27 of the notice)."""
    data = eforms("cn_24_maximal.xml")
    start = data.index(b'<cac:ProcurementProjectLot>\n\t\t<cbc:ID schemeName="Lot">LOT-0001')
    end = data.index(b"</cac:ProcurementProjectLot>", start) + len(b"</cac:ProcurementProjectLot>")
    lot = data[start:end]
    copies = b"\n\t".join(
        lot.replace(b">LOT-0001<", f">LOT-{n:04d}<".encode()) for n in range(1, count + 1)
    )
    second = data.index(b"<cac:ProcurementProjectLot>", end)
    second_end = data.index(b"</cac:ProcurementProjectLot>", second) + len(
        b"</cac:ProcurementProjectLot>"
    )
    return data[:start] + copies + data[end:second] + data[second_end:]


def test_the_total_the_notice_states_wins_over_the_sum_of_its_lots() -> None:
    draft = read_notice(_many_lots(100))
    assert len(draft.lots) == 100
    assert all(lot.estimated_value == Decimal("9999999.99") for lot in draft.lots)
    assert (draft.estimated_value, draft.currency) == (Decimal("9999999.99"), "EUR")


def test_the_framework_maximum_is_the_total_when_no_estimate_is_given() -> None:
    estimate = (
        b'<cbc:EstimatedOverallContractAmount currencyID="EUR">9999999.99'
        b"</cbc:EstimatedOverallContractAmount>\n\t\t</cac:RequestedTenderTotal>\n\t\t"
        b"<cac:MainCommodityClassification>"
    )
    data = eforms("cn_24_maximal.xml")
    assert data.count(estimate) == 1  # the procedure's own BT-27
    framework = (
        b"<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>"
        b'<efbc:FrameworkMaximumAmount currencyID="EUR">12000000</efbc:FrameworkMaximumAmount>'
        b"</efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension>"
        b"</ext:UBLExtensions>\n\t\t</cac:RequestedTenderTotal>\n\t\t"
        b"<cac:MainCommodityClassification>"
    )
    assert read_notice(data.replace(estimate, framework)).estimated_value == Decimal("12000000")
    # Neither: the sum of the lots.
    nothing = b"</cac:RequestedTenderTotal>\n\t\t<cac:MainCommodityClassification>"
    assert read_notice(data.replace(estimate, nothing)).estimated_value == Decimal("19999999.98")


def test_french_is_preferred_among_languages_else_the_first() -> None:
    original = eforms("cn_24_FRA_comments.xml")
    french = '<cbc:Name languageID="FRA">Service d\'entretien'
    english_first = original.replace(
        french.encode(),
        ('<cbc:Name languageID="ENG">Green spaces maintenance</cbc:Name>\n\t\t' + french).encode(),
        1,
    )
    assert read_notice(english_first).title.startswith("Service d'entretien")

    no_french = english_first.replace(b'languageID="FRA">Service', b'languageID="DEU">Service', 1)
    assert read_notice(no_french).title == "Green spaces maintenance"


def test_a_valid_siret_of_the_buyer_is_kept() -> None:
    data = eforms("cn_24_FRA_comments.xml").replace(
        b"<cbc:CompanyID>123 456 789</cbc:CompanyID>",
        b"<cbc:CompanyID>215 909 995 00015</cbc:CompanyID>",
        1,
    )
    assert read_notice(data).buyer_siret == "21590999500015"


def test_sheltered_workshops_follow_the_words_of_the_notice() -> None:
    reserved = eforms("cn_24_FRA_comments.xml").replace(
        b'listName="reserved-procurement">none<', b'listName="reserved-procurement">res-ws<', 1
    )
    draft = read_notice(reserved)
    assert [lot.reserved for lot in draft.lots] == ["disability", "none"]
    assert SHELTERED.format(where="Le lot LOT-0001") in draft.warnings

    insertion = reserved.replace(
        b'<cbc:Note languageID="FRA">Il est ici',
        '<cbc:Note languageID="FRA">Ce lot est réservé aux structures d\'insertion par '
        "l'activité économique (article L. 2113-13). Il est ici".encode(),
        1,
    )
    draft = read_notice(insertion)
    assert [lot.reserved for lot in draft.lots] == ["insertion", "none"]
    assert draft.reserved == "insertion"
    assert not any("ateliers protégés" in w for w in draft.warnings)


def test_a_deadline_without_time_keeps_its_date_and_says_the_hour_is_unknown() -> None:
    data = eforms("cn_24_minimal.xml").replace(b"<cbc:EndTime>10:00:00+02:00</cbc:EndTime>", b"")
    draft = read_notice(data)
    assert draft.offers_time_unknown is True
    # Kept on its day, in the morning (9:00 in Paris) so that no countdown promises more.
    assert draft.offers_deadline == datetime(2020, 2, 4, 9, 0, tzinfo=PARIS)
    assert HOUR_UNKNOWN.format(day="4 février 2020") in draft.warnings
    assert read_notice(eforms("cn_24_minimal.xml")).offers_time_unknown is False


def test_a_notice_without_lots_becomes_one_lot() -> None:
    data = eforms("cn_24_minimal.xml")
    start = data.index(b"<cac:ProcurementProjectLot>")
    end = data.index(b"</cac:ProcurementProjectLot>") + len(b"</cac:ProcurementProjectLot>")
    draft = read_notice(data[:start] + data[end:])

    [lot] = draft.lots
    assert lot.key == "1"
    assert lot.title == draft.title
    assert (lot.cpv_codes, lot.nuts, lot.departements) == (["72230000"], ["FRD22"], ["76"])
    assert draft.offers_deadline is None
    assert "La date limite de remise des offres n'a pas été trouvée dans l'avis." in draft.warnings


# --- BOAMP ----------------------------------------------------------------------------


def test_a_mapa_for_green_spaces_with_a_reserved_lot() -> None:
    draft = read_notice(fixture("boamp_mapa_espaces_verts.json"))

    assert draft.source == "boamp"
    assert (draft.source_id, draft.notice_version) == ("25-4117", "INITIAL")
    assert draft.reference == "2025-EV-03"
    assert draft.title == "Entretien des espaces verts communautaires (3 lots)"
    assert draft.description.startswith("Tonte, taille des haies, désherbage")
    assert draft.buyer_name == "Communauté de communes des Deux Rivières"
    assert draft.buyer_siret == "20006743700018"  # written « 200 067 437 00018 »
    assert (draft.procedure, draft.procedure_label) == ("mapa", "Procédure adaptée")
    assert draft.kind == "services"
    # BOAMP's keywords (« 130 », « Espaces verts ») are not CPV codes.
    assert draft.cpv_codes == ["77310000", "77313000", "77314000", "77312000"]
    assert (draft.departements, draft.nuts) == (["59"], [])
    assert (draft.estimated_value, draft.currency) == (Decimal("250000.00"), "EUR")
    # « 2025-01-20T12:00:00 » carries no offset: Paris, winter time.
    assert draft.offers_deadline == datetime(2025, 1, 20, 12, 0, tzinfo=PARIS)
    assert draft.offers_deadline.utcoffset() == timedelta(hours=1)
    assert draft.questions_deadline is None
    assert draft.reserved == "insertion"
    assert draft.social_clause == (
        "Une clause sociale d'insertion impose 1 200 heures d'insertion réservées à des "
        "personnes éloignées de l'emploi."
    )
    assert draft.duration_months == 36
    assert draft.url == "https://marches.deux-rivieres.example/profil"
    assert draft.languages == ["fr"]
    assert draft.warnings == [
        "Le fichier contient 2 avis : seul le premier (25-4117) a été lu.",
        "Le code CPV 7731000 du lot 2 n'a pas pu être lu.",
    ]

    assert [lot.key for lot in draft.lots] == ["1", "2", "3"]
    assert [lot.title for lot in draft.lots] == [
        "Secteur nord : parcs et cimetières",
        "Secteur sud : abords de voirie",
        "Désherbage manuel des voiries communautaires",
    ]
    assert [lot.cpv_codes for lot in draft.lots] == [["77313000"], ["77314000"], ["77312000"]]
    assert [lot.estimated_value for lot in draft.lots] == [
        Decimal("120000.00"),  # « 120 000,00 € HT »
        Decimal("85000.00"),
        Decimal("45000.00"),
    ]
    assert [lot.reserved for lot in draft.lots] == ["none", "none", "insertion"]
    assert [lot.duration_months for lot in draft.lots] == [36, 36, 24]
    assert all(lot.departements == ["59"] for lot in draft.lots)


def test_a_works_notice_in_the_records_wrapper() -> None:
    draft = read_notice(fixture("boamp_travaux_fnsimple.json"))

    assert draft.source_id == "25-61830"
    assert draft.title == "Réaménagement de la rue Jean-Jaurès"
    assert draft.kind == "works"
    assert (draft.procedure, draft.procedure_label) == ("ouvert", "Appel d'offres ouvert")
    assert draft.buyer_siret == "21620510400013"
    # 45233142-6 has its right key; 45233140-9 has not (45233140-2).
    assert draft.cpv_codes == ["45233142", "45112500"]
    assert draft.warnings == ["Le code CPV 45233140-9 de l'avis n'a pas pu être lu."]
    assert (draft.nuts, draft.departements) == (["FRE12"], ["62"])
    assert draft.estimated_value == Decimal("1250000.00")
    # Summer time: « 2025-07-04T12:00:00 » is 12:00 in Paris, +02:00.
    assert draft.offers_deadline == datetime(2025, 7, 4, 12, 0, tzinfo=offset(2))
    assert draft.offers_deadline.utcoffset() == timedelta(hours=2)
    assert "800 heures d'insertion" in draft.social_clause
    assert draft.duration_months == 10
    # « javascript:alert(1) » is skipped for the next link.
    assert draft.url == "https://www.marches-publics.example/consultation/2025-TRX-12"
    [lot] = draft.lots  # no lots in the notice: one lot « 1 » carries its values
    assert lot.key == "1"
    assert lot.cpv_codes == ["45233142", "45112500"]
    assert (lot.departements, lot.estimated_value) == (["62"], Decimal("1250000.00"))


def test_an_eforms_notice_relayed_by_boamp() -> None:
    draft = read_notice(fixture("boamp_eforms_blanchisserie.json"))

    assert draft.notice_version == "RECTIFICATIF"
    assert "Cet avis est un rectificatif : vérifiez sur boamp.fr ce qu'il modifie." in (
        draft.warnings
    )
    assert draft.buyer_siret == "25620180700029"
    assert draft.cpv_codes == ["98310000", "98311000", "98311100"]
    assert draft.departements == ["59", "62"]  # code_departement, as BOAMP lists them
    assert draft.offers_deadline == datetime(2025, 3, 14, 11, 0, tzinfo=UTC)
    assert [lot.key for lot in draft.lots] == ["LOT-0001", "LOT-0002"]
    assert [lot.reserved for lot in draft.lots] == ["disability", "none"]
    assert draft.reserved == "disability"
    # 4 years planned, not the 6 months offers stay valid.
    assert [lot.duration_months for lot in draft.lots] == [48, 48]
    assert [lot.departements for lot in draft.lots] == [["59"], ["59"]]
    assert draft.estimated_value == Decimal("640000.00")


@pytest.mark.parametrize(
    ("naive", "hours"),
    [
        ("2025-03-29T12:00:00", 1),  # the day before summer time
        ("2025-03-30T12:00:00", 2),  # the first day of summer time
        ("2025-10-25T23:30:00", 2),
        ("2025-10-26T12:00:00", 1),  # back to winter time
    ],
)
def test_a_naive_boamp_deadline_is_paris_time(naive: str, hours: int) -> None:
    deadline = read_notice(boamp(datelimitereponse=naive)).offers_deadline
    assert deadline is not None
    assert deadline.replace(tzinfo=None) == datetime.fromisoformat(naive)
    assert deadline.utcoffset() == timedelta(hours=hours)


def test_a_boamp_deadline_with_an_offset_keeps_it() -> None:
    deadline = read_notice(boamp(datelimitereponse="2025-09-29T12:00:00.000+02:00"))
    assert deadline.offers_deadline == datetime(2025, 9, 29, 12, 0, tzinfo=offset(2))


@pytest.mark.parametrize(
    "written",
    [
        "2025-05-15T00:00:00+00:00",  # how the DILA's open data writes a date alone
        "2025-05-15T00:00:00Z",
        "2025-05-15T00:00:00+02:00",
        "2025-05-15T00:00:00",
        "2025-05-15T00:00",
        "2025-05-15",
    ],
)
def test_a_boamp_deadline_that_is_a_date_only(written: str) -> None:
    draft = read_notice(boamp(datelimitereponse=written))
    assert draft.offers_deadline is not None
    # The date is the notice's; the hour is unknown, not « 1 h 00 » or « 2 h 00 ».
    assert draft.offers_deadline.astimezone(PARIS).date() == datetime(2025, 5, 15).date()
    assert draft.offers_time_unknown is True
    assert HOUR_UNKNOWN.format(day="15 mai 2025") in draft.warnings


def test_a_boamp_deadline_with_its_hour_is_not_a_date_only() -> None:
    draft = read_notice(boamp(datelimitereponse="2025-05-15T10:00:00+00:00"))
    assert draft.offers_deadline == datetime(2025, 5, 15, 12, 0, tzinfo=PARIS)
    assert draft.offers_time_unknown is False
    assert not any("sans l'heure" in w for w in draft.warnings)


def test_a_deadline_already_past_is_pointed_out() -> None:
    now = datetime(2025, 5, 15, 15, 0, tzinfo=PARIS)
    past = "La date limite de remise des offres ({when}) est déjà passée : cet avis n'est "
    past += "peut-être plus d'actualité."
    late = read_notice(boamp(datelimitereponse="2025-05-15T12:00:00"), now=now)
    assert past.format(when="15 mai 2025 à 12 h 00") in late.warnings
    # Known by its date only: past from the next day, not at 9:00 on the day itself.
    today = read_notice(boamp(datelimitereponse="2025-05-15"), now=now)
    assert not any("déjà passée" in w for w in today.warnings)
    tomorrow = now + timedelta(days=1)
    yesterday = read_notice(boamp(datelimitereponse="2025-05-15"), now=tomorrow)
    assert past.format(when="15 mai 2025") in yesterday.warnings
    future = read_notice(boamp(datelimitereponse="2025-05-16T12:00:00"), now=now)
    assert not any("déjà passée" in w for w in future.warnings)


def test_boamp_wrappers_all_give_the_same_record() -> None:
    record = json.loads(boamp())
    for document in (
        record,
        [record],
        {"total_count": 1, "results": [record]},
        {"records": [{"record": {"fields": record}}]},
        {"records": [{"fields": record}]},
    ):
        draft = read_notice(as_json(document))
        assert (draft.source, draft.source_id) == ("boamp", "25-1000")
        assert draft.title == "Nettoyage des vitres de la médiathèque"
    assert refused(as_json({"total_count": 0, "results": []})) == (
        "Le fichier BOAMP ne contient aucun avis."
    )


def test_boamp_departements_are_normalised() -> None:
    draft = read_notice(boamp(code_departement=["9", "2a", "971", 59, "99"]))
    assert draft.departements == ["09", "2A", "59", "971"]
    assert "Le département « 99 » n'a pas été reconnu." in draft.warnings


def test_several_kinds_keep_the_first_and_say_so() -> None:
    draft = read_notice(boamp(type_marche=["TRAVAUX", "SERVICES"]))
    assert draft.kind == "works"
    assert (
        "L'avis indique plusieurs types de marché (travaux, services) : le premier est retenu."
    ) in draft.warnings


@pytest.mark.parametrize(
    ("marker", "reserved", "unspecified"),
    [
        ("oui", "disability", True),
        (True, "disability", True),
        ({"OUI": ""}, "disability", True),
        (
            "Marché réservé aux SIAE (article L2113-13 du code de la commande publique)",
            "insertion",
            False,
        ),
        ("Entreprises adaptées, ESAT et structures d'insertion", "both", False),
        ("non", "none", False),
        (False, "none", False),
        ({"NON": ""}, "none", False),
    ],
)
def test_the_reserved_market_field(marker: object, reserved: str, unspecified: bool) -> None:
    donnees = {"MAPA": {"initial": {"conditions": {"MARCHE_RESERVE": marker}}}}
    draft = read_notice(boamp(donnees=json.dumps(donnees)))
    assert draft.reserved == reserved
    assert all(lot.reserved == reserved for lot in draft.lots)
    says_unspecified = (
        "L'avis indique un marché réservé sans préciser à qui : entreprises adaptées et ESAT "
        "retenus, à vérifier."
    ) in draft.warnings
    assert says_unspecified == unspecified


def test_unreadable_donnees_still_give_the_main_fields() -> None:
    draft = read_notice(boamp(donnees='{"MAPA": {"initial": '))
    assert draft.title == "Nettoyage des vitres de la médiathèque"
    assert (
        "Le détail de l'avis (champ « donnees ») n'a pas pu être lu : seules les informations "
        "principales ont été reprises."
    ) in draft.warnings


def test_long_texts_are_cut() -> None:
    draft = read_notice(
        boamp(
            objet="Entretien " * 80,
            donnees=json.dumps({"MAPA": {"initial": {"description": "Désherbage. " * 1500}}}),
        )
    )
    assert len(draft.title) <= 500 and draft.title.endswith("…")
    assert len(draft.description) <= 10_000 and draft.description.endswith("…")
    assert "Le titre dépassait 500 caractères : il a été raccourci." in draft.warnings
    assert "La description dépassait 10 000 caractères : elle a été raccourcie." in draft.warnings


@pytest.mark.parametrize(
    ("nature", "reason"),
    [
        ({"nature_libelle": "Résultat de marché", "nature": "ATTRIBUTION"}, AWARD),
        (
            {"nature_libelle": "Avis d'annulation"},
            "Ce fichier est un avis d'annulation, pas un avis de marché.",
        ),
        (
            {"nature_libelle": "Avis de pré-information"},
            "Ce fichier est un avis de préinformation, pas un avis de marché.",
        ),
    ],
)
def test_boamp_notices_that_are_not_calls_for_tenders(nature: dict[str, str], reason: str) -> None:
    assert refused(boamp(**nature)) == reason


def test_a_boamp_award_notice_is_refused() -> None:
    assert refused(fixture("boamp_attribution.json")) == AWARD


# --- OCDS -----------------------------------------------------------------------------


def test_an_ocds_package_with_lots() -> None:
    draft = read_notice(fixture("ocds_package_lots.json"))

    assert draft.source == "ocds"
    assert draft.source_id == "ocds-f4k3id-2025-0042"
    # The latest of the two releases.
    assert draft.notice_version == "2025-0042-tender-2 (2025-03-05T09:00:00+01:00)"
    assert draft.title == "Restauration scolaire et portage de repas à domicile"
    assert draft.reference == "2025-0042"
    assert draft.buyer_name == "Ville de Condé-sur-l'Escaut-Nord"  # from parties
    assert draft.buyer_siret == "21590612400015"
    assert (draft.procedure, draft.procedure_label) == ("ouvert", "Appel d'offres ouvert")
    assert draft.kind == "services"
    assert (draft.estimated_value, draft.currency) == (Decimal("910000.00"), "EUR")
    assert draft.offers_deadline == datetime(2025, 4, 10, 12, 0, tzinfo=offset(2))
    assert draft.questions_deadline == datetime(2025, 4, 1, 17, 0, tzinfo=offset(2))
    assert draft.cpv_codes == ["55523100", "85312000", "55521100"]
    assert draft.departements == ["59", "62"]
    assert draft.duration_months == 36
    assert draft.url == "https://achats.example/dce/2025-0042"  # the documents, not the notice
    assert draft.social_clause == "Clauses sociales : 500 heures d'insertion par an sur le lot 2."
    assert draft.languages == ["fr"]

    assert [(lot.key, lot.title) for lot in draft.lots] == [
        ("1", "Restauration scolaire"),
        ("2", "Portage de repas à domicile"),
    ]
    assert [lot.cpv_codes for lot in draft.lots] == [["55523100"], ["85312000", "55521100"]]
    assert [lot.departements for lot in draft.lots] == [["59"], ["59", "62"]]
    assert [lot.estimated_value for lot in draft.lots] == [Decimal("640000"), Decimal("270000")]
    assert [lot.reserved for lot in draft.lots] == ["none", "disability"]
    assert [lot.duration_months for lot in draft.lots] == [36, 24]  # 730 days
    assert draft.warnings == [
        "Le fichier contient 2 publications pour cette procédure : la plus récente a été lue.",
        SHELTERED.format(where="Le lot 2"),
    ]


def test_the_latest_release_wins_whatever_the_order() -> None:
    package = json.loads(fixture("ocds_package_lots.json"))
    package["releases"].reverse()
    assert read_notice(as_json(package)).notice_version.startswith("2025-0042-tender-2")


def test_a_single_ocds_release_without_lots() -> None:
    draft = read_notice(fixture("ocds_release_fournitures.json"))

    assert draft.buyer_name == "Collectivité de Corse (démonstration)"
    assert draft.buyer_siret is None
    assert draft.reference == ""  # tender.id repeats the ocid
    assert (draft.procedure, draft.kind) == ("restreint", "supplies")
    assert (draft.estimated_value, draft.currency) == (Decimal("75000.50"), "EUR")
    # 20090 Ajaccio is in Corse-du-Sud, 20200 Bastia in Haute-Corse.
    assert draft.departements == ["2A", "2B"]
    # No offset: Paris, winter time.
    assert draft.offers_deadline == datetime(2025, 11, 28, 16, 0, tzinfo=offset(1))
    assert draft.cpv_codes == ["39160000"]
    assert draft.warnings == ["Le code CPV 39160000-9 de l'avis n'a pas pu être lu."]
    [lot] = draft.lots
    assert (lot.key, lot.departements, lot.estimated_value) == (
        "1",
        ["2A", "2B"],
        Decimal("75000.50"),
    )


def test_an_ocds_release_with_the_cpv_of_the_tender_and_a_foreign_currency() -> None:
    draft = read_notice(fixture("ocds_uk_classification_gbp.json"))

    # tender.classification, its additionalClassifications, an item of lot 1 and an item
    # nested in lot 2: no « Aucun code CPV ».
    assert draft.cpv_codes == ["77310000", "77313000", "77314000", "77312000"]
    assert [lot.cpv_codes for lot in draft.lots] == [["77314000"], ["77312000"]]
    assert not any("Aucun code CPV" in w for w in draft.warnings)
    # Pounds stay pounds, on the procedure and on each lot.
    assert (draft.estimated_value, draft.currency) == (Decimal("250000.00"), "GBP")
    assert [(lot.estimated_value, lot.currency) for lot in draft.lots] == [
        (Decimal("150000.00"), "GBP"),
        (Decimal("100000.00"), "GBP"),
    ]
    assert (
        "Les montants de l'avis sont exprimés en GBP (livre sterling), pas en euros : ils sont "
        "gardés dans cette devise, sans conversion."
    ) in draft.warnings
    assert (draft.countries, draft.buyer_country) == (["GB"], "GB")
    assert FOREIGN.format(where="lieu d'exécution : Royaume-Uni ; acheteur : Royaume-Uni") in (
        draft.warnings
    )


@pytest.mark.parametrize(
    "classification",
    [
        {"scheme": "CPV", "id": "77310000-6"},
        {"scheme": "cpv", "id": "77310000"},
        {"scheme": "CPV2008", "id": "77310000"},
        {"scheme": "EU-CPV", "id": "77310000"},
        {"id": "77310000-6"},  # no scheme, but written as a CPV code
    ],
)
def test_the_cpv_of_an_ocds_tender_whatever_the_scheme_is_called(
    classification: dict[str, str],
) -> None:
    release = json.loads(fixture("ocds_release_fournitures.json"))
    del release["tender"]["items"]
    release["tender"]["classification"] = classification
    assert read_notice(as_json(release)).cpv_codes == ["77310000"]
    release["tender"]["classification"] = {"scheme": "UNSPSC", "id": "70111700"}
    assert read_notice(as_json(release)).cpv_codes == []


@pytest.mark.parametrize("country", ["Scotland", "United Kingdom", "UK", "GBR", "Écosse"])
def test_a_buyer_abroad_is_pointed_out_however_its_country_is_written(country: str) -> None:
    release = json.loads(fixture("ocds_release_fournitures.json"))
    release["parties"][0]["address"] = {"countryName": country}
    draft = read_notice(as_json(release))
    assert draft.buyer_country == "GB"
    assert FOREIGN.format(where="acheteur : Royaume-Uni") in draft.warnings


def test_a_french_ocds_release_in_euros_says_nothing_of_currency_or_country() -> None:
    release = json.loads(fixture("ocds_release_fournitures.json"))
    release["parties"][0]["address"] = {"countryName": "France", "postalCode": "20000"}
    draft = read_notice(as_json(release))
    assert draft.buyer_country == "FR"
    assert not any("étranger" in w or "pas en euros" in w for w in draft.warnings)


def test_ocds_releases_that_are_not_calls_for_tenders() -> None:
    release = json.loads(fixture("ocds_release_fournitures.json"))
    award = dict(release, tag=["award"])
    assert refused(as_json(award)) == (
        "Ce fichier est une publication d'attribution ou d'exécution, pas un avis de marché."
    )
    no_tender = {k: v for k, v in release.items() if k != "tender"}
    assert refused(as_json(no_tender)) == (
        "Cette publication OCDS ne décrit pas d'appel à la concurrence (pas de partie « tender »)."
    )
    assert refused(as_json({"releases": []})) == "Le fichier OCDS ne contient aucune publication."


# --- refusals -------------------------------------------------------------------------


def test_a_truncated_xml_file_says_where() -> None:
    data = eforms("cn_24_maximal.xml")
    half = data[: len(data) // 2]
    line = half.count(b"\n") + 1
    assert refused(half) == f"Le fichier XML est incomplet ou mal formé (ligne {line})."


@pytest.mark.parametrize(
    ("root", "reason"),
    [
        ("ContractAwardNotice", AWARD),
        (
            "PriorInformationNotice",
            "Ce fichier est un avis de préinformation, pas un avis de marché.",
        ),
    ],
)
def test_other_eforms_documents_are_named(root: str, reason: str) -> None:
    data = (
        eforms("cn_24_minimal.xml")
        .replace(b"<ContractNotice ", f"<{root} ".encode())
        .replace(b"</ContractNotice>", f"</{root}>".encode())
        .replace(b"xsd:ContractNotice-2", f"xsd:{root}-2".encode())
    )
    assert refused(data) == reason


def test_xml_that_is_not_eforms() -> None:
    assert refused(b"<html><body>Avis</body></html>") == (
        "Ce fichier XML n'est pas un avis eForms (élément racine « html ») : seuls les avis de "
        "marché eForms publiés sur TED sont lus."
    )
    assert refused(b'<?xml version="1.0"?><TED_EXPORT/>') == (
        "Ce fichier est un avis TED à l'ancien format (TED_EXPORT), qui n'est pas lu : "
        "importez la version eForms de l'avis."
    )


def test_an_xml_bomb_is_refused_without_expanding() -> None:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
        + entities
        + ']>\n<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:'
        'ContractNotice-2">&lol9;</ContractNotice>'
    )
    assert refused(bomb.encode()) == ENTITY_REFUSED


def test_an_external_entity_is_refused() -> None:
    xxe = (
        b'<?xml version="1.0"?>\n<!DOCTYPE ContractNotice [<!ENTITY xxe SYSTEM '
        b'"file:///etc/passwd">]>\n<ContractNotice xmlns="urn:oasis:names:specification:ubl:'
        b'schema:xsd:ContractNotice-2"><cbc:ID>&xxe;</cbc:ID></ContractNotice>'
    )
    message = refused(xxe)
    assert message == ENTITY_REFUSED
    assert "root:" not in message


def test_a_doctype_alone_is_refused() -> None:
    assert refused(b'<!DOCTYPE html SYSTEM "about:legacy-compat"><html/>') == (
        "Le fichier contient une déclaration DOCTYPE : il est refusé par sécurité."
    )


@pytest.mark.parametrize("data", [b"", b"  \n\t ", b"\xef\xbb\xbf\n"])
def test_an_empty_file(data: bytes) -> None:
    assert refused(data) == "Le fichier est vide."


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x06\x00",
        random.Random(7).randbytes(4096),
        b"Objet : entretien des espaces verts",
    ],
)
def test_binary_garbage_or_plain_text(data: bytes) -> None:
    assert refused(data) == UNKNOWN_FORMAT


@pytest.mark.parametrize(
    "document",
    [{"foo": 1}, [1, 2, 3], {"results": [{"title": "x"}]}, {"releases": [{"title": "x"}]}],
)
def test_json_that_is_neither_format(document: Any) -> None:
    assert refused(as_json(document)) == UNKNOWN_FORMAT


def test_broken_or_too_deep_json() -> None:
    assert refused(b'{\n  "idweb": "25-1",\n  "objet": ') == (
        "Le fichier JSON est incomplet ou mal formé (ligne 3)."
    )
    too_deep = "Le fichier JSON est imbriqué trop profondément : ce n'est pas un avis."
    assert refused(b"[" * 100 + b"]" * 100) == too_deep
    assert refused(b"[" * 200_000) == too_deep
    assert refused(b'{"idweb": "\xff\xfe"}') == "Le fichier JSON n'est pas encodé en UTF-8."


def test_the_size_limit_is_5_mib() -> None:
    data = eforms("cn_24_minimal.xml")
    padded = data + b" " * (MAX_NOTICE_BYTES - len(data))
    assert len(padded) == MAX_NOTICE_BYTES
    assert read_notice(padded).cpv_codes == ["72230000"]
    assert refused(padded + b" ") == "Le fichier dépasse la taille maximale de 5 Mo."


def test_a_byte_order_mark_is_accepted() -> None:
    draft = read_notice(b"\xef\xbb\xbf" + fixture("ocds_release_fournitures.json"))
    assert draft.source == "ocds"


@pytest.mark.parametrize(
    "name",
    [
        "boamp_mapa_espaces_verts.json",
        "boamp_eforms_blanchisserie.json",
        "ocds_package_lots.json",
        "eforms:cn_24_FRA_comments.xml",
    ],
)
def test_any_cut_gives_a_draft_or_a_french_reason(name: str) -> None:
    data = eforms(name.split(":")[1]) if name.startswith("eforms:") else fixture(name)
    for cut in range(0, len(data), max(1, len(data) // 60)):
        try:
            draft = read_notice(data[:cut])
        except NoticeError as error:
            assert error.message
        else:
            assert isinstance(draft, NoticeDraft)


# --- places and amounts --------------------------------------------------------------


def test_the_nuts_table_covers_the_101_departements() -> None:
    assert len(NUTS3_2021) == 101
    assert sorted(NUTS3_2021.values()) == sorted(DEPARTEMENTS)
    assert len(set(DEPARTEMENTS)) == 101
    expected = {
        "FR101": "75",
        "FR108": "95",
        "FRB06": "45",
        "FRC24": "90",
        "FRD13": "61",
        "FRE11": "59",
        "FRE12": "62",
        "FRE21": "02",
        "FRE22": "60",
        "FRE23": "80",
        "FRF33": "57",
        "FRH02": "29",
        "FRI15": "64",
        "FRJ23": "31",
        "FRK26": "69",
        "FRL04": "13",
        "FRM01": "2A",
        "FRM02": "2B",
        "FRY10": "971",
        "FRY30": "973",
        "FRY50": "976",
    }
    assert {code: NUTS3_2021[code] for code in expected} == expected


@pytest.mark.parametrize(
    ("code", "departements"),
    [
        ("FRE11", ["59"]),
        ("fre12", ["62"]),
        ("FRE1", ["59", "62"]),
        ("FRE2", ["02", "60", "80"]),
        ("FRE", ["02", "59", "60", "62", "80"]),
        ("FRM0", ["2A", "2B"]),
        ("FRY", ["971", "972", "973", "974", "976"]),
        ("FR301", ["59"]),  # NUTS 2013
        ("FR22", ["02", "60", "80"]),  # NUTS 2013, Picardie
        ("FRA40", ["974"]),  # NUTS 2013, La Réunion
        ("FR", []),
        ("FRZZZ", []),
        ("LU000", []),
        ("UKM83", []),
    ],
)
def test_nuts_codes_to_departements(code: str, departements: list[str]) -> None:
    assert departements_of_nuts(code) == departements


@pytest.mark.parametrize(
    ("postcode", "departement"),
    [
        ("59300", "59"),
        ("62000", "62"),
        ("02100", "02"),
        ("97110", "971"),
        ("97600", "976"),
        ("20000", "2A"),
        ("20199", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("98000", None),  # Monaco
        ("5930", None),
        ("", None),
    ],
)
def test_postcodes_to_departements(postcode: str, departement: str | None) -> None:
    assert departement_of_postcode(postcode) == departement


@pytest.mark.parametrize(
    ("written", "amount"),
    [
        ("150000", Decimal("150000.00")),
        ("150 000,50 € HT", Decimal("150000.50")),
        ("1.500.000,00", Decimal("1500000.00")),
        ("1,500,000.00", Decimal("1500000.00")),
        (Decimal("9999999.99"), Decimal("9999999.99")),
        (640000, Decimal("640000.00")),
        ("-5", None),
        ("NaN", None),
        ("1e999999", None),
        ("beaucoup", None),
        (True, None),
    ],
)
def test_amounts(written: object, amount: Decimal | None) -> None:
    assert parse_amount(written) == amount


# --- the buyer's address, printed in DC1, DC2, DC4 and ATTRI1 -------------------------------


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("cn_24_FRA_comments.xml", "5 place du Général de Gaulle, 76001 Rouen Cedex 1"),
        # StreetName and AdditionalStreetName; the country when the buyer is abroad.
        ("cn_24_maximal.xml", "Bruce Wayne House, 2 Gotham Street, 1234 Luxembourg, Luxembourg"),
        ("cn_24_open.xml", "Renfrewshire House, Cotton Street, PA1 1JB Paisley, Royaume-Uni"),
        ("cn_24_minimal.xml", "2985 Luxembourg, Luxembourg"),
    ],
)
def test_the_buyer_address_of_an_eforms_notice(name: str, address: str) -> None:
    assert read_notice(eforms(name)).buyer_address == address


@pytest.mark.parametrize(
    ("name", "address"),
    [
        ("boamp_mapa_espaces_verts.json", "12 rue de l'Escaut, 59590 Raismes-sur-Selle"),
        ("boamp_travaux_fnsimple.json", "62800 Liévin-les-Mines"),
        (
            "ocds_uk_classification_gbp.json",
            "Sessions House, County Road, ME14 1XQ Maidstone, Royaume-Uni",
        ),
        ("ocds_package_lots.json", ""),
    ],
)
def test_the_buyer_address_of_a_boamp_or_ocds_notice(name: str, address: str) -> None:
    assert read_notice(fixture(name)).buyer_address == address


def test_the_buyer_address_in_an_eforms_notice_relayed_by_boamp() -> None:
    record = json.loads(fixture("boamp_eforms_blanchisserie.json"))
    donnees = json.loads(record["donnees"])
    organisation = donnees["EFORMS"]["ContractNotice"]["ext:UBLExtensions"]["ext:UBLExtension"][
        "ext:ExtensionContent"
    ]["efext:EformsExtension"]["efac:Organizations"]["efac:Organization"][0]
    organisation["efac:Company"]["cac:PostalAddress"] = {
        "cbc:StreetName": "Avenue Désandrouin",
        "cbc:CityName": "Valenciennes",
        "cbc:PostalZone": "59300",
        "cac:Country": {"cbc:IdentificationCode": {"#text": "FRA", "@listName": "country"}},
    }
    record["donnees"] = json.dumps(donnees)
    draft = read_notice(as_json(record))
    assert draft.buyer_address == "Avenue Désandrouin, 59300 Valenciennes"
