"""What an operator watches: the readiness check of the background queue, and the
service's own Prometheus metrics (queue depth and age, failed jobs, e-mail waiting,
overdue steps and timers due), read from the database when scraped.

The health pages are django-health-check's (`/health/live/`, `/health/ready/`) and the
request metrics django-prometheus's; both are wired in `config/urls.py`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hmac
import logging
import os

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import REGISTRY, GaugeMetricFamily

logger = logging.getLogger(__name__)


def _queue():
    """(jobs waiting, seconds the oldest has waited) in the queue (Django Q2's ORM broker)."""
    from django.db.models import Count, Min
    from django_q.models import OrmQ

    now = timezone.now()
    waiting = OrmQ.objects.filter(lock__lte=now).aggregate(count=Count("id"), oldest=Min("lock"))
    age = (now - waiting["oldest"]).total_seconds() if waiting["oldest"] else 0.0
    return waiting["count"], age


@dataclasses.dataclass
class QueueLag(HealthCheck):
    """The background queue is being worked: it fails when a job has waited longer than
    `QUEUE_LAG_LIMIT` seconds (default 300) and no job at all has finished in that time,
    that is, no worker is working. A queue that is merely behind (a morning's thousands
    of reminders) is not a reason to take web servers out of service; its depth and age
    are in the metrics."""

    def run(self):
        from django_q.models import Task as Done

        waiting, age = _queue()
        limit = getattr(settings, "QUEUE_LAG_LIMIT", 300)
        if age <= limit:
            return
        since = timezone.now() - datetime.timedelta(seconds=limit)
        if not Done.objects.filter(stopped__gte=since).exists():
            raise ServiceUnavailable(
                f"{waiting} job(s) waiting, the oldest for {age:.0f}s, and none done in "
                f"{limit}s: is a worker running?"
            )


class QuietHealthCheckView(HealthCheckView):
    """The health pages, which anyone may ask: each check says only whether it works. Its
    reason (which can name a database host) is logged, and shown to a caller who sends
    METRICS_TOKEN."""

    async def get(self, request, *args, **kwargs):
        self._entitled = _has_token(request)
        return await super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        self._quieten()
        return super().get_context_data(**kwargs)

    def render_to_response_json(self, status):
        self._quieten()
        return super().render_to_response_json(status)

    def render_to_response_text(self, status):
        self._quieten()
        return super().render_to_response_text(status)

    def _quieten(self):
        if getattr(self, "_entitled", False):
            return
        for result in self.results:
            if result.error is not None:
                logger.warning("Health check %r: %s", result.check, result.error)
                result.error = ServiceUnavailable("unavailable")


GAUGES = {
    "compact_casework_queue_jobs": "Background jobs waiting for a worker",
    "compact_casework_queue_oldest_seconds": "How long the oldest waiting job has waited",
    "compact_casework_jobs_failed": "Background jobs failed (kept)",
    "compact_casework_emails_unsent": "E-mails queued more than a minute ago and not yet sent",
    "compact_casework_steps_overdue": "People's open steps past their due date",
    "compact_casework_timers_due": "Reminder and overdue timers due and not yet fired",
}


class ServiceCollector:
    """The service's gauges, read from the database at each scrape."""

    def describe(self):
        """The gauges' names, without asking the database (for registering)."""
        for name, documentation in GAUGES.items():
            yield GaugeMetricFamily(name, documentation)

    def collect(self):
        for name, value in self.values().items():
            yield GaugeMetricFamily(name, GAUGES[name], value=value)

    def values(self) -> dict[str, float]:
        from django_q.models import Failure
        from viewflow.workflow import STATUS
        from viewflow.workflow.models import Task

        from workflows.models import OutboundEmail, StepEntry
        from workflows.selectors import OPEN

        now = timezone.now()
        waiting, age = _queue()
        return {
            "compact_casework_queue_jobs": waiting,
            "compact_casework_queue_oldest_seconds": age,
            "compact_casework_jobs_failed": Failure.objects.count(),
            "compact_casework_emails_unsent": OutboundEmail.objects.filter(
                sent_at=None, created_at__lt=now - datetime.timedelta(minutes=1)
            ).count(),
            "compact_casework_steps_overdue": StepEntry.objects.filter(
                status__in=OPEN, due_on__lt=timezone.localdate()
            ).count(),
            "compact_casework_timers_due": Task.objects.filter(
                flow_task_type="TIMER", status=STATUS.SCHEDULED, scheduled__lte=now
            ).count(),
        }


_collector = ServiceCollector()


def register_collector() -> None:
    """Add the service's gauges to the process's registry (once)."""
    with contextlib.suppress(ValueError):  # registered already
        REGISTRY.register(_collector)


def _has_token(request) -> bool:
    token = getattr(settings, "METRICS_TOKEN", "")
    if not token:
        return settings.DEBUG
    sent = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(sent.encode(), token.encode())


def metrics(request):
    """The Prometheus metrics. With `METRICS_TOKEN` set, only a scraper that sends it
    (`Authorization: Bearer ...`) sees them; without it, only while DEBUG is on."""
    if not _has_token(request):
        raise Http404
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        # gunicorn's workers each count their own requests: add them up.
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_collector)
    else:
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
