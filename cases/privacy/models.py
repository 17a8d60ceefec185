"""The retention schedule, legal holds, and the record of what was disposed of."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.commissioning.models import Exercise
from cases.disputes.models import Dispute
from cases.register.models import Compact


class RecordKind(models.TextChoices):
    """The kinds of record the schedule keeps for a time, then disposes of."""

    CLOSED_DISPUTE = "closed_dispute", _("Closed disputes, their evidence and messages")
    UNSUCCESSFUL_BID = "unsuccessful_bid", _("Unsuccessful bids and their documents")
    NOTIFICATION = "notification", _("Notifications and the e-mails sent")
    ACCESS_LOG = "access_log", _("Records of who looked at confidential records")
    SIGN_IN = "sign_in", _("Records of signing in (when, from which address and browser)")


# What a council would recognise: a closed case six years after it closed (the time to
# bring a claim), an unsuccessful bid a year after the award, notifications a year, the
# access log two years. Drafts of disputes go after 30 days (cases.disputes.DRAFT_DAYS).
DEFAULT_MONTHS = {
    RecordKind.CLOSED_DISPUTE: 72,
    RecordKind.UNSUCCESSFUL_BID: 12,
    RecordKind.NOTIFICATION: 12,
    RecordKind.ACCESS_LOG: 24,
    RecordKind.SIGN_IN: 12,
}
# The shortest time each may be set to: a compact cannot wipe its cases in a month.
MINIMUM_MONTHS = {
    RecordKind.CLOSED_DISPUTE: 12,
    RecordKind.UNSUCCESSFUL_BID: 6,
    RecordKind.NOTIFICATION: 1,
    RecordKind.ACCESS_LOG: 6,
    RecordKind.SIGN_IN: 1,
}
# Counted from: shown on the schedule and the privacy notice.
COUNTED_FROM = {
    RecordKind.CLOSED_DISPUTE: _("after the dispute closed"),
    RecordKind.UNSUCCESSFUL_BID: _("after the award"),
    RecordKind.NOTIFICATION: _("after it was sent"),
    RecordKind.ACCESS_LOG: _("after the record was read"),
    RecordKind.SIGN_IN: _("after signing in"),
}
# A compact may keep its own cases longer or shorter; the rest are the service's.
PER_COMPACT = (RecordKind.CLOSED_DISPUTE, RecordKind.UNSUCCESSFUL_BID)


class RetentionRule(models.Model):
    """How long a compact keeps a kind of record (no compact: the service's own rule)."""

    compact = models.ForeignKey(
        Compact, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    months = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["compact", "kind"],
                condition=models.Q(compact__isnull=False),
                name="one_rule_a_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(compact__isnull=True), name="one_service_rule"
            ),
        ]

    def __str__(self):
        return f"{self.compact or 'Service'}: {self.kind} {self.months} months"


class LegalHold(models.Model):
    """A case kept whole whatever the schedule says (a claim, an inquiry), until lifted."""

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dispute__isnull=False, exercise__isnull=True)
                | models.Q(dispute__isnull=True, exercise__isnull=False),
                name="holds_one_case",
            ),
            # One hold in force on a case at a time.
            models.UniqueConstraint(
                fields=["dispute"],
                condition=models.Q(lifted_at__isnull=True, dispute__isnull=False),
                name="one_hold_a_dispute",
            ),
            models.UniqueConstraint(
                fields=["exercise"],
                condition=models.Q(lifted_at__isnull=True, exercise__isnull=False),
                name="one_hold_an_exercise",
            ),
        ]

    def __str__(self):
        return f"Legal hold on {self.dispute or self.exercise}"

    @property
    def case(self):
        return self.dispute or self.exercise


class Disposal(models.Model):
    """A record disposed of under the schedule: what it was and what was done, kept so the
    daily job never does it twice (and the counts it leaves stay explained)."""

    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    object_id = models.PositiveBigIntegerField()
    compact = models.ForeignKey(Compact, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=60)
    disposed_at = models.DateTimeField()
    done = models.JSONField(default=dict)  # what was removed, in counts

    class Meta:
        ordering = ["-disposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="disposed_of_once")
        ]

    def __str__(self):
        return f"{self.reference} disposed of {self.disposed_at:%Y-%m-%d}"


class RetentionRun(models.Model):
    """The daily job's day: one a day, with what it did."""

    day = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.JSONField(default=dict)

    class Meta:
        ordering = ["-day"]

    def __str__(self):
        return f"Retention on {self.day}"
