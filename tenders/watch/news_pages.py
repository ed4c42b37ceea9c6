"""« Veille »: the new notices since the person's last visit, ranked, to qualify or dismiss."""

from __future__ import annotations

from litestar import Controller


class WatchNewsPages(Controller):
    path = "/veille"
    include_in_schema = False
