"""Case references: a number a compact, kind and year, right past 9,999, taken from a
counter at the end of the raise (`cases.register.references`)."""

import datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps

from cases.disputes.models import Dispute
from cases.register.models import ReferenceCounter
from tests.factories import DisputeWorld

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 10, tzinfo=datetime.UTC)


def test_references_run_on_past_9999_in_order():
    with time_machine.travel(NOW, tick=False):
        world = DisputeWorld(prefix="RIV")
        first = world.raise_dispute()
        assert first.reference == "RIV-D-2026-0001"
        ReferenceCounter.objects.filter(compact=world.compact, kind="D").update(last=9998)
        made = [world.raise_dispute(submission_key=f"key-{n}").reference for n in range(3)]
    assert made == ["RIV-D-2026-9999", "RIV-D-2026-10000", "RIV-D-2026-10001"]


def test_each_year_and_kind_counts_from_one():
    world = DisputeWorld(prefix="RIV")
    with time_machine.travel(NOW, tick=False):
        assert world.raise_dispute().reference == "RIV-D-2026-0001"
    with time_machine.travel(NOW.replace(year=2027, month=1, day=5), tick=False):
        assert world.raise_dispute(submission_key="next-year").reference == "RIV-D-2027-0001"
    assert ReferenceCounter.objects.filter(compact=world.compact, kind="D").count() == 2


def test_a_raise_that_is_refused_takes_no_number_and_leaves_no_dispute():
    from django.core.exceptions import ValidationError

    world = DisputeWorld(prefix="RIV")
    with time_machine.travel(NOW, tick=False):
        world.raise_dispute()
        with pytest.raises(ValidationError):
            world.raise_dispute(submission_key="bad", what_happened="  ")
        assert world.raise_dispute(submission_key="good").reference == "RIV-D-2026-0002"
    assert not Dispute.objects.filter(reference__startswith="pending-").exists()


def test_the_migration_starts_each_counter_from_the_highest_reference():
    with time_machine.travel(NOW, tick=False):
        world = DisputeWorld(prefix="RIV")
        dispute = world.raise_dispute()
    Dispute.objects.filter(pk=dispute.pk).update(reference="RIV-D-2026-10007")
    ReferenceCounter.objects.all().delete()
    import_module("cases.migrations.0006_reference_counters").fill_counters(apps, None)
    counter = ReferenceCounter.objects.get(compact=world.compact, kind="D", year=2026)
    assert counter.last == 10007


def test_an_administrator_may_move_a_counter_on_but_never_back(client):
    from tests.factories import UserFactory

    with time_machine.travel(NOW, tick=False):
        world = DisputeWorld(prefix="RIV")
        world.raise_dispute()
    counter = ReferenceCounter.objects.get(compact=world.compact, kind="D")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/cases/referencecounter/{counter.pk}/change/"
    back = client.post(url, {"last": 0})
    assert "A counter only moves on" in back.content.decode()
    assert client.post(url, {"last": 50}).status_code == 302
    counter.refresh_from_db()
    assert counter.last == 50
