"""Build the DOCX bid templates (docxtpl tags inside real Word documents).

Run with ``.venv/bin/python templates_docx/build_templates.py``; the ``.docx`` files are written
next to this script. Every template uses Word's built-in styles (Title, Heading 1/2, Normal,
List Bullet, Table Grid) so a coordinator can restyle it without touching the tags.

docxtpl conventions used here:

* ``{{ x }}`` inside a run for a value;
* ``{%p ... %}`` alone in a paragraph for a paragraph-level block (the paragraph disappears);
* ``{%tr ... %}`` alone in a table row for a row loop (the row disappears);
* ``{{p x }}`` alone in a paragraph for a sub-document or a ``RichTextParagraph``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
FIXED_DATE = datetime(2026, 1, 1)  # core properties stay the same from one build to the next


# --------------------------------------------------------------------------- helpers


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a Word field (PAGE, NUMPAGES, TOC...) to the paragraph."""

    def fld(kind: str) -> None:
        run = paragraph.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")
        run._r.append(char)

    fld("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld("separate")
    paragraph.add_run(placeholder)
    fld("end")


def new_document(title: str, subject: str) -> DocumentObject:
    """A4 portrait, 2 cm margins, tender title in the header, page numbers in the footer."""
    doc = Document()
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.author = "Cordée"
    props.last_modified_by = "Cordée"
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1
    props.language = "fr-FR"

    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    _set_language(doc)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Cm(21)
    section.page_height = Cm(29.7)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.header_distance = Cm(1)
    section.footer_distance = Cm(1)

    header = section.header.paragraphs[0]
    header.text = "{{ tender.title }} — {{ tender.reference }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.style = doc.styles["Header"]

    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{title} — page ")
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")
    return doc


def _set_language(doc: DocumentObject) -> None:
    """Declare French as the proofing language of the default run properties."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")


def para(doc: DocumentObject, text: str = "", style: str = "Normal") -> Paragraph:
    return doc.add_paragraph(text, style=style)


def label_value(doc: DocumentObject, label: str, value: str) -> Paragraph:
    """« Label : value » with the label in bold."""
    p = doc.add_paragraph(style="Normal")
    p.add_run(f"{label} : ").bold = True
    p.add_run(value)
    return p


def tag(doc: DocumentObject, text: str) -> Paragraph:
    """A paragraph holding only a ``{%p ... %}`` tag (removed when rendered)."""
    return doc.add_paragraph(text, style="Normal")


def table(
    doc: DocumentObject,
    headers: Sequence[str],
    loop: str | None,
    cells: Sequence[str],
    footer: Sequence[str] | None = None,
    widths: Sequence[float] | None = None,
) -> Table:
    """A Table Grid table: header row, optional ``{%tr for %}`` row loop, optional footer row."""
    t = doc.add_table(rows=0, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER

    def row(values: Sequence[str], bold: bool = False) -> None:
        r = t.add_row()
        for cell, value in zip(r.cells, values, strict=True):
            p = cell.paragraphs[0]
            p.add_run(value).bold = bold

    def tag_row(value: str) -> None:
        r = t.add_row()
        r.cells[0].paragraphs[0].add_run(value)

    row(headers, bold=True)
    _repeat_header(t)
    if loop:
        tag_row(f"{{%tr for {loop} %}}")
    row(cells)
    if loop:
        tag_row("{%tr endfor %}")
    if footer:
        row(footer, bold=True)
    for r in t.rows:  # a member's row stays on one page
        r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if widths:
        # Word reads the cells' widths, LibreOffice the table grid: set both, fixed layout.
        t.autofit = False
        for column, width in zip(t.columns, widths, strict=True):
            column.width = Cm(width)
        for r in t.rows:
            for cell, width in zip(r.cells, widths, strict=True):
                cell.width = Cm(width)
    return t


def _repeat_header(t: Table) -> None:
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def signature_table(doc: DocumentObject) -> Table:
    return table(
        doc,
        ["Membre du groupement", "Signataire (nom, qualité)", "Lieu et date", "Signature"],
        "m in members",
        [
            "{{ m.name }} ({{ m.role }})",
            "{{ m.signatory_name }}, {{ m.signatory_title }}",
            "{{ place }}, le {{ date_text }}",
            "",
        ],
        widths=[4.5, 5, 3.5, 4],
    )


def update_fields_on_open(doc: DocumentObject) -> None:
    """Ask Word to refresh the fields (table of contents) when the document is opened."""
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


# --------------------------------------------------------------------------- DC1


def build_dc1() -> DocumentObject:
    doc = new_document("DC1", "Lettre de candidature")
    para(
        doc,
        "DC1 — Lettre de candidature et habilitation du mandataire par ses co-traitants",
        "Title",
    )
    para(doc, "Établie par le groupement au moyen de Cordée. Modèle librement adaptable.")

    para(doc, "A — Identification de l'acheteur", "Heading 1")
    label_value(doc, "Acheteur", "{{ tender.buyer_name }}")
    label_value(doc, "Adresse", "{{ tender.buyer_address }}")
    label_value(doc, "Référence de la consultation", "{{ tender.reference }}")

    para(doc, "B — Objet de la consultation", "Heading 1")
    label_value(doc, "Objet", "{{ tender.title }}")
    label_value(doc, "Procédure", "{{ tender.procedure_label }}")
    para(doc, "La candidature est présentée pour les lots suivants :")
    tag(doc, "{%p for lot in tender.lots %}")
    para(doc, "Lot {{ lot.number }} : {{ lot.title }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    para(doc, "C — Objet de la candidature", "Heading 1")
    para(doc, "Le candidat se présente sous la forme d'un groupement d'opérateurs économiques.")
    label_value(doc, "Forme du groupement", "{{ consortium.form_label }}")
    label_value(doc, "Nom du groupement", "{{ consortium.name }}")

    para(doc, "D — Le mandataire du groupement", "Heading 1")
    label_value(doc, "Dénomination", "{{ lead.name }}")
    label_value(doc, "SIRET", "{{ lead.siret }}")
    label_value(doc, "Adresse", "{{ lead.address }}")
    label_value(
        doc,
        "Contact",
        "{{ lead.contact_name }} — {{ lead.contact_email }} — {{ lead.contact_phone }}",
    )

    para(doc, "E — Identification des membres du groupement", "Heading 1")
    para(
        doc,
        "Chaque membre du groupement, mandataire compris, figure sur une ligne, avec les "
        "prestations qu'il exécutera.",
    )
    table(
        doc,
        ["Nom et adresse", "SIRET", "Lots", "Prestations exécutées", "Rôle"],
        "m in members",
        [
            "{{ m.name }}, {{ m.address }}",
            "{{ m.siret }}",
            "{{ m.lots_text }}",
            "{{ m.services }}",
            "{{ m.role }}",
        ],
        widths=[4.0, 4.0, 1.5, 4.9, 2.6],
    )

    para(doc, "F — Habilitation du mandataire par ses co-traitants", "Heading 1")
    para(
        doc,
        "Les membres du groupement, constitué sous la forme « {{ consortium.form_label }} », "
        "désignent {{ lead.name }} comme mandataire et l'habilitent à :",
    )
    for item in (
        "signer, en leur nom et pour leur compte, la candidature et l'offre du groupement ;",
        "les représenter auprès de l'acheteur pendant la procédure de passation ;",
        "signer, en leur nom et pour leur compte, les modifications ultérieures du marché ;",
        "coordonner les prestations des membres du groupement pendant l'exécution du marché.",
    ):
        para(doc, item, "List Bullet")
    tag(doc, "{%p if consortium.lead_is_jointly_liable %}")
    para(
        doc,
        "Le mandataire est solidaire de chacun des membres du groupement pour ses obligations "
        "contractuelles à l'égard de l'acheteur.",
    )
    tag(doc, "{%p endif %}")

    para(doc, "G — Signature des membres du groupement", "Heading 1")
    para(
        doc,
        "Chaque membre atteste sur l'honneur ne pas entrer dans l'un des cas d'exclusion prévus "
        "aux articles L. 2141-1 à L. 2141-5 et L. 2141-7 à L. 2141-10 du code de la commande "
        "publique.",
    )
    signature_table(doc)
    return doc


# --------------------------------------------------------------------------- DC2


def build_dc2_member() -> DocumentObject:
    doc = new_document("DC2", "Déclaration du candidat individuel ou du membre du groupement")
    para(doc, "DC2 — Déclaration du membre du groupement", "Title")
    para(doc, "{{ member.name }} — membre du groupement « {{ consortium.name }} »")

    para(doc, "Identification du membre", "Heading 1")
    label_value(doc, "Dénomination", "{{ member.name }}")
    label_value(doc, "Forme juridique", "{{ member.legal_form }}")
    label_value(doc, "SIRET", "{{ member.siret }}")
    label_value(doc, "SIREN", "{{ member.siren }}")
    label_value(doc, "Code NAF", "{{ member.naf }}")
    label_value(doc, "Adresse", "{{ member.address }}")
    label_value(doc, "Personne à contacter", "{{ member.contact_name }}")
    label_value(doc, "Courriel", "{{ member.contact_email }}")
    label_value(doc, "Téléphone", "{{ member.contact_phone }}")
    label_value(doc, "Rôle dans le groupement", "{{ member.role }}")

    para(doc, "Marchés réservés", "Heading 1")
    label_value(doc, "Type de structure", "{{ member.kind_label }}")
    tag(doc, "{%p if member.reserved_eligible %}")
    para(
        doc,
        "Le membre peut se porter candidat aux marchés réservés prévus aux articles "
        "L. 2113-12 et L. 2113-13 du code de la commande publique.",
    )
    tag(doc, "{%p else %}")
    para(doc, "Le membre ne relève pas des structures admises aux marchés réservés.")
    tag(doc, "{%p endif %}")

    para(doc, "Inscriptions, agréments et labels", "Heading 1")
    tag(doc, "{%p for r in member.registrations %}")
    para(doc, "{{ r }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not member.registrations %}")
    para(doc, "Néant.")
    tag(doc, "{%p endif %}")

    para(doc, "Capacités économiques et financières", "Heading 1")
    para(doc, "Chiffre d'affaires global hors taxes des trois derniers exercices disponibles :")
    table(
        doc,
        ["Exercice", "Chiffre d'affaires HT"],
        "t in member.turnover",
        ["{{ t.year }}", "{{ t.amount_text }}"],
        widths=[5, 6],
    )
    para(doc, "")
    label_value(doc, "Assureur (responsabilité civile professionnelle)", "{{ member.insurer }}")
    label_value(doc, "Police", "{{ member.insurance_policy }}")
    label_value(doc, "Attestation valable jusqu'au", "{{ member.insurance_valid_until_text }}")

    para(doc, "Capacités techniques et professionnelles", "Heading 1")
    label_value(doc, "Effectif moyen annuel", "{{ member.headcount_text }}")
    para(doc, "Principales références", "Heading 2")
    table(
        doc,
        ["Client", "Prestation", "Année", "Montant HT"],
        "ref in member.references",
        ["{{ ref.client }}", "{{ ref.title }}", "{{ ref.year }}", "{{ ref.amount_text }}"],
        widths=[4.5, 7, 2, 3.5],
    )
    para(doc, "Certifications et qualifications", "Heading 2")
    tag(doc, "{%p for c in member.certifications %}")
    para(doc, "{{ c.title }} (valable jusqu'au {{ c.valid_until_text }})", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not member.certifications %}")
    para(doc, "Néant.")
    tag(doc, "{%p endif %}")

    para(doc, "Signature", "Heading 1")
    para(
        doc,
        "Fait à {{ place }}, le {{ date_text }}. "
        "{{ member.signatory_name }}, {{ member.signatory_title }}.",
    )
    return doc


# --------------------------------------------------------------------------- mémoire


def build_memoire() -> DocumentObject:
    doc = new_document("Mémoire technique", "Mémoire technique du groupement")
    para(doc, "Mémoire technique", "Title")
    label_value(doc, "Consultation", "{{ tender.title }}")
    label_value(doc, "Référence", "{{ tender.reference }}")
    label_value(doc, "Acheteur", "{{ tender.buyer_name }}")
    label_value(
        doc, "Candidat", "groupement « {{ consortium.name }} » ({{ consortium.form_label }})"
    )
    para(doc, "Membres du groupement :")
    tag(doc, "{%p for m in members %}")
    para(doc, "{{ m.name }} ({{ m.town }}) — {{ m.role }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    para(doc, "Sommaire", "Heading 1")
    toc = para(doc)
    _field(
        toc,
        'TOC \\o "1-2" \\h \\z \\u',
        "Clic droit puis « Mettre à jour les champs » pour afficher le sommaire.",
    )
    update_fields_on_open(doc)
    doc.add_page_break()

    tag(doc, "{%p for s in sections %}")
    para(doc, "{{ s.title }}", "Heading 1")
    para(doc, "{{p s.body }}")
    tag(doc, "{%p endfor %}")

    para(doc, "Présentation des membres du groupement", "Heading 1")
    tag(doc, "{%p for m in members %}")
    para(doc, "{{ m.name }}", "Heading 2")
    label_value(doc, "Rôle", "{{ m.role }} — {{ m.kind_label }}")
    para(doc, "{{ m.presentation }}")
    tag(doc, "{%p endfor %}")

    para(doc, "Références du groupement", "Heading 1")
    table(
        doc,
        ["Membre", "Client", "Prestation", "Année", "Montant HT"],
        "ref in references",
        [
            "{{ ref.member_name }}",
            "{{ ref.client }}",
            "{{ ref.title }}",
            "{{ ref.year }}",
            "{{ ref.amount_text }}",
        ],
        widths=[3, 3.5, 6, 1.5, 3],
    )
    return doc


# --------------------------------------------------------------------------- annexe


def build_annexe_repartition() -> DocumentObject:
    doc = new_document("Annexe de répartition", "Répartition des prestations")
    para(doc, "Annexe — Répartition des prestations entre les membres du groupement", "Title")
    para(
        doc,
        "Groupement « {{ consortium.name }} » ({{ consortium.form_label }}), mandataire : "
        "{{ lead.name }}. Montants hors taxes.",
    )
    tag(doc, "{%p for lot in split %}")
    para(doc, "Lot {{ lot.number }} — {{ lot.title }}", "Heading 1")
    table(
        doc,
        ["Membre", "Prestations", "Montant HT", "Part"],
        "sh in lot.shares",
        [
            "{{ sh.member_name }}",
            "{{ sh.services }}",
            "{{ sh.amount_text }}",
            "{{ sh.percent_text }}",
        ],
        footer=["Total du lot", "", "{{ lot.total_text }}", "100 %"],
        widths=[4, 7, 3.5, 2.5],
    )
    para(doc, "")
    tag(doc, "{%p endfor %}")
    para(doc, "Total général", "Heading 1")
    label_value(doc, "Montant total hors taxes de l'offre", "{{ grand_total_text }}")
    para(doc, "Fait à {{ place }}, le {{ date_text }}.")
    return doc


# --------------------------------------------------------------------------- convention


def build_convention_groupement() -> DocumentObject:
    doc = new_document("Convention de groupement", "Convention de groupement momentané")
    para(doc, "Convention de groupement momentané d'entreprises", "Title")
    para(doc, "Consultation « {{ tender.title }} » — {{ tender.buyer_name }}")

    para(doc, "Les parties", "Heading 1")
    para(doc, "Entre les structures suivantes, ci-après « les membres » :")
    tag(doc, "{%p for m in members %}")
    para(
        doc,
        "{{ m.name }}, {{ m.legal_form }}, SIRET {{ m.siret }}, dont le siège est situé "
        "{{ m.address }}, représentée par {{ m.signatory_name }}, {{ m.signatory_title }} ;",
        "List Bullet",
    )
    tag(doc, "{%p endfor %}")
    para(doc, "il est convenu ce qui suit.")

    para(doc, "Article 1 — Objet", "Heading 1")
    para(
        doc,
        "La présente convention organise le groupement « {{ consortium.name }} », constitué "
        "pour répondre à la consultation « {{ tender.title }} » (référence "
        "{{ tender.reference }}) lancée par {{ tender.buyer_name }}, puis pour exécuter le "
        "marché s'il lui est attribué.",
    )

    para(doc, "Article 2 — Forme du groupement", "Heading 1")
    label_value(doc, "Forme retenue", "{{ consortium.form_label }}")
    tag(doc, "{%p if consortium.lead_is_jointly_liable %}")
    para(
        doc,
        "Le mandataire est solidaire de chacun des membres pour ses obligations "
        "contractuelles à l'égard de l'acheteur.",
    )
    tag(doc, "{%p endif %}")

    para(doc, "Article 3 — Mandataire", "Heading 1")
    para(
        doc,
        "Les membres désignent {{ lead.name }} (SIRET {{ lead.siret }}) comme mandataire. "
        "Il représente l'ensemble des membres auprès de l'acheteur, signe la candidature, "
        "l'offre et les modifications du marché en leur nom, et coordonne l'exécution des "
        "prestations.",
    )

    para(doc, "Article 4 — Répartition des prestations", "Heading 1")
    para(
        doc,
        "Chaque membre exécute les prestations qui lui reviennent selon la répartition "
        "suivante, détaillée dans l'annexe de répartition :",
    )
    t = doc.add_table(rows=0, cols=4)
    t.style = doc.styles["Table Grid"]
    rows = [
        (["Lot", "Membre", "Montant HT", "Part"], True),
        (["{%tr for lot in split %}"], False),
        (["{%tr for sh in lot.shares %}"], False),
        (
            [
                "Lot {{ lot.number }}",
                "{{ sh.member_name }}",
                "{{ sh.amount_text }}",
                "{{ sh.percent_text }}",
            ],
            False,
        ),
        (["{%tr endfor %}"], False),
        (["Total du lot {{ lot.number }}", "", "{{ lot.total_text }}", "100 %"], True),
        (["{%tr endfor %}"], False),
        (["Total général", "", "{{ grand_total_text }}", ""], True),
    ]
    for values, bold in rows:
        r = t.add_row()
        for cell, value in zip(r.cells, values, strict=False):
            cell.paragraphs[0].add_run(value).bold = bold
    _repeat_header(t)

    para(doc, "Article 5 — Durée", "Heading 1")
    para(doc, "{{ duration_text }}")

    para(doc, "Article 6 — Signatures", "Heading 1")
    para(doc, "Fait en autant d'exemplaires originaux que de membres du groupement.")
    signature_table(doc)
    return doc


BUILDERS: dict[str, Callable[[], DocumentObject]] = {
    "dc1": build_dc1,
    "dc2_member": build_dc2_member,
    "memoire": build_memoire,
    "annexe_repartition": build_annexe_repartition,
    "convention_groupement": build_convention_groupement,
}


def build_all(target: Path = HERE) -> list[Path]:
    """Write every template into ``target``; return the paths written."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        path = target / f"{name}.docx"
        builder().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build_all():
        print(written_path.relative_to(HERE.parent))
