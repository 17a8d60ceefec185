"""The service in Welsh: every page at /cy/..., a language switch that keeps the page, e-mails
and letters in Welsh and English for a Welsh compact, and API errors in the language asked
for."""

import datetime
import io

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from cases.common.formats import when
from cases.disputes import services
from cases.disputes.flow import DisputeFlow
from cases.disputes.models import DisputeOutcome
from cases.disputes.selectors import open_tasks
from tests.factories import DisputeWorld, UserFactory
from workflows.notifications import BILINGUAL_NOTE

pytestmark = pytest.mark.django_db


def cy_footer(page, pages):
    return welsh("Page %(page)s of %(pages)s") % {"page": page, "pages": pages}


def welsh(message):
    with translation.override("cy"):
        return _(message)


def test_the_catalogue_is_welsh():
    assert welsh("Sign out") not in ("", "Sign out")
    assert welsh("Skip to main content") != "Skip to main content"


def test_a_page_in_welsh_and_the_switch_back_to_the_same_page(client):
    client.force_login(UserFactory())
    english = client.get("/disputes/?sort=oldest")
    assert '<html lang="en-gb"' in english.text
    # The switch names Welsh in Welsh and links to the same page, query and all.
    assert (
        '<a class="govuk-link" href="/cy/disputes/?sort=oldest" lang="cy" hreflang="cy">Cymraeg</a>'
        in english.text
    )
    assert '<link rel="alternate" hreflang="cy" href="/cy/disputes/?sort=oldest">' in english.text

    response = client.get("/cy/disputes/?sort=oldest")
    assert response.status_code == 200
    assert '<html lang="cy"' in response.text
    assert response["Content-Language"] == "cy"
    assert welsh("Sign out") in response.text
    assert ">Sign out<" not in response.text
    assert (
        '<a class="govuk-link" href="/disputes/?sort=oldest" lang="en-gb" hreflang="en-gb">'
        "English</a>" in response.text
    )
    # Links on a Welsh page stay in Welsh.
    assert 'href="/cy/tasks/inbox/"' in response.text


def test_a_form_error_in_welsh(client):
    response = client.post("/cy/accounts/login/", {"username": "", "password": ""})
    assert response.status_code == 200
    assert welsh("There is a problem") in response.text
    assert "There is a problem" not in response.text


def test_dates_and_times_in_welsh():
    moment = datetime.datetime(2026, 12, 5, 15, 14, tzinfo=datetime.UTC)
    with translation.override("cy"):
        assert when(moment) == "5 Rhagfyr 2026, 3:14yp"
    with translation.override("en-gb"):
        assert when(moment) == "5 December 2026, 3:14pm"


def test_api_errors_in_the_language_asked_for(client):
    english = client.get("/api/v1/tasks/inbox")
    assert english.status_code == 401
    assert english.json()["detail"].startswith("Give a valid personal API token")
    response = client.get("/api/v1/tasks/inbox", HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 401
    assert response["Content-Language"] == "cy"
    assert "Accept-Language" in response["Vary"]
    assert response.json()["detail"] == welsh(
        "Give a valid personal API token: Authorization: Bearer <token>."
    )
    # A language the service does not have falls back to English.
    other = client.get("/api/v1/tasks/inbox", HTTP_ACCEPT_LANGUAGE="fr")
    assert other.json()["detail"] == english.json()["detail"]


@pytest.fixture
def welsh_world():
    world = DisputeWorld(prefix="SWA")
    world.compact.languages = "cy-en"
    world.compact.country = "wales"
    world.compact.save()
    return world


def test_a_welsh_compacts_emails_are_in_welsh_then_english(
    welsh_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = welsh_world.raise_dispute()
    raised = [m for m in mail.outbox if welsh_world.champion.email in m.to]
    assert raised
    message = raised[0]
    assert " / " in message.subject
    welsh_subject, english_subject = message.subject.split(" / ", 1)
    assert dispute.reference in welsh_subject and dispute.reference in english_subject
    assert welsh_subject != english_subject
    assert message.body.startswith(BILINGUAL_NOTE)
    welsh_part, english_part = message.body.split("-" * 40)
    # Each part links to the dispute in its own language.
    assert f"/cy/disputes/{dispute.reference}/" in welsh_part
    assert f"/cy/disputes/{dispute.reference}/" not in english_part
    assert f"/disputes/{dispute.reference}/" in english_part
    # The same message is kept in the notifications list, both languages.
    from workflows.models import Notification

    kept = Notification.objects.filter(user=welsh_world.champion).first()
    assert kept.subject == message.subject


def test_an_english_compacts_emails_are_in_english_only(django_capture_on_commit_callbacks):
    world = DisputeWorld()
    with django_capture_on_commit_callbacks(execute=True):
        world.raise_dispute()
    assert mail.outbox
    assert all(" / " not in m.subject and BILINGUAL_NOTE not in m.body for m in mail.outbox)


# Real transactions, so the letter's job runs as the decision commits, as it does live.
@pytest.mark.django_db(transaction=True)
def test_a_welsh_compacts_decision_letter_is_in_welsh_then_english(welsh_world):
    dispute = welsh_world.dispute_at("panel_formed")
    reasons = "The panel finds a two-week window too short for a small group to bid."
    task = open_tasks(dispute).get(flow_task=DisputeFlow.arbitration)
    services.arbitration_complete(
        task=task, by=welsh_world.chair.user, outcome=DisputeOutcome.PARTLY_UPHELD, decision=reasons
    )
    dispute.refresh_from_db()
    with dispute.decision_letter.open("rb") as letter:
        reader = PdfReader(io.BytesIO(letter.read()))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    text = " ".join(pages)
    with translation.override("cy"):
        upheld_cy = str(DisputeOutcome.PARTLY_UPHELD.label)
    assert upheld_cy != "Partly upheld" and upheld_cy in text
    assert "Partly upheld" in text
    # Welsh first: the Welsh outcome comes before the English one.
    assert text.index(upheld_cy) < text.index("Partly upheld")
    assert text.count(reasons) == 2  # the panel's own words, in both parts
    # Each part's footer in its own language.
    assert cy_footer(1, len(pages)) in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Tudalen" not in pages[-1]
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_a_long_bilingual_subject_fits_and_keeps_both_languages():
    """Subjects are kept in 300 characters (Notification, OutboundEmail): each language gets
    its share, so a long exercise title never makes the change that sends it fail."""
    from workflows.notifications import SUBJECT_LENGTH, in_languages

    title = "Carers' support service across the whole county " * 4  # 196 characters

    def write():
        values = {"title": title, "reference": "SWA-C-2027-0001"}
        return _("Changed: %(title)s (%(reference)s)") % values, "body"

    subject, _body = in_languages(("cy", "en-gb"), write)
    assert len(subject) <= SUBJECT_LENGTH
    welsh_part, english_part = subject.split(" / ")
    assert welsh_part.startswith(welsh("Changed: %(title)s (%(reference)s)").split("%")[0])
    assert not welsh_part.startswith("Changed")
    assert english_part.startswith("Changed: Carers")
    assert subject.endswith("…")


def test_the_switch_on_a_page_not_found_offers_the_home_page(client, rf):
    from cases.templatetags.languages import other_languages

    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/cy/" lang="cy" hreflang="cy">Cymraeg</a>' in response.text
    welsh_404 = client.get("/cy/no-such-page/")
    assert 'href="/" lang="en-gb" hreflang="en-gb">English</a>' in welsh_404.text
    # The way back goes to the home page in the page's language.
    assert 'href="/cy/">Mynd i\'r rhestr compactau</a>' in welsh_404.text.replace("&#x27;", "'")
    assert 'href="/">Go to the list of compacts</a>' in response.text
    # An address someone else chose is never repeated as a link.
    request = rf.get("/")
    request.path = request.path_info = "//evil.example/x/"
    request.resolver_match = None
    with translation.override("en-gb"):
        offered = other_languages({"request": request})
    assert [language["url"] for language in offered] == ["/cy/"]


def test_leaving_a_group_takes_the_queue_number_away_at_once(client, welsh_world):
    dispute = welsh_world.raise_dispute()
    welsh_world.stages.to(dispute, "mediation")
    member = welsh_world.vcs_member.user
    client.force_login(member)
    assert client.get("/").context["task_counts"]["queue"] == 1
    member.groups.clear()
    assert client.get("/").context["task_counts"]["queue"] == 0


def test_a_digest_with_a_step_in_a_welsh_compact_is_in_welsh_then_english(
    welsh_world, django_capture_on_commit_callbacks
):
    import time_machine
    from django.core.management import call_command

    with time_machine.travel(datetime.datetime(2027, 2, 1, 7, tzinfo=datetime.UTC), tick=False):
        dispute = welsh_world.raise_dispute()
    with time_machine.travel(datetime.datetime(2027, 2, 10, 7, tzinfo=datetime.UTC), tick=False):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", stdout=io.StringIO())
    (digest,) = [m for m in mail.outbox if welsh_world.champion.email in m.to]
    welsh_subject, english_subject = digest.subject.split(" / ")
    assert english_subject == "Your steps: 1 overdue, 0 due soon"
    assert welsh_subject == "Eich camau: 1 yn hwyr, 0 yn ddyledus cyn bo hir"
    assert digest.body.startswith(BILINGUAL_NOTE)
    welsh_part, english_part = digest.body.split("-" * 40)
    assert dispute.reference in welsh_part and dispute.reference in english_part


def test_a_drafts_reminder_is_in_the_languages_of_its_compact(client, welsh_world):
    from django.test import TestCase

    from cases.disputes.models import DisputeDraft
    from cases.disputes.services.drafts import expire_drafts

    english = DisputeWorld()
    now = datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    for world in (welsh_world, english):
        DisputeDraft.objects.create(
            author=world.complainant,
            title=f"Draft in {world.compact.prefix}",
            data={"step_data": {"compact": {"compact-compact": [str(world.compact.pk)]}}},
            saved_at=now - datetime.timedelta(days=24),
        )
    DisputeDraft.objects.create(
        author=english.complainant,
        title="Nothing chosen",
        data={},
        saved_at=now - datetime.timedelta(days=24),
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        expire_drafts(now=now)
    by_title = {
        title: m
        for m in mail.outbox
        for title in ("Draft in SWA", f"Draft in {english.compact.prefix}", "Nothing chosen")
        if title in m.body
    }
    assert " / " in by_title["Draft in SWA"].subject
    assert by_title["Draft in SWA"].body.startswith(BILINGUAL_NOTE)
    for title in (f"Draft in {english.compact.prefix}", "Nothing chosen"):
        assert " / " not in by_title[title].subject
        assert not by_title[title].body.startswith(BILINGUAL_NOTE)
