"""Parsing an XML file someone sent (a notice, a buyer's DUME): no DTD, entity or external
reference is ever read, so neither an XML bomb nor a file of the server can come through.
Pure: the readers turn ``XmlRefused`` into their own French message."""

from __future__ import annotations

from typing import Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import fromstring

Why = Literal["entity", "doctype", "broken"]


class XmlRefused(ValueError):
    """Why the file was refused, and the line where it breaks (``broken``)."""

    def __init__(self, why: Why, line: int = 1) -> None:
        super().__init__(why)
        self.why: Why = why
        self.line = line


def parse_untrusted(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden as error:
        # A DOCTYPE is refused before its entities are even read; say which danger it was.
        raise XmlRefused("entity" if b"<!ENTITY" in data else "doctype") from error
    except DefusedXmlException as error:
        raise XmlRefused("entity") from error
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 1
        raise XmlRefused("broken", line) from error
    except (ValueError, LookupError) as error:  # an unknown encoding, say
        raise XmlRefused("broken") from error
