"""JSON API of the watch's runs (the coordination only)."""

from __future__ import annotations

from litestar import Controller


class WatchRunApi(Controller):
    path = "/api/watch/runs"
    tags = ["Veille"]
