"""The baseline of ``bench/http_load.py``: a Litestar app with one GET route and nothing else
(no middleware, no guard, no database), served by uvicorn exactly like the real app."""

from litestar import Litestar, get


@get("/", sync_to_thread=False)
def bare() -> dict[str, str]:
    return {"status": "ok"}


app = Litestar([bare])
