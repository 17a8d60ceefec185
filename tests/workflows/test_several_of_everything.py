"""Several of everything against one PostgreSQL database, as a deployment on several
machines runs: two web servers, two workers and two timer loops, all real processes with
the production settings. Each reminder, overdue notice and digest goes once, each e-mail
is sent once, and two people taking one step through the two web servers leave one
holder."""

import datetime
import http.client
import re
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.selectors import open_tasks, stage_tasks
from tests.factories import DisputeWorld
from tests.workers import ROOT, cluster, gunicorn, prepare, production_env, stop, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: several processes share the database (CI runs it)",
    ),
]

DISPUTES = 6


def _timer_loop(env, log: Path):
    import subprocess
    import sys

    return subprocess.Popen(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", "run_timers", "--interval", "1"],
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


class Browser:
    """One person's cookies against one web server."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, fields=None):
        body = urllib.parse.urlencode(fields) if fields else None
        origin = f"https://127.0.0.1:{self.port}"
        connection_ = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection_.request(
            method,
            path,
            body=body,
            headers={
                "Host": f"127.0.0.1:{self.port}",
                "X-Forwarded-Proto": "https",
                "Origin": origin,
                "Referer": f"{origin}{path}",
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                **({"Content-Type": "application/x-www-form-urlencoded"} if body else {}),
            },
        )
        response = connection_.getresponse()
        text = response.read().decode()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        connection_.close()
        return response, text

    def sign_in(self, username):
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        response, _ = self.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": "password"},
        )
        assert response.status == 302, f"sign-in failed: {_[:3000]}"

    def post(self, path):
        return self.request("POST", path, {"csrfmiddlewaretoken": self.cookies["csrftoken"]})


def _messages(folder: Path) -> list[str]:
    """Every e-mail the workers sent (Django's file backend: one file a connection)."""
    if not folder.exists():
        return []
    return [
        message
        for file in folder.iterdir()
        for message in file.read_text().split("-" * 79)
        if "Subject:" in message
    ]


def test_two_web_servers_two_workers_and_two_timer_loops_do_everything_once(tmp_path, settings):
    from workflows.models import DigestSent, OutboundEmail

    # Disputes whose informal stage ran out weeks ago, and whose respondent never answered:
    # the reminder and the overdue notice of each stage, and of each answer, are all due
    # now, and each holder is owed a digest.
    with time_machine.travel(timezone.now() - datetime.timedelta(days=50), tick=False):
        worlds = [DisputeWorld() for _ in range(DISPUTES)]
        disputes = [world.dispute_at("informal") for world in worlds]
        racing = worlds[0].raise_dispute()
        services.triage_complete(task=stage_tasks(racing).get(), by=worlds[0].champion, accept=True)
        services.informal_complete(
            task=stage_tasks(racing).get(), by=worlds[0].champion, resolved=False, text="No"
        )
    queued = open_tasks(racing).get(flow_task=DisputeFlow.appoint_mediator)
    for seat in (worlds[0].vcs_member, worlds[0].cochair):
        # The tests hash passwords quickly; the servers know only production's hashers.
        seat.user.password = PBKDF2PasswordHasher().encode("password", "several0salt0", 1_000_000)
        seat.user.save(update_fields=["password"])
    OutboundEmail.objects.update(sent_at=timezone.now())  # the set-up's own e-mails
    made_before = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first()

    s = connection.settings_dict
    mail = tmp_path / "mail"
    env = production_env(
        tmp_path,
        DATABASE_URL=f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/"
        f"{s['NAME']}",
        EMAIL_URL=f"filemail:///{mail}",  # (absolute: four slashes)
        DIGEST_HOUR="0",
        JOB_LEASE="30",
        SECRET_KEY=settings.SECRET_KEY,  # jobs are signed: the set-up queued some
    )
    prepare(env)
    logs = tmp_path / "logs"
    logs.mkdir()
    timers = [_timer_loop(env, logs / f"timers-{n}.log") for n in (1, 2)]
    try:
        with (
            cluster(env, logs / "worker-1.log"),
            cluster(env, logs / "worker-2.log"),
            gunicorn(env, logs / "web-1.log", workers=2) as first_port,
            gunicorn(env, logs / "web-2.log", workers=2) as second_port,
        ):
            # Two joint body members take the one queued step at once, one through each
            # web server.
            first, second = Browser(first_port), Browser(second_port)
            first.sign_in(worlds[0].vcs_member.user.username)
            second.sign_in(worlds[0].cochair.user.username)
            barrier, answers = threading.Barrier(2), {}

            def claim(browser, name):
                barrier.wait()
                answers[name] = browser.post(f"/tasks/{queued.pk}/claim/")[0]

            threads = [
                threading.Thread(target=claim, args=(first, "first")),
                threading.Thread(target=claim, args=(second, "second")),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            assert sorted(a.getheader("Location") for a in answers.values()) == sorted(
                [f"/tasks/{queued.pk}/", "/tasks/queue/"]
            )

            holders = {
                u
                for d in disputes + [racing]
                for u in open_tasks(d).values_list("owner", flat=True)
            } - {None}

            def everything_done():
                return (
                    not OutboundEmail.objects.filter(sent_at=None).exists()
                    and DigestSent.objects.filter(day=timezone.localdate()).count() >= len(holders)
                    and all(d.events.filter(kind="escalation").exists() for d in disputes)
                )

            wait_for(everything_done, timeout=120, what="every notice, digest and e-mail")
            # A few more rounds of both timer loops: nothing more may go.
            sent = OutboundEmail.objects.count()
            time.sleep(4)
            assert OutboundEmail.objects.count() == sent
    finally:
        for loop in timers:
            stop(loop)

    queued.refresh_from_db()
    assert queued.owner_id in (worlds[0].vcs_member.user.pk, worlds[0].cochair.user.pk)
    subjects = Counter(
        re.search(r"^Subject: (.*)$", message, re.M).group(1) for message in _messages(mail)
    )
    for dispute in disputes:
        dispute.refresh_from_db()
        kinds = Counter(dispute.events.values_list("kind", flat=True))
        # One for the stage and one for the answer, each once.
        assert kinds["reminder"] == 2 and kinds["escalation"] == 2, kinds
        titles = list(
            dispute.events.filter(kind__in=["reminder", "escalation"]).values_list(
                "title", flat=True
            )
        )
        assert len(set(titles)) == 4, titles
        assert subjects[f"Overdue: dispute {dispute.reference} passed its due date"] == 1
        reminders = [s for s in subjects if s.startswith(f"Reminder: dispute {dispute.reference}")]
        assert [subjects[s] for s in reminders] == [1]
        late = [
            s for s in subjects if s.startswith(f"Late: the answer to dispute {dispute.reference}")
        ]
        assert [subjects[s] for s in late] == [1]
    digests = DigestSent.objects.filter(day=timezone.localdate())
    assert digests.count() == digests.values("user").distinct().count()  # once a person
    told = digests.filter(sent=True).count()
    assert told and sum(n for s, n in subjects.items() if s.startswith("Your steps:")) == told
    # Every e-mail the service made was sent exactly once.
    made = OutboundEmail.objects.filter(pk__gt=made_before or 0)
    assert not made.filter(sent_at=None).exists()
    assert sum(subjects.values()) == made.count()
