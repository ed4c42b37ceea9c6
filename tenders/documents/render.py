"""Template bytes + context → document bytes, in the sandbox, with user text kept literal."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from io import BytesIO
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError

from tenders.documents._env import MISSING, RENDER_ENV
from tenders.documents._limits import SizeLimitExceeded
from tenders.documents.errors import RenderError, TemplateRefused, too_big
from tenders.documents.markup import SectionText, to_subdoc
from tenders.documents.template_check import check_package
from tenders.errors import DomainError

ENV = RENDER_ENV

_FAILED = (
    "Le document n'a pas pu être produit à partir de ce modèle. "
    "Vérifiez le modèle (balises, tableaux) ou contactez l'équipe Cordée."
)


def render_docx(
    template: bytes, context: Mapping[str, Any], *, missing: set[str] | None = None
) -> bytes:
    """The DOCX ``template`` filled with ``context``.

    ``SectionText`` values anywhere in ``context`` become formatted paragraphs (write them
    with ``{{p name }}``). Names the template uses but ``context`` lacks render as nothing
    and are added to ``missing`` when given.
    """
    _check_once(template)
    seen: set[str] = set()
    token = MISSING.set(seen)
    try:
        document = DocxTemplate(BytesIO(template))
        document.init_docx()
        document.render(with_subdocs(document, context), jinja_env=ENV, autoescape=True)
        output = BytesIO()
        document.save(output)
    except SizeLimitExceeded as exc:
        raise too_big() from exc
    except SecurityError as exc:
        raise TemplateRefused(
            "Le modèle tente d'accéder à des éléments internes interdits : il est refusé."
        ) from exc
    except TemplateSyntaxError as exc:
        raise RenderError(
            f"Le modèle contient une balise mal formée (ligne {exc.lineno}). "
            "Corrigez-le puis déposez-le à nouveau."
        ) from exc
    except TemplateError as exc:
        raise RenderError(_FAILED) from exc
    except DomainError:
        raise
    except MemoryError:
        raise  # the caller knows the memory it was given, and says so
    except Exception as exc:
        # docxtpl and lxml fail in many ways on odd templates; the person needs one message.
        raise RenderError(_FAILED) from exc
    finally:
        MISSING.reset(token)
    if missing is not None:
        missing |= seen
    return output.getvalue()


# SHA-256 of the templates that passed ``check_package`` in this process: the check is a pure
# function of the bytes, and a package renders the same template once per member.
_CHECKED: set[str] = set()


def mark_checked(digests: Iterable[str]) -> None:
    """Skip ``check_package`` for these templates (SHA-256): they passed it in another process
    (a rendering child checks the templates of a package once, not at every compile)."""
    for digest in digests:
        if len(_CHECKED) >= 256:
            _CHECKED.clear()
        _CHECKED.add(digest)


def _check_once(template: bytes) -> None:
    digest = hashlib.sha256(template).hexdigest()
    if digest in _CHECKED:
        return
    check_package(template)
    if len(_CHECKED) >= 256:
        _CHECKED.clear()
    _CHECKED.add(digest)


def with_subdocs(document: DocxTemplate, value: Any) -> Any:
    """``value`` with each ``SectionText`` turned into a subdocument of ``document`` (how a
    context is prepared for docxtpl; the compile benchmark's baseline prepares it so too)."""
    if isinstance(value, SectionText):
        return to_subdoc(document, value.text)
    if isinstance(value, Mapping):
        return {key: with_subdocs(document, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [with_subdocs(document, item) for item in value]
    return value
