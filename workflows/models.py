"""The task engine's own records, for every kind of case: a step's clock, a holder's
follow-up date, the notifications list and the daily digest's log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class StepClock(models.Model):
    """The working-day clock of one commissioning step or departure review: when it is
    due, and whether its reminder and overdue notice have gone. Set when the step opens;
    a dispute's steps use the dispute's own clock instead."""

    task = models.OneToOneField(
        "viewflow.Task", on_delete=models.CASCADE, related_name="step_clock"
    )
    due_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self):
        return f"Step {self.task_id} due {self.due_on or 'whenever'}"


class Notification(models.Model):
    """A message in a user's in-service notifications list: every e-mail the service sends
    to a user is also kept here, so the list and the e-mails never disagree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.subject


class DigestSent(models.Model):
    """That a user's daily digest was made on a day, so it goes once a day at most and
    nobody is looked at twice in a day: `sent` is False when they had nothing to be told
    (or no address to tell it to)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self):
        return f"Digest for {self.user} on {self.day}"


class FollowUp(models.Model):
    """A date a user has set to see a step of theirs again."""

    task = models.ForeignKey("viewflow.Task", on_delete=models.CASCADE, related_name="follow_ups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    follow_up_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "user"], name="one_follow_up")]

    def __str__(self):
        return f"Follow up {self.task_id} on {self.follow_up_on}"


class StepEntry(models.Model):
    """One row per people's step, kept for the task lists beside viewflow's own task row:
    what the lists filter, sort and count by (whose it is, whether it waits in a queue and
    for whom, its case's compact, reference and due date), so that each list starts from
    an index on the user or their compacts and never from every step in the service.

    Kept by `workflows.entries` in the same transaction as the change: a step's save, a
    step clock's, a case's clock (the subjects call `entries.case_due`)."""

    task = models.OneToOneField(
        "viewflow.Task", primary_key=True, on_delete=models.CASCADE, related_name="entry"
    )
    kind = models.CharField(max_length=40)  # its kind of case (`workflows.registry`)
    compact = models.BigIntegerField(null=True)  # the case's compact's id
    reference = models.CharField(max_length=60, blank=True)
    due_on = models.DateField(null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the indexes below start with it
    )
    status = models.CharField(max_length=50)
    # Unclaimed and waiting for whoever holds `permission` (and whom its kind allows).
    queued = models.BooleanField(default=False)
    permission = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "status", "due_on"], name="entry_by_owner"),
            # Not partial (WHERE status = 'DONE'): a prepared statement's generic plan binds
            # the status as a parameter, and cannot use an index that names its value. With
            # the kind, the archive reads the index alone (workflows/migrations/0013).
            models.Index(
                fields=["owner", "status", "-finished", "-task"],
                include=["kind"],
                name="entry_by_owner_done",
            ),
            models.Index(
                fields=["compact", "due_on"], condition=models.Q(queued=True), name="entry_queued"
            ),
        ]

    def __str__(self):
        return f"Step {self.task_id} ({self.kind} {self.reference})"


class OutboundEmail(models.Model):
    """An e-mail the service sends, queued in the same transaction as the change that
    causes it and sent by the worker (`workflows.jobs.send_email`) under this row's lock,
    so it goes once even if its job runs twice. A letter's PDF is attached from private
    storage."""

    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    attachment = models.CharField(max_length=300, blank=True)  # a private storage name
    attachment_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When a job to send it was last queued: an e-mail still unsent long after is queued
    # again by the timer loop (`workflows.jobs.requeue_unsent`), in case its job was lost.
    queued_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["sent_at", "created_at"]),
            models.Index(
                fields=["queued_at"], condition=Q(sent_at=None), name="outboundemail_unsent"
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.to)}"
