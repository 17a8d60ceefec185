"""A dispute's change (its clock, its stage, who is on it) can change what the holders of
its open steps see in their header (`workflows.navigation`): forget theirs."""

from django.db.models.signals import post_save
from viewflow.workflow.models import Task

from cases.disputes.models import Dispute
from workflows import navigation
from workflows.selectors import OPEN


def _dispute_saved(sender, instance, created, **kwargs):
    if created:
        return
    navigation.forget_all(
        Task.objects.filter(
            process__disputeprocess__dispute=instance, status__in=OPEN, owner__isnull=False
        ).values_list("owner", flat=True)
    )


def connect() -> None:
    post_save.connect(_dispute_saved, sender=Dispute, dispatch_uid="nav-dispute")
