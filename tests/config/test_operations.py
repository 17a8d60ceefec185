"""What an operator watches, tried against a real gunicorn with the production settings:
the health pages, the metrics, the request id and the JSON logs."""

import datetime
import http.client
import json
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from tests.workers import gunicorn, prepare, production_env, wait_for

TOKEN = "metrics-token-for-the-test-only"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("operations")
    env = production_env(
        tmp,
        METRICS_TOKEN=TOKEN,
        LOG_LEVEL="INFO",
        PROMETHEUS_MULTIPROC_DIR=str(tmp / "metrics"),
    )
    prepare(env)
    log = tmp / "gunicorn.log"
    with gunicorn(env, log, workers=2) as port:
        yield port, log


def _get(port, path, headers=None, proto="https"):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(
        "GET", path, headers={"X-Forwarded-Proto": proto, "Host": "127.0.0.1", **(headers or {})}
    )
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response, body


def test_live_and_ready_answer_over_plain_http_for_the_load_balancer(served):
    port, _ = served
    for path in ("/health/live/", "/health/ready/"):
        response, body = _get(port, path, {"Accept": "application/json"}, proto="http")
        assert response.status == 200, body  # not redirected to HTTPS
        assert response.getheader("Cache-Control").startswith("max-age=0")
    _, body = _get(port, "/health/ready/", {"Accept": "application/json"})
    checks = json.loads(body)
    assert len(checks) == 3 and set(checks.values()) == {"OK"}
    assert any("QueueLag" in name for name in checks)


def test_metrics_need_the_token_and_count_requests_and_the_service_s_work(served):
    """Two gunicorn workers: the requests are counted across both (multiprocess mode)."""
    port, _ = served
    for _ in range(6):
        assert _get(port, "/health/live/")[0].status == 200
    response, _ = _get(port, "/metrics")
    assert response.status == 404
    response, _ = _get(port, "/metrics", {"Authorization": "Bearer wrong"})
    assert response.status == 404
    response, _ = _get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"}, proto="http")
    assert response.status == 301  # the token never goes over plain HTTP
    response, body = _get(port, "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200
    for name in (
        "django_http_requests_total_by_method_total",
        "compact_casework_queue_jobs",
        "compact_casework_queue_oldest_seconds",
        "compact_casework_jobs_failed",
        "compact_casework_emails_unsent",
        "compact_casework_steps_overdue",
        "compact_casework_timers_due",
    ):
        assert f"\n{name}" in body, name
    live = [
        float(line.rsplit(" ", 1)[1])
        for line in body.splitlines()
        if line.startswith("django_http_responses_total_by_status_view_method_total")
        and 'view="health-live"' in line
    ]
    assert sum(live) >= 6


def test_each_request_has_an_id_that_its_json_log_lines_carry(served):
    """Django's log lines and gunicorn's access log: one JSON object a line."""
    port, log = served
    given = str(uuid.uuid4())
    response, _ = _get(port, "/no-such-page/", {"X-Request-ID": given})
    assert response.status == 404
    assert response.getheader("X-Request-ID") == given
    response, _ = _get(port, "/no-such-page-either/", {"X-Request-ID": "not a uuid; dropped"})
    made = response.getheader("X-Request-ID")
    assert made and made != "not a uuid; dropped"
    _get(port, '/quote"d/', {"X-Request-ID": given})  # a path that would break naive JSON

    def logged():
        return [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]

    # Each process writes its own lines: wait until the last request's are in the file.
    wait_for(lambda: any(line.get("path") == '/quote"d/' for line in logged()), timeout=10)
    lines = logged()
    not_found = [line for line in lines if "no-such-page/" in line.get("message", "")]
    assert not_found, lines[-5:]
    assert not_found[-1]["request_id"] == given
    assert not_found[-1]["level"] == "WARNING" and not_found[-1]["name"] == "django.request"
    assert any(line.get("request_id") == made for line in lines)
    assert any(line.get("path") == '/quote"d/' for line in lines)
    access = [line for line in lines if line.get("path") == "/no-such-page/"]
    assert access and access[-1]["status"] == 404 and access[-1]["request_id"] == given


def _ready(**headers):
    """Ask /health/ready/ (an async view) from a thread of its own: the browser tests leave
    an event loop running in the main thread, where the test client cannot run one."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def ask():
        try:
            return Client().get("/health/ready/", HTTP_ACCEPT="application/json", **headers)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(ask).result()


@pytest.mark.django_db(transaction=True)
def test_ready_fails_when_jobs_wait_and_no_worker_has_done_one(settings):
    """A queue merely behind keeps the web servers in service; a queue nobody works does
    not. Only a caller with METRICS_TOKEN is told why."""
    from django_q.models import OrmQ, Success

    settings.METRICS_TOKEN = TOKEN
    assert _ready().status_code == 200
    now = timezone.now()
    OrmQ.objects.create(
        key="compact-casework",
        payload="x",
        lock=now - datetime.timedelta(seconds=settings.QUEUE_LAG_LIMIT + 60),
    )
    response = _ready()
    assert response.status_code == 500
    (message,) = [v for k, v in response.json().items() if "QueueLag" in k]
    assert message == "Unavailable: unavailable"  # no reason for anyone
    told = _ready(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    (message,) = [v for k, v in told.json().items() if "QueueLag" in k]
    assert "is a worker running?" in message

    Success.objects.create(
        id="a" * 32,
        name="send_email",
        func="workflows.jobs.send_email",
        started=now - datetime.timedelta(seconds=2),
        stopped=now - datetime.timedelta(seconds=1),
        success=True,
    )
    assert _ready().status_code == 200
