"""ASGI entry point for uvicorn and other servers: ``tenders.asgi:app``."""

import os

os.environ.setdefault("PICCOLO_CONF", "tenders.piccolo_conf")

from tenders.app import create_app

app = create_app()
