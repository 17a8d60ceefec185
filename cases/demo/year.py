"""The demo's year of the Compact: versions of each compact made through the year,
signatories renewing and leaving, the compact's original action plan and this year's
with its leads' progress, and Compact impact assessments: each through the real services
on its own day (counted back from today). Idempotent: a compact that already has its
versions is left alone."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from viewflow.workflow import STATUS
from viewflow.workflow.models import Task

from cases.demo import seed_compacts, welsh, when
from cases.demo.register import FIRST_RECORDED, SHORT_NAMES, WELSH
from cases.register import services
from cases.register.models import Compact, Membership, Organisation, Sector, Signatory
from cases.year import services as year
from cases.year.flow import AnnualReviewFlow
from cases.year.models import ActionStatus, Term
from cases.year.report import year_of
from workflows.services import task_claim

# A monitoring commitment every compact added after its first year here.
ANNUAL_REPORT = {
    "ref": "AR1",
    "code": "monitoring",
    "title": "Report on the Compact each year",
    "text": (
        "The joint body publishes a report each year on how the Compact has been kept: "
        "disputes and how quickly they were resolved, consultations and notice given, "
        "departures from the Compact and progress on the action plan."
    ),
    "undertaken_by": "both",
    "source_section": "Added by the joint body (demo)",
}

TERMS_ADDED = (
    " Each year it holds an annual review, open to every signatory, and publishes the "
    "annual report."
)

# The annual review of last year began this many days before today (in April).
REVIEW_STARTS = -240

IMPACT_COMMITMENT = {
    "kind": "new",
    "ref": "IA1",
    "title": "Assess the impact of decisions on the sector",
    "text": "Each public body records a Compact impact assessment of any report or "
    "decision that affects the voluntary and community sector, and the Champion reviews it.",
    "code": "monitoring",
    "undertaken_by": "statutory",
    "reason": "Nottinghamshire's compact asks for it, and it makes the commitments real.",
}

# Swansea's funding commitment, clarified after the disputes about short grant rounds.
FC1_CLARIFIED = (
    "The council and the sector will commission jointly where they can, agree outcomes "
    "before a funding round opens, and give at least six weeks for bids to any round of "
    "grants or contracts."
)


def _early_changes(compact: Compact) -> None:
    """Ten months ago: the joint body adds the annual report to the Compact."""
    words = WELSH.get(compact.slug)
    terms_cy, report = None, ANNUAL_REPORT
    if words is not None:
        terms_cy = (
            compact.joint_body_terms_cy.replace(" (Testun demo.)", "")
            + words.TERMS_ADDED
            + " (Testun demo.)"
        )
        title_cy, text_cy = words.COMMITMENTS["AR1"]
        report = {**ANNUAL_REPORT, "title_cy": title_cy, "text_cy": text_cy}
    with when.on(-300, 14):
        services.compact_amend(
            compact=compact,
            by=compact.champion,
            reason="Agreed at the joint body's meeting: the Compact should report on itself "
            "each year, as the seed compacts ask.",
            terms=compact.joint_body_terms_en_gb.replace(" (Demo text.)", "")
            + TERMS_ADDED
            + " (Demo text.)",
            terms_cy=terms_cy,
            commitments=[report],
        )


def _signatories(compact: Compact) -> None:
    """Two public bodies renew their signature; a voluntary organisation with nobody
    signed in here leaves."""
    statutory = Signatory.current.filter(
        compact=compact, organisation__sector=Sector.STATUTORY
    ).order_by("pk")
    for signatory in statutory[:2]:
        with when.on(-200):
            services.signatory_renew(
                signatory=signatory,
                by=compact.champion,
                on=when.days(-200),
                note="Its board agreed to sign again for three years.",
            )
    leaver = (
        Signatory.current.filter(compact=compact, organisation__sector=Sector.VCS)
        .exclude(organisation__name__endswith="(demo)")
        .exclude(organisation__memberships__isnull=False)
        .exclude(organisation__joint_body_seats__isnull=False)
        .order_by("-pk")
        .first()
    )
    if leaver is not None:
        with when.on(-90):
            services.signatory_leave(
                signatory=leaver,
                by=compact.champion,
                on=when.days(-90),
                reason="The organisation closed when its lease ended (demo).",
            )


def _term(timescale: str) -> str:
    words = timescale.lower()
    if words.startswith("short"):
        return Term.SHORT
    if words.startswith("medium"):
        return Term.MEDIUM
    return Term.LONG


def _original_plan(compact: Compact, data: dict) -> None:
    """The seed's action plan, from when the compact was adopted: recorded as done when
    the compact was recorded here, since it has moved on (the seed does not say how each
    went)."""
    adopted = datetime.date(data["adopted_year"] or 2010, 6, 1)
    for item in data["action_plan"]:
        action = year.action_save(
            compact=compact,
            by=compact.champion,
            data={"action": item["action"], "term": _term(item["timescale"]), "agreed_on": adopted},
        )
        type(action).objects.filter(pk=action.pk).update(
            timescale=item["timescale"],
            lead=item["lead"] or "Not named in the compact",
            source_section=item["seed_section"],
        )
        year.action_report(
            action=action,
            by=compact.champion,
            status=ActionStatus.DONE,
            note="From the compact's original action plan. Recorded as done for the demo: "
            "the source document does not say how it went.",
        )


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _this_years_plan(compact: Compact, short: str) -> None:
    """The annual review of last year, in April: the draft report, the meeting (both
    sectors, two members each), a new commitment agreed (the Compact's next version) and a
    rule change turned down, and this year's five actions agreed, each led by someone who
    can sign in, at every status since: one due soon and one late (both in their leads'
    inboxes), one done early in the year, one dropped, one for the long term. The chair
    published the outcome."""
    chair, member = _user(f"chair-{short}"), _user(f"jb-statutory-{short}")
    vcs_member = _user(f"jb-vcs-{short}")
    council = Organisation.objects.filter(memberships__user=member).first()
    umbrella = Organisation.objects.filter(memberships__user=vcs_member).first()
    funding = compact.commitments.filter(code="funding", in_force=True).first()
    report = compact.commitments.filter(ref="AR1").first()
    plan = [
        # (action, term, lead, organisation, target day, commitment, updates)
        (
            "Hold the annual review with both sectors and publish the annual report.",
            Term.SHORT,
            chair,
            None,
            25,
            report,
            [
                (
                    -30,
                    ActionStatus.ON_TRACK,
                    "The draft report is with the joint body; the review meeting is booked.",
                )
            ],
        ),
        (
            "Run a Compact awareness session for every new commissioner at the council.",
            Term.MEDIUM,
            member,
            council,
            -20,
            funding,
            [
                (-150, ActionStatus.ON_TRACK, "The first session ran with eight commissioners."),
                (
                    -40,
                    ActionStatus.AT_RISK,
                    "The second session was cancelled when the "
                    "trainer left; a new date is being found.",
                ),
            ],
        ),
        (
            "Publish the funding code's minimum time to bid on the council's grants pages.",
            Term.SHORT,
            compact.champion,
            None,
            -120,
            funding,
            [(-130, ActionStatus.DONE, "Published on the grants pages and in the CVS newsletter.")],
        ),
        (
            "Set up a joint procurement forum of commissioners and providers.",
            Term.MEDIUM,
            chair,
            None,
            200,
            funding,
            [
                (
                    -60,
                    ActionStatus.DROPPED,
                    "Dropped: the council's commissioning board now "
                    "invites two voluntary sector members, which does the same job.",
                )
            ],
        ),
        (
            "Map the voluntary organisations of the area that have not signed and invite "
            "each to sign up.",
            Term.LONG,
            vcs_member,
            umbrella,
            400,
            None,
            [],
        ),
    ]
    with when.on(REVIEW_STARTS, 10):
        review = year.review_start(
            compact=compact, by=chair, year=year_of(when.days(REVIEW_STARTS)) - 1
        )
    with when.on(REVIEW_STARTS + 3, 10):
        year.review_propose(review=review, by=compact.champion, data=IMPACT_COMMITMENT)
        year.review_propose(
            review=review,
            by=vcs_member,
            data={
                "kind": "rule",
                "rule": "min_consultation_weeks",
                "value": 8,
                "reason": "Twelve weeks is too long for small grant rounds.",
            },
        )
    seats = list(compact.joint_body.all())
    with when.on(REVIEW_STARTS + 10, 18):
        step = _queued(review, AnnualReviewFlow.record_meeting, member)
        year.review_record_meeting_complete(
            task=step,
            by=member,
            meeting_on=when.days(REVIEW_STARTS + 10),
            attended=seats,
            others_attending="Twelve signatories' representatives (demo).",
            notes="The joint body went through the draft annual report section by section. "
            "Disputes were few and mostly settled informally; notice periods were the "
            "weak point. (Demo notes.)",
            decisions="To add a commitment to assess the impact of decisions on the "
            "sector; to keep twelve weeks for consultations; to agree this year's five "
            "actions. (Demo decisions.)",
        )
    with when.on(REVIEW_STARTS + 12, 10):
        step = _queued(review, AnnualReviewFlow.agree_changes, chair)
        impact = review.amendments.get(kind="new")
        year.review_agree_complete(
            task=step,
            by=chair,
            agreed=[impact],
            summary="Impact assessments become a commitment of both sectors.",
            actions=[
                {
                    "action": text,
                    "term": term,
                    "lead_person": lead,
                    "lead_organisation": organisation,
                    "target_date": when.days(target),
                    "commitment": commitment,
                }
                for text, term, lead, organisation, target, commitment, _ in plan
            ],
        )
    with when.on(REVIEW_STARTS + 14, 10):
        step = _queued(review, AnnualReviewFlow.publish, chair)
        year.review_publish_complete(
            task=step,
            by=chair,
            outcome="The Compact is working, with notice periods to watch. Both sectors "
            "will assess the impact of decisions on the voluntary sector (new commitment "
            "IA1), consultations stay at twelve weeks, and five actions are agreed for the "
            "year. (Demo outcome.)",
        )
    for text, _, lead, _, _, _, updates in plan:
        action = compact.action_plan.get(action=text)
        for day, status, note in updates:
            with when.on(day, 11):
                year.action_report(
                    action=action, by=lead or compact.champion, status=status, note=note
                )


def _queued(review, node, user):
    """The review's step at `node`, taken from the queue by `user`."""
    task = Task.objects.get(
        process__reviewprocess__review=review, flow_task=node, status=STATUS.NEW
    )
    return task_claim(task=task, by=user)


def _impact_assessments(compact: Compact, short: str) -> None:
    """A council decision assessed and reviewed six weeks ago; in Swansea, another
    waiting for the Champion's review (in their inbox)."""
    officer = _user(f"commissioner-{short}")
    council = Organisation.objects.filter(
        memberships__user=officer, memberships__role=Membership.Role.COMMISSIONER
    ).first()
    funding = list(compact.commitments.filter(code="funding", in_force=True)[:2])
    consultation = list(compact.commitments.filter(code="consultation", in_force=True)[:1])
    stories = [
        (
            -45,
            "Review of the council's grants to community groups",
            "The council's cabinet",
            funding or consultation,
            "Every group the council funds was written to, and two open meetings were held "
            "with the CVS.",
            "Grants under £5,000 move from yearly applications to three-year agreements; "
            "about 40 groups are affected, most for the better.",
            "Groups that lose out get six months' notice and help from the CVS to find "
            "other funding.",
            -38,
        ),
    ]
    if compact.slug == "swansea":
        stories.append(
            (
                -3,
                "Closing two of the city's day centres for older people",
                "The council's cabinet, in February",
                consultation + funding[:1],
                "A twelve-week consultation with users, carers and the voluntary "
                "organisations that run activities in the centres.",
                "Six voluntary organisations run clubs in the centres and would need new "
                "rooms; about 300 older people use them each week.",
                "The council offers rooms in two community hubs rent-free for a year and "
                "will fund transport for the first six months.",
                None,
            )
        )
    for n, (
        day,
        title,
        decided_by,
        commitments,
        consulted,
        effect,
        mitigations,
        reviewed,
    ) in enumerate(stories):
        with when.on(day, 10):
            assessment, _ = year.impact_record(
                compact=compact,
                by=officer,
                organisation=council,
                commitments=commitments,
                data={
                    "title": title,
                    "decision_by": decided_by,
                    "decision_on": when.days(day + 30),
                    "consulted": consulted,
                    "effect": effect,
                    "mitigations": mitigations,
                },
                submission_key=f"demo-impact-{compact.slug}-{n}",
            )
        if reviewed is not None:
            with when.on(reviewed, 14):
                year.impact_review(
                    assessment=assessment,
                    by=compact.champion,
                    notes="A fair assessment. The joint body will follow the notice given "
                    "to the groups that lose out at its next meeting.",
                )


def load_year() -> int:
    """Returns how many compacts were given their year."""
    when.start()
    made = 0
    for compact in Compact.objects.select_related("champion"):
        if compact.versions.filter(number__gt=1).exists() or compact.champion is None:
            continue
        seeds = {c["slug"]: c for c in seed_compacts.COMPACTS}
        with transaction.atomic():
            _early_changes(compact)
            _signatories(compact)
            with when.on(FIRST_RECORDED, 10):
                _original_plan(compact, seeds[compact.slug])
            _this_years_plan(compact, SHORT_NAMES[compact.slug])
            _impact_assessments(compact, SHORT_NAMES[compact.slug])
            made += 1
    swansea = Compact.objects.filter(slug="swansea").select_related("champion").first()
    if swansea and swansea.versions.count() == 3:
        # Today, after the demo's disputes were raised: each keeps citing the words they
        # were raised under.
        ia1_title, ia1_text = welsh.COMMITMENTS["IA1"]
        services.compact_amend(
            compact=swansea,
            by=swansea.champion,
            reason="Clarified after this year's disputes about short grant rounds: the "
            "commitment now says how long a round must stay open. IA1, added at the annual "
            "review, now has its Welsh.",
            commitments=[
                {"ref": "FC1", "text": FC1_CLARIFIED, "text_cy": welsh.FC1_CLARIFIED},
                {"ref": "IA1", "title_cy": ia1_title, "text_cy": ia1_text},
            ],
        )
    # The actions due soon or late go into their leads' inboxes (as the timer loop does).
    year.actions_open_due()
    return made
