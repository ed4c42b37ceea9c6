"""Text that is safe to put in WordprocessingML."""

from __future__ import annotations

import re

# XML 1.0 forbids these code points; lxml refuses them and Word refuses the file.
# Carriage returns go too: text from web forms uses \n, and Word shows \r as nothing useful.
_INVALID_XML = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the characters XML cannot hold (tab and newline are kept)."""
    return _INVALID_XML.sub("", text)
