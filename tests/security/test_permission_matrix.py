"""Every page, for every role and for anonymous visitors, against the status it must give.

Built on the demo data, so the records are the ones a new user meets. A record a role
may not know exists answers 404, never 403; a page a role may know exists but not use
answers 403; a page that needs signing in sends anonymous visitors to sign in (302)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from viewflow.workflow.models import Task

from cases.commissioning.models import Bid, Exercise
from cases.disputes.flow import DisputeFlow, RemedyFlow
from cases.disputes.models import Dispute, DisputeAnswer, DisputeDraft
from cases.disputes.selectors import open_tasks, stage_tasks
from cases.privacy.models import LegalHold, RetentionRule
from cases.register.models import Commitment, Organisation, SignupRequest
from cases.year.models import ActionPlanItem, AnnualReview, ImpactAssessment
from cases.year.report import year_of
from workflows.models import Notification

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "champion-swansea",
    "chair-swansea",
    "jb-vcs-swansea",
    "mediator-swansea",
    "commissioner-swansea",
    "tenderer-swansea",
    "complainant-swansea",
    "champion-notts",
    "dpo-swansea",
    "dpo",
    "admin",
]
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
SWANSEA_OFFICERS = {"champion-swansea", "chair-swansea", "jb-vcs-swansea"}
# The data protection officers: Swansea's, and the whole service's.
OFFICERS = {"dpo-swansea", "dpo"}
# The joint body and the Champion keep the action plan.
PLAN_KEEPERS = {"champion-swansea", "chair-swansea", "jb-vcs-swansea", "admin"}


def _urls():
    """(name, url, roles allowed, status for the rest, login needed[, allowed status])."""
    dispute = Dispute.objects.get(reference="SWA-D-2026-0001")  # complainant v council
    mediated = Dispute.objects.get(reference="SWA-D-2026-0006")  # with the mediator
    decided = Dispute.objects.get(reference="SWA-D-2026-0009")  # has a letter
    triage = stage_tasks(dispute).get()
    answer_step = open_tasks(Dispute.objects.get(reference="SWA-D-2026-0002")).get(
        flow_task=DisputeFlow.answer
    )
    draft = DisputeDraft.objects.get(author__username="complainant-swansea")
    remedy_steps = Task.objects.filter(
        process__remedyprocess__remedy__dispute=decided, status__in=["NEW", "ASSIGNED"]
    )
    carry_out = remedy_steps.get(flow_task=RemedyFlow.carry_out)
    remedy_check = remedy_steps.get(flow_task=RemedyFlow.check)
    tender = Exercise.objects.get(compact__slug="swansea", stage="tender")
    planned = Exercise.objects.get(compact__slug="swansea", stage="planned")
    evaluation = Exercise.objects.get(compact__slug="swansea", stage="evaluation")
    opened_bid = evaluation.bids.get(organisation__name__startswith="Gower")
    draft_bid = Bid.objects.get(exercise=tender, organisation__name__startswith="Gower")
    awarded = Bid.objects.get(exercise__stage="award", status="awarded")
    commitment = Commitment.objects.filter(compact__slug="swansea").first()
    signup = SignupRequest.objects.get(compact__slug="swansea")
    gower = Organisation.objects.get(name__startswith="Gower")
    parties = {"commissioner-swansea", "complainant-swansea", "champion-swansea"}
    action = ActionPlanItem.objects.filter(compact__slug="swansea").last()
    impact = ImpactAssessment.objects.filter(compact__slug="swansea").first()
    year = year_of(timezone.localdate())
    review = AnnualReview.objects.get(compact__slug="swansea")
    notice = Notification.objects.filter(user__username="champion-swansea").first()
    hold = LegalHold.objects.get(dispute__compact__slug="swansea", lifted_at=None)
    asker = get_user_model().objects.get(username="complainant-swansea")
    return [
        ("home", "/", EVERYONE, None, False),
        ("compact", "/compacts/swansea/", EVERYONE, None, False),
        ("signatories", "/compacts/swansea/signatories/", EVERYONE, None, False),
        ("commitments", "/compacts/swansea/commitments/", EVERYONE, None, False),
        ("commitment", commitment.get_absolute_url(), EVERYONE, None, False),
        ("versions", "/compacts/swansea/versions/", EVERYONE, None, False),
        ("a version", "/compacts/swansea/versions/1/", EVERYONE, None, False),
        ("two versions compared", "/compacts/swansea/versions/compare/", EVERYONE, None, False),
        (
            "a signatory",
            f"/compacts/swansea/signatories/{gower.slug}/",
            EVERYONE,
            None,
            False,
        ),
        (
            "renew a signature",
            f"/compacts/swansea/signatories/{gower.slug}/renew/",
            {"tenderer-swansea", "champion-swansea", "admin"},
            403,
            True,
        ),
        (
            "leave the Compact",
            f"/compacts/swansea/signatories/{gower.slug}/leave/",
            {"tenderer-swansea", "champion-swansea", "admin"},
            403,
            True,
        ),
        ("action plan", "/compacts/swansea/action-plan/", EVERYONE, None, False),
        ("an action", action.get_absolute_url(), EVERYONE, None, False),
        (
            "add an action",
            "/compacts/swansea/action-plan/add/",
            PLAN_KEEPERS,
            403,
            True,
        ),
        ("change an action", f"/actions/{action.reference}/change/", PLAN_KEEPERS, 403, True),
        ("impact assessments", "/compacts/swansea/impact-assessments/", EVERYONE, None, False),
        ("annual report", f"/compacts/swansea/report/{year}/", EVERYONE, None, False),
        ("annual reviews", "/compacts/swansea/reviews/", EVERYONE, None, False),
        ("an annual review", f"/compacts/swansea/reviews/{review.year}/", EVERYONE, None, False),
        (
            "propose a change at a review",
            f"/compacts/swansea/reviews/{review.year}/propose/",
            PLAN_KEEPERS,
            403,
            True,
        ),
        (
            "an annual report's chart",
            f"/compacts/swansea/report/{year}/charts/disputes.svg",
            EVERYONE,
            None,
            False,
        ),
        ("annual report PDF", f"/compacts/swansea/report/{year}/report.pdf", EVERYONE, None, False),
        (
            "annual report's figures",
            f"/compacts/swansea/report/{year}/figures.csv",
            EVERYONE,
            None,
            False,
        ),
        ("an impact assessment", impact.get_absolute_url(), EVERYONE, None, False),
        (
            "record an impact assessment",
            "/compacts/swansea/impact-assessments/new/",
            {"commissioner-swansea", "champion-swansea", "chair-swansea", "admin"},
            403,
            True,
        ),
        (
            "add a commitment",
            "/compacts/swansea/commitments/add/",
            {"champion-swansea", "chair-swansea", "admin"},
            403,
            True,
        ),
        (
            "change a commitment",
            f"/compacts/swansea/commitments/{commitment.ref}/change/",
            {"champion-swansea", "chair-swansea", "admin"},
            403,
            True,
        ),
        ("sign-up form", "/compacts/swansea/sign-up/", EVERYONE, None, False),
        ("organisation", gower.get_absolute_url(), EVERYONE, None, False),
        ("opportunities", "/opportunities/", EVERYONE, None, False),
        ("consultations", "/consultations/", EVERYONE, None, False),
        ("alerts", "/alerts/", SIGNED_IN, None, True),
        ("public exercise", tender.get_absolute_url(), EVERYONE, None, False),
        (
            "a published tender pack's document",
            f"/exercises/{tender.reference}/documents/{tender.documents.first().pk}/",
            EVERYONE,
            None,
            False,
        ),
        (
            "planned exercise",
            planned.get_absolute_url(),
            {"commissioner-swansea", "champion-swansea", "admin"},
            404,
            False,
        ),
        ("account", "/account/", SIGNED_IN, None, True),
        ("notifications", "/notifications/", SIGNED_IN, None, True),
        ("your work", "/your-work/", SIGNED_IN, None, True),
        ("privacy notice", "/privacy/", EVERYONE, None, False),
        ("privacy notice in Welsh", "/cy/privacy/", EVERYONE, None, False),
        ("data protection", "/data-protection/", OFFICERS, 403, True),
        ("access log", "/data-protection/access-log/", OFFICERS, 403, True),
        ("retention schedule", "/data-protection/retention/", OFFICERS, 403, True),
        ("disposals", "/data-protection/disposals/", OFFICERS, 403, True),
        ("legal holds", "/data-protection/holds/", OFFICERS, 403, True),
        ("lift a legal hold", f"/data-protection/holds/{hold.pk}/lift/", OFFICERS, 403, True),
        (
            "a person's data",
            "/data-protection/people/?person=complainant-swansea",
            OFFICERS,
            403,
            True,
        ),
        (
            "what is held about a person",
            f"/data-protection/people/{asker.pk}/",
            OFFICERS,
            403,
            True,
        ),
        ("erase a person", f"/data-protection/people/{asker.pk}/erase/", {"dpo"}, 403, True),
        (
            "who looked at a dispute",
            f"/disputes/{dispute.reference}/who-looked/",
            OFFICERS | {"champion-swansea", "admin"},
            404,
            True,
        ),
        ("your work in Welsh", "/cy/your-work/", SIGNED_IN, None, True),
        ("a notification", f"/notifications/{notice.pk}/", {"champion-swansea"}, 404, True),
        ("disputes", "/disputes/", SIGNED_IN, None, True),
        ("inbox", "/tasks/inbox/", SIGNED_IN, None, True),
        ("queue", "/tasks/queue/", SIGNED_IN, None, True),
        ("bids", "/bids/", SIGNED_IN, None, True),
        ("dispute", dispute.get_absolute_url(), SWANSEA_OFFICERS | parties | {"admin"}, 404, True),
        (
            "dispute in Welsh",
            "/cy" + dispute.get_absolute_url(),
            SWANSEA_OFFICERS | parties | {"admin"},
            404,
            True,
        ),
        (
            "dispute with mediator",
            mediated.get_absolute_url(),
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
            True,
        ),
        (
            "decision letter",
            f"/disputes/{decided.reference}/letter/",
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
            True,
        ),
        (
            "a remedy to carry out",
            f"/tasks/{carry_out.pk}/",
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
            True,
        ),
        (
            "a remedy to confirm (queued)",
            f"/tasks/{remedy_check.pk}/",
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
            True,
        ),
        (
            "the dispute's papers",
            f"/disputes/{decided.reference}/papers/",
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
            True,
        ),
        ("triage task", f"/tasks/{triage.pk}/", SWANSEA_OFFICERS | parties | {"admin"}, 404, True),
        (
            "delete a draft (asks first)",
            f"/disputes/drafts/{draft.pk}/delete/",
            {"complainant-swansea"},
            404,
            True,
        ),
        (
            "continue a draft",
            f"/disputes/new/?draft={draft.pk}",
            {"complainant-swansea"},
            404,
            True,
            302,
        ),
        (
            "answer step",
            f"/tasks/{answer_step.pk}/",
            SWANSEA_OFFICERS | parties | {"admin"},
            404,
            True,
        ),
        ("own draft bid", draft_bid.get_absolute_url(), {"tenderer-swansea"}, 404, True),
        ("awarded bid letter", f"/bids/{awarded.pk}/letter/", {"tenderer-swansea"}, 404, True),
        (
            "opened bid for the commissioner",
            f"/exercises/{evaluation.reference}/bids/{opened_bid.pk}/",
            {"commissioner-swansea"},
            404,
            True,
        ),
        (
            "sealed bid for the commissioner",
            f"/exercises/{tender.reference}/bids/{draft_bid.pk}/",
            set(),
            404,
            True,
        ),
        (
            "an exercise's action page",
            f"/exercises/{tender.reference}/do/cancel/",
            {"commissioner-swansea"},
            403,
            True,
        ),
        (
            "your exercises",
            "/exercises/",
            {"commissioner-swansea", "commissioner-notts"},
            403,
            True,
        ),
        (
            "plan an exercise",
            "/exercises/new/",
            {"commissioner-swansea", "commissioner-notts"},
            403,
            True,
        ),
        (
            "rules",
            "/compacts/swansea/rules/",
            {"champion-swansea", "chair-swansea", "admin"},
            403,
            True,
        ),
        (
            "sign-up requests",
            "/compacts/swansea/sign-up-requests/",
            {"champion-swansea", "admin"},
            403,
            True,
        ),
        ("sign-up request", signup.get_absolute_url(), {"champion-swansea", "admin"}, 403, True),
        (
            "organisation details",
            f"/organisations/{gower.slug}/edit/",
            {"tenderer-swansea", "admin"},
            403,
            True,
        ),
        ("admin", "/admin/", {"admin"}, 302, False),
        ("raise a dispute", "/disputes/new/compact/", SIGNED_IN, None, True),
        (
            "dispute sent page",
            f"/disputes/{dispute.reference}/raised/",
            SWANSEA_OFFICERS | parties | {"admin"},
            404,
            True,
            302,
        ),
        ("sign-up sent page", f"/sign-up-requests/{signup.reference}/sent/", set(), 404, False),
        ("password reset", "/accounts/password-reset/", EVERYONE, None, False),
        ("sign in", "/accounts/login/", EVERYONE, None, False),
        ("sign out by GET", "/accounts/logout/", set(), 405, False),
        ("health: live", "/health/live/", EVERYONE, None, False),
        ("health: ready", "/health/ready/", EVERYONE, None, False),
        # Only a scraper with METRICS_TOKEN (tests/config/test_operations.py): no role.
        ("metrics", "/metrics", set(), 404, False),
    ]


def _client(role):
    client = Client()
    if role != "anonymous":
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=role))
    return client


def test_every_page_for_every_role(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # letters are made on commit
        call_command("load_demo", quiet_logins=True)
    urls = _urls()
    clients = {role: _client(role) for role in ROLES}
    mismatches = []
    checked = 0
    for name, url, allowed, denied, login_needed, *ok in urls:
        for role in ROLES:
            if role in allowed:
                expected = ok[0] if ok else 200
            elif role == "anonymous" and login_needed:
                expected = 302
            else:
                expected = denied
            status = clients[role].get(url).status_code
            checked += 1
            if status != expected:
                mismatches.append(f"{name} ({url}) as {role}: {status}, expected {expected}")
    assert mismatches == [], "\n".join(mismatches)
    assert checked == len(urls) * len(ROLES)


def test_every_state_changing_route_refuses_anonymous_and_strangers():
    """POSTs to every action endpoint: anonymous visitors are sent to sign in, and a user
    with no role on the record gets 404 or 403 and changes nothing."""
    call_command("load_demo", quiet_logins=True)
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("stranger", password="x")
    dispute = Dispute.objects.get(reference="SWA-D-2026-0003")
    decided = Dispute.objects.get(reference="SWA-D-2026-0009")
    exercise = Exercise.objects.get(compact__slug="swansea", stage="evaluation")
    bid = exercise.bids.first()
    task = stage_tasks(dispute).get()
    answer_due = DisputeAnswer.objects.get(dispute=dispute).due_on
    commitment = Commitment.objects.filter(compact__slug="swansea").first()
    gower = Organisation.objects.get(name__startswith="Gower")
    action = ActionPlanItem.objects.filter(compact__slug="swansea", status="on_track").last()
    impact = ImpactAssessment.objects.filter(compact__slug="swansea", reviewed_at=None).get()
    review = AnnualReview.objects.get(compact__slug="swansea")
    hold = LegalHold.objects.get(dispute__compact__slug="swansea", lifted_at=None)
    complainant = get_user_model().objects.get(username="complainant-swansea")
    posts = [
        (f"/disputes/{dispute.reference}/action/", {"action": "withdraw"}),
        (f"/disputes/{dispute.reference}/action/", {"action": "pause", "pause-text": "x"}),
        (
            f"/disputes/{dispute.reference}/action/",
            {"action": "extend_answer", "extend_answer-days": "5", "extend_answer-text": "x"},
        ),
        (f"/disputes/{dispute.reference}/action/", {"action": "bundle"}),
        (f"/disputes/{decided.reference}/action/", {"action": "challenge_remedy", "remedy": "1"}),
        (f"/disputes/{dispute.reference}/action/", {"action": "message", "message-body": "x"}),
        (f"/tasks/{task.pk}/", {"decision": "resolved", "text": "x"}),
        (f"/tasks/{task.pk}/claim/", {}),
        (f"/tasks/{task.pk}/release/", {}),
        (
            f"/exercises/{exercise.reference}/do/cancel/",
            {"cancel-reasons": "x", "confirmed": "yes"},
        ),
        (
            f"/exercises/{exercise.reference}/do/award/",
            {"confirmed": "yes", "award-winners": [str(bid.pk)]},
        ),
        (f"/bids/{bid.pk}/", {"action": "withdraw"}),
        ("/compacts/swansea/rules/", {"informal_stage_days": 1}),
        ("/compacts/swansea/commitments/add/", {"ref": "X1", "reason": "x"}),
        (f"/compacts/swansea/commitments/{commitment.ref}/change/", {"reason": "x"}),
        (f"/compacts/swansea/signatories/{gower.slug}/leave/", {"confirmed": "yes"}),
        (f"/compacts/swansea/signatories/{gower.slug}/renew/", {"note": "x"}),
        ("/compacts/swansea/action-plan/add/", {"action": "x", "term": "short"}),
        (f"/actions/{action.reference}/change/", {"action": "x", "term": "short"}),
        (action.get_absolute_url(), {"status": "done", "note": "x"}),
        ("/compacts/swansea/impact-assessments/new/", {"title": "x"}),
        (impact.get_absolute_url(), {"notes": "x"}),
        ("/compacts/swansea/reviews/", {"year": "2026"}),
        (f"/compacts/swansea/reviews/{review.year}/propose/", {"kind": "rule", "reason": "x"}),
        ("/data-protection/holds/", {"reference": dispute.reference, "reason": "x"}),
        (
            "/data-protection/retention/",
            {"compact": "swansea", "kind": "closed_dispute", "months": 1},
        ),
        (f"/data-protection/holds/{hold.pk}/lift/", {"reason": "x"}),
        (f"/data-protection/people/{complainant.pk}/export/", {}),
        (f"/data-protection/people/{complainant.pk}/erase/", {"reason": "x"}),
    ]
    anonymous, outsider = Client(), Client()
    outsider.force_login(stranger)
    for url, data in posts:
        assert anonymous.post(url, data).status_code == 302, url
        assert outsider.post(url, data).status_code in (403, 404), url
    dispute.refresh_from_db()
    exercise.refresh_from_db()
    assert (dispute.stage, dispute.is_paused, exercise.stage) == ("informal", False, "evaluation")
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert (answer.is_given, answer.due_on) == (False, answer_due)
    assert not dispute.messages.exists()
    assert not dispute.documents.filter(original_name="a.txt").exists()
    assert not decided.remedies.filter(challenged_at__isnull=False).exists()
    assert not LegalHold.objects.filter(dispute=dispute).exists()
    assert LegalHold.objects.get(pk=hold.pk).lifted_at is None
    assert not RetentionRule.objects.exists()
    assert get_user_model().objects.get(pk=complainant.pk).is_active


def _api_urls():
    """(name, API url, roles allowed, status for the rest): the pages' rules, through the
    API. Anonymous callers of a route that needs a token get 401."""
    from cases.commissioning.ocds.releases import ocid_for

    dispute = Dispute.objects.get(reference="SWA-D-2026-0001")
    mediated = Dispute.objects.get(reference="SWA-D-2026-0006")
    triage = stage_tasks(dispute).get()
    tender = Exercise.objects.get(compact__slug="swansea", stage="tender")
    planned = Exercise.objects.get(compact__slug="swansea", stage="planned")
    draft_bid = Bid.objects.get(exercise=tender, organisation__name__startswith="Gower")
    awarded = Bid.objects.get(exercise__stage="award", status="awarded")
    gower = Organisation.objects.get(name__startswith="Gower")
    parties = {"commissioner-swansea", "complainant-swansea", "champion-swansea"}
    action = ActionPlanItem.objects.filter(compact__slug="swansea").last()
    impact = ImpactAssessment.objects.filter(compact__slug="swansea").first()
    year = year_of(timezone.localdate())
    api = "/api/v1"
    return [
        ("compacts", f"{api}/compacts", EVERYONE, None),
        ("compact", f"{api}/compacts/swansea", EVERYONE, None),
        ("commitments", f"{api}/compacts/swansea/commitments", EVERYONE, None),
        ("signatories", f"{api}/compacts/swansea/signatories", EVERYONE, None),
        ("organisations", f"{api}/organisations", EVERYONE, None),
        ("organisation", f"{api}/organisations/{gower.slug}", EVERYONE, None),
        ("versions", f"{api}/compacts/swansea/versions", EVERYONE, None),
        ("a version", f"{api}/compacts/swansea/versions/2", EVERYONE, None),
        ("action plan", f"{api}/compacts/swansea/actions", EVERYONE, None),
        ("an action", f"{api}/actions/{action.reference}", EVERYONE, None),
        ("impact assessments", f"{api}/compacts/swansea/impact-assessments", EVERYONE, None),
        ("an impact assessment", f"{api}/impact-assessments/{impact.reference}", EVERYONE, None),
        ("annual report", f"{api}/compacts/swansea/reports/{year}", EVERYONE, None),
        ("annual reviews", f"{api}/compacts/swansea/reviews", EVERYONE, None),
        ("exercises", f"{api}/exercises", EVERYONE, None),
        ("alerts", f"{api}/alerts", SIGNED_IN, None),
        ("access log", f"{api}/data-protection/access-log", OFFICERS, 403),
        ("open contracting data", f"{api}/ocds/releases.json", EVERYONE, None),
        (
            "an exercise's open contracting data",
            f"{api}/ocds/{ocid_for(tender)}/releases.json",
            EVERYONE,
            None,
        ),
        (
            "a planned exercise's open contracting data",
            f"{api}/ocds/{ocid_for(planned)}/releases.json",
            set(),
            404,
        ),
        ("public exercise", f"{api}/exercises/{tender.reference}", EVERYONE, None),
        (
            "planned exercise",
            f"{api}/exercises/{planned.reference}",
            {"commissioner-swansea", "champion-swansea", "admin"},
            404,
        ),
        ("exercise actions", f"{api}/exercises/{tender.reference}/actions", SIGNED_IN, 401),
        ("disputes", f"{api}/disputes", SIGNED_IN, 401),
        ("my draft disputes", f"{api}/disputes/drafts", SIGNED_IN, 401),
        (
            "dispute",
            f"{api}/disputes/{dispute.reference}",
            SWANSEA_OFFICERS | parties | {"admin"},
            404,
        ),
        (
            "dispute with mediator",
            f"{api}/disputes/{mediated.reference}",
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
        ),
        (
            "messages of a dispute in mediation",
            f"{api}/disputes/{mediated.reference}/messages",
            SWANSEA_OFFICERS | parties | {"mediator-swansea", "admin"},
            404,
        ),
        ("inbox", f"{api}/tasks/inbox", SIGNED_IN, 401),
        ("queue", f"{api}/tasks/queue", SIGNED_IN, 401),
        ("archive", f"{api}/tasks/archive", SIGNED_IN, 401),
        ("triage task", f"{api}/tasks/{triage.pk}", SWANSEA_OFFICERS | parties | {"admin"}, 404),
        ("bids", f"{api}/bids", SIGNED_IN, 401),
        ("own draft bid", f"{api}/bids/{draft_bid.pk}", {"tenderer-swansea"}, 404),
        ("awarded bid", f"{api}/bids/{awarded.pk}", {"tenderer-swansea"}, 404),
    ]


def _api_client(role):
    from django.contrib.auth import get_user_model

    from cases.accounts.services import token_create

    client = Client()
    if role != "anonymous":
        user = get_user_model().objects.get(username=role)
        _, key = token_create(user=user, name="Matrix", days=30)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


PUBLIC_API = ("/api/v1/compacts", "/api/v1/organisations", "/api/v1/exercises", "/api/v1/ocds")


def test_every_api_route_for_every_role():
    call_command("load_demo", quiet_logins=True)
    urls = _api_urls()
    clients = {role: _api_client(role) for role in ROLES}
    mismatches = []
    for name, url, allowed, denied in urls:
        # The register and public exercises are open; everything else needs a token.
        token_needed = not url.startswith(PUBLIC_API) or url.endswith("/actions")
        for role in ROLES:
            if role in allowed:
                expected = 200
            elif role == "anonymous" and token_needed:
                expected = 401
            else:
                expected = denied
            response = clients[role].get(url)
            if response.status_code != expected:
                mismatches.append(
                    f"{name} ({url}) as {role}: {response.status_code}, expected {expected}"
                )
            assert response["Content-Type"] == "application/json; charset=utf-8", url
    assert mismatches == [], "\n".join(mismatches)


def test_every_api_write_refuses_anonymous_and_strangers():
    """Every API write: no token is 401, and a user with no role on the record gets 404 or
    403 and changes nothing."""
    call_command("load_demo", quiet_logins=True)
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("stranger", password="x")
    dispute = Dispute.objects.get(reference="SWA-D-2026-0003")
    exercise = Exercise.objects.get(compact__slug="swansea", stage="evaluation")
    tender = Exercise.objects.get(compact__slug="swansea", stage="tender")
    bid = exercise.bids.first()
    draft = Bid.objects.get(exercise=tender, organisation__name__startswith="Gower")
    task = stage_tasks(dispute).get()
    answer_due = DisputeAnswer.objects.get(dispute=dispute).due_on
    dispute_draft = DisputeDraft.objects.get(author__username="complainant-swansea")
    api = "/api/v1"
    body = {"proposal": "x", "direct_costs": "1.00", "overheads": "0.00"}
    action = ActionPlanItem.objects.filter(compact__slug="swansea", status="on_track").last()
    impact = ImpactAssessment.objects.filter(compact__slug="swansea", reviewed_at=None).get()
    impact_body = {
        "organisation": "x",
        "title": "x",
        "decision_by": "x",
        "commitments": ["FC1"],
        "consulted": "x",
        "effect": "x",
        "mitigations": "x",
        "submission_key": "stranger-key",
    }
    writes = [
        ("post", f"{api}/disputes/{dispute.reference}/withdraw", {}),
        ("post", f"{api}/disputes/{dispute.reference}/answer", {"account": "x"}),
        ("post", f"{api}/disputes/{dispute.reference}/messages", {"body": "x"}),
        ("post", f"{api}/disputes/SWA-D-2026-0009/remedies/1/challenge", {"text": "x"}),
        ("delete", f"{api}/disputes/drafts/{dispute_draft.pk}", {}),
        ("post", f"{api}/disputes/{dispute.reference}/answer/extend", {"days": 5, "reason": "x"}),
        ("post", f"{api}/tasks/{task.pk}/claim", {}),
        ("post", f"{api}/tasks/{task.pk}/release", {}),
        ("post", f"{api}/tasks/{task.pk}/complete", {"decision": "resolved", "text": "x"}),
        ("post", f"{api}/exercises/{exercise.reference}/actions/cancel", {"reasons": "x"}),
        ("post", f"{api}/exercises/{tender.reference}/actions/open_bids", {}),
        ("post", f"{api}/bids/{bid.pk}/withdraw", {}),
        ("put", f"{api}/bids/{draft.pk}", body),
        ("post", f"{api}/bids/{draft.pk}/submit", body),
        ("post", f"{api}/compacts/swansea/actions", {"action": "x"}),
        ("patch", f"{api}/actions/{action.reference}", {"action": "x"}),
        ("post", f"{api}/actions/{action.reference}/updates", {"status": "done", "note": "x"}),
        ("post", f"{api}/compacts/swansea/impact-assessments", impact_body),
        ("post", f"{api}/impact-assessments/{impact.reference}/review", {"notes": "x"}),
    ]
    anonymous, outsider = Client(), _api_client("stranger")
    # The one multipart write: a document.
    from django.core.files.uploadedfile import SimpleUploadedFile

    documents = f"{api}/disputes/{dispute.reference}/documents"
    paper = {"file": SimpleUploadedFile("a.txt", b"Minutes", "text/plain")}
    assert anonymous.post(documents, paper).status_code == 401
    paper = {"file": SimpleUploadedFile("a.txt", b"Minutes", "text/plain")}
    assert outsider.post(documents, paper).status_code == 404
    for method, url, data in writes:
        call = getattr(anonymous, method)
        assert call(url, data, content_type="application/json").status_code == 401, url
        call = getattr(outsider, method)
        assert call(url, data, content_type="application/json").status_code in (403, 404), url
    dispute.refresh_from_db()
    exercise.refresh_from_db()
    draft.refresh_from_db()
    assert (dispute.stage, exercise.stage, draft.status) == ("informal", "evaluation", "draft")
    assert DisputeDraft.objects.filter(pk=dispute_draft.pk).exists()
    answer = DisputeAnswer.objects.get(dispute=dispute)
    assert (answer.is_given, answer.due_on) == (False, answer_due)
    assert not dispute.messages.exists()
    assert not dispute.documents.filter(original_name="a.txt").exists()
