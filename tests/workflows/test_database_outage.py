"""The database refuses every connection for ten seconds (a restart, a failover), with the
web server and the worker running as real processes: meanwhile pages and the API answer
503 with Retry-After, never a crash; afterwards both serve again without a restart, and
a job queued during the outage is done."""

import http.client
import json
import time

import pytest
from django.db import connection

from tests.faults import Outage
from tests.workers import cluster, gunicorn, prepare, production_env, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the processes reach it over TCP (CI runs it)",
    ),
]


def _get(port, path):
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    client.request("GET", path, headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"})
    response = client.getresponse()
    body = response.read().decode()
    client.close()
    return response, body


def test_the_web_server_and_the_worker_ride_out_ten_seconds_without_the_database(
    tmp_path, settings
):
    from workflows import jobs
    from workflows.models import OutboundEmail

    s = connection.settings_dict
    outage = Outage((s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432)))
    env = production_env(
        tmp_path,
        DATABASE_URL=f"postgres://{s['USER']}@127.0.0.1:{outage.port}/{s['NAME']}",
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",  # (absolute: four slashes)
        CONN_MAX_AGE="60",  # kept connections, as production keeps them: cut mid-life
        SECRET_KEY=settings.SECRET_KEY,  # jobs are signed: this test queues one
        # A job a worker took but could not finish in the outage comes back after its
        # lease: short here, so that way too ends within the test's wait.
        JOB_TIMEOUT="20",
        JOB_LEASE="30",
    )
    prepare(env)
    settings.JOBS_RUN_AT_ONCE = False
    try:
        with (
            cluster(env, tmp_path / "worker.log") as worker,
            gunicorn(env, tmp_path / "web.log", workers=2) as port,
        ):
            for path in ("/opportunities/", "/api/v1/compacts", "/health/ready/"):
                assert _get(port, path)[0].status == 200, path

            outage.refuse()
            began = time.monotonic()
            # Queued straight into the database (this test's own connection is direct).
            email = jobs.email(to=["chair@example.org"], subject="Queued in the outage", body="B")
            page, body = _get(port, "/opportunities/")
            assert page.status == 503
            assert page.getheader("Retry-After") == "30"
            assert "unavailable for a moment" in body
            api, body = _get(port, "/api/v1/compacts")
            assert api.status == 503 and api.getheader("Retry-After") == "30"
            assert json.loads(body)["detail"].startswith("The service is unavailable")
            assert _get(port, "/health/ready/")[0].status == 500
            assert _get(port, "/health/live/")[0].status == 200  # alive: do not restart it
            time.sleep(max(0.0, 10 - (time.monotonic() - began)))
            outage.restore()

            wait_for(
                lambda: _get(port, "/opportunities/")[0].status == 200,
                timeout=30,
                what="the web server",
            )
            assert _get(port, "/api/v1/compacts")[0].status == 200
            wait_for(
                lambda: OutboundEmail.objects.filter(pk=email.pk, sent_at__isnull=False).exists(),
                timeout=150,
                what="the worker to send the e-mail queued in the outage",
                log=tmp_path / "worker.log",
            )
            assert worker.poll() is None  # the same worker, never restarted
    finally:
        outage.close()
    sent = [f.read_text() for f in (tmp_path / "mail").iterdir()]
    assert sum(text.count("Subject: Queued in the outage") for text in sent) == 1
