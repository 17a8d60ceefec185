"""The tender pack: documents, the criteria bids are scored on with their weights, a named
contact, and amendments to a published opportunity that every bidder is told of."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from cases.commissioning import services
from cases.commissioning.models import BidScore, Departure
from tests.api.conftest import Api
from tests.factories import CommissioningWorld

pytestmark = pytest.mark.django_db(transaction=True)  # the letters go after the commit
D = datetime.date


def at(day, hour=10, minute=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _file(name="spec.txt", text=b"What the service does."):
    return SimpleUploadedFile(name, text)


def test_the_pack_is_made_before_publication_and_scores_follow_the_criteria():
    world = CommissioningWorld()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        spec = services.exercise_add_document(
            exercise=exercise, by=c, kind="specification", title="Specification", upload=_file()
        )
        assert not exercise.amendments.exists()  # not yet published: no amendment
        with pytest.raises(ValidationError, match="add up to 100; they add up to 90"):
            services.exercise_set_criteria(
                exercise=exercise, by=c, criteria=[("Quality", 60), ("Cost", 30)]
            )
        services.exercise_set_criteria(exercise=exercise, by=c, criteria=[("Old", 100)])
        services.exercise_set_criteria(
            exercise=exercise, by=c, criteria=[("Quality", 60), ("Cost", 40)]
        )
        assert [(x.name, x.weight) for x in exercise.criteria.all()] == [
            ("Quality", 60),
            ("Cost", 40),
        ]
        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 4), bids_close_at=at(D(2027, 2, 15), 12)
        )
        exercise.refresh_from_db()
        assert exercise.contact_email == c.email  # the publisher, unless another is named
        with pytest.raises(ValidationError, match="before the opportunity is published"):
            services.exercise_set_criteria(exercise=exercise, by=c, criteria=[("X", 100)])

        # Anyone may read the published pack.
        anonymous = Client()
        page = anonymous.get(exercise.get_absolute_url()).content.decode()
        assert "How bids are scored" in page and "Quality" in page and "60%" in page
        download = anonymous.get(f"/exercises/{exercise.reference}/documents/{spec.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"What the service does."

        bids = []
        for org, user in world.bidders[:2]:
            bid = services.bid_save(
                exercise=exercise,
                by=user,
                organisation=org,
                data={"proposal": "Breaks.", "direct_costs": Decimal(10), "overheads": Decimal(1)},
            )
            bids.append(services.bid_submit(bid=bid, by=user))
        clock.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=exercise, by=c)
        quality, cost = exercise.criteria.all()
        with pytest.raises(ValidationError, match="on every criterion"):
            services.bid_evaluate(
                bid=bids[0], by=c, score=90, notes="", feedback="Good.", parts={quality.pk: 90}
            )
        # The page's award form asks for a score on each criterion, and the total follows.
        client = Client()
        client.force_login(c)
        form = client.get(f"/exercises/{exercise.reference}/do/award/").content.decode()
        assert f"award-score_{bids[0].pk}_{quality.pk}" in form
        assert f'name="award-score_{bids[0].pk}"' not in form
        data = {"award-winners": [str(bids[0].pk)], "confirmed": "yes"}
        for bid, (q, k) in zip(bids, ((90, 50), (40, 100)), strict=True):
            data[f"award-score_{bid.pk}_{quality.pk}"] = str(q)
            data[f"award-score_{bid.pk}_{cost.pk}"] = str(k)
            data[f"award-feedback_{bid.pk}"] = "Clear plan."
        assert client.post(f"/exercises/{exercise.reference}/do/award/", data).status_code == 302
        for bid in bids:
            bid.refresh_from_db()
        assert (bids[0].score, bids[1].score) == (74, 64)  # 0.6*90+0.4*50, 0.6*40+0.4*100
        assert BidScore.objects.filter(bid=bids[1]).count() == 2
        letter = PdfReader(io.BytesIO(bids[1].letter.file.open("rb").read()))
        text = " ".join(" ".join(p.extract_text().split()) for p in letter.pages)
        assert "Your scores on the published criteria" in text
        assert "Quality 60% 40" in text and "Cost 40% 100" in text


def test_a_published_opportunity_is_amended_with_a_reason_and_every_bidder_is_told():
    world = CommissioningWorld()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 4), bids_close_at=at(D(2027, 2, 15), 12)
        )
        org, user = world.bidders[0]
        services.bid_save(  # a draft: still told, they are preparing a bid
            exercise=exercise,
            by=user,
            organisation=org,
            data={"proposal": "Draft.", "direct_costs": Decimal(1), "overheads": Decimal(0)},
        )
        with pytest.raises(ValidationError, match="every bidder is told"):
            services.exercise_add_document(
                exercise=exercise, by=c, kind="other", title="Q&A", upload=_file()
            )
        mail.outbox.clear()
        services.exercise_add_document(
            exercise=exercise,
            by=c,
            kind="agreement",
            title="Draft agreement",
            upload=_file("agreement.txt"),
            reason="Bidders asked for the terms.",
        )
        told = [m for m in mail.outbox if m.subject.startswith("Changed:")]
        assert [m.to for m in told] == [[user.email]]
        assert "document added: Draft agreement" in told[0].body

        # Later: nothing to justify. Shorter than the compact's 30 days: a departure.
        services.exercise_move_closing(
            exercise=exercise, by=c, bids_close_at=at(D(2027, 2, 22), 12), reason="More time."
        )
        with pytest.raises(ValidationError) as refused:
            services.exercise_move_closing(
                exercise=exercise, by=c, bids_close_at=at(D(2027, 1, 25), 12), reason="Sooner."
            )
        assert "bid_window_justification" in refused.value.message_dict
        services.exercise_move_closing(
            exercise=exercise,
            by=c,
            bids_close_at=at(D(2027, 1, 25), 12),
            reason="The money must be spent sooner.",
            bid_window_justification="The grant year ends early.",
        )
        assert exercise.departures.filter(rule=Departure.Rule.BID_WINDOW).count() == 1
        assert [a.what.split(" (")[0] for a in exercise.amendments.all()] == [
            "document added: Draft agreement",
            "bids now close 22 February 2027, midday",
            "bids now close 25 January 2027, midday",
        ]
        page = Client().get(exercise.get_absolute_url()).content.decode()
        assert "Changes since publication" in page and "The money must be spent sooner." in page


def test_the_api_sends_pack_and_bid_documents_with_the_pages_checks():
    world = CommissioningWorld()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        api = Api(c)
        url = f"/api/v1/exercises/{exercise.reference}/documents"
        sent = api.client.post(
            url,
            {"file": _file(), "kind": "specification", "title": "Specification"},
            headers=api.headers,
        )
        assert sent.status_code == 201, sent.content
        assert sent.json()["title"] == "Specification"
        bad = api.client.post(
            url,
            {"file": _file("x.exe", b"MZ\x90\x00binary"), "kind": "other", "title": "X"},
            headers=api.headers,
        )
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["field"] == "file"
        org, user = world.bidders[0]
        stranger = Api(user)
        refused = stranger.client.post(
            url, {"file": _file(), "kind": "other", "title": "Mine"}, headers=stranger.headers
        )
        assert refused.status_code in (403, 404)
        assert exercise.documents.count() == 1

        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 4), bids_close_at=at(D(2027, 2, 15), 12)
        )
        body = Api().get(f"/exercises/{exercise.reference}").json()
        assert [d["title"] for d in body["documents"]] == ["Specification"]
        assert body["contact_email"] == c.email
        bid = services.bid_save(
            exercise=exercise,
            by=user,
            organisation=org,
            data={"proposal": "Plan.", "direct_costs": Decimal(1), "overheads": Decimal(0)},
        )
        added = stranger.client.post(
            f"/api/v1/bids/{bid.pk}/documents",
            {"file": _file("plan.txt")},
            headers=stranger.headers,
        )
        assert added.status_code == 201, added.content
        assert bid.documents.count() == 1
        other = Api(world.bidders[1][1])
        assert (
            other.client.post(
                f"/api/v1/bids/{bid.pk}/documents", {"file": _file()}, headers=other.headers
            ).status_code
            == 404
        )


def test_a_weighted_score_rounds_a_half_up():
    world = CommissioningWorld()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        services.exercise_set_criteria(exercise=exercise, by=c, criteria=[("A", 50), ("B", 50)])
        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 4), bids_close_at=at(D(2027, 2, 15), 12)
        )
        sent = []
        for org, user in world.bidders:
            bid = services.bid_save(
                exercise=exercise,
                by=user,
                organisation=org,
                data={"proposal": "Plan.", "direct_costs": Decimal(1), "overheads": Decimal(0)},
            )
            sent.append(services.bid_submit(bid=bid, by=user))
        clock.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=exercise, by=c)
        a, b = exercise.criteria.all()
        totals = []
        for bid, (x, y) in zip(sent, ((71, 70), (73, 72), (75, 74)), strict=True):
            scored = services.bid_evaluate(
                bid=bid, by=c, score=None, notes="", feedback="Ok.", parts={a.pk: x, b.pk: y}
            )
            totals.append(scored.score)
        assert totals == [71, 73, 75]  # 70.5, 72.5 and 74.5, each a half rounded up


def test_the_closing_date_moves_only_forward_in_time_and_sooner_is_a_departure():
    world = CommissioningWorld()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False):
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 11), bids_close_at=at(D(2027, 3, 15), 12)
        )
        with pytest.raises(ValidationError, match="after bidding opens"):
            services.exercise_move_closing(
                exercise=exercise,
                by=c,
                bids_close_at=at(D(2027, 1, 8), 12),
                reason="x",
                bid_window_justification="y",
            )
        # Sooner, though still longer than the compact's 30 days: a departure to justify.
        with pytest.raises(ValidationError) as refused:
            services.exercise_move_closing(
                exercise=exercise, by=c, bids_close_at=at(D(2027, 3, 1), 12), reason="Sooner."
            )
        assert "bid_window_justification" in refused.value.message_dict
        services.exercise_move_closing(
            exercise=exercise,
            by=c,
            bids_close_at=at(D(2027, 3, 1), 12),
            reason="Sooner.",
            bid_window_justification="The grant year ends early.",
        )
        assert exercise.departures.get().actual.endswith("closing sooner than published")


def test_an_exercise_cancelled_before_it_was_published_stays_private():
    world = CommissioningWorld()
    c = world.commissioner
    exercise = world.plan()
    document = services.exercise_add_document(
        exercise=exercise, by=c, kind="specification", title="Draft spec", upload=_file()
    )
    services.exercise_cancel(exercise=exercise, by=c, reasons="Not going ahead.")
    anonymous = Client()
    assert anonymous.get(exercise.get_absolute_url()).status_code == 404
    assert (
        anonymous.get(f"/exercises/{exercise.reference}/documents/{document.pk}/").status_code
        == 404
    )
    assert Api().get(f"/exercises/{exercise.reference}").status_code == 404
    listed = {e["reference"] for e in Api().get("/exercises").json()["items"]}
    assert exercise.reference not in listed
    commissioner = Client()
    commissioner.force_login(c)
    assert commissioner.get(exercise.get_absolute_url()).status_code == 200


def test_the_check_page_shows_the_answers_and_letters_can_give_the_winning_score():
    world = CommissioningWorld()
    world.compact.publish_winning_score = True
    world.compact.save()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=False) as clock:
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 4), bids_close_at=at(D(2027, 2, 15), 12)
        )
        bids = []
        for org, user in world.bidders[:2]:
            bid = services.bid_save(
                exercise=exercise,
                by=user,
                organisation=org,
                data={"proposal": "Plan.", "direct_costs": Decimal(1), "overheads": Decimal(0)},
            )
            bids.append(services.bid_submit(bid=bid, by=user))
        clock.move_to(at(D(2027, 2, 15), 13))
        services.exercise_open_bids(exercise=exercise, by=c)
        client = Client()
        client.force_login(c)
        data = {"award-winners": [str(bids[0].pk)]}
        for bid, score in zip(bids, (81, 62), strict=True):
            data[f"award-score_{bid.pk}"] = str(score)
            data[f"award-feedback_{bid.pk}"] = f"Feedback {score}."
        check = client.post(f"/exercises/{exercise.reference}/do/award/", data)
        page = " ".join(check.content.decode().split())
        assert "Score and award: are you sure?" in page
        assert "Which bids are awarded?</dt>" in page and str(bids[0].organisation) in page
        assert "Feedback 62." in page
        client.post(f"/exercises/{exercise.reference}/do/award/", {**data, "confirmed": "yes"})
        bids[1].refresh_from_db()
        letter = PdfReader(io.BytesIO(bids[1].letter.file.open("rb").read()))
        text = " ".join(" ".join(p.extract_text().split()) for p in letter.pages)
        assert f"The funding was awarded to {bids[0].organisation.name} (scored 81)." in text


def test_an_amendment_is_a_release_of_its_own_and_earlier_releases_stay_as_they_were():
    from cases.commissioning.ocds import releases as ocds

    world = CommissioningWorld()
    c = world.commissioner
    with time_machine.travel(at(D(2027, 1, 4)), tick=True) as clock:
        exercise = world.plan()
        services.exercise_publish_tender(
            exercise=exercise, by=c, opens_on=D(2027, 1, 4), bids_close_at=at(D(2027, 3, 15), 12)
        )
        exercise.refresh_from_db()
        before = ocds.exercise_releases(exercise, base_url="https://example.org")
        clock.move_to(at(D(2027, 1, 20)))
        services.exercise_move_closing(
            exercise=exercise,
            by=c,
            bids_close_at=at(D(2027, 3, 1), 12),
            reason="The grant year ends early.",
            bid_window_justification="The council's year ends in March.",
        )
        exercise.refresh_from_db()
        after = ocds.exercise_releases(exercise, base_url="https://example.org")
    assert after[: len(before)] == before  # the tender release is as it was published
    assert [r["tag"] for r in after] == [["tender"], ["tenderAmendment"]]
    tender, amended = after[0], after[1]
    assert tender["tender"]["tenderPeriod"]["endDate"].startswith("2027-03-15T12:00")
    assert "departures" not in tender["compact"]
    assert amended["tender"]["tenderPeriod"]["endDate"].startswith("2027-03-01T12:00")
    assert amended["compact"]["bidWindow"]["days"] == 56
    assert [d["rule"] for d in amended["compact"]["departures"]] == ["bidWindow"]
    assert amended["tender"]["amendments"][0]["rationale"] == "The grant year ends early."


def test_the_same_document_form_sent_twice_adds_it_once():
    world = CommissioningWorld()
    c = world.commissioner
    exercise = world.plan()
    client = Client()
    client.force_login(c)
    page = client.get(f"/exercises/{exercise.reference}/do/document/").content.decode()
    key = page.split('name="document-submission_key" value="')[1].split('"')[0]
    for _ in range(2):
        sent = client.post(
            f"/exercises/{exercise.reference}/do/document/",
            {
                "document-kind": "specification",
                "document-title": "Specification",
                "document-file": _file(),
                "document-submission_key": key,
            },
        )
        assert sent.status_code == 302
    assert exercise.documents.count() == 1
