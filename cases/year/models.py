"""The Compact's year: each compact's action plan and its leads' progress, and Compact
impact assessments of reports and decisions that affect the voluntary sector."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from viewflow.workflow.models import Process

from cases.register.models import Commitment, Compact, Organisation
from cases.register.selectors import RULE_LABELS


class Term(models.TextChoices):
    """How far ahead an action looks (Swansea's action plan: short 3 to 6 months, medium
    up to 18 months, long term beyond)."""

    SHORT = "short", _("Short term (3 to 6 months)")
    MEDIUM = "medium", _("Medium term (up to 18 months)")
    LONG = "long", _("Long term (more than 18 months)")


# The target date a term suggests, counted from the day the action is agreed.
TERM_MONTHS = {Term.SHORT: 6, Term.MEDIUM: 18, Term.LONG: 36}


def target_for(term: str, agreed_on: datetime.date) -> datetime.date:
    return agreed_on + relativedelta(months=TERM_MONTHS[Term(term)])


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.DROPPED)


class ActionPlanItem(models.Model):
    """An action in a compact's action plan: what, by when, who leads it, which
    commitment it serves, and how it is going."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="action_plan")
    reference = models.CharField(max_length=20, unique=True, null=True)  # like SWA-A-2026-0003
    action = models.TextField()
    term = models.CharField(max_length=10, choices=Term.choices, default=Term.MEDIUM)
    # The plan's own words for the timescale and the lead, where it gives them.
    timescale = models.CharField(max_length=100, blank=True)
    lead = models.CharField(_("Lead responsibility"), max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lead_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_led",
        help_text=_("Reports progress; the action is in their inbox when it is due soon."),
    )
    agreed_on = models.DateField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    commitment = models.ForeignKey(
        Commitment, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    closed_on = models.DateField(null=True, blank=True)  # when it was done or dropped
    source_section = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cases_actionplanitem"  # kept from the register, where it began
        ordering = ["compact", "target_date", "id"]
        verbose_name = _("action")
        indexes = [models.Index(fields=["compact", "status", "target_date"])]

    def __str__(self):
        return self.action[:60]

    def get_absolute_url(self):
        return reverse("action-detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def lead_words(self) -> str:
        """Who leads it, in words."""
        parts = [
            self.lead_person.get_full_name() if self.lead_person else "",
            str(self.lead_organisation) if self.lead_organisation else "",
        ]
        return ", ".join(p for p in parts if p) or self.lead or gettext("Not named")


class ActionUpdate(models.Model):
    """A lead's (or the joint body's) report of progress on an action."""

    action = models.ForeignKey(ActionPlanItem, on_delete=models.CASCADE, related_name="updates")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action}: {self.get_status_display()}"


class ActionProcess(Process):
    """The lead's step on an action that is due soon or late."""

    action = models.ForeignKey(ActionPlanItem, on_delete=models.PROTECT, related_name="processes")

    class Meta:
        verbose_name = _("action due")

    def __str__(self):
        return f"Action due: {self.action}"


class ImpactAssessment(models.Model):
    """A Compact impact assessment: a statutory body's account of how a report or decision
    affects the voluntary and community sector, which commitments it touches, who was
    consulted and what will soften its effect. The Champion reviews each."""

    compact = models.ForeignKey(
        Compact, on_delete=models.CASCADE, related_name="impact_assessments"
    )
    reference = models.CharField(max_length=20, unique=True, null=True)  # like SWA-I-2026-0001
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="impact_assessments"
    )
    title = models.CharField(_("The report or decision"), max_length=200)
    decision_by = models.CharField(
        _("Who decides it"), max_length=200, help_text=_("For example, the council's cabinet.")
    )
    decision_on = models.DateField(_("When it is decided"), null=True, blank=True)
    commitments = models.ManyToManyField(Commitment, related_name="impact_assessments")
    consulted = models.TextField(_("Who was consulted, and how"))
    effect = models.TextField(_("The effect on the voluntary and community sector"))
    mitigations = models.TextField(_("What will soften the effect"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submission_key = models.CharField(max_length=64, unique=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_notes = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Impact assessment: {self.title}"

    def get_absolute_url(self):
        return reverse("impact-detail", kwargs={"reference": self.reference})

    @property
    def commitment_refs(self) -> str:
        """The refs of the commitments it touches, like "C1, C4" (prefetch `commitments`)."""
        return ", ".join(c.ref for c in self.commitments.all())


class ImpactProcess(Process):
    """The Champion's review of one impact assessment."""

    assessment = models.ForeignKey(
        ImpactAssessment, on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        verbose_name = _("impact assessment review")

    def __str__(self):
        return f"Review of {self.assessment}"


class ReviewStage(models.TextChoices):
    MEETING = "meeting", _("Waiting for the meeting to be recorded")
    CHANGES = "changes", _("Agreeing the Compact's changes")
    PUBLISHING = "publishing", _("Waiting for the chair to publish the outcome")
    PUBLISHED = "published", _("Published")


class AnnualReview(models.Model):
    """The joint body's annual review of the Compact: the draft annual report prepared for
    it, the meeting (who attended from each sector, notes and decisions), the amendments
    it agrees (the Compact's next version) and next year's actions, and the outcome the
    chair publishes."""

    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="annual_reviews")
    year = models.PositiveSmallIntegerField(help_text=_("The report year reviewed, by its start"))
    stage = FSMField(default=ReviewStage.MEETING, choices=ReviewStage.choices)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The draft annual report's figures when the review began (`report.figures`).
    report_snapshot = models.JSONField(default=list)
    meeting_on = models.DateField(null=True, blank=True)
    attended = models.ManyToManyField(
        "cases.JointBodyMember", blank=True, related_name="reviews_attended"
    )
    others_attending = models.TextField(blank=True)
    representation_note = models.TextField(
        blank=True,
        help_text=_("Why the meeting went ahead without equal numbers from each sector."),
    )
    notes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    version = models.ForeignKey(
        "cases.CompactVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compact", "year"], name="one_review_a_year")
        ]
        ordering = ["compact", "-year"]

    def __str__(self):
        return f"Annual review of {self.compact}, {self.year} to {self.year + 1}"

    def get_absolute_url(self):
        return reverse("annual-review", kwargs={"slug": self.compact.slug, "year": self.year})

    @property
    def words(self) -> str:
        # Translators: from one year (or date) to another, like "2026 to 2027".
        return gettext("%(start)s to %(end)s") % {"start": self.year, "end": self.year + 1}

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ReviewStage.MEETING, target=ReviewStage.CHANGES)
    def record_meeting(self, *, by=None, description=""):
        """The meeting is recorded: attendance, notes and decisions."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ReviewStage.CHANGES, target=ReviewStage.PUBLISHING)
    def agree_changes(self, *, by=None, description=""):
        """The amendments agreed become the Compact's next version; next year's actions
        join the plan."""

    @fsm_log_by
    @fsm_log_description
    @transition(field=stage, source=ReviewStage.PUBLISHING, target=ReviewStage.PUBLISHED)
    def publish(self, *, by=None, description=""):
        """The chair publishes the outcome."""


class ReviewAmendment(models.Model):
    """A change to the Compact proposed at its annual review: a rule's new value, a
    commitment's new words, or a new commitment. Agreed ones become the next version."""

    class Kind(models.TextChoices):
        RULE = "rule", _("Change a rule")
        COMMITMENT = "commitment", _("Change a commitment's words")
        NEW = "new", _("Add a commitment")

    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="amendments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    rule = models.CharField(max_length=40, blank=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    ref = models.CharField(_("Commitment reference"), max_length=12, blank=True)
    title = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    # The Welsh beside the English, for a compact that works in both (empty: not given).
    title_cy = models.CharField(max_length=120, blank=True)
    text_cy = models.TextField(blank=True)
    code = models.CharField(max_length=30, blank=True)
    undertaken_by = models.CharField(max_length=20, blank=True)
    reason = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed = models.BooleanField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.words

    @property
    def words(self) -> str:
        if self.kind == self.Kind.RULE:
            return f"{RULE_LABELS.get(self.rule, (self.rule,))[0]}: {self.value}"
        if self.kind == self.Kind.NEW:
            return gettext("Add %(ref)s: %(title)s") % {"ref": self.ref, "title": self.title}
        return gettext("New words for %(ref)s") % {"ref": self.ref}


class ReviewProcess(Process):
    """The joint body's steps of an annual review."""

    review = models.ForeignKey(AnnualReview, on_delete=models.PROTECT, related_name="processes")

    class Meta:
        verbose_name = _("annual review")

    def __str__(self):
        return str(self.review)
