"""The administrator's view of the background queue: each queued job's state (running,
waiting, or stalled past a lease), with a filter; failed jobs can be resubmitted."""

import datetime

import pytest
from django.utils import timezone
from django_q.models import OrmQ

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_queue_page_says_which_jobs_run_wait_or_stalled(client, settings):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.Q_CLUSTER["retry"])
    for lock in (now + lease / 2, now - datetime.timedelta(seconds=5), now - lease * 2):
        OrmQ.objects.create(key="compact-casework", payload="x", lock=lock)
    page = client.get("/admin/django_q/ormq/").content.decode()
    assert "Running (a worker holds it)" in page
    assert "Waiting for a worker" in page
    assert "a dead worker&#x27;s, or no worker running" in page
    assert page.count('<td class="field-state">') == 3
    stalled = client.get("/admin/django_q/ormq/?state=stalled").content.decode()
    assert stalled.count('<td class="field-state">') == 1
    assert '<td class="field-state">Waiting longer than a lease' in stalled
    assert client.get("/admin/django_q/failure/").status_code == 200  # with "resubmit"
