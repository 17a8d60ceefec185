"""The benchmark's background work: the timer sweep with 10,000 due timers, the digest
sweep with nothing to send, and a decision letter's PDF.

The sweeps change what they fire (reminders sent, timers done, digests recorded), so they
run in a copy of the benchmark database (`cc_bench_sweep`, made from it as a template in a
few seconds and dropped afterwards), each as a real process with the production settings:
`run_timers --once --no-digests` and `send_digests`, each of which prints its own time.
"""

from __future__ import annotations

import logging
import re
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone

COPY = "cc_bench_sweep"
TIMERS = 10_000


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _connect(database: str, **options):
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        dbname=database,
        user=s["USER"],
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        **options,
    )


def make_copy() -> str:
    """A fresh copy of the benchmark database; nobody may be connected to it meanwhile
    (this process's own connection is closed first)."""
    name = connection.settings_dict["NAME"]
    connection.close()
    with _connect("postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_quote(COPY)}")
        admin.execute(f"CREATE DATABASE {_quote(COPY)} TEMPLATE {_quote(name)}")
    return COPY


def drop_copy() -> None:
    with _connect("postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_quote(COPY)}")


def url(database: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{database}"


def _in_copy(sql: str, params=()) -> int:
    with _connect(COPY) as other:
        cursor = other.execute(sql, params)
        count = cursor.rowcount
        other.execute("ANALYZE")
    return count


def _command(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", *args],
        env={**env, "DATABASE_URL": url(COPY)},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def _seconds(output: str, pattern: str) -> tuple[int, float]:
    match = re.search(pattern + r".* in ([\d.]+)s", output)
    if match is None:
        raise RuntimeError(f"Unexpected output: {output!r}")
    return int(match.group(1)), float(match.group(2))


def timer_sweep(env: dict, timers: int = TIMERS) -> dict:
    """Make `timers` armed timers due (the soonest, as after a long weekend), then fire
    them with one timer process. Returns the number due, fired and notices sent, and the
    sweep's seconds (from the process's own clock: Django's start is not counted)."""
    due = _in_copy(
        "UPDATE viewflow_task SET scheduled = now() - interval '1 minute' WHERE id IN ("
        " SELECT id FROM viewflow_task WHERE flow_task_type = 'TIMER'"
        " AND status = 'SCHEDULED' ORDER BY scheduled, id LIMIT %s)",
        [timers],
    )
    output = _command(env, "run_timers", "--once", "--no-digests")
    fired, seconds = _seconds(output, r"(\d+) timer\(s\) fired")
    sent = _in_copy(
        "SELECT 1 FROM workflows_outboundemail "
        "WHERE subject LIKE 'Reminder%%' OR subject LIKE 'Overdue%%'"
    )
    return {"due": due, "fired": fired, "sent": sent, "seconds": seconds}


def digest_sweep(env: dict) -> dict:
    """Everyone with open steps already looked at today (as after 7am's first sweep): the
    next sweep, which the timer loop runs every minute, must find nothing to build."""
    holders = _in_copy(
        "INSERT INTO workflows_digestsent (user_id, day, sent) SELECT DISTINCT owner_id, %s, "
        "true FROM viewflow_task WHERE owner_id IS NOT NULL "
        "AND status IN ('NEW', 'ASSIGNED', 'STARTED') ON CONFLICT DO NOTHING",
        [timezone.localdate()],
    )
    runs = []
    for _ in range(3):
        sent, seconds = _seconds(_command(env, "send_digests"), r"(\d+) digest\(s\) sent")
        if sent:
            raise RuntimeError(f"The digest sweep sent {sent} digest(s); it should send none.")
        runs.append(seconds)
    return {"holders": holders, "seconds": statistics.median(runs)}


def letter_times(reference: str, rounds: int = 5) -> list[float]:
    """A decided dispute's letter rendered `rounds` times, in milliseconds (the first cold,
    with WeasyPrint's fonts and the stylesheet loaded; the rest warm)."""
    from cases.disputes.letters import decision_letter_pdf
    from cases.disputes.models import Dispute

    dispute = Dispute.objects.select_related("compact", "complainant", "respondent").get(
        reference=reference
    )
    # As in production: the development settings log WeasyPrint's and fontTools' every step.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        pdf = decision_letter_pdf(dispute)
        times.append((time.perf_counter() - began) * 1000)
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError("The decision letter is not a PDF.")
    return times
