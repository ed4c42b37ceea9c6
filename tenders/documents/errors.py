"""Why a template or a rendering was refused, in words the person who uploaded it can act on."""

from __future__ import annotations

from tenders.errors import DomainError


class TemplateRefused(DomainError):
    """The template is unsafe, malformed or asks for data Cordée does not provide."""

    status_code = 422


class RenderError(DomainError):
    """The template was accepted but could not be filled with this bid's data."""

    status_code = 422
