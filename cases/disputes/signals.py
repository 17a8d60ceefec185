"""A dispute's change (its clock, its stage, who is on it) moves its steps' due date in the
task lists (`workflows.entries`) and can change what the holders of its open steps see in
their header (`workflows.navigation`). A change to any of its records, or to a name its
page shows, moves on what its page keeps of its records (`cases.disputes.kept`)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from cases.disputes import kept
from cases.disputes.models import (
    Dispute,
    DisputeAnswer,
    DisputeDocument,
    DisputeEvent,
    DisputeMessage,
    DisputeProcess,
    Remedy,
)
from cases.register.models import Commitment, Compact, Membership, Organisation
from workflows import entries, navigation, registry


def _dispute_saved(sender, instance, created, **kwargs):
    if created:
        return
    processes = DisputeProcess.objects.filter(dispute=instance).values("pk")
    # The respondent's answer step keeps the answer's own due date.
    navigation.forget(*entries.case_due(processes, instance.due_on, kind=registry.KINDS["dispute"]))


def _records_changed(sender, instance, **kwargs):
    kept.changed(instance.pk if sender is Dispute else instance.dispute_id)


def _commitments_changed(sender, instance, reverse, **kwargs):
    """The commitments a dispute or its answer cites changed."""
    if reverse:  # from a commitment's side: which disputes is not worth a query
        kept.names_changed()
    else:
        kept.changed(instance.pk if isinstance(instance, Dispute) else instance.dispute_id)


def _names_changed(sender, instance, update_fields=None, **kwargs):
    # Signing in saves a person's last sign-in alone: no name changes.
    if sender is get_user_model() and update_fields and set(update_fields) <= {"last_login"}:
        return
    kept.names_changed()


def connect() -> None:
    post_save.connect(_dispute_saved, sender=Dispute, dispatch_uid="nav-dispute")
    for model in (Dispute, DisputeEvent, DisputeDocument, DisputeMessage, Remedy, DisputeAnswer):
        label = model._meta.label_lower
        post_save.connect(_records_changed, sender=model, dispatch_uid=f"kept-{label}")
        post_delete.connect(_records_changed, sender=model, dispatch_uid=f"kept-{label}-gone")
    for through in (
        Dispute.commitments.through,
        DisputeAnswer.accepted.through,
        DisputeAnswer.disputed.through,
    ):
        m2m_changed.connect(_commitments_changed, sender=through, dispatch_uid=f"kept-{through}")
    for model in (get_user_model(), Organisation, Membership, Commitment, Compact):
        label = model._meta.label_lower
        post_save.connect(_names_changed, sender=model, dispatch_uid=f"kept-names-{label}")
        post_delete.connect(_names_changed, sender=model, dispatch_uid=f"kept-names-{label}-")
