"""The runs of the watch (« Veille › Passages »), for the coordination."""

from __future__ import annotations

from litestar import Controller

from tenders.accounts.roles import STAFF


class WatchRunPages(Controller):
    path = "/veille/passages"
    include_in_schema = False
    opt = {"roles": STAFF}
