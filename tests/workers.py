"""Real processes for the tests that prove the service survives faults: the Django Q2
cluster (`manage.py qcluster`) and gunicorn with the production settings, as a
deployment runs them."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
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


def wait_for(
    check, *, timeout: float = 60, every: float = 0.25, what: str = "it", log: Path | None = None
):
    """Wait until `check()` is true; fail after `timeout` seconds, showing the end of
    `log` (a process's) if given."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    tail = ""
    if log is not None and log.exists():
        tail = "\n" + "\n".join(log.read_text(errors="replace").splitlines()[-60:])
    raise AssertionError(f"Waited {timeout} s for {what}{tail}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(tmp: Path, **extra: str) -> dict:
    """The production settings on a SQLite file of their own, unless `extra` says
    otherwise (DATABASE_URL, ...)."""
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-for-the-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "CACHE_URL": "redis://127.0.0.1:6379/12",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        **extra,
    }


def prepare(env: dict) -> None:
    """Migrate the database and collect the static files, as a deployment does."""
    for command in (["migrate", "--no-input", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )


@contextlib.contextmanager
def gunicorn(env: dict, log: Path, *, workers: int = 1):
    """gunicorn serving the service on a free port (yielded) until the block ends, with
    the production process file's settings (config/gunicorn.py)."""
    port = free_port()
    out = log.open("a")
    process = subprocess.Popen(  # noqa: S603 (our own command line)
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "config/gunicorn.py",
            "config.wsgi",
        ],
        cwd=ROOT,
        # Unbuffered, so each log line is in the file as soon as it is written.
        env={
            **env,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "PYTHONUNBUFFERED": "1",
        },
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        out.close()
