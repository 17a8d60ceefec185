"""Erasing a person on request (UK GDPR article 17): their account anonymised across every
record, unless something still needs them (an open case, a step they hold, a role only
they fill, a legal hold), in which case the reasons are said and nothing changes.

What they wrote in a case stays with the case, under "erased-<id>", until the retention
schedule disposes of the case: a closed dispute is a record the compact must keep. Their
account, memberships, tokens, alerts, notifications, drafts and sign-in records go. A bid
they began stays with its organisation: it is the organisation's."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.models import Task

from cases.commissioning.models import Alert, Bid, BidStatus, ExerciseStage
from cases.disputes.models import Dispute, DisputeDraft, DisputeStage
from cases.disputes.services.drafts import remove_drafts
from cases.privacy.models import LegalHold
from cases.register.models import DataProtectionOfficer, SignupRequest
from cases.register.services import audit_record

OPEN_STEP = ("NEW", "ASSIGNED", "STARTED")


def blockers(person) -> list[str]:
    """Why the person cannot be erased now, in words (none: they can)."""
    reasons = []
    open_disputes = Dispute.objects.filter(
        raised_by=person, stage__in=DisputeStage.open_stages()
    ).values_list("reference", flat=True)
    if open_disputes:
        reasons.append(
            _("They raised disputes still open: %(refs)s") % {"refs": ", ".join(open_disputes)}
        )
    steps = Task.objects.filter(owner=person, status__in=OPEN_STEP).count()
    if steps:
        reasons.append(
            ngettext(
                "They hold %(count)s open step: hand it to someone else first",
                "They hold %(count)s open steps: hand them to someone else first",
                steps,
            )
            % {"count": steps}
        )
    bids = Bid.objects.filter(
        created_by=person,
        status=BidStatus.SUBMITTED,
        exercise__stage__in=[ExerciseStage.TENDER, ExerciseStage.EVALUATION],
    ).values_list("exercise__reference", flat=True)
    if bids:
        reasons.append(
            _("They have bids sent and not yet decided: %(refs)s") % {"refs": ", ".join(bids)}
        )
    champion = person.champion_of.values_list("name", flat=True)
    if champion:
        reasons.append(
            _("They are the Champion of %(names)s: appoint another first")
            % {"names": ", ".join(champion)}
        )
    today = timezone.localdate()
    seats = person.joint_body_seats.filter(
        Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=today)
    ).values_list("compact__name", flat=True)
    if seats:
        reasons.append(
            _("They sit on the joint body of %(names)s: end their seat first")
            % {"names": ", ".join(seats)}
        )
    roster = person.mediator_for.filter(is_active=True).values_list("compact__name", flat=True)
    if roster:
        reasons.append(
            _("They are on the mediator roster of %(names)s: take them off it first")
            % {"names": ", ".join(roster)}
        )
    if person.is_staff or person.is_superuser or person.data_protection_for.exists():
        reasons.append(
            _("They administer the service or answer for its data: take those rights away first")
        )
    held = LegalHold.objects.filter(lifted_at__isnull=True, dispute__raised_by=person)
    if held.exists():
        reasons.append(
            _("A legal hold keeps a dispute they raised: %(refs)s")
            % {"refs": ", ".join(h.dispute.reference for h in held.select_related("dispute"))}
        )
    return reasons


def erase(person, *, by, reason: str):
    """Anonymise `person` everywhere, or refuse with the reasons (a ValidationError)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the person is erased")})
    if not by.has_perm("cases.act_for_data_protection", None):
        raise PermissionDenied  # an account is the whole service's, not a compact's
    if person.pk == getattr(by, "pk", None):
        raise ValidationError(_("Ask another data protection officer to erase you."))
    User = get_user_model()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        if locked.username.startswith("erased-") and not locked.is_active:
            return locked  # erased already (a second press)
        reasons = blockers(locked)
        if reasons:
            raise ValidationError(reasons)
        pk = locked.pk
        username_before = locked.username
        locked.username = f"erased-{pk}"
        locked.first_name = locked.last_name = locked.email = ""
        locked.is_active = False
        locked.is_staff = locked.is_superuser = False
        locked.set_unusable_password()
        locked.save()
        locked.groups.clear()
        locked.user_permissions.clear()
        locked.memberships.all().delete()
        locked.api_tokens.all().delete()
        Alert.objects.filter(user=locked).delete()
        locked.notifications.all().delete()
        DataProtectionOfficer.objects.filter(user=locked).delete()
        remove_drafts(DisputeDraft.objects.filter(author=locked))
        # The contact details they gave with a request to sign a compact.
        SignupRequest.objects.filter(submitted_by=locked).update(
            contact_name="", contact_position="", contact_email="", contact_phone=""
        )
        # Their sign-in records (address and browser) go with the account.
        for model in (AxesAccessLog, AccessAttempt, AccessFailureLog):
            model.objects.filter(username=username_before).delete()
        # Their ended joint body seats and mediator roster entries stay, nameless: the
        # cases they sat on name them.
        audit_record(
            actor=by,
            action="erased a person",
            obj=f"user #{pk}",
            changes={"reason": reason},
        )
    return locked
