"""A template cannot ask the sandbox for a billion characters: every size-multiplying operation
is measured before it runs, and an honest use of the same operations still works."""

from __future__ import annotations

import pytest

from tenders.documents import RenderError, TemplateRefused, render_docx
from tests.unit.test_documents_render import docx_bytes, read_back

TOO_BIG = "produit un document trop gros"

SIZE_BOMBS = {
    "string repetition": "{{ 'a' * 10**9 }}",
    "repetition, operands swapped": "{{ 10**9 * 'a' }}",
    "list repetition": "{{ ([0] * 10**9)|length }}",
    "repeated big items": "{{ (['x' * 100000] * 100000)|length }}",
    "power": "{{ 7 ** (10 ** 9) }}",
    "power of a float": "{{ 1.5 ** (10 ** 9) }}",
    "product of big numbers": "{% set n = 7 ** 9000 %}{{ (n * n * n * n * n * n * n)|string }}",
    "range with big bounds": "{{ range(10**9)|length }}",
    "join of a long range": "{{ range(10000)|join('x' * 1000) }}",
    "join of a generator": "{{ range(10000)|map('string')|map('center', 900000)|join }}",
    "list of a generator": "{{ range(10000)|map('string')|map('center', 900000)|list|length }}",
    "center filter": "{{ 'a'|center(10**9) }}",
    "indent filter": r"{{ ('a\n' * 1000)|indent(10**6) }}",
    "indent filter with a string": r"{{ ('a\n' * 100000)|indent('x' * 1000, first=true) }}",
    "format filter width": "{{ '%0999999999d'|format(1) }}",
    "format filter precision": "{{ '%.999999999f'|format(1.5) }}",
    "format filter star width": "{{ '%*s'|format(10**9, 'a') }}",
    "percent operator width": "{{ '%999999999s' % 'a' }}",
    "percent operator repeated value": "{{ ('%s' * 1000) % ((('x' * 10000),) * 1000) }}",
    "str.format width": "{{ '{:>999999999}'.format('a') }}",
    "str.format nested width": "{{ '{:{}}'.format('a', 10**9) }}",
    "str.format repeated field": "{{ ('{0}' * 10000).format('x' * 10000) }}",
    "wordwrap with a long wrapstring": "{{ ('a ' * 50000)|wordwrap(1, wrapstring='b' * 10000) }}",
    "replace filter": "{{ ('a' * 100000)|replace('a', 'b' * 100000) }}",
    "replace of the empty string": "{{ ('a' * 100000)|replace('', 'b' * 1000) }}",
    "str.replace": "{{ ('a' * 100000).replace('a', 'b' * 100000) }}",
    "str.ljust": "{{ 'a'.ljust(10**9) }}",
    "str.zfill": "{{ '1'.zfill(10**9) }}",
    "str.center": "{{ 'a'.center(10**9, '-') }}",
    "str.expandtabs": r"{{ ('\t' * 100000).expandtabs(100000) }}",
    "str.join": "{{ ('x' * 100000).join('y' * 100000) }}",
    "str.translate": "{{ ('a' * 10000).translate({97: 'b' * 10000}) }}",
    "int.to_bytes": "{{ (2).to_bytes(10**9, 'big') }}",
    "dict.fromkeys": "{{ dict.fromkeys(range(10000), 'x' * 100000)|length }}",
    "batch filler": "{{ [1]|batch(10**9, 0)|list|length }}",
    "slice count": "{{ [1]|slice(10**8)|list|length }}",
    "concatenation with ~": "{% set a = 'x' * 900000 %}{{ a ~ a ~ a }}",
    "concatenation with +": "{% set a = 'x' * 900000 %}{{ a + a }}",
    "list concatenation": "{% set a = ['x' * 900000] %}{{ (a + a)|length }}",
    "nested list literals": (
        "{% set a = 'x' * 100000 %}{% set b = [a, a, a, a, a, a, a, a, a, a] %}"
        "{{ [b, b, b, b, b, b, b, b, b, b] }}"
    ),
    "dict built from repeated values": (
        "{% set a = 'x' * 500000 %}{{ dict(k1=a, k2=a, k3=a)|string|length }}"
    ),
    "output of a loop": "{% for i in range(10000) %}{{ 'x' * 900000 }}{% endfor %}",
    "block set doubled": (
        "{% set a %}{{ 'x' * 900000 }}{% endset %}"
        + "{% set a %}{{ a }}{{ a }}{% endset %}" * 8
        + "{{ a }}"
    ),
    "repeated string filter": "{{ ('&' * 900000)|e|e|length }}",
    "map of a multiplying filter": "{{ ['a']|map('center', 10**9)|list }}",
}


@pytest.mark.parametrize("payload", SIZE_BOMBS.values(), ids=list(SIZE_BOMBS))
def test_a_size_bomb_is_refused_in_french(payload: str) -> None:
    with pytest.raises(RenderError) as refused:
        render_docx(docx_bytes(payload), {})

    assert refused.value.status_code == 422
    assert TOO_BIG in refused.value.message


HONEST = [
    ("{{ '-' * 20 }}", "-" * 20),
    ("{{ 3 * 'ab' }}", "ababab"),
    ("{{ 'Lot ' ~ n }}", "Lot 3"),
    ("{{ 'Lot ' + n|string }}", "Lot 3"),
    ("{{ 2 ** 10 }} {{ 1.5 * 2 }} {{ 10 % 3 }}", "1024 3.0 1"),
    ("{{ '%05.1f'|format(3.14159) }}", "003.1"),
    ("{{ 'Lot %d : %s' % (n, 'Entretien') }}", "Lot 3 : Entretien"),
    ("{{ '{:>5}|{name}'.format('a', name='b') }}", "    a|b"),
    ("{{ range(n)|join(', ') }}", "0, 1, 2"),
    ("{{ members|map(attribute='name')|join(' et ') }}", "Atelier Sève et Régie Nord"),
    ("{{ ', '.join(members|map(attribute='name')) }}", "Atelier Sève, Régie Nord"),
    ("{{ 'x'|center(5) }}|", "  x  |"),
    ("{{ 'a b c'|wordwrap(2, wrapstring='/') }}", "a/b/c"),
    ("{{ 'Régie'|replace('Régie', 'Atelier') }}", "Atelier"),
    ("{{ ([1, 2] + [3])|sum }} {{ members|length }}", "6 2"),
    ("{{ (members|batch(1)|list)|length }}", "2"),
    (
        "{% for m in members %}{{ loop.index }}. {{ m.name }} {% endfor %}",
        "1. Atelier Sève 2. Régie Nord ",
    ),
    ("{{ 'é'|upper }}{{ '12'.zfill(4) }}", "É0012"),
]


@pytest.mark.parametrize(("tag", "expected"), HONEST, ids=[tag for tag, _ in HONEST])
def test_an_honest_use_of_the_same_operations_still_renders(tag: str, expected: str) -> None:
    members = [{"name": "Atelier Sève"}, {"name": "Régie Nord"}]

    rendered = render_docx(docx_bytes(tag), {"n": 3, "members": members})

    assert read_back(rendered)[0] == expected


# A template kept compiled between documents


def test_a_kept_template_still_runs_under_the_limits_and_in_the_sandbox() -> None:
    template = docx_bytes("{{ body * n }}")
    assert read_back(render_docx(template, {"body": "ab", "n": 3}))[0] == "ababab"

    # The same template, compiled once already: the repetition is measured as it renders.
    with pytest.raises(RenderError) as refused:
        render_docx(template, {"body": "ab", "n": 10**9})
    assert TOO_BIG in refused.value.message

    # The kept template vouches for nothing else: a tag added to it is judged as it runs.
    with pytest.raises(TemplateRefused, match="éléments internes interdits"):
        render_docx(docx_bytes("{{ body * n }}", "{{ body.__class__ }}"), {"body": "ab", "n": 3})
    with pytest.raises(RenderError) as swollen:
        render_docx(docx_bytes("{{ body * n }}", "{{ 'a' * 10**9 }}"), {"body": "ab", "n": 3})
    assert TOO_BIG in swollen.value.message

    assert read_back(render_docx(template, {"body": "cd", "n": 2}))[0] == "cdcd"
