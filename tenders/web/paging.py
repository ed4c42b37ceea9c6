"""One page of a list that grows: which rows it shows and what its controls say.

Pages show ``PER_PAGE`` rows at a time with « Page précédente », « Page 2 sur 14 » and
« Page suivante » (templates: ``_pagination.html``), the page read as ``page: PageNumber``
(tenders.web.deps); a page past the last shows the last.
API lists take ``limit`` and ``offset`` (``Limit``, ``Offset``), as the journal's does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Annotated, TypeVar

from litestar.params import QueryParameter

from tenders.web.deps import MAX_ID

PER_PAGE = 50
API_LIMIT = 100
T = TypeVar("T")

Limit = Annotated[int, QueryParameter(ge=1, le=500)]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_ID)]


@dataclass(frozen=True, slots=True)
class Paging:
    page: int  # from 1
    pages: int  # at least 1, even when the list is empty
    total: int  # rows over all pages
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def of(self, rows: Sequence[T]) -> list[T]:
        """This page's rows out of all of them."""
        return list(rows[self.offset : self.offset + self.per_page])


def paging(total: int, page: int, per_page: int = PER_PAGE) -> Paging:
    pages = max(1, ceil(total / per_page))
    return Paging(page=min(max(page, 1), pages), pages=pages, total=total, per_page=per_page)
