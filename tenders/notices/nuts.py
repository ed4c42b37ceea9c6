"""Places: NUTS codes, postcodes and BOAMP département numbers, all brought to départements.

The table follows the NUTS 2021 classification, identical for France to NUTS 2016 (the
version that introduced the regions of 2016). Notices written before 2018 still carry the
NUTS 2013 codes (FR30 Nord-Pas-de-Calais, FRA1 Guadeloupe…); they are kept as a second table.
"""

from __future__ import annotations

import re

# NUTS 2021 level 3 → département, in the order of the classification.
NUTS3_2021: dict[str, str] = {
    # FR1 Île-de-France
    "FR101": "75",  # Paris
    "FR102": "77",  # Seine-et-Marne
    "FR103": "78",  # Yvelines
    "FR104": "91",  # Essonne
    "FR105": "92",  # Hauts-de-Seine
    "FR106": "93",  # Seine-Saint-Denis
    "FR107": "94",  # Val-de-Marne
    "FR108": "95",  # Val-d'Oise
    # FRB Centre-Val de Loire
    "FRB01": "18",  # Cher
    "FRB02": "28",  # Eure-et-Loir
    "FRB03": "36",  # Indre
    "FRB04": "37",  # Indre-et-Loire
    "FRB05": "41",  # Loir-et-Cher
    "FRB06": "45",  # Loiret
    # FRC Bourgogne-Franche-Comté
    "FRC11": "21",  # Côte-d'Or
    "FRC12": "58",  # Nièvre
    "FRC13": "71",  # Saône-et-Loire
    "FRC14": "89",  # Yonne
    "FRC21": "25",  # Doubs
    "FRC22": "39",  # Jura
    "FRC23": "70",  # Haute-Saône
    "FRC24": "90",  # Territoire de Belfort
    # FRD Normandie
    "FRD11": "14",  # Calvados
    "FRD12": "50",  # Manche
    "FRD13": "61",  # Orne
    "FRD21": "27",  # Eure
    "FRD22": "76",  # Seine-Maritime
    # FRE Hauts-de-France
    "FRE11": "59",  # Nord
    "FRE12": "62",  # Pas-de-Calais
    "FRE21": "02",  # Aisne
    "FRE22": "60",  # Oise
    "FRE23": "80",  # Somme
    # FRF Grand Est
    "FRF11": "67",  # Bas-Rhin
    "FRF12": "68",  # Haut-Rhin
    "FRF21": "08",  # Ardennes
    "FRF22": "10",  # Aube
    "FRF23": "51",  # Marne
    "FRF24": "52",  # Haute-Marne
    "FRF31": "54",  # Meurthe-et-Moselle
    "FRF32": "55",  # Meuse
    "FRF33": "57",  # Moselle
    "FRF34": "88",  # Vosges
    # FRG Pays de la Loire
    "FRG01": "44",  # Loire-Atlantique
    "FRG02": "49",  # Maine-et-Loire
    "FRG03": "53",  # Mayenne
    "FRG04": "72",  # Sarthe
    "FRG05": "85",  # Vendée
    # FRH Bretagne
    "FRH01": "22",  # Côtes-d'Armor
    "FRH02": "29",  # Finistère
    "FRH03": "35",  # Ille-et-Vilaine
    "FRH04": "56",  # Morbihan
    # FRI Nouvelle-Aquitaine
    "FRI11": "24",  # Dordogne
    "FRI12": "33",  # Gironde
    "FRI13": "40",  # Landes
    "FRI14": "47",  # Lot-et-Garonne
    "FRI15": "64",  # Pyrénées-Atlantiques
    "FRI21": "19",  # Corrèze
    "FRI22": "23",  # Creuse
    "FRI23": "87",  # Haute-Vienne
    "FRI31": "16",  # Charente
    "FRI32": "17",  # Charente-Maritime
    "FRI33": "79",  # Deux-Sèvres
    "FRI34": "86",  # Vienne
    # FRJ Occitanie
    "FRJ11": "11",  # Aude
    "FRJ12": "30",  # Gard
    "FRJ13": "34",  # Hérault
    "FRJ14": "48",  # Lozère
    "FRJ15": "66",  # Pyrénées-Orientales
    "FRJ21": "09",  # Ariège
    "FRJ22": "12",  # Aveyron
    "FRJ23": "31",  # Haute-Garonne
    "FRJ24": "32",  # Gers
    "FRJ25": "46",  # Lot
    "FRJ26": "65",  # Hautes-Pyrénées
    "FRJ27": "81",  # Tarn
    "FRJ28": "82",  # Tarn-et-Garonne
    # FRK Auvergne-Rhône-Alpes
    "FRK11": "03",  # Allier
    "FRK12": "15",  # Cantal
    "FRK13": "43",  # Haute-Loire
    "FRK14": "63",  # Puy-de-Dôme
    "FRK21": "01",  # Ain
    "FRK22": "07",  # Ardèche
    "FRK23": "26",  # Drôme
    "FRK24": "38",  # Isère
    "FRK25": "42",  # Loire
    "FRK26": "69",  # Rhône (Métropole de Lyon included)
    "FRK27": "73",  # Savoie
    "FRK28": "74",  # Haute-Savoie
    # FRL Provence-Alpes-Côte d'Azur
    "FRL01": "04",  # Alpes-de-Haute-Provence
    "FRL02": "05",  # Hautes-Alpes
    "FRL03": "06",  # Alpes-Maritimes
    "FRL04": "13",  # Bouches-du-Rhône
    "FRL05": "83",  # Var
    "FRL06": "84",  # Vaucluse
    # FRM Corse
    "FRM01": "2A",  # Corse-du-Sud
    "FRM02": "2B",  # Haute-Corse
    # FRY Régions ultrapériphériques
    "FRY10": "971",  # Guadeloupe
    "FRY20": "972",  # Martinique
    "FRY30": "973",  # Guyane
    "FRY40": "974",  # La Réunion
    "FRY50": "976",  # Mayotte
}

# NUTS 2013 level 3 codes that differ from 2021 (Île-de-France, FR10x, did not change).
NUTS3_2013: dict[str, str] = {
    "FR211": "08",
    "FR212": "10",
    "FR213": "51",
    "FR214": "52",
    "FR221": "02",
    "FR222": "60",
    "FR223": "80",
    "FR231": "27",
    "FR232": "76",
    "FR241": "18",
    "FR242": "28",
    "FR243": "36",
    "FR244": "37",
    "FR245": "41",
    "FR246": "45",
    "FR251": "14",
    "FR252": "50",
    "FR253": "61",
    "FR261": "21",
    "FR262": "58",
    "FR263": "71",
    "FR264": "89",
    "FR301": "59",
    "FR302": "62",
    "FR411": "54",
    "FR412": "55",
    "FR413": "57",
    "FR414": "88",
    "FR421": "67",
    "FR422": "68",
    "FR431": "25",
    "FR432": "39",
    "FR433": "70",
    "FR434": "90",
    "FR511": "44",
    "FR512": "49",
    "FR513": "53",
    "FR514": "72",
    "FR515": "85",
    "FR521": "22",
    "FR522": "29",
    "FR523": "35",
    "FR524": "56",
    "FR531": "16",
    "FR532": "17",
    "FR533": "79",
    "FR534": "86",
    "FR611": "24",
    "FR612": "33",
    "FR613": "40",
    "FR614": "47",
    "FR615": "64",
    "FR621": "09",
    "FR622": "12",
    "FR623": "31",
    "FR624": "32",
    "FR625": "46",
    "FR626": "65",
    "FR627": "81",
    "FR628": "82",
    "FR631": "19",
    "FR632": "23",
    "FR633": "87",
    "FR711": "01",
    "FR712": "07",
    "FR713": "26",
    "FR714": "38",
    "FR715": "42",
    "FR716": "69",
    "FR717": "73",
    "FR718": "74",
    "FR721": "03",
    "FR722": "15",
    "FR723": "43",
    "FR724": "63",
    "FR811": "11",
    "FR812": "30",
    "FR813": "34",
    "FR814": "48",
    "FR815": "66",
    "FR821": "04",
    "FR822": "05",
    "FR823": "06",
    "FR824": "13",
    "FR825": "83",
    "FR826": "84",
    "FR831": "2A",
    "FR832": "2B",
    # Overseas: FRA1…FRA5 in NUTS 2013, FR91…FR94 in NUTS 2010.
    "FRA10": "971",
    "FRA20": "972",
    "FRA30": "973",
    "FRA40": "974",
    "FRA50": "976",
    "FR910": "971",
    "FR920": "972",
    "FR930": "973",
    "FR940": "974",
}

# The 101 départements in their usual order, then the overseas collectivities BOAMP lists.
DEPARTEMENTS: tuple[str, ...] = (
    *(f"{n:02d}" for n in range(1, 20)),
    "2A",
    "2B",
    *(f"{n:02d}" for n in range(21, 96)),
    "971",
    "972",
    "973",
    "974",
    "976",
)
OVERSEAS_COLLECTIVITIES: tuple[str, ...] = ("975", "977", "978", "984", "986", "987", "988")
_ORDER = {code: index for index, code in enumerate(DEPARTEMENTS + OVERSEAS_COLLECTIVITIES)}

_NUTS = re.compile(r"[A-Z]{2}[0-9A-Z]{0,3}")
_POSTCODE = re.compile(r"\d{5}")
# The shortest French NUTS code worth expanding: a region (FRE) or a former region (FRE1).
_SHORTEST_PREFIX = 3


def normalise_nuts(text: str) -> str | None:
    """A NUTS code in capitals ("fre11" → "FRE11"), or None when it cannot be one."""
    code = re.sub(r"\s+", "", text or "").upper()
    return code if _NUTS.fullmatch(code) else None


def departements_of_nuts(code: str) -> list[str]:
    """The départements a NUTS code covers: FRE11 → ["59"], FRE1 → ["59", "62"].

    A foreign code, "FR" alone (all of France) or the extra-regio FRZ… give none.
    """
    nuts = normalise_nuts(code)
    if nuts is None or not nuts.startswith("FR") or len(nuts) < _SHORTEST_PREFIX:
        return []
    for table in (NUTS3_2021, NUTS3_2013):
        found = {dep for key, dep in table.items() if key.startswith(nuts)}
        if found:
            return sort_departements(found)
    return []


def normalise_departement(value: object) -> str | None:
    """A département number as BOAMP writes it ("59", 59, "9", "2a", "971") or None."""
    if isinstance(value, bool):
        return None
    text = str(value).strip().upper() if isinstance(value, int | str) else ""
    if text.isdigit() and len(text) == 1:
        text = "0" + text
    return text if text in _ORDER else None


def departement_of_postcode(postcode: str) -> str | None:
    """The département of a French postcode: 59300 → "59", 97110 → "971", 20090 → "2A"."""
    code = re.sub(r"\s+", "", postcode or "")
    if not _POSTCODE.fullmatch(code):
        return None
    if code.startswith("20"):
        # Corsica: postcodes below 20200 are in Corse-du-Sud, the others in Haute-Corse.
        return "2A" if int(code) < 20200 else "2B"
    if code.startswith(("97", "98")):
        return code[:3] if code[:3] in _ORDER else None
    return code[:2] if code[:2] in _ORDER else None


def sort_departements(codes: set[str] | list[str]) -> list[str]:
    """Distinct départements in their usual order (01 … 19, 2A, 2B, 21 … 95, 971 …)."""
    return sorted(set(codes), key=lambda code: _ORDER.get(code, len(_ORDER)))
