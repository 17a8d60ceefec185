"""Erasing a person on request (UK GDPR article 17): their account anonymised across every
record, unless something still needs them (an open case, a step they hold, a role only
they fill, a legal hold), in which case the reasons are said and nothing changes.

What they wrote in a case stays with the case, under "erased-<id>", until the retention
schedule disposes of the case: a closed dispute is a record the compact must keep. Their
account, memberships, tokens, alerts, notifications, drafts and unsent bids go."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from viewflow.workflow.models import Task

from cases.commissioning.models import Alert, Bid, BidStatus
from cases.disputes.models import Dispute, DisputeDraft, DisputeStage
from cases.disputes.services.drafts import remove_drafts
from cases.privacy.models import LegalHold
from cases.register.models import DataProtectionOfficer, JointBodyMember, Mediator
from cases.register.services import audit_record, joint_body_membership_sync

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
    bids = Bid.objects.filter(created_by=person, status=BidStatus.SUBMITTED).values_list(
        "exercise__reference", flat=True
    )
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
        # Bids they began and never sent are theirs alone: they go, with their files.
        for bid in Bid.objects.filter(created_by=locked, status=BidStatus.DRAFT):
            names = [(d.file.storage, d.file.name) for d in bid.documents.all()]
            bid.delete()
            for storage, name in names:
                transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        # A seat or roster entry a closed case names is kept (the case's record), now
        # nameless; any other goes.
        for seat in JointBodyMember.objects.filter(user=locked):
            if not Dispute.objects.filter(panel_chair=seat).exists():
                seat.delete()
        for entry in Mediator.objects.filter(user=locked):
            if Dispute.objects.filter(mediator=entry).exists():
                Mediator.objects.filter(pk=entry.pk).update(is_active=False)
            else:
                entry.delete()
        joint_body_membership_sync(locked)
        audit_record(
            actor=by,
            action="erased a person",
            obj=f"user #{pk}",
            changes={"reason": reason},
        )
    return locked
