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
