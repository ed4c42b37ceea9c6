import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from xml.etree.ElementTree import Element

from defusedxml.ElementTree import fromstring

from tenders.formatting import amount_fr, number_fr
from tenders.outcomes.charts import bar_chart, paired_bar_chart
from tenders.outcomes.csv_export import csv_filename, to_csv

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> Element:
    root: Element = fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def bar_widths(root: Element) -> list[float]:
    return [float(rect.attrib["width"]) for rect in root.iter(f"{SVG}rect")]


def by_id(root: Element, ident: str) -> Element:
    found = [el for el in root.iter() if el.attrib.get("id") == ident]
    assert len(found) == 1
    return found[0]


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_a_bar_chart_is_an_image_described_for_screen_readers() -> None:
    rows = [("Lot 1 — Nettoyage", 12500.0), ("Lot 2 — Espaces verts", 3000.0)]
    root = parse(bar_chart("Montants gagnés", rows, value_label=amount_fr))

    assert root.attrib["role"] == "img"
    title = by_id(root, root.attrib["aria-labelledby"])
    assert title.tag == f"{SVG}title"
    assert title.text == "Montants gagnés"
    desc = plain(by_id(root, root.attrib["aria-describedby"]).text or "")
    assert "Lot 1 — Nettoyage : 12 500,00 €" in desc
    assert "Lot 2 — Espaces verts : 3 000,00 €" in desc
    shown = [plain(text.text or "") for text in root.iter(f"{SVG}text")]
    assert "Lot 1 — Nettoyage" in shown
    assert "12 500,00 €" in shown


def test_bars_are_proportional_to_the_largest_value() -> None:
    rows = [("Petit", 25.0), ("Grand", 100.0), ("Moitié", 50.0), ("Zéro", 0.0)]
    widths = bar_widths(parse(bar_chart("Heures", rows, value_label=number_fr)))

    assert len(widths) == 3  # a zero draws no bar
    small, big, half = widths
    assert big == max(widths)
    assert abs(half - big / 2) <= 1
    assert abs(small - big / 4) <= 1


def test_all_zero_shows_labels_and_values_but_no_bar() -> None:
    root = parse(bar_chart("Heures", [("A", 0.0), ("B", 0.0)], value_label=number_fr))
    assert bar_widths(root) == []
    shown = [text.text for text in root.iter(f"{SVG}text")]
    assert shown.count("0") == 2
    assert "A" in shown and "B" in shown


def test_the_chart_grows_with_its_rows() -> None:
    one = parse(bar_chart("T", [("A", 1.0)], value_label=number_fr))
    three = parse(bar_chart("T", [("A", 1.0), ("B", 2.0), ("C", 3.0)], value_label=number_fr))
    assert float(three.attrib["height"]) > float(one.attrib["height"])


def test_long_labels_are_shortened_but_kept_whole_on_hover() -> None:
    label = "Marché de nettoyage des locaux de la communauté de communes du Val"
    root = parse(bar_chart("T", [(label, 1.0)], value_label=number_fr))
    row = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "row")
    shown = next(t for t in row.iter(f"{SVG}text") if t.attrib.get("class") == "label")
    assert shown.text is not None
    assert shown.text.endswith("…")
    assert len(shown.text) <= 32
    assert label in (row.find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_hostile_labels_are_escaped() -> None:
    hostile = ["<script>alert(1)</script>", "Dupont & Fils", '« l\'atelier » "quoted"', "🌱 Vert"]
    svg = bar_chart(
        '<script>alert("t")</script>',
        [(label, 1.0) for label in hostile],
        value_label=lambda v: f"<b>{v}</b>",
    )
    root = parse(svg)

    assert "<script" not in svg
    assert not [el for el in root.iter() if el.tag.lower().endswith("script")]
    desc = by_id(root, root.attrib["aria-describedby"]).text or ""
    for label in hostile:
        assert f"{label} : <b>1.0</b>" in desc
    assert "<script>alert(1)</script>" in [t.text for t in root.iter(f"{SVG}text")]


def test_control_characters_do_not_break_the_svg() -> None:
    parse(bar_chart("T\x00", [("A\x0bB\x1f", 1.0)], value_label=number_fr))


def test_two_charts_with_one_title_get_distinct_ids() -> None:
    first = parse(bar_chart("Montants", [("A", 1.0)], value_label=number_fr))
    second = parse(bar_chart("Montants", [("B", 1.0)], value_label=number_fr))
    assert first.attrib["aria-labelledby"] != second.attrib["aria-labelledby"]


def test_no_rows_says_so() -> None:
    for svg in (
        bar_chart("Montants", [], value_label=amount_fr),
        paired_bar_chart("Heures", [], series=("a", "b"), value_label=number_fr),
    ):
        root = parse(svg)
        assert root.attrib["role"] == "img"
        assert "Aucune donnée pour l'instant." in [t.text for t in root.iter(f"{SVG}text")]
        assert bar_widths(root) == []


def test_a_paired_chart_has_a_legend_and_two_bars_a_row() -> None:
    series = ("Heures promises", "Heures réalisées")
    rows = [("Lot 1", 120.0, 60.0), ("Lot 2", 80.0, 100.0)]
    root = parse(paired_bar_chart("Heures", rows, series=series, value_label=number_fr))

    legend = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == list(series)
    fills = {r.attrib["fill"] for r in legend.iter(f"{SVG}rect")}
    assert fills == {"#16386b", "#2e7d32"}
    row_groups = [g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "row"]
    widths = [bar_widths(g) for g in row_groups]
    assert [len(w) for w in widths] == [2, 2]
    assert widths[0][0] == max(w for pair in widths for w in pair)
    assert abs(widths[0][1] - widths[0][0] / 2) <= 1
    desc = by_id(root, root.attrib["aria-describedby"]).text or ""
    assert "Lot 1 : Heures promises 120, Heures réalisées 60" in desc


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_opens_in_french_spreadsheets() -> None:
    data = to_csv(
        ["Marché", "Montant", "Heures", "Remis le", "Décidé le", "Gagné", "Note"],
        [
            [
                "Nettoyage",
                Decimal("12500.5"),
                -12.5,
                date(2027, 3, 12),
                datetime(2027, 3, 12, 11, 0, tzinfo=UTC),
                True,
                None,
            ],
            ["Espaces verts; lot 2", Decimal("-3"), 7, None, None, False, "ligne 1\nligne 2"],
        ],
    )

    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 3  # one per record; the break inside a cell stays quoted
    assert data.endswith(b"\r\n")
    assert read_csv(data) == [
        ["Marché", "Montant", "Heures", "Remis le", "Décidé le", "Gagné", "Note"],
        ["Nettoyage", "12500,50", "-12,5", "2027-03-12", "2027-03-12 12:00", "oui", ""],
        ["Espaces verts; lot 2", "-3,00", "7", "", "", "non", "ligne 1\nligne 2"],
    ]


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    rows: list[list[object]] = [
        ['=HYPERLINK("http://evil.example","clic")', "+33 6 12 34 56 78 + 1", "@SUM(A1)"],
        ["-12,5", -12.5, "\t=1+1"],
    ]
    assert read_csv(to_csv(["a", "b", "c"], rows))[1:] == [
        ['\'=HYPERLINK("http://evil.example","clic")', "'+33 6 12 34 56 78 + 1", "'@SUM(A1)"],
        ["-12,5", "-12,5", "'\t=1+1"],
    ]


def test_csv_filename_is_safe_ascii() -> None:
    assert csv_filename("Résultats 2027 / lot « 1 »") == "Resultats_2027_lot_1.csv"
    assert csv_filename("export.csv") == "export.csv"
