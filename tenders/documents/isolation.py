"""Rendering templates in a child process, under CPU-time, memory and wall-clock limits.

A template is a program written by someone else. The sandbox (``_env``, ``_limits``) keeps it
from Python's internals and from the obvious size bombs; this module keeps it from the rest:
each operation (the check of an upload, one preview, the documents of one package) runs in a
process of its own, which sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` on itself before it touches the
template, and which the caller kills when the wall-clock limit passes. The caller awaits the
answer without blocking its event loop, so a template that spins or swells costs one child
process, never the web server, and ends in a French ``RenderLimitExceeded``.

Starting Python and importing docxtpl takes about 0.3 s: one child is always kept started
ahead, waiting for its job, so an operation finds it ready. A child that rendered accepted
templates to the end is kept for the next rendering with the same limits (``MAX_JOBS`` at
most), with what it compiled: each job sets its own limits, counted from its start. A child
that checked an upload, read a person's document, failed, or was stopped is never used again.
The child gets a bare environment (no ``TENDERS_*`` variables, no secrets), the job as a pickle
written by this process, and answers with msgpack frames, which this process decodes without
ever unpickling them.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import msgspec

from tenders.documents._child import Failure, Frame
from tenders.documents.errors import (
    RenderError,
    RenderLimitExceeded,
    TemplateRefused,
    too_big,
    too_slow,
)
from tenders.documents.render import Finish

_FAILED = (
    "Le document n'a pas pu être produit à partir de ce modèle. "
    "Vérifiez le modèle (balises, tableaux) ou contactez l'équipe Cordée."
)
# A frame carries one document: far above any bid document, far below harm to the parent.
MAX_FRAME = 256 * 1024 * 1024
# Renderings one child serves before it is let go (its memory is given back to the system).
MAX_JOBS = 20
# Environment variables the child keeps: enough to find Python and its packages.
_KEPT_ENV = (
    "PATH",
    "LD_LIBRARY_PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "TMPDIR",
    "VIRTUAL_ENV",
)
_decoder = msgspec.msgpack.Decoder(Frame)


@dataclass(frozen=True, slots=True)
class Limits:
    """What one operation may use: ``seconds`` of wall clock (and of CPU), ``memory_mb`` of
    address space."""

    seconds: float
    memory_mb: int


async def check_and_render(
    template: bytes, known: set[str], context: Mapping[str, Any], limits: Limits
) -> bytes:
    """``check_template`` then ``render_docx`` with ``context``, in a child: the document.

    Raises ``TemplateRefused`` (unsafe or unknown variables), ``RenderError`` (cannot be
    filled), ``RenderLimitExceeded`` (too slow, too big)."""
    job = {"kind": "check", "template": template, "known": known, "context": context}
    (document,) = await _run(job, [""], limits, None)
    return document


async def read_word(document: bytes, limits: Limits) -> str:
    """The section text of a person's Word document, read in a child after the checks of
    ``check_package``. Raises ``TemplateRefused`` (not a plain Word document, unsafe) and
    ``RenderLimitExceeded``."""
    (text,) = await _run({"kind": "word", "document": document}, [""], limits, None)
    return text.decode("utf-8")


async def render_documents(
    templates: Mapping[str, bytes],
    documents: Sequence[tuple[str, str, Mapping[str, Any]]],
    limits: Limits,
    on_document: Callable[[int], Awaitable[None]] | None = None,
    finishes: Sequence[Finish] | None = None,
) -> list[bytes]:
    """Each ``(name, kind, context)`` rendered with ``templates[kind]``, in one child, and
    written out as the ``finishes`` of the same rank say (by default, as ``Finish()``).

    ``on_document(count)`` is awaited as each document arrives. Raises as ``render_docx``
    does, and ``RenderLimitExceeded`` naming the document that was too slow or too big."""
    if not documents:
        return []
    if finishes is not None and len(finishes) != len(documents):
        raise ValueError("one finish per document")
    used = {kind: templates[kind] for _, kind, _ in documents}
    digests = {kind: hashlib.sha256(data).hexdigest() for kind, data in used.items()}
    job = {
        "kind": "render",
        "templates": used,
        "checked": [digest for digest in digests.values() if digest in _checked],
        "documents": [(name, kind, dict(context)) for name, kind, context in documents],
        # Plain tuples: the child builds its ``Finish`` from them.
        "finishes": [
            (finish.core, finish.date_time, finish.compresslevel) for finish in finishes or ()
        ],
    }
    rendered = await _run(job, [name for name, _, _ in documents], limits, on_document)
    # Every template was checked (``check_package``) before it rendered: the next child
    # need not check it again.
    if len(_checked) > 256:
        _checked.clear()
    _checked.update(digests.values())
    return rendered


# SHA-256 of the templates that passed ``check_package`` in a child of this process.
_checked: set[str] = set()


async def _run(
    job: dict[str, Any],
    names: list[str],
    limits: Limits,
    on_document: Callable[[int], Awaitable[None]] | None,
) -> list[bytes]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.seconds
    payload = pickle.dumps(
        {**job, "seconds": limits.seconds, "memory_mb": limits.memory_mb},
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    child = _take(limits)
    process = child.process
    stdin, stdout = process.stdin, process.stdout
    if stdin is None or stdout is None:
        raise RuntimeError("the rendering process has no pipes")
    documents: list[bytes] = []
    answered = False
    try:
        reader = asyncio.StreamReader()
        # A copy of the pipe for the transport, which closes it when done: the child's own
        # stays open for its next job.
        pipe = os.fdopen(os.dup(stdout.fileno()), "rb", buffering=0)
        transport, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), pipe
        )
        try:
            writing = asyncio.ensure_future(asyncio.to_thread(_write_job, stdin, payload))
            try:
                while len(documents) < len(names):
                    frame = await _next_frame(reader, deadline - loop.time())
                    if frame is None:
                        break
                    if isinstance(frame, Failure):
                        raise _error(frame)
                    documents.append(frame.data)
                    if on_document is not None:
                        await on_document(len(documents))
            except TimeoutError:
                process.kill()
                raise too_slow(limits.seconds, _current(names, documents)) from None
            finally:
                with contextlib.suppress(Exception):
                    await writing
        finally:
            transport.close()
        if len(documents) == len(names):
            answered = True
            return documents
        # The child ended without its answer: the kernel stopped it, or it crashed.
        status = await asyncio.to_thread(process.wait)
        raise _death(status, limits, _current(names, documents))
    finally:
        # Only a rendering of accepted templates that went through leaves a child worth
        # keeping; anything else, it goes with what it was given.
        if not (answered and job["kind"] == "render" and _give_back(child, limits)):
            if process.poll() is None:
                process.kill()
            await asyncio.to_thread(process.wait)
        _prepare_spare()


async def _next_frame(reader: asyncio.StreamReader, remaining: float) -> Frame | None:
    if remaining <= 0:
        raise TimeoutError
    try:
        async with asyncio.timeout(remaining):
            header = await reader.readexactly(4)
            size = int.from_bytes(header, "big")
            if size > MAX_FRAME:
                raise RenderError(_FAILED)
            body = await reader.readexactly(size)
    except asyncio.IncompleteReadError:
        return None
    try:
        return _decoder.decode(body)
    except msgspec.DecodeError as exc:
        raise RenderError(_FAILED) from exc


def _error(frame: Failure) -> RenderError | TemplateRefused:
    message = frame.message[:2000]
    if frame.kind == "limit":
        return RenderLimitExceeded(message)
    if frame.kind == "refused":
        return TemplateRefused(message)
    return RenderError(message)


def _death(status: int, limits: Limits, document: str) -> RenderError:
    if status == -signal.SIGXCPU:
        return too_slow(limits.seconds, document)  # the CPU-time limit
    if status == -signal.SIGKILL:
        # Not killed here (that is a timeout): the kernel's out-of-memory killer.
        return too_big(document, limits.memory_mb)
    return RenderError(_FAILED)


def _current(names: list[str], documents: list[bytes]) -> str:
    """The name of the document being produced."""
    return names[len(documents)] if len(documents) < len(names) else ""


def _write_job(stream: IO[bytes], payload: bytes) -> None:
    with contextlib.suppress(BrokenPipeError):
        stream.write(len(payload).to_bytes(8, "big"))
        stream.write(payload)
        stream.flush()


@dataclass(slots=True)
class _Child:
    owner: int  # the process that started it: a forked process does not use its parent's
    process: subprocess.Popen[bytes]
    limits: Limits | None = None  # those of the jobs it served
    jobs: int = 0

    def usable(self, limits: Limits) -> bool:
        return (
            self.owner == os.getpid()
            and self.process.poll() is None
            and self.limits in (None, limits)
        )


# The child waiting for a job: started ahead, or kept from a rendering. Guarded by a lock: the
# web process may render from several threads (and the worker from successive event loops).
_spare: _Child | None = None
_lock = threading.Lock()


def _spawn() -> _Child:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key in _KEPT_ENV or key.startswith("PYTHON")
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tenders.documents._child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=environment,
    )
    return _Child(os.getpid(), process)


def _take(limits: Limits) -> _Child:
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None:
        if spare.usable(limits):
            return spare
        _let_go(spare)
    return _spawn()


def _give_back(child: _Child, limits: Limits) -> bool:
    """Keep ``child``, which rendered to the end under ``limits``, for the next job with the
    same; ``False`` when it is not kept (its jobs are done, or another waits already) and was
    let go."""
    global _spare
    child.jobs += 1
    child.limits = limits
    if child.jobs < MAX_JOBS and child.owner == os.getpid() and child.process.poll() is None:
        with _lock:
            if _spare is None:
                _spare = child
                return True
    _let_go(child)
    return False


def _let_go(child: _Child) -> None:
    """End a child that waits for a job (a matter of milliseconds)."""
    if child.owner != os.getpid():
        return
    with contextlib.suppress(Exception):
        if child.process.stdin is not None:
            child.process.stdin.close()
        child.process.kill()
        child.process.wait(timeout=2)


def _prepare_spare() -> None:
    global _spare
    with _lock:
        if _spare is not None and _spare.owner == os.getpid() and _spare.process.poll() is None:
            return
        _spare = _spawn()


@atexit.register
def _discard_spare() -> None:
    with _lock:
        spare = _spare
    if spare is not None and spare.owner == os.getpid():
        # Its standard input closed, the spare reads no job and exits.
        with contextlib.suppress(Exception):
            if spare.process.stdin is not None:
                spare.process.stdin.close()
            spare.process.wait(timeout=2)
