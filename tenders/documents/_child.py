"""The process that renders templates for ``isolation``: ``python -m tenders.documents._child``.

It imports what rendering needs, then waits for a job on its standard input (a length and a
pickle, written by the parent), puts itself under the job's CPU-time and memory limits, runs it
and writes its answers on its standard output as msgpack frames (never pickles: the parent
does not unpickle what a template was able to influence). Then it waits for the next job: the
parent gives it another only after a render that went through (``isolation``), so the templates
it compiled serve again. Its standard input closed, it exits.
"""

from __future__ import annotations

import math
import os
import pickle
import resource
import sys
from collections.abc import Iterator, Mapping
from typing import IO, Any

import msgspec

from tenders.documents.errors import RenderError, RenderLimitExceeded, TemplateRefused, too_big
from tenders.documents.render import Finish, mark_checked, render_docx
from tenders.documents.template_check import check_package, check_template
from tenders.documents.word import docx_to_text


class Document(msgspec.Struct, tag="document"):
    data: bytes


class Failure(msgspec.Struct, tag="failure"):
    kind: str  # "refused" | "render" | "limit"
    message: str


Frame = Document | Failure


def main() -> None:
    # Frames go to a copy of the standard output; anything a library prints goes to stderr.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    while True:
        header = sys.stdin.buffer.read(8)
        if len(header) < 8:
            break  # no more jobs: a spare the parent never needed, or one it let go
        job = pickle.loads(_read_exactly(sys.stdin.buffer, int.from_bytes(header, "big")))  # noqa: S301 - written by the parent
        _limit(job["seconds"], job["memory_mb"])
        # Given back when memory runs out, so that the failure can still be written.
        reserve = bytearray(1 << 20)
        current = ""
        try:
            for current, frame in _run(job):  # noqa: B007 - kept for the memory failure
                _send(out, frame)
        except MemoryError:
            del reserve
            _send(out, Failure("limit", too_big(current, job["memory_mb"]).message))
        out.flush()
    # Skip the interpreter's teardown: nothing is left to clean.
    os._exit(0)


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise SystemExit("incomplete job")
    return data


def _limit(seconds: float, memory_mb: int) -> None:
    """This job's limits, counted from now: ``seconds`` more of CPU time, ``memory_mb`` of
    address space. The soft limits are set, each job its own; the hard ones are left where
    they were, else the next job could not have its own."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    # At the soft limit the kernel sends SIGXCPU, which ends the process (nothing here
    # handles it; the parent also kills it when the wall-clock time passes).
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (_within(cpu, cpu_hard), cpu_hard))
    # What the process grew by in the jobs before this one (compiled templates, a heap not
    # handed back) is not this job's: a kept child gives each job the room a new one would.
    memory = memory_mb * 1024 * 1024 + max(0, _address_space() - _STARTED_WITH)
    _, memory_hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_within(memory, memory_hard), memory_hard))


def _address_space() -> int:
    """The process's address space in bytes (what RLIMIT_AS counts); 0 where /proc is not."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


_STARTED_WITH = _address_space()


def _within(limit: int, hard: int) -> int:
    return limit if hard == resource.RLIM_INFINITY else min(limit, hard)


def _run(job: Mapping[str, Any]) -> Iterator[tuple[str, Frame]]:
    memory_mb = job["memory_mb"]
    if job["kind"] == "check":
        try:
            report = check_template(job["template"], job["known"])
            refusal = report.refusal()
            if refusal:
                raise TemplateRefused(refusal)
            yield "", Document(render_docx(job["template"], job["context"]))
        except (TemplateRefused, RenderError) as exc:
            yield "", _failure(exc, "", memory_mb)
        return
    if job["kind"] == "word":
        yield "", _read_word(job["document"], memory_mb)
        return
    templates: Mapping[str, bytes] = job["templates"]
    mark_checked(job["checked"])
    finishes = [Finish(*finish) for finish in job["finishes"]]
    for rank, (name, kind, context) in enumerate(job["documents"]):
        try:
            data = render_docx(
                templates[kind], context, finish=finishes[rank] if finishes else None
            )
        except (TemplateRefused, RenderError) as exc:
            yield name, _failure(exc, name, memory_mb)
            return
        yield name, Document(data)


def _read_word(data: bytes, memory_mb: int) -> Frame:
    """A person's Word document, checked as a template is, read into a section's text."""
    try:
        check_package(data)
    except TemplateRefused as exc:
        # The checks speak of templates; here the person brought their own document.
        message = exc.message.replace("votre modèle", "votre document")
        return _failure(TemplateRefused(message.replace("Le modèle", "Le document")), "", memory_mb)
    return Document(docx_to_text(data).encode("utf-8"))


def _failure(exc: TemplateRefused | RenderError, name: str, memory_mb: int) -> Failure:
    if isinstance(exc, RenderLimitExceeded):
        return Failure("limit", too_big(name).message)
    if isinstance(exc, TemplateRefused):
        return Failure("refused", exc.message)
    if _near_memory_limit(memory_mb):
        # libxml2 reports an allocation refused by RLIMIT_AS as a parse error.
        return Failure("limit", too_big(name, memory_mb).message)
    return Failure("render", exc.message)


def _near_memory_limit(memory_mb: int) -> bool:
    """Whether this process came close to its address-space limit (Linux; else ``False``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) >= memory_mb * 1024 * 3 // 4
    except (OSError, ValueError):
        pass
    return False


def _send(out: IO[bytes], frame: Frame) -> None:
    payload = msgspec.msgpack.encode(frame)
    out.write(len(payload).to_bytes(4, "big") + payload)
    out.flush()


if __name__ == "__main__":
    main()
