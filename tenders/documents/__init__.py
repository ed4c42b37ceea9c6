"""Bid documents compiled from DOCX templates: checked before acceptance, rendered purely."""

from tenders.documents.errors import RenderError, TemplateRefused
from tenders.documents.markup import SectionText, to_subdoc
from tenders.documents.render import render_docx
from tenders.documents.template_check import TemplateReport, check_package, check_template

__all__ = [
    "RenderError",
    "SectionText",
    "TemplateRefused",
    "TemplateReport",
    "check_package",
    "check_template",
    "render_docx",
    "to_subdoc",
]
