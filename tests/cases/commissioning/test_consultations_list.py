"""Consultations people can find: a public list of those open now, beside the
opportunities, with their questions, closing date and when feedback is due."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from cases.commissioning import services
from tests.factories import CommissioningWorld

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day, hour=10):
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_current_timezone()
    )


def _consult(world, title, opens, closes):
    exercise = world.plan(title=title)
    services.exercise_open_consultation(
        exercise=exercise,
        by=world.commissioner,
        opens_on=opens,
        closes_on=closes,
        questions=["What do people need?", "What works now?"],
    )
    return exercise


def test_open_consultations_are_listed_for_anyone_with_when_feedback_is_due(client):
    world = CommissioningWorld()
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        soon = _consult(world, "Lunch clubs", D(2027, 1, 4), D(2027, 3, 29))
        later = _consult(world, "Carers' breaks", D(2027, 1, 4), D(2027, 4, 26))
        not_yet = _consult(world, "Youth music", D(2027, 2, 1), D(2027, 4, 26))
        private = world.plan(title="Still being planned")

        page = client.get("/consultations/").content.decode()
        text = " ".join(page.split())
        assert "2 open consultations" in text
        assert text.index("Lunch clubs") < text.index("Carers&#x27; breaks")  # closing soonest
        assert not_yet.title not in text and private.title not in text
        assert 'Closes</dt><dd class="govuk-summary-list__value">29 March 2027' in text
        # Feedback is due 60 working days after the close (England's bank holidays skipped).
        assert 'Feedback by</dt><dd class="govuk-summary-list__value">23 June 2027' in text
        assert 'aria-current="page" href="/consultations/"' in page

        newest = client.get("/consultations/", {"sort": "newest"}).content.decode()
        assert later.get_absolute_url() in newest
        exercise_page = " ".join(client.get(soon.get_absolute_url()).content.decode().split())
        assert "feedback (what was heard and what changed) by 23 June 2027" in exercise_page

    with time_machine.travel(at(D(2027, 3, 30)), tick=False):
        text = " ".join(client.get("/consultations/").content.decode().split())
        assert "Lunch clubs" not in text  # closed yesterday
        assert "2 open consultations" in text  # Carers' breaks, and Youth music now open
