"""The documents of a package, rendered in one child process under the compile limits.

One process for the whole package, not one per document: starting one costs more than most
documents take to render. The count of documents done is passed on as they arrive, so the job
shows its progress (and renews its lease) while the child works.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from tenders.documents.isolation import Limits, render_documents
from tenders.documents.render import Finish
from tenders.packages.assemble import PlannedDocument, finish
from tenders.settings import Settings


def compile_limits(settings: Settings) -> Limits:
    """What rendering the documents of one package may take."""
    return Limits(settings.compile_timeout_seconds, settings.render_memory_mb)


async def render_planned(
    templates: Mapping[str, bytes],
    planned: Sequence[PlannedDocument],
    limits: Limits,
    on_document: Callable[[int], Awaitable[None]] | None = None,
    *,
    tender_title: str,
    compiled_at: datetime,
) -> list[bytes]:
    """Each planned document rendered with the template of its kind, in order, written out
    as it goes in the package (``assemble.finish``): the archive is written once."""
    return await render_documents(
        templates,
        [(doc.name, doc.kind, doc.context) for doc in planned],
        limits,
        on_document,
        [finish(doc, tender_title, compiled_at) for doc in planned],
    )


def renderer_for_thread(
    template: bytes, doc: PlannedDocument, first: bytes, limits: Limits, finished: Finish
) -> Callable[[Mapping[str, Any]], bytes]:
    """A blocking ``render(context)`` for code running in a worker thread: ``first`` for the
    document's own context, any other context rendered in a child, through the event loop,
    and written out as ``finished`` says."""
    loop = asyncio.get_running_loop()

    def render(context: Mapping[str, Any]) -> bytes:
        if context is doc.context:
            return first
        future = asyncio.run_coroutine_threadsafe(
            render_documents(
                {doc.kind: template},
                [(doc.name, doc.kind, context)],
                limits,
                finishes=[finished],
            ),
            loop,
        )
        (document,) = future.result()
        return document

    return render
