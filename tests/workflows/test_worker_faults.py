"""Background work survives faults, tried with real processes: a real worker
(`manage.py qcluster`) against the test's PostgreSQL database and a mail server of our own
that can hang.

- A mail server that never answers holds one job until EMAIL_TIMEOUT, not the worker: the
  other jobs are sent meanwhile, and the stuck e-mail is failed and retried later.
- A worker killed (SIGKILL) in the middle of sending an e-mail loses nothing: when the
  job's lease runs out a new worker takes it, and the e-mail is sent once.

PostgreSQL only: a second process cannot see SQLite's in-memory test database."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_q.models import Failure, OrmQ, Schedule
from django_q.tasks import async_task

from tests.workers import start_cluster, stop, wait_for
from workflows import jobs
from workflows.models import OutboundEmail

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the worker is another process (CI runs it)",
    ),
]

LEASE = 6  # seconds a worker holds a job before another may take it


class MailServer:
    """A small SMTP server in a thread. Mail to `hang` is never answered after RCPT TO;
    mail to `hold` waits (once) after RCPT TO until `release` is set, and says so in
    `holding`. Every message it accepts is kept in `received`."""

    def __init__(self, *, hang: str = "", hold: str = ""):
        self.hang, self.hold = hang, hold
        self.holding, self.release = threading.Event(), threading.Event()
        self.received: list[str] = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stopped = False
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stopped:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(client,), daemon=True).start()

    def _talk(self, client):
        with contextlib.suppress(OSError), client:
            reader = client.makefile("rb")
            client.sendall(b"220 test ESMTP\r\n")
            recipients, data = [], None
            for raw in reader:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if data is not None:
                    if line == ".":
                        self.received.append("\n".join([*recipients, *data]))
                        client.sendall(b"250 queued\r\n")
                        data = None
                    else:
                        data.append(line)
                    continue
                verb = line[:4].upper()
                if verb in ("EHLO", "HELO"):
                    client.sendall(b"250 test\r\n")
                elif verb == "RCPT":
                    recipients.append(line)
                    if self.hang and self.hang in line:
                        time.sleep(3600)  # never answers
                    if self.hold and self.hold in line and not self.holding.is_set():
                        self.holding.set()
                        self.release.wait(60)
                        return  # the connection's sender is gone by now
                    client.sendall(b"250 ok\r\n")
                elif verb == "DATA":
                    data = []
                    client.sendall(b"354 go on\r\n")
                elif verb == "QUIT":
                    client.sendall(b"221 bye\r\n")
                    return
                else:
                    client.sendall(b"250 ok\r\n")

    def close(self):
        self.stopped = True
        self.release.set()
        self.sock.close()


def _environment(mail: MailServer) -> dict:
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "SECRET_KEY": django_settings.SECRET_KEY,  # jobs are signed
        "DATABASE_URL": database,
        "EMAIL_URL": f"smtp://127.0.0.1:{mail.port}",
        "EMAIL_TIMEOUT": "2",
        "JOB_TIMEOUT": "5",
        "JOB_LEASE": str(LEASE),
        "WORKER_PROCESSES": "2",
        "CACHE_URL": "locmemcache://",
        "DEBUG": "false",
    }


def _queue(*addresses) -> list[OutboundEmail]:
    """Queue e-mails for a real worker (not run at once, as elsewhere in the tests)."""
    emails = []
    for address in addresses:
        email = OutboundEmail.objects.create(to=[address], subject=f"For {address}", body="B")
        async_task(jobs.send_email.name, email_id=email.pk)
        emails.append(email)
    return emails


def _sent(email) -> bool:
    email.refresh_from_db()
    return email.sent_at is not None


def test_a_mail_server_that_never_answers_holds_one_job_not_the_worker(tmp_path):
    mail = MailServer(hang="stuck@")
    worker = start_cluster(_environment(mail), tmp_path / "worker.log")
    try:
        stuck, *others = _queue("stuck@example.org", "a@example.org", "b@example.org")
        wait_for(lambda: all(_sent(e) for e in others), timeout=30, what="the other e-mails")
        wait_for(Failure.objects.exists, timeout=30, what="the stuck e-mail to fail")
        assert not _sent(stuck)
        # Tried again later, as every failed job is.
        assert Schedule.objects.filter(kwargs__contains="'attempt': 2").exists()
        assert len(mail.received) == 2
    finally:
        stop(worker)
        mail.close()


def test_a_worker_killed_mid_send_loses_nothing_and_sends_once(tmp_path):
    mail = MailServer(hold="kill@")
    env = _environment(mail)
    log = tmp_path / "worker.log"
    first = start_cluster(env, log)
    try:
        (email,) = _queue("kill@example.org")
        assert mail.holding.wait(30), log.read_text()[-2000:]
        stop(first, kill=True)  # the machine dies mid-send
        killed_at = time.monotonic()
        mail.release.set()
        assert not _sent(email)
        assert OrmQ.objects.count() == 1  # still queued, held by the dead worker's lease
        second = start_cluster(env, log)
        try:
            wait_for(lambda: _sent(email), timeout=LEASE + 30, what="the e-mail to be sent")
            waited = time.monotonic() - killed_at
        finally:
            stop(second)
    finally:
        mail.close()
    assert mail.received and len(mail.received) == 1
    assert "kill@example.org" in mail.received[0]
    assert waited >= LEASE - 2  # taken again only once the lease ran out
    assert OrmQ.objects.count() == 0
