"""Real worker processes for the tests that prove background work survives faults: the
Django Q2 cluster (`manage.py qcluster`) as a deployment runs it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_cluster(env: dict, log: Path) -> subprocess.Popen:
    """Start a worker (its own process group, so a test can kill it and its children)."""
    out = log.open("a")
    return subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, *, kill: bool = False) -> None:
    """Stop a worker: politely, or at once (SIGKILL to it and its worker processes, as
    when a machine dies), and wait for it."""
    with contextlib.suppress(ProcessLookupError):
        if kill:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.terminate()  # the cluster stops its own worker processes
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


@contextlib.contextmanager
def cluster(env: dict, log: Path):
    process = start_cluster(env, log)
    try:
        yield process
    finally:
        stop(process)


def wait_for(check, *, timeout: float = 60, every: float = 0.25, what: str = "it"):
    """Wait until `check()` is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise AssertionError(f"Waited {timeout} s for {what}")
