"""The retention schedule's daily job, legal holds and the schedule's changes.

Disposing of a record removes the people and words in it and deletes its files, and keeps
what the annual report counts (a dispute's compact, organisations, stages, outcome and
dates; a bid's status and amounts): the report of a past year reads the same after.
Each disposal is recorded (`Disposal`, once a record) and audited; a case under a legal
hold is left whole."""

from __future__ import annotations

import datetime
import logging

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog

from cases.commissioning.models import Bid, BidStatus, Exercise
from cases.disputes import kept as dispute_kept
from cases.disputes.models import (
    CLOCK_PAUSED,
    CLOCK_RESTARTED,
    Dispute,
    DisputeDocument,
    DisputeEvent,
    DisputeStage,
    Remedy,
)
from cases.privacy.models import (
    DEFAULT_MONTHS,
    MINIMUM_MONTHS,
    PER_COMPACT,
    Disposal,
    LegalHold,
    RecordKind,
    RetentionRule,
    RetentionRun,
)
from cases.privacy.retention import all_rules, months_for
from cases.register.models import AccessEvent, Compact
from cases.register.services import audit_record
from workflows.models import Notification, OutboundEmail

logger = logging.getLogger(__name__)

REMOVED = "Removed under the retention schedule."
UNSETTLED = (Remedy.Status.OPEN, Remedy.Status.DONE)
ENDED = (DisputeStage.CLOSED, DisputeStage.WITHDRAWN)


def _cutoff(now, months: int) -> datetime.datetime:
    return now - relativedelta(months=months)


def held_disputes():
    return LegalHold.objects.filter(lifted_at__isnull=True, dispute__isnull=False).values(
        "dispute_id"
    )


def held_exercises():
    return LegalHold.objects.filter(lifted_at__isnull=True, exercise__isnull=False).values(
        "exercise_id"
    )


def disputes_due(compact: Compact, before: datetime.datetime, *, including_held=False):
    """A compact's ended disputes closed before `before`, not yet disposed of, none with a
    remedy still to do (or reported done and waiting); not held, unless `including_held`
    (the report of what falls due)."""
    due = (
        Dispute.objects.filter(compact=compact, stage__in=ENDED, closed_at__lt=before)
        .exclude(pk__in=Disposal.objects.filter(kind=RecordKind.CLOSED_DISPUTE).values("object_id"))
        .exclude(pk__in=Remedy.objects.filter(status__in=UNSETTLED).values("dispute_id"))
    )
    return due if including_held else due.exclude(pk__in=held_disputes())


def bids_due(compact: Compact, before: datetime.date, *, including_held=False):
    """A compact's unsuccessful or withdrawn bids whose award was before `before`, not yet
    disposed of; not in a held exercise, unless `including_held`."""
    due = Bid.objects.filter(
        exercise__compact=compact,
        status__in=[BidStatus.UNSUCCESSFUL, BidStatus.WITHDRAWN],
        exercise__awarded_on__lt=before,
    ).exclude(pk__in=Disposal.objects.filter(kind=RecordKind.UNSUCCESSFUL_BID).values("object_id"))
    return due if including_held else due.exclude(exercise__in=held_exercises())


def _delete_file(field) -> int:
    """Delete a record's file once the transaction that forgets it has committed (a rolled
    back disposal leaves every file in place)."""
    if not field:
        return 0
    storage, name = field.storage, field.name

    def delete():
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s after its record was disposed of", name)

    transaction.on_commit(delete)
    return 1


def dispose_of_dispute(dispute: Dispute, *, now) -> dict:
    """Remove the people, words and files of an ended dispute; keep what is counted."""
    with transaction.atomic():
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        # Held, or disposed of, since it was found due: left alone.
        if (
            LegalHold.objects.filter(dispute=locked, lifted_at__isnull=True).exists()
            or Disposal.objects.filter(kind=RecordKind.CLOSED_DISPUTE, object_id=locked.pk).exists()
        ):
            return {"files": 0, "skipped": True}
        done = {"files": 0, "messages": 0, "events": 0}
        for document in DisputeDocument.objects.filter(dispute=locked):
            done["files"] += _delete_file(document.file)
        done["messages"] = locked.messages.all().delete()[0]
        DisputeDocument.objects.filter(dispute=locked).delete()
        for field in ("decision_letter", "bundle"):
            done["files"] += _delete_file(getattr(locked, field))
            setattr(locked, field, "")
        for field in ("what_happened", "already_tried", "outcome_sought"):
            setattr(locked, field, REMOVED)
        for field in ("subject", "outcome_reasons", "pause_reason", "decision"):
            setattr(locked, field, "")
        locked.raised_by = None
        locked.save()
        done["events"] = locked.events.update(body="", actor=None)
        dispute_kept.changed(locked.pk)  # an UPDATE sends no signal
        for event in locked.events.all():
            # A clock's pauses are counted by the annual report: their kind is kept.
            if event.kind == DisputeEvent.Kind.CLOCK:
                title = next(
                    (w for w in (CLOCK_PAUSED, CLOCK_RESTARTED) if event.title.startswith(w)),
                    event.get_kind_display(),
                )
            else:
                title = event.get_kind_display()
            if event.title != title:
                event.title = title
                event.save(update_fields=["title"])
        answer = getattr(locked, "answer", None)
        if answer is not None:
            answer.account = answer.already_done = answer.offer = ""
            answer.answered_by = None
            answer.save()
        for remedy in locked.remedies.all():
            remedy.done_note = remedy.challenge = remedy.decision_note = ""
            remedy.done_by = remedy.challenged_by = remedy.decided_by = None
            remedy.save()
        StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Dispute), object_id=str(locked.pk)
        ).update(by=None, description=None)
        Disposal.objects.create(
            kind=RecordKind.CLOSED_DISPUTE,
            object_id=locked.pk,
            compact_id=locked.compact_id,
            reference=locked.reference,
            disposed_at=now,
            done=done,
        )
        audit_record(
            actor=None,
            action="disposed of (retention schedule)",
            obj=locked.reference,
            compact=locked.compact,
            changes=done,
        )
    return done


def dispose_of_bid(bid: Bid, *, now) -> dict:
    """Remove an unsuccessful bid's words, documents and letter; keep its status and sums."""
    with transaction.atomic():
        locked = Bid.objects.select_for_update().select_related("exercise").get(pk=bid.pk)
        done = {"files": 0}
        for document in locked.documents.all():
            done["files"] += _delete_file(document.file)
        locked.documents.all().delete()
        letter = getattr(locked, "letter", None)
        if letter is not None:
            done["files"] += _delete_file(letter.file)
            letter.delete()
        locked.proposal = REMOVED if locked.proposal else ""
        locked.evaluation_notes = locked.feedback = ""
        locked.save()
        reference = f"{locked.exercise.reference} {locked.organisation}"[:60]
        Disposal.objects.create(
            kind=RecordKind.UNSUCCESSFUL_BID,
            object_id=locked.pk,
            compact_id=locked.exercise.compact_id,
            reference=reference,
            disposed_at=now,
            done=done,
        )
        audit_record(
            actor=None,
            action="disposed of (retention schedule)",
            obj=reference,
            compact=locked.exercise.compact,
            changes=done,
        )
    return done


def apply_retention(*, now=None) -> dict:
    """Dispose of everything the schedule says is due: ended disputes and unsuccessful bids
    (per compact), notifications and sent e-mails, the access log and the sign-in records
    (the service's). Idempotent: a record is disposed of once; run again, it finds nothing.
    A record that cannot be disposed of is logged and counted, and stays due."""
    now = now or timezone.now()
    rules = all_rules()
    done = {
        "disputes": 0,
        "bids": 0,
        "files": 0,
        "notifications": 0,
        "emails": 0,
        "access_events": 0,
        "sign_ins": 0,
        "failed": 0,
    }
    for compact in Compact.objects.order_by("pk"):
        months = months_for(compact, RecordKind.CLOSED_DISPUTE, rules)
        for dispute in disputes_due(compact, _cutoff(now, months)).order_by("pk"):
            result = _one(dispose_of_dispute, dispute, now, done)
            if result is not None and not result.get("skipped"):
                done["files"] += result["files"]
                done["disputes"] += 1
        months = months_for(compact, RecordKind.UNSUCCESSFUL_BID, rules)
        for bid in bids_due(compact, _cutoff(now, months).date()).order_by("pk"):
            result = _one(dispose_of_bid, bid, now, done)
            if result is not None:
                done["files"] += result["files"]
                done["bids"] += 1
    before = _cutoff(now, months_for(None, RecordKind.NOTIFICATION, rules))
    done["notifications"] = Notification.objects.filter(created_at__lt=before).delete()[0]
    done["emails"] = OutboundEmail.objects.filter(
        created_at__lt=before, sent_at__isnull=False
    ).delete()[0]
    before = _cutoff(now, months_for(None, RecordKind.ACCESS_LOG, rules))
    done["access_events"] = AccessEvent.objects.filter(at__lt=before).delete()[0]
    before = _cutoff(now, months_for(None, RecordKind.SIGN_IN, rules))
    done["sign_ins"] = sum(
        model.objects.filter(attempt_time__lt=before).delete()[0]
        for model in (AxesAccessLog, AccessAttempt, AccessFailureLog)
    )
    counted = ("notifications", "emails", "access_events", "sign_ins")
    if any(done[k] for k in counted):
        audit_record(
            actor=None,
            action="deleted under the retention schedule",
            obj=", ".join(f"{done[k]} {k.replace('_', ' ')}" for k in counted),
            changes={k: done[k] for k in counted},
        )
    return done


def _one(dispose, record, now, done):
    """Dispose of one record; a failure is logged and counted, and the run goes on (the
    record stays due, for the next run)."""
    try:
        return dispose(record, now=now)
    except Exception:  # noqa: BLE001 - one bad record must not stop the day's run
        logger.exception("Could not dispose of %s", record)
        done["failed"] += 1
        return None


def daily_retention() -> str:
    """The timer loop's daily run (housekeeping): once a day, recorded with what it did."""
    today = timezone.localdate()
    if RetentionRun.objects.filter(day=today).exists():
        return ""
    try:
        with transaction.atomic():
            run = RetentionRun.objects.create(day=today, started_at=timezone.now())
    except IntegrityError:
        return ""  # another timer process has it
    done = apply_retention()
    RetentionRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), done=done)
    if not any(done.values()):
        return ""
    return "retention: " + ", ".join(f"{v} {k}" for k, v in done.items() if v)


def due_next_month(compacts, *, now=None) -> list[dict]:
    """What the schedule will dispose of in the next month, in the given compacts: each
    case with the day it falls due, and whether a legal hold keeps it."""
    now = now or timezone.now()
    rules = all_rules()
    soon = now + relativedelta(months=1)
    held = set(held_disputes().values_list("dispute_id", flat=True))
    held_ex = set(held_exercises().values_list("exercise_id", flat=True))
    lines = []
    for compact in compacts:
        months = months_for(compact, RecordKind.CLOSED_DISPUTE, rules)
        for dispute in disputes_due(compact, _cutoff(soon, months), including_held=True):
            lines.append(
                {
                    "compact": compact,
                    "kind": RecordKind.CLOSED_DISPUTE,
                    "reference": dispute.reference,
                    "due": (dispute.closed_at + relativedelta(months=months)).date(),
                    "held": dispute.pk in held,
                }
            )
        months = months_for(compact, RecordKind.UNSUCCESSFUL_BID, rules)
        bids = bids_due(compact, _cutoff(soon, months).date(), including_held=True)
        for bid in bids.select_related("exercise", "organisation"):
            lines.append(
                {
                    "compact": compact,
                    "kind": RecordKind.UNSUCCESSFUL_BID,
                    "reference": f"{bid.exercise.reference} {bid.organisation}",
                    "due": bid.exercise.awarded_on + relativedelta(months=months),
                    "held": bid.exercise_id in held_ex,
                }
            )
    return sorted(lines, key=lambda line: line["due"])


def hold_place(*, by, reference: str, reason: str, compacts) -> LegalHold:
    """Keep a case whole whatever the schedule says (a dispute or an exercise, by reference,
    in one of the officer's compacts)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the case is held")})
    reference = (reference or "").strip().upper()
    dispute = Dispute.objects.filter(reference=reference, compact__in=compacts).first()
    exercise = (
        None
        if dispute
        else Exercise.objects.filter(reference=reference, compact__in=compacts).first()
    )
    case = dispute or exercise
    if (
        dispute is not None
        and Disposal.objects.filter(kind=RecordKind.CLOSED_DISPUTE, object_id=dispute.pk).exists()
    ):
        raise ValidationError(
            {
                "reference": _("%(reference)s was disposed of already: there is nothing to hold")
                % {"reference": reference}
            }
        )
    if case is None:
        raise ValidationError(
            {
                "reference": _("There is no dispute or exercise %(reference)s in your compacts")
                % {"reference": reference}
            }
        )
    try:
        with transaction.atomic():
            hold = LegalHold.objects.create(
                dispute=dispute, exercise=exercise, reason=reason, placed_by=by
            )
            audit_record(
                actor=by,
                action="placed a legal hold on",
                obj=reference,
                compact=case.compact,
                changes={"reason": reason},
            )
    except IntegrityError:
        raise ValidationError(
            {"reference": _("%(reference)s is already held") % {"reference": reference}}
        ) from None
    return hold


def hold_lift(*, hold: LegalHold, by, reason: str) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the hold is lifted")})
    if not by.has_perm("cases.act_for_data_protection", hold.case.compact):
        raise PermissionDenied
    with transaction.atomic():
        locked = LegalHold.objects.select_for_update().get(pk=hold.pk)
        if locked.lifted_at is not None:
            return locked  # lifted already (a second press)
        locked.lifted_at, locked.lifted_by, locked.lift_reason = timezone.now(), by, reason
        locked.save()
        case = locked.case
        audit_record(
            actor=by,
            action="lifted the legal hold on",
            obj=case.reference,
            compact=case.compact,
            changes={"reason": reason},
        )
    return locked


def rule_set(*, by, compact, kind: str, months: int) -> RetentionRule | None:
    """Set how long `compact` (None: the service) keeps `kind`, as its data protection
    officer (the whole service's, for the service's); the default again clears the
    compact's own rule."""
    if not by.has_perm("cases.act_for_data_protection", compact):
        raise PermissionDenied
    if compact is not None and kind not in PER_COMPACT:
        raise ValidationError({"kind": _("This kind is kept for the whole service")})
    if not 1 <= months <= 240:
        raise ValidationError({"months": _("Enter a number of months from 1 to 240")})
    least = MINIMUM_MONTHS[RecordKind(kind)]
    if months < least:
        raise ValidationError(
            {"months": _("Keep these records at least %(months)s months") % {"months": least}}
        )
    with transaction.atomic():
        before = months_for(compact, kind)
        service_value = months_for(None, kind)
        rule = None
        if compact is not None and months == service_value:
            RetentionRule.objects.filter(compact=compact, kind=kind).delete()
        elif compact is None and months == DEFAULT_MONTHS[RecordKind(kind)]:
            RetentionRule.objects.filter(compact__isnull=True, kind=kind).delete()
        else:
            rule, _created = RetentionRule.objects.update_or_create(
                compact=compact, kind=kind, defaults={"months": months, "changed_by": by}
            )
        if before != months:
            audit_record(
                actor=by,
                action="changed the retention of",
                obj=RecordKind(kind).label,
                compact=compact,
                changes={"months": [before, months]},
            )
    return rule
