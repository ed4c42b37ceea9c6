"""JSON API of the notices the watch brought: list, qualify, dismiss; directors' alerts."""

from __future__ import annotations

from litestar import Controller


class WatchNewsApi(Controller):
    path = "/api/watch"
    tags = ["Veille"]
