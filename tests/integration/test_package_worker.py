"""A real Celery worker on real Redis compiles a package, is killed mid-compile, and the job
still ends with exactly one package version."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import REDIS_URL, TMP
from tests.fixtures import drop_queue, redis_reachable, start_worker, stop_process

# A Redis database of its own, so that the session's shared worker does not take the job
# (other runs at the same time use it too, each on its own queue).
KILL_REDIS = REDIS_URL.rsplit("/", 1)[0] + "/14"


@pytest.fixture
def kill_redis() -> Iterator[str]:
    """KILL_REDIS, left as it was found: this run's queue and what its workers left are
    dropped after the test."""
    yield KILL_REDIS
    drop_queue(KILL_REDIS)


async def _wait(job_id: int, predicate: Any, what: str, timeout: float = 60.0) -> dict[str, Any]:
    from tenders.packages.tables import CompileJob

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = (await CompileJob.select().where(CompileJob.id == job_id))[0]
        if predicate(row):
            return row
        await asyncio.sleep(0.05)
    raise AssertionError(f"job {job_id} never {what}: {row}")


@pytest.mark.fault
@pytest.mark.worker
async def test_a_worker_killed_mid_compile_leaves_one_package_version(
    settings: Any, ready_bid: Any, kill_redis: str
) -> None:
    from tenders.jobs import SWEEP_PACKAGES, CeleryJobQueue
    from tenders.packages import service
    from tenders.packages.tables import BidPackage

    if not redis_reachable():
        from tests.conftest import service_missing

        service_missing(f"Redis ({REDIS_URL})")
    bid = await ready_bid(["Poinfor", "A.C.I.A.E", "Capep", "Lis"])
    env = {
        **os.environ,
        "TENDERS_REDIS_URL": kill_redis,
        "TENDERS_COMPILE_STEP_DELAY_MS": "300",
        "TENDERS_COMPILE_LEASE_SECONDS": "2",
    }
    queue = CeleryJobQueue(dataclasses.replace(settings, redis_url=kill_redis))

    first = start_worker(env, TMP / "compile-worker-1.log")
    try:
        job = await service.request_compile(bid.actor, bid.consortium_id, queue)
        running = await _wait(
            job.id, lambda r: r["status"] == "running" and r["done"] >= 2, "got halfway"
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop_process(first)
    assert running["done"] < running["total"]
    await asyncio.sleep(0.5)
    assert not await BidPackage.exists().where(BidPackage.job == job.id)

    second = start_worker(env, TMP / "compile-worker-2.log")
    try:
        # The dead worker's lease runs out; the sweep (run by beat every minute) sends the
        # job again and the new worker compiles it from the start.
        await asyncio.sleep(2.5)
        await queue.enqueue(SWEEP_PACKAGES)
        done = await _wait(job.id, lambda r: r["status"] in {"done", "failed"}, "finished")
        # The sweep and any redelivery of the first message after that change nothing.
        await queue.enqueue(SWEEP_PACKAGES)
        await asyncio.sleep(1.5)
    finally:
        stop_process(second)

    assert done["status"] == "done", done["error"]
    assert done["attempts"] == 2
    packages = await BidPackage.select(BidPackage.version).where(
        BidPackage.consortium == bid.consortium_id
    )
    assert packages == [{"version": 1}]
    (listed,) = await service.list_packages(bid.actor, bid.consortium_id)
    assert len([f for f in listed.files if f.name.startswith("02_DC2_")]) == 4
