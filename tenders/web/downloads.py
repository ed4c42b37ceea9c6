"""Serving a stored file: always as an attachment, never sniffed, never cached."""

from __future__ import annotations

from litestar import Response

from tenders.storage import content_disposition


def download(content: bytes, filename: str, content_type: str) -> Response[bytes]:
    return Response(
        content,
        media_type=content_type,
        headers={
            "Content-Disposition": content_disposition(filename),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
