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
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
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
    # A draft package says so on every page of every document.
    section.header.add_paragraph("{%p if draft %}", style="Header")
    mark = section.header.add_paragraph(style="Header")
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = mark.add_run("{{ draft_mark }}")
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    section.header.add_paragraph("{%p endif %}", style="Header")

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
            for n, line in enumerate(value.split("\n")):
                run = p.add_run(line)
                run.bold = bold
                if n < value.count("\n"):
                    run.add_break()

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


def shares_table(doc: DocumentObject) -> Table:
    """The members' parts of ``lot``: services, amount and share, with the lot's total."""
    return table(
        doc,
        ["Membre", "Prestations", "Montant HT", "Part"],
        "sh in lot.shares",
        [
            "{{ sh.member_name }} ({{ sh.role }})",
            "{{ sh.services }}",
            "{{ sh.amount_text }}",
            "{{ sh.percent_text }}",
        ],
        footer=["Total du lot", "", "{{ lot.total_text }}", "100 %"],
        widths=[4, 7, 3.5, 2.5],
    )


def _repeat_header(t: Table) -> None:
    tr_pr = t.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def signature_table(doc: DocumentObject, loop: str = "m in members") -> Table:
    """One row per member: who signs, as what, where (its own town) and when."""
    return table(
        doc,
        ["Membre", "Nom, prénom et qualité du signataire", "Lieu et date", "Signature"],
        loop,
        [
            "{{ m.name }} ({{ m.role }})",
            "{{ m.representative_name }}, {{ m.representative_title }}",
            "{{ m.signature_place }}, le {{ date_text }}",
            "",
        ],
        widths=[4.0, 5.5, 4.0, 3.5],
    )


def rubric(doc: DocumentObject, letter: str, title: str) -> Paragraph:
    """An official rubric: « A - Identification de l'acheteur » (Heading 1)."""
    return para(doc, f"{letter} - {title}", "Heading 1")


def sub_rubric(doc: DocumentObject, code: str, title: str) -> Paragraph:
    """« F1 - Exclusions de la procédure » (Heading 2)."""
    return para(doc, f"{code} - {title}", "Heading 2")


def note(doc: DocumentObject, text: str) -> Paragraph:
    """The form's own instruction, in small italics."""
    p = doc.add_paragraph(style="Normal")
    run = p.add_run(text)
    run.italic = True
    run.font.size = Pt(9)
    return p


def box(doc: DocumentObject, condition: str, text: str, style: str = "Normal") -> Paragraph:
    """A box of the form, ticked (☒) when ``condition`` holds."""
    return para(doc, f"{{{{ '☒' if {condition} else '☐' }}}} {text}", style)


def identification(doc: DocumentObject, who: str) -> None:
    """Name, address, e-mail, phone and SIRET of a member, as the forms ask them."""
    label_value(
        doc,
        "Nom commercial et dénomination sociale",
        f"{{{{ {who}.name }}}} ({{{{ {who}.legal_form }}}})",
    )
    label_value(doc, "Adresse de l'établissement et du siège social", f"{{{{ {who}.address }}}}")
    label_value(doc, "Adresse électronique", f"{{{{ {who}.email }}}}")
    label_value(doc, "Numéro de téléphone", f"{{{{ {who}.phone }}}}")
    label_value(doc, "Numéro SIRET", f"{{{{ {who}.siret }}}}")


def form_title(doc: DocumentObject, code: str, title: str, subtitle: str = "") -> None:
    p = para(doc, "MARCHÉS PUBLICS")
    p.runs[0].bold = True
    para(doc, f"{code} — {title}", "Title")
    if subtitle:
        p = para(doc, subtitle)
        p.runs[0].bold = True


def _toc_styles(doc: DocumentObject) -> None:
    """Word's « TOC 1 » and « TOC 2 »: a dotted tab to the page number at the right margin."""
    for level in (1, 2):
        name = f"TOC {level}"
        try:
            style = doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.tab_stops.add_tab_stop(
            Cm(17), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        if level == 1:
            style.font.bold = True


def update_fields_on_open(doc: DocumentObject) -> None:
    """Ask Word to refresh the fields (table of contents) when the document is opened."""
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


# --------------------------------------------------------------------------- rubrics
#
# The rubric letters and titles follow the forms of the Direction des affaires juridiques
# (DAJ) in force: DC1 (2019, updated 2025), DC2 (updated 21 November 2023: reserved contracts
# in C2), DC4 (12 October 2023: rubric I, duration of the subcontract), ATTRI1 (2019). Where
# each one comes from is written in templates_docx/README.md.

EXCLUSIONS = (
    "ne pas entrer dans l'un des cas d'exclusion prévus aux articles L. 2141-1 à L. 2141-5 ou "
    "aux articles L. 2141-7 à L. 2141-10 du code de la commande publique, et notamment "
    "satisfaire aux obligations concernant l'emploi des travailleurs handicapés définies aux "
    "articles L. 5212-1 à L. 5212-11 du code du travail (article R. 2143-3, 1°, du code de la "
    "commande publique)"
)
PROOFS_ENCLOSED = (
    "Sans objet : les documents justificatifs et moyens de preuve sont joints au dossier "
    "(dossier « certificats » de l'archive)."
)


def buyer_block(doc: DocumentObject) -> None:
    label_value(doc, "Acheteur", "{{ tender.buyer_identification }}")
    label_value(doc, "Adresse", "{{ tender.buyer_address }}")
    label_value(doc, "Référence de la consultation", "{{ tender.reference }}")


def buyer_and_object(doc: DocumentObject, object_title: str = "Objet de la consultation") -> None:
    """Rubrics A (the buyer) and B (the consultation), as the forms open."""
    rubric(doc, "A", "Identification de l'acheteur")
    buyer_block(doc)
    rubric(doc, "B", object_title)
    object_block(doc)


def object_block(doc: DocumentObject) -> None:
    label_value(doc, "Objet de la consultation", "{{ tender.title }}")
    label_value(doc, "Procédure", "{{ tender.procedure_label }}")
    tag(doc, "{%p if tender.deadline_text %}")
    label_value(doc, "Date limite de remise des offres", "{{ tender.deadline_text }}")
    tag(doc, "{%p endif %}")


# --------------------------------------------------------------------------- DC1


def build_dc1() -> DocumentObject:
    doc = new_document("DC1", "Lettre de candidature")
    form_title(
        doc, "DC1", "Lettre de candidature", "Désignation du mandataire par ses co-traitants"
    )
    note(
        doc,
        "Formulaire de la Direction des affaires juridiques, rempli par Cordée pour le "
        "groupement « {{ consortium.name }} ».",
    )

    buyer_and_object(doc)

    rubric(doc, "C", "Objet de la candidature")
    para(doc, "La candidature est présentée :")
    box(doc, "not tender.is_allotted", "pour le marché public (en cas de non allotissement) ;")
    box(
        doc,
        "tender.is_allotted and tender.all_lots",
        "pour tous les lots de la procédure de passation du marché public (en cas "
        "d'allotissement) ;",
    )
    box(
        doc,
        "tender.is_allotted and not tender.all_lots",
        "pour le lot n° ou les lots n° "
        "{{ tender.lots_text if tender.is_allotted and not tender.all_lots else '(sans objet)' }}"
        " de la procédure de passation du marché public (en cas d'allotissement).",
    )
    tag(doc, "{%p for lot in tender.lots %}")
    para(doc, "Lot {{ lot.number }} : {{ lot.title }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    rubric(doc, "D", "Présentation du candidat")
    box(doc, "false", "Le candidat se présente seul (sans objet : candidature groupée).")
    para(
        doc,
        "☒ Le candidat est un groupement d'entreprises : "
        "{{ '☒' if consortium.is_joint else '☐' }} conjoint OU "
        "{{ '☒' if consortium.is_several else '☐' }} solidaire",
    )
    para(
        doc,
        "En cas de groupement conjoint, précisez si le mandataire du groupement est "
        "solidaire : {{ '☐' if consortium.form == 'conjoint_solidaire' else '☒' }} Non "
        "{{ '☒' if consortium.form == 'conjoint_solidaire' else '☐' }} Oui"
        "{{ ' (sans objet : groupement solidaire)' if consortium.is_several else '' }}",
    )
    label_value(doc, "Nom du groupement", "{{ consortium.name }}")

    rubric(doc, "E", "Identification des membres du groupement et répartition des prestations")
    note(
        doc,
        "Tous les membres du groupement figurent dans le tableau ci-dessous, lot par lot, "
        "avec la répartition des prestations que chacun d'entre eux s'engage à exécuter.",
    )
    t = doc.add_table(rows=0, cols=3)
    t.style = doc.styles["Table Grid"]
    header_cells = t.add_row().cells
    for cell, text in zip(
        header_cells,
        [
            "N° du lot",
            "Nom commercial et dénomination sociale, adresse de l'établissement, adresse "
            "électronique, numéro de téléphone, numéro SIRET des membres du groupement",
            "Prestations exécutées par les membres du groupement",
        ],
        strict=True,
    ):
        cell.paragraphs[0].add_run(text).bold = True
    _repeat_header(t)
    loop_rows = [
        ["{%tr for m in members %}"],
        ["{%tr for line in m.service_lines %}"],
        [
            "{{ line.lot_number }}",
            "{{ m.name }} ({{ m.role }})\n{{ m.address }}\n{{ m.email }}\n"
            "Tél. {{ m.phone }}\nSIRET {{ m.siret }}",
            "{{ line.services }}",
        ],
        ["{%tr endfor %}"],
        ["{%tr endfor %}"],
    ]
    for values in loop_rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, values, strict=False):
            p = cell.paragraphs[0]
            for n, line in enumerate(value.split("\n")):
                run = p.add_run(line)
                if n < value.count("\n"):
                    run.add_break()
    t.autofit = False
    for r in t.rows:
        for cell, width in zip(r.cells, [1.6, 8.4, 7.0], strict=True):
            cell.width = Cm(width)
        r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for column, width in zip(t.columns, [1.6, 8.4, 7.0], strict=True):
        column.width = Cm(width)

    rubric(doc, "F", "Engagements du candidat individuel ou de chaque membre du groupement")
    sub_rubric(doc, "F1", "Exclusions de la procédure")
    para(doc, "Chaque membre du groupement déclare sur l'honneur :")
    para(
        doc,
        f"a) dans l'hypothèse d'un marché public autre que de défense ou de sécurité, "
        f"{EXCLUSIONS} ;",
    )
    para(
        doc,
        "b) dans l'hypothèse d'un marché public de défense ou de sécurité, ne pas entrer dans "
        "l'un des cas d'exclusion prévus aux articles L. 2341-1 à L. 2341-3 ou aux articles "
        "L. 2141-7 à L. 2141-10 du code de la commande publique.",
    )
    para(
        doc,
        "☒ Afin d'attester que chaque membre du groupement n'est pas dans un de ces cas "
        "d'exclusion, la case est cochée. Le membre qui entrerait dans l'un de ces cas au cours "
        "de la procédure en informe l'acheteur sans délai.",
    )
    sub_rubric(doc, "F2", "Documents de preuve disponibles en ligne")
    para(doc, PROOFS_ENCLOSED)
    sub_rubric(doc, "F3", "Capacités")
    para(
        doc,
        "Les membres du groupement produisent, aux fins de vérification de l'aptitude à "
        "exercer l'activité professionnelle, de la capacité économique et financière et des "
        "capacités techniques et professionnelles :",
    )
    para(doc, "☒ le formulaire DC2, un par membre du groupement ;")
    para(
        doc,
        "☒ les documents établissant leurs capacités, tels que demandés dans les documents de "
        "la consultation (dossier « certificats »).",
    )

    rubric(doc, "G", "Désignation du mandataire (en cas de groupement)")
    para(
        doc,
        "Les membres du groupement désignent le mandataire suivant (article R. 2142-23 du "
        "code de la commande publique) :",
    )
    identification(doc, "lead")
    label_value(
        doc,
        "Représenté par",
        "{{ lead.representative_name }}, {{ lead.representative_title }}",
    )
    para(doc, "Les autres membres du groupement :")
    para(
        doc,
        "☒ donnent mandat au mandataire, qui l'accepte, pour signer, en leur nom et pour leur "
        "compte, la candidature et l'offre du groupement, et pour les représenter vis-à-vis de "
        "l'acheteur pendant la procédure de passation du marché public ;",
    )
    para(
        doc,
        "☒ donnent mandat au mandataire, qui l'accepte, pour signer, en leur nom et pour leur "
        "compte, les modifications ultérieures du marché public ;",
    )
    para(
        doc,
        "☒ ont donné mandat au mandataire dans les conditions définies par la convention de "
        "groupement jointe au dossier, qui précise aussi sa mission de coordination des "
        "prestations pendant l'exécution du marché.",
    )
    para(
        doc,
        "Le mandataire du groupement est "
        "{{ 'solidaire de chacun des membres du groupement pour ses obligations contractuelles "
        "à l\\'égard de l\\'acheteur' if consortium.lead_is_jointly_liable else 'conjoint' }}.",
    )
    para(doc, "Signature des membres du groupement", "Heading 2")
    signature_table(doc)
    return doc


# --------------------------------------------------------------------------- DC2


def build_dc2_member() -> DocumentObject:
    doc = new_document("DC2", "Déclaration du candidat individuel ou du membre du groupement")
    form_title(doc, "DC2", "Déclaration du candidat individuel ou du membre du groupement")
    para(
        doc,
        "{{ member.name }} — membre du groupement « {{ consortium.name }} » ({{ member.role }})",
    )

    buyer_and_object(doc)
    label_value(doc, "Lot(s) concerné(s) par cette déclaration", "{{ member.lots_text }}")

    rubric(doc, "C", "Identification du candidat individuel ou du membre du groupement")
    sub_rubric(doc, "C1", "Cas général")
    identification(doc, "member")
    label_value(doc, "Forme juridique", "{{ member.legal_form }}")
    label_value(
        doc,
        "Représentant légal",
        "{{ member.representative_name }}, {{ member.representative_title }}",
    )
    para(
        doc,
        "Le membre du groupement est-il une micro, une petite ou une moyenne entreprise au "
        "sens de la recommandation de la Commission du 6 mai 2003 (articles R. 2151-13 et "
        "R. 2351-12 du code de la commande publique) ? "
        "{{ '☒' if member.is_sme else '☐' }} Oui {{ '☐' if member.is_sme else '☒' }} Non",
    )
    sub_rubric(doc, "C2", "Cas particuliers en cas de marché public réservé")
    table(
        doc,
        ["Type de marché réservé", "Type de structure"],
        "r in member.reserved_rows",
        ["{{ r.market }}", "{{ r.box }} {{ r.structure }}"],
        widths=[7.5, 9.5],
    )
    para(doc, "{{ member.reserved_statement }}")
    label_value(doc, "Type de structure", "{{ member.kind_label }}")
    sub_rubric(doc, "C3", "Cas spécifiques relatifs aux conditions de participation")
    para(
        doc,
        "1. Inscription sur une liste officielle d'opérateurs économiques agréés (article "
        "R. 2143-15 du code de la commande publique) : néant.",
    )
    para(
        doc,
        "2. ☐ Le candidat déclare sur l'honneur satisfaire à l'ensemble des conditions de "
        "participation (second alinéa de l'article R. 2143-4) : non utilisé, les rubriques "
        "suivantes sont renseignées.",
    )

    rubric(
        doc,
        "D",
        "Le candidat individuel ou le membre du groupement est-il en redressement judiciaire ?",
    )
    para(
        doc,
        "{{ '☒' if member.in_receivership else '☐' }} Oui "
        "{{ '☐' if member.in_receivership else '☒' }} Non"
        "{{ ' — la copie du ou des jugements prononcés est jointe.' "
        "if member.in_receivership else '' }}",
    )

    rubric(
        doc,
        "E",
        "Renseignements relatifs à l'aptitude à exercer l'activité professionnelle "
        "concernée par le contrat",
    )
    sub_rubric(doc, "E1", "Renseignements sur l'inscription sur un registre professionnel")
    para(
        doc,
        "Répertoire des entreprises et des établissements (SIRENE) : SIREN {{ member.siren }}, "
        "code APE {{ member.naf }}.",
    )
    sub_rubric(
        doc, "E2", "Autorisation spécifique ou organisation dont le membre doit faire partie"
    )
    tag(doc, "{%p for r in member.registrations %}")
    para(doc, "{{ r }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not member.registrations %}")
    para(doc, "Néant.")
    tag(doc, "{%p endif %}")
    sub_rubric(doc, "E3", "Documents de preuve disponibles en ligne")
    para(doc, PROOFS_ENCLOSED)

    rubric(
        doc,
        "F",
        "Renseignements relatifs à la capacité économique et financière du candidat "
        "individuel ou du membre du groupement",
    )
    sub_rubric(doc, "F1", "Chiffres d'affaires hors taxes des trois derniers exercices disponibles")
    table(
        doc,
        [
            "Exercice",
            "Chiffre d'affaires global HT",
            "Part du chiffre d'affaires concernant les fournitures, services ou travaux objet "
            "du marché (si demandé par l'acheteur)",
        ],
        "fy in member.fiscal_years",
        ["{{ fy.label }}", "{{ fy.amount_text }}", "Non ventilée"],
        widths=[7, 4.5, 5.5],
    )
    sub_rubric(
        doc,
        "F2",
        "Autres informations requises par l'acheteur au titre de la capacité économique et "
        "financière",
    )
    para(
        doc,
        "Assurance responsabilité civile professionnelle : {{ member.insurer }}, contrat "
        "n° {{ member.insurance_policy }}, valable jusqu'au "
        "{{ member.insurance_valid_until_text }}.",
    )
    sub_rubric(doc, "F3", "Pour les marchés publics de travaux")
    tag(doc, "{%p if tender.is_works %}")
    para(
        doc,
        "☒ Le membre déclare qu'il aura souscrit un contrat d'assurance le couvrant au regard "
        "de la responsabilité décennale (article L. 241-1 du code des assurances).",
    )
    tag(doc, "{%p else %}")
    para(doc, "Sans objet : le marché n'est pas un marché de travaux.")
    tag(doc, "{%p endif %}")
    sub_rubric(doc, "F4", "Documents de preuve disponibles en ligne")
    para(doc, PROOFS_ENCLOSED)

    rubric(
        doc,
        "G",
        "Renseignements relatifs à la capacité technique et professionnelle du candidat "
        "individuel ou du membre du groupement",
    )
    sub_rubric(doc, "G1", "Renseignements requis par l'acheteur")
    label_value(doc, "Effectifs", "{{ member.headcount_text }}")
    para(doc, "Principales références :")
    tag(doc, "{%p if member.references %}")
    table(
        doc,
        ["Client", "Prestation", "Année", "Montant HT"],
        "ref in member.references",
        ["{{ ref.client }}", "{{ ref.title }}", "{{ ref.year }}", "{{ ref.amount_text }}"],
        widths=[4.5, 7, 2, 3.5],
    )
    tag(doc, "{%p else %}")
    para(doc, "Aucune référence de marché public déclarée.")
    tag(doc, "{%p endif %}")
    para(doc, "Certifications et qualifications :")
    tag(doc, "{%p for cert in member.certifications %}")
    para(doc, "{{ cert.title }} (valable jusqu'au {{ cert.valid_until_text }})", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not member.certifications %}")
    para(doc, "Néant.")
    tag(doc, "{%p endif %}")
    sub_rubric(doc, "G2", "Documents de preuve disponibles en ligne")
    para(doc, PROOFS_ENCLOSED)

    rubric(
        doc,
        "H",
        "Capacités des opérateurs économiques sur lesquels le candidat individuel ou le "
        "membre du groupement s'appuie pour présenter sa candidature",
    )
    tag(doc, "{%p if relied_upon %}")
    table(
        doc,
        ["N° du lot", "Opérateur (sous-traitant, déclaré par un DC4 joint)"],
        "op in relied_upon",
        ["{{ op.lots_text }}", "{{ op.name }} — {{ op.identification }}"],
        widths=[2.5, 14.5],
    )
    tag(doc, "{%p else %}")
    para(doc, "Néant : le membre ne s'appuie sur les capacités d'aucun autre opérateur économique.")
    tag(doc, "{%p endif %}")

    rubric(doc, "I", "Renseignements spécifiques aux marchés publics de défense ou de sécurité")
    para(doc, "Sans objet : le marché n'est pas un marché de défense ou de sécurité.")
    return doc


# --------------------------------------------------------------------------- DC4


def build_dc4() -> DocumentObject:
    doc = new_document("DC4", "Déclaration de sous-traitance")
    form_title(doc, "DC4", "Déclaration de sous-traitance")
    para(doc, "{{ subcontractor.name }} — sous-traitant du groupement « {{ consortium.name }} »")

    buyer_and_object(doc, "Objet du marché public")
    label_value(doc, "Lot(s) concerné(s)", "{{ subcontract.lots_text }}")

    rubric(doc, "C", "Objet de la déclaration du sous-traitant")
    para(doc, "La présente déclaration de sous-traitance constitue :")
    para(doc, "☒ un document annexé à l'offre du soumissionnaire ;")
    para(
        doc,
        "☐ un acte spécial portant acceptation du sous-traitant et agrément de ses conditions "
        "de paiement, établi en cours d'exécution du marché public ;",
    )
    para(doc, "☐ un acte spécial modificatif.")

    rubric(doc, "D", "Identification du soumissionnaire ou du titulaire du marché public")
    para(
        doc,
        "Le groupement « {{ consortium.name }} » ({{ consortium.form_label }}), représenté par "
        "son mandataire :",
    )
    identification(doc, "lead")
    para(
        doc,
        "Le sous-traitant exécute ses prestations pour le compte de {{ contractor.name }}, "
        "membre du groupement ({{ contractor.role }}), SIRET {{ contractor.siret }}.",
    )

    rubric(doc, "E", "Identification du sous-traitant")
    identification(doc, "subcontractor")
    label_value(doc, "Forme juridique", "{{ subcontractor.legal_form }}")
    label_value(
        doc,
        "Personne ayant le pouvoir d'engager le sous-traitant",
        "{{ subcontractor.representative_name }}, {{ subcontractor.representative_title }}",
    )
    para(
        doc,
        "Le sous-traitant est-il une micro, une petite ou une moyenne entreprise ? "
        "{{ '☒' if subcontractor.is_sme else '☐' }} Oui "
        "{{ '☐' if subcontractor.is_sme else '☒' }} Non",
    )

    rubric(doc, "F", "Nature des prestations sous-traitées")
    label_value(doc, "Nature des prestations sous-traitées", "{{ subcontract.services }}")

    rubric(doc, "G", "Prix des prestations sous-traitées")
    label_value(
        doc,
        "Montant des prestations sous-traitées",
        "{{ subcontract.amount_text }} HT, soit {{ subcontract.amount_ttc_text }} TTC "
        "({{ subcontract.vat_text }})",
    )
    para(doc, "Modalités de variation des prix : celles du marché public.")
    para(
        doc,
        "Le sous-traitant est payé directement par l'acheteur : "
        "{{ '☒' if subcontract.direct_payment else '☐' }} Oui "
        "{{ '☐' if subcontract.direct_payment else '☒' }} Non"
        "{{ ' (paiement direct de droit au-delà de 600 € TTC, article R. 2193-10 du code de "
        "la commande publique).' if subcontract.direct_payment else '.' }}",
    )

    rubric(doc, "H", "Conditions de paiement")
    label_value(
        doc,
        "Compte à créditer",
        "IBAN {{ subcontractor.iban }} — BIC {{ subcontractor.bic }}",
    )
    para(
        doc,
        "Avance : {{ 'le sous-traitant, payé directement, ne renonce pas à l\\'avance prévue à "
        "l\\'article R. 2193-19 du code de la commande publique, versée sur sa demande lorsque le "
        "titulaire remplit les conditions pour en bénéficier.' if subcontract.direct_payment "
        "else 'sans objet, le sous-traitant n\\'étant pas payé directement (article R. 2193-19 "
        "du code de la commande publique).' }}",
    )

    rubric(doc, "I", "Durée du contrat de sous-traitance en nombre de mois")
    para(
        doc,
        "La durée du contrat de sous-traitance en nombre de mois est de : "
        "{{ subcontract.duration_months }}.",
    )

    rubric(doc, "J", "Capacités du sous-traitant")
    sub_rubric(
        doc,
        "J1",
        "Récapitulatif des informations et renseignements sur les capacités du sous-traitant",
    )
    label_value(doc, "Effectifs", "{{ subcontractor.headcount_text }}")
    tag(doc, "{%p for ref in subcontractor.references %}")
    para(
        doc,
        "{{ ref.client }} — {{ ref.title }} ({{ ref.year }}, {{ ref.amount_text }})",
        "List Bullet",
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not subcontractor.references %}")
    para(doc, "Aucune référence de marché public déclarée.")
    tag(doc, "{%p endif %}")
    sub_rubric(doc, "J2", "Documents de preuve disponibles en ligne")
    para(doc, PROOFS_ENCLOSED)

    rubric(doc, "K", "Attestations sur l'honneur du sous-traitant")
    sub_rubric(doc, "K1", "Le sous-traitant déclare sur l'honneur")
    para(doc, f"Le sous-traitant déclare sur l'honneur {EXCLUSIONS}.")

    rubric(doc, "L", "Cession ou nantissement des créances résultant du marché public")
    para(
        doc,
        "Aucune cession ni aucun nantissement des créances résultant du marché public n'a été "
        "consenti à la date de la présente déclaration : l'exemplaire unique ou le certificat "
        "de cessibilité n'a pas à être modifié.",
    )
    para(doc, "Signatures", "Heading 2")
    table(
        doc,
        ["", "Nom, prénom et qualité du signataire", "Lieu et date", "Signature"],
        None,
        [
            "Le mandataire : {{ lead.name }}",
            "{{ lead.representative_name }}, {{ lead.representative_title }}",
            "{{ lead.signature_place }}, le {{ date_text }}",
            "",
        ],
        widths=[4.0, 5.5, 4.0, 3.5],
    )
    table(
        doc,
        ["", "Nom, prénom et qualité du signataire", "Lieu et date", "Signature"],
        None,
        [
            "Le sous-traitant : {{ subcontractor.name }}",
            "{{ subcontractor.representative_name }}, {{ subcontractor.representative_title }}",
            "{{ subcontractor.signature_place }}, le {{ date_text }}",
            "",
        ],
        widths=[4.0, 5.5, 4.0, 3.5],
    )

    rubric(doc, "M", "Acceptation et agrément des conditions de paiement du sous-traitant")
    para(doc, "Cadre réservé à l'acheteur.")
    return doc


# --------------------------------------------------------------------------- ATTRI1


def build_attri1() -> DocumentObject:
    doc = new_document("ATTRI1", "Acte d'engagement")
    form_title(doc, "ATTRI1", "Acte d'engagement", "Lot {{ lot.number }} : {{ lot.title }}")

    rubric(doc, "A", "Objet de l'acte d'engagement")
    label_value(doc, "Acheteur", "{{ tender.buyer_identification }}")
    label_value(doc, "Adresse", "{{ tender.buyer_address }}")
    label_value(doc, "Objet du marché public", "{{ tender.title }}")
    label_value(doc, "Référence", "{{ tender.reference }}")
    para(doc, "Le présent acte d'engagement concerne :")
    para(doc, "☒ le lot n° {{ lot.number }} : {{ lot.title }} ;")
    para(doc, "☒ l'offre de base.")

    rubric(doc, "B", "Engagement du titulaire ou du groupement titulaire")
    sub_rubric(doc, "B1", "Identification et engagement du titulaire ou du groupement titulaire")
    para(
        doc,
        "Après avoir pris connaissance des pièces constitutives du marché public indiquées dans "
        "les documents de la consultation, les membres du groupement désignés ci-dessous "
        "s'engagent, sur la base de leur offre, à exécuter les prestations demandées pour le "
        "montant de {{ lot.total_text }} hors taxes.",
    )
    table(
        doc,
        ["Membre", "Adresse, adresse électronique, téléphone", "SIRET", "Représenté par"],
        "m in members",
        [
            "{{ m.name }} ({{ m.role }})",
            "{{ m.address }}\n{{ m.email }}\n{{ m.phone }}",
            "{{ m.siret }}",
            "{{ m.representative_name }}, {{ m.representative_title }}",
        ],
        widths=[3.6, 5.5, 4.1, 3.8],
    )
    sub_rubric(
        doc,
        "B2",
        "Nature du groupement et, en cas de groupement conjoint, répartition des prestations",
    )
    para(
        doc,
        "{{ '☒' if consortium.is_joint else '☐' }} conjoint "
        "{{ '☒' if consortium.is_several else '☐' }} solidaire — {{ consortium.form_label }}.",
    )
    shares_table(doc)
    sub_rubric(doc, "B3", "Compte(s) à créditer")
    tag(doc, "{%p if single_account %}")
    para(
        doc,
        "Les paiements sont faits au compte unique du mandataire, {{ lead.name }} : "
        "IBAN {{ lead.iban }}, BIC {{ lead.bic }}.",
    )
    tag(doc, "{%p else %}")
    tag(doc, "{%p for m in members %}")
    para(doc, "{{ m.name }} : IBAN {{ m.iban }}, BIC {{ m.bic }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    sub_rubric(doc, "B4", "Avance")
    para(
        doc,
        "Les membres du groupement ne renoncent pas au bénéfice de l'avance prévue aux "
        "articles R. 2191-3 et suivants du code de la commande publique.",
    )
    sub_rubric(doc, "B5", "Durée d'exécution du marché public")
    para(
        doc,
        "La durée d'exécution du marché public est {{ tender.duration_text }}, à compter de "
        "la date de début d'exécution fixée par les documents de la consultation.",
    )

    rubric(
        doc,
        "C",
        "Signature du marché public par le titulaire individuel ou, en cas de groupement, "
        "le mandataire dûment habilité ou chaque membre du groupement",
    )
    signature_table(doc)

    rubric(doc, "D", "Identification et signature de l'acheteur")
    label_value(doc, "Désignation de l'acheteur", "{{ tender.buyer_identification }}")
    label_value(doc, "Adresse", "{{ tender.buyer_address }}")
    para(doc, "Cadre réservé à l'acheteur.")
    return doc


# --------------------------------------------------------------------------- mémoire


def build_memoire() -> DocumentObject:
    doc = new_document("Mémoire technique", "Mémoire technique du groupement")
    _toc_styles(doc)
    # Cover page.
    for _ in range(4):
        para(doc)
    para(doc, "Mémoire technique", "Title")
    p = para(doc, "{{ tender.title }}")
    p.runs[0].bold = True
    p.runs[0].font.size = Pt(16)
    label_value(doc, "Acheteur", "{{ tender.buyer_name }}")
    label_value(doc, "Référence", "{{ tender.reference }}")
    label_value(
        doc, "Candidat", "le groupement « {{ consortium.name }} » ({{ consortium.form_label }})"
    )
    para(
        doc,
        "Membres du groupement"
        "{{ ' et sous-traitants' if members|selectattr('is_subcontractor')|list else '' }} :",
    )
    tag(doc, "{%p for m in members %}")
    para(
        doc, "{{ m.name }}{{ ' (' ~ m.town ~ ')' if m.town else '' }} — {{ m.role }}", "List Bullet"
    )
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if tender.deadline_text %}")
    label_value(doc, "Date limite de remise des offres", "{{ tender.deadline_text }}")
    tag(doc, "{%p endif %}")
    label_value(doc, "Établi le", "{{ date_text }}")
    doc.add_page_break()

    # Table of contents: a Word TOC field whose result is already filled with the headings
    # (and their pages when LibreOffice counted them); Word refreshes it on opening.
    para(doc, "Sommaire", "TOC Heading")
    begin = para(doc)
    _field_start(begin, 'TOC \\o "1-2" \\h \\z \\u')
    tag(doc, "{%p for e in toc %}")
    tag(doc, "{%p if e.level == 1 %}")
    para(doc, "{{ e.title }}\t{{ e.page }}", "TOC 1")
    tag(doc, "{%p else %}")
    para(doc, "{{ e.title }}\t{{ e.page }}", "TOC 2")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    _field_end(para(doc))
    update_fields_on_open(doc)
    doc.add_page_break()

    tag(doc, "{%p for s in sections %}")
    para(doc, "{{ s.title }}", "Heading 1")
    para(doc, "{{p s.body }}")
    tag(doc, "{%p endfor %}")

    para(doc, "Présentation des membres du groupement", "Heading 1")
    tag(doc, "{%p for m in members %}")
    para(doc, "{{ m.name }}", "Heading 2")
    label_value(
        doc,
        "Rôle {{ m.of_name }}",
        "{{ m.role }} — {{ m.kind_label }}{{ ', ' ~ m.town if m.town else '' }}",
    )
    label_value(doc, "Lots", "{{ m.lots_text }}")
    para(doc, "{{p m.presentation }}")
    tag(doc, "{%p endfor %}")

    para(doc, "Références du groupement", "Heading 1")
    tag(doc, "{%p if references %}")
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
    tag(doc, "{%p else %}")
    para(doc, "Les membres n'ont pas encore déclaré de références.")
    tag(doc, "{%p endif %}")
    return doc


def _field_start(paragraph: Paragraph, instruction: str) -> None:
    for kind in ("begin", "instr", "separate"):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")
        run._r.append(char)


def _field_end(paragraph: Paragraph) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(char)


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
    shares_table(doc)
    para(doc, "")
    tag(doc, "{%p endfor %}")
    para(doc, "Total général", "Heading 1")
    label_value(doc, "Montant total hors taxes de l'offre", "{{ grand_total_text }}")
    para(
        doc,
        "{{ lead.signature_place }}, le {{ date_text }}. Pour le groupement, le mandataire : "
        "{{ lead.representative_name }}, {{ lead.representative_title }}.",
    )
    return doc


# --------------------------------------------------------------------------- convention


def article(doc: DocumentObject, number: int, title: str) -> Paragraph:
    return para(doc, f"Article {number} — {title}", "Heading 1")


def build_convention_groupement() -> DocumentObject:
    doc = new_document("Convention de groupement", "Convention de groupement momentané")
    para(doc, "Convention de groupement momentané d'entreprises", "Title")
    para(
        doc,
        "Consultation « {{ tender.title }} » (référence {{ tender.reference }}), lancée par "
        "{{ tender.buyer_the }}.",
    )

    para(doc, "Entre les soussignés", "Heading 1")
    tag(doc, "{%p for m in members %}")
    para(
        doc,
        "{{ m.name }}, {{ m.legal_form }}, SIRET {{ m.siret }}, dont le siège est situé "
        "{{ m.address }}, représentée par {{ m.representative_name }}, "
        "{{ m.representative_title }} ;",
        "List Bullet",
    )
    tag(doc, "{%p endfor %}")
    para(doc, "ci-après « les membres », il est convenu ce qui suit.")

    article(doc, 1, "Objet")
    para(
        doc,
        "La présente convention organise le groupement momentané « {{ consortium.name }} », "
        "constitué pour présenter une candidature et une offre à la consultation "
        "« {{ tender.title }} » "
        "lancée par {{ tender.buyer_the }}, pour le ou les lots {{ tender.lots_text }}, puis, si "
        "le marché lui est attribué, pour l'exécuter. Elle ne crée pas de personne morale.",
    )

    article(doc, 2, "Membres et forme du groupement")
    para(
        doc,
        "Le groupement est constitué sous la forme suivante : {{ consortium.form_label }}. "
        "Sa composition est figée à la remise de l'offre (article R. 2142-26 du code de la "
        "commande publique), sauf dans les cas que prévoit ce même article.",
    )

    article(doc, 3, "Mandataire : désignation, mission et pouvoirs")
    para(
        doc,
        "Les membres désignent {{ lead.name }} (SIRET {{ lead.siret }}) comme mandataire, "
        "représenté par {{ lead.representative_name }}, {{ lead.representative_title }}. "
        "Le mandataire, qui l'accepte :",
    )
    for item in (
        "représente l'ensemble des membres auprès de l'acheteur pendant la procédure et "
        "l'exécution du marché ;",
        "signe, au nom et pour le compte des membres, la candidature, l'offre et les "
        "modifications du marché ;",
        "coordonne les prestations des membres, tient le planning commun et transmet à "
        "l'acheteur les documents d'exécution ;",
        "reçoit les correspondances de l'acheteur et les communique sans délai aux membres.",
    ):
        para(doc, item, "List Bullet")
    para(
        doc,
        "Le mandataire ne peut prendre aucun engagement nouveau au nom d'un membre sans son "
        "accord écrit.",
    )

    article(doc, 4, "Répartition des prestations")
    para(
        doc,
        "Chaque membre exécute les prestations qui lui reviennent selon la répartition "
        "ci-dessous, détaillée dans l'annexe de répartition jointe, qui fait partie de la "
        "présente convention :",
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
                "{{ sh.member_name }} ({{ sh.role }})",
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

    article(doc, 5, "Paiement")
    tag(doc, "{%p if single_account %}")
    para(
        doc,
        "L'acheteur paie le groupement au compte unique du mandataire, qui reverse à chaque "
        "membre la part qui lui revient dans un délai de quinze jours à compter de sa "
        "réception.",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Chaque membre est payé directement par l'acheteur, sur son propre compte, pour les "
        "prestations qu'il exécute ; le mandataire vise les demandes de paiement des membres "
        "avant de les transmettre.",
    )
    tag(doc, "{%p endif %}")

    article(doc, 6, "Responsabilité et solidarité")
    tag(doc, "{%p if consortium.lead_is_jointly_liable %}")
    para(
        doc,
        "{{ 'Chaque membre est engagé pour la totalité du marché et solidaire des autres "
        "membres à l\\'égard de l\\'acheteur.' if consortium.is_several else 'Le mandataire "
        "est solidaire de chacun des membres pour ses obligations contractuelles à l\\'égard "
        "de l\\'acheteur.' }} "
        "Le membre dont la défaillance a engagé la solidarité garantit les autres des sommes "
        "qu'ils ont dû supporter.",
    )
    tag(doc, "{%p else %}")
    para(
        doc,
        "Chaque membre n'est engagé que pour les prestations qui lui sont attribuées et en "
        "répond seul à l'égard de l'acheteur.",
    )
    tag(doc, "{%p endif %}")
    para(
        doc,
        "Chaque membre garde la responsabilité de ses salariés, de son matériel et de ses "
        "prestations, et justifie d'une assurance de responsabilité civile en cours de validité.",
    )

    article(doc, 7, "Coordination")
    para(
        doc,
        "Les membres se réunissent à l'initiative du mandataire au moins une fois par mois "
        "pendant l'exécution du marché. Chacun désigne un référent, informe le mandataire de "
        "toute difficulté et remplace au besoin un autre membre empêché, dans la limite de ses "
        "compétences et avec l'accord de l'acheteur.",
    )

    article(doc, 8, "Confidentialité")
    para(
        doc,
        "Les informations échangées entre les membres pour préparer et exécuter le marché, "
        "notamment leurs prix, sont confidentielles. Aucun membre ne peut les communiquer à un "
        "tiers sans l'accord de celui qu'elles concernent.",
    )

    article(doc, 9, "Retrait ou défaillance d'un membre")
    para(
        doc,
        "Un membre ne peut se retirer du groupement après la remise de l'offre. S'il fait "
        "défaut (liquidation judiciaire, manquement grave constaté par les autres membres, "
        "impossibilité d'exécuter), les autres membres proposent à l'acheteur, dans le "
        "respect de l'article R. 2142-26 du code de la commande publique, de reprendre ses "
        "prestations ou de le remplacer ; le membre défaillant supporte les surcoûts qu'il cause.",
    )

    article(doc, 10, "Règlement des différends")
    para(
        doc,
        "Les membres cherchent d'abord un accord amiable, réunis par le mandataire ; à défaut "
        "dans un délai d'un mois, le différend est porté devant le tribunal judiciaire du "
        "siège du mandataire.",
    )

    article(doc, 11, "Durée")
    para(doc, "{{ duration_text }}")

    article(doc, 12, "Signatures")
    para(doc, "Fait en autant d'exemplaires originaux que de membres du groupement.")
    signature_table(doc)
    return doc


BUILDERS: dict[str, Callable[[], DocumentObject]] = {
    "dc1": build_dc1,
    "dc2_member": build_dc2_member,
    "dc4": build_dc4,
    "attri1": build_attri1,
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
        _fix_zip_dates(path)
        written.append(path)
    return written


def _fix_zip_dates(path: Path) -> None:
    """The same bytes from one build to the next: the archive's entries get a fixed date."""
    import zipfile
    from io import BytesIO

    output = BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info))
    path.write_bytes(output.getvalue())


START, END = "<!-- variables:start -->", "<!-- variables:end -->"


def readme_text(current: str) -> str:
    """The README with its variable tables written from ``tenders/packages/contract.py``."""
    from tenders.packages.contract import KINDS, LABELS, describe

    blocks = []
    for kind in KINDS:
        blocks += [f"### `{kind}.docx` — {LABELS[kind]}", "", *describe(kind), ""]
    head, _, rest = current.partition(START)
    _, _, tail = rest.partition(END)
    return head + START + "\n" + "\n".join(blocks) + END + tail


def write_readme(path: Path = HERE / "README.md") -> None:
    path.write_text(readme_text(path.read_text()))


if __name__ == "__main__":
    for written_path in build_all():
        print(written_path.relative_to(HERE.parent))
    write_readme()
    print("templates_docx/README.md")
