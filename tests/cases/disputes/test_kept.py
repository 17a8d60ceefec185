"""What a dispute's page keeps of its records between views (`cases.disputes.kept`): a
page seen again does not read them again, any change to them (or to a name they show) is
shown at once, and nobody is shown a copy kept for someone who may see more."""

import datetime
import pickle

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cases.disputes import services
from cases.disputes.models import DisputeEvent
from cases.disputes.services._base import _events
from cases.register import services as register_services
from cases.register.models import Compact
from tests.factories import DisputeWorld, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

RECORDS = (
    "cases_disputeevent",
    "cases_disputemessage",
    "cases_disputedocument",
    "cases_remedy",
    "cases_disputeanswer",
)


def _page(client, user, dispute) -> str:
    client.force_login(user)
    response = client.get(dispute.get_absolute_url())
    assert response.status_code == 200
    return response.text


def _records_read(client, user, dispute) -> list[str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(dispute.get_absolute_url()).status_code == 200
    # Read from (the header's queue joins remedies, for a joint body member's count).
    return [table for q in queries for table in RECORDS if f'FROM "{table}"' in q["sql"]]


def test_a_page_seen_again_reads_the_dispute_not_its_records(client):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    first = _records_read(client, world.champion, dispute)
    assert set(first) == set(RECORDS)
    assert _records_read(client, world.champion, dispute) == []
    # Another who may see the same shares the copy; the dispute and who may see it are
    # still read for each of them.
    assert _records_read(client, world.chair.user, dispute) == []


def test_each_change_to_its_records_or_their_names_is_shown_at_once(client):
    world = DisputeWorld()
    dispute = world.raise_dispute()
    dispute = world.stages.to(dispute, "informal")
    champion = world.champion
    page = _page(client, champion, dispute)
    assert "We kept every commitment" not in page
    services.dispute_post_message(dispute=dispute, by=world.respondent, body="Shall we meet?")
    assert "Shall we meet?" in _page(client, champion, dispute)
    services.dispute_add_note(dispute=dispute, by=champion, kind="note", text="Rang the clerk.")
    assert "Rang the clerk." in _page(client, champion, dispute)
    services.dispute_add_document(
        dispute=dispute,
        by=world.complainant,
        upload=SimpleUploadedFile("minutes.txt", b"The meeting", "text/plain"),
    )
    assert "minutes.txt" in _page(client, champion, dispute)
    # Written in bulk (the timers' reminders), with no signal.
    _events([(dispute, DisputeEvent.Kind.REMINDER, "Reminder sent to the respondent")])
    assert "Reminder sent to the respondent" in _page(client, champion, dispute)
    # The respondent answers: the answer and its commitments.
    world.answered(dispute)
    page = _page(client, champion, dispute)
    assert "Say they kept" in page and world.commitment.ref in page
    # The commitment it cites is changed: the page says so.
    assert "Changed since" not in page
    register_services.compact_amend(
        compact=world.compact,
        by=champion,
        reason="Clarified",
        commitments=[{"ref": world.commitment.ref, "text": "Six weeks to bid."}],
    )
    assert "Changed since" in _page(client, champion, dispute)
    # A name the records show: whoever wrote the note.
    champion.first_name, champion.last_name = "Gwen", "Renamed"
    champion.save()
    assert "by Gwen Renamed" in _page(client, champion, dispute)
    # Signing in saves the last sign-in alone, and forgets nothing.
    client.force_login(world.chair.user)
    assert _records_read(client, world.chair.user, dispute) == []


def test_without_prejudice_records_are_never_shown_from_a_copy_kept_for_a_party(client):
    world = DisputeWorld()
    dispute = world.dispute_at("mediator_accepted")
    services.dispute_post_message(dispute=dispute, by=world.complainant, body="Three weeks?")
    services.dispute_post_message(dispute=dispute, by=world.respondent, body="Four weeks.")
    services.dispute_post_message(dispute=dispute, by=world.champion, body="The timetable.")
    # The parties and the mediator first: their copy holds what was written without
    # prejudice. The Champion and the joint body, after them, are not given it.
    for user in (world.complainant, world.mediator.user):
        page = _page(client, user, dispute)
        assert "Three weeks?" in page and "Four weeks." in page
    for user in (world.champion, world.chair.user):
        page = _page(client, user, dispute)
        assert "The timetable." in page
        assert "Three weeks?" not in page and "Four weeks." not in page
    # After mediation ends in arbitration each party keeps only its own side's, whoever
    # saw the page first.
    dispute = world.stages.to(dispute, "arbitration")
    assert _records_read(client, world.mediator.user, dispute)  # a new generation
    complainant = _page(client, world.complainant, dispute)
    assert "Three weeks?" in complainant and "Four weeks." not in complainant
    respondent = _page(client, world.respondent, dispute)
    assert "Four weeks." in respondent and "Three weeks?" not in respondent
    mediator = _page(client, world.mediator.user, dispute)
    assert "Three weeks?" in mediator and "Four weeks." in mediator
    chair = _page(client, world.chair.user, dispute)
    assert "Three weeks?" not in chair and "Four weeks." not in chair


def test_the_commitments_it_cites_are_kept_in_each_language_of_the_page(client):
    world = DisputeWorld()
    Compact.objects.filter(pk=world.compact.pk).update(languages="cy-en")
    register_services.compact_amend(
        compact=world.compact,
        by=world.champion,
        reason="Translated",
        commitments=[{"ref": world.commitment.ref, "text_cy": "Rhoi digon o amser i wneud cais."}],
    )
    with time_machine.travel(datetime.timedelta(minutes=5)):
        dispute = world.raise_dispute()
    english = _page(client, world.complainant, dispute)
    assert "Rhoi digon o amser" not in english
    with translation.override("cy"):
        url = dispute.get_absolute_url()
    assert "Rhoi digon o amser i wneud cais." in client.get(url).text


def test_a_membership_moved_after_arbitration_moves_whose_side_its_messages_are_on(client):
    world = DisputeWorld()
    dispute = world.dispute_at("mediator_accepted")
    helper = MembershipFactory(organisation=world.complainant_org).user
    services.dispute_post_message(dispute=dispute, by=helper, body="Helper offer")
    dispute = world.stages.to(dispute, "arbitration")
    assert "Helper offer" in _page(client, world.complainant, dispute)
    assert "Helper offer" not in _page(client, world.respondent, dispute)
    membership = helper.memberships.get()
    membership.organisation = world.respondent_org
    membership.save()
    assert "Helper offer" not in _page(client, world.complainant, dispute)
    assert "Helper offer" in _page(client, world.respondent, dispute)


def test_a_commitments_title_the_answer_shows_is_shown_at_once(client):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    world.answered(dispute)
    assert world.commitment.title in _page(client, world.champion, dispute)
    world.commitment.title = "Renamed commitment title"
    world.commitment.save()
    assert "Renamed commitment title" in _page(client, world.champion, dispute)


@pytest.mark.parametrize("atomic", [True, False])
def test_a_page_read_while_events_are_written_in_bulk_keeps_nothing_stale(
    client, monkeypatch, atomic
):
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    _page(client, world.champion, dispute)
    real = DisputeEvent.objects.bulk_create

    def read_first(records, *args, **kwargs):
        records = list(records)
        _page(client, world.champion, dispute)  # a reader, just before the insert
        return real(records, *args, **kwargs)

    monkeypatch.setattr(DisputeEvent.objects, "bulk_create", read_first)

    def write():
        _events([(dispute, DisputeEvent.Kind.REMINDER, "Reminder sent late")])

    if atomic:
        with transaction.atomic():
            write()
    else:
        write()
    assert "Reminder sent late" in _page(client, world.champion, dispute)


def test_a_kept_record_holds_no_copy_of_the_dispute(client, monkeypatch):
    """Its complaint and who raised it are read with the page, not kept with each record
    (after disposal, nothing of them is left in the cache)."""
    world = DisputeWorld()
    dispute = world.dispute_at("informal")
    services.dispute_post_message(dispute=dispute, by=world.respondent, body="Shall we meet?")
    stored = []
    real = cache.set_many

    def keep(data, *args, **kwargs):
        stored.append(pickle.dumps(data))
        return real(data, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", keep)
    page = _page(client, world.champion, dispute)
    assert "Shall we meet?" in page and dispute.reference in page
    kept_bytes = b"".join(stored)
    assert b"Shall we meet?" in kept_bytes
    assert dispute.what_happened.encode() not in kept_bytes
