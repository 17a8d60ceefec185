"""A dispute's change (its clock, its stage, who is on it) moves its steps' due date in the
task lists (`workflows.entries`) and can change what the holders of its open steps see in
their header (`workflows.navigation`)."""

from django.db.models.signals import post_save

from cases.disputes.models import Dispute, DisputeProcess
from workflows import entries, navigation, registry


def _dispute_saved(sender, instance, created, **kwargs):
    if created:
        return
    processes = DisputeProcess.objects.filter(dispute=instance).values("pk")
    # The respondent's answer step keeps the answer's own due date.
    navigation.forget(*entries.case_due(processes, instance.due_on, kind=registry.KINDS["dispute"]))


def connect() -> None:
    post_save.connect(_dispute_saved, sender=Dispute, dispatch_uid="nav-dispute")
