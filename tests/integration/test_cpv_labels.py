"""CPV labels in the database: the imported list wins over the shipped file, the importer
inserts then updates, refuses dangerous XML without writing a row, and the descendant range
of a code works as an SQL range on this engine."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tenders.cpv import CpvCode, CpvError, descendant_range, parse
from tenders.cpv.importer import CpvFileError, import_labels, parse_official_file
from tenders.cpv.labels import label, labels, nearest_label
from tenders.cpv.tables import CpvLabel
from tests.unit.test_cpv import CODES, OFFICIAL_XML, _write


async def test_descendant_range_works_as_a_sql_range_on_this_engine() -> None:
    await CpvLabel.delete(force=True)
    await CpvLabel.insert(
        *[
            CpvLabel(code=c, full_code=CpvCode(c).full, label=c, level=CpvCode(c).level.value)
            for c in CODES
        ]
    )
    low, high = descendant_range(parse("45200000"))
    rows = await CpvLabel.select(CpvLabel.code).where(
        (CpvLabel.code >= low) & (CpvLabel.code <= high)
    )
    assert {row["code"] for row in rows} == {"45200000", "45210000", "45233142"}
    await CpvLabel.delete(force=True)


async def test_label_falls_back_to_the_shipped_file() -> None:
    await CpvLabel.delete(force=True)
    assert await label("90911200-8") == "Services de nettoyage de bâtiments"
    assert await label("80411200") == "Cours de conduite automobile"
    # 45233141-9 (road maintenance) is not shipped: no label of its own...
    assert await label("45233141") is None
    # ... but its parent has one.
    nearest = await nearest_label("45233141-9")
    assert nearest is not None
    assert nearest[0].full == "45233140-2"
    assert nearest[1] == "Travaux routiers"
    with pytest.raises(CpvError):
        await label("45233142-5")


async def test_the_imported_table_wins_over_the_shipped_file() -> None:
    await CpvLabel.delete(force=True)
    await CpvLabel.insert(
        CpvLabel(
            code="90911200",
            full_code="90911200-8",
            label="Services de nettoyage de bâtiments (liste importée)",
            level="subcategory",
        )
    )
    found = await labels(["90911200-8", "45000000", "45233141", "pas un code"])
    assert found == {
        "90911200": "Services de nettoyage de bâtiments (liste importée)",
        "45000000": "Travaux de construction",
    }
    assert await labels([]) == {}
    await CpvLabel.delete(force=True)


async def test_import_inserts_then_updates_in_the_table(tmp_path: Path) -> None:
    await CpvLabel.delete(force=True)
    report = await import_labels(_write(tmp_path / "cpv_2008.xml", OFFICIAL_XML))
    assert (report.imported, report.updated, report.unchanged, report.rejected) == (4, 0, 0, 2)
    assert report.rejected_codes == ["45233142-5", "80411200-0"]
    assert report.summary() == (
        "4 codes importés, 0 libellé mis à jour, 0 inchangé, 2 lignes refusées."
    )
    rows = await CpvLabel.select().where(CpvLabel.code == "45233141")
    assert rows[0]["full_code"] == "45233141-9"
    assert rows[0]["level"] == "subcategory"
    assert await label("45233141") == "Travaux d'entretien routier"

    changed = OFFICIAL_XML.replace("Services Internet", "Services de l'internet")
    archive = tmp_path / "cpv_2008_xml.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("cpv_2008.xml", changed)
    report = await import_labels(archive)
    assert (report.imported, report.updated, report.unchanged, report.rejected) == (0, 1, 3, 2)
    assert await label("72400000-4") == "Services de l'internet"
    assert await CpvLabel.count() == 4
    await CpvLabel.delete(force=True)


@pytest.mark.parametrize(
    "dangerous",
    [
        # Billion laughs: entities that expand into each other.
        """<?xml version="1.0"?>
<!DOCTYPE CPV_CODE [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="FR">&lol2;</TEXT></CPV></CPV_CODE>
""",
        # External entity: would read a file of the server into a label.
        """<?xml version="1.0"?>
<!DOCTYPE CPV_CODE [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="FR">&secret;</TEXT></CPV></CPV_CODE>
""",
        """<?xml version="1.0"?>
<!DOCTYPE CPV_CODE SYSTEM "http://example.invalid/cpv.dtd">
<CPV_CODE><CPV CODE="03000000-1"><TEXT LANG="FR">Produits agricoles</TEXT></CPV></CPV_CODE>
""",
    ],
)
async def test_xml_with_doctype_or_entities_is_refused(tmp_path: Path, dangerous: str) -> None:
    await CpvLabel.delete(force=True)
    path = _write(tmp_path / "cpv.xml", dangerous)
    with pytest.raises(CpvFileError, match="DOCTYPE ou ENTITY"):
        list(parse_official_file(path))
    with pytest.raises(CpvFileError):
        await import_labels(path)
    assert await CpvLabel.count() == 0
