"""Workflow processes: one per case, linking viewflow's engine to the case record."""

from django.db import models
from viewflow.workflow.models import Process

from cases.models import Dispute


class DisputeProcess(Process):
    """The run of the dispute procedure for one dispute."""

    dispute = models.ForeignKey(Dispute, on_delete=models.PROTECT, related_name="processes")

    class Meta:
        verbose_name = "dispute process"
        verbose_name_plural = "dispute processes"

    def __str__(self):
        return f"Procedure for {self.dispute.reference}"


class ExerciseProcess(Process):
    """The commissioner's steps of one commissioning exercise."""

    exercise = models.ForeignKey(
        "cases.Exercise", on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        verbose_name = "commissioning process"
        verbose_name_plural = "commissioning processes"

    def __str__(self):
        return f"Procedure for {self.exercise.reference}"


class DepartureProcess(Process):
    """The Champion's review of one departure from the Compact."""

    departure = models.ForeignKey(
        "cases.Departure", on_delete=models.PROTECT, related_name="processes"
    )

    class Meta:
        verbose_name = "departure review"

    def __str__(self):
        return f"Review of {self.departure}"
