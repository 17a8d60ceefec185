"""Commissioning exercises as Open Contracting Data Standard (OCDS 1.1) releases.

One exercise is one contracting process, with the ocid `<OCDS_OCID_PREFIX>-<reference>`.
Each public step of the exercise is one release: the consultation opening (planning), its
summary (planningUpdate), the opportunity (tender), the bids opened (tenderUpdate), the
award (tenderUpdate, award), the service starting (contract), each monitoring review
(implementation, then implementationUpdate), notice (contractAmendment), the close
(contractTermination) and a cancellation (tenderCancellation). A release shows the
exercise as the public could see it when that step was taken, so it reads the same on
every call: its id and contents do not change when the exercise moves on.

What is published mirrors the exercise's public page and timeline, nothing more:

- Nothing while an exercise is planned; a cancelled exercise only if it had been public.
- Bids are sealed: until they are opened there is nothing about them, not even how many.
  Once opened, the organisations whose bids were opened are tenderers; drafts and
  withdrawn bids never appear. No bid's content, cost or score is ever published (the
  public page never shows them), so awards and contracts carry no value: the tender's
  value is the exercise's published estimate.
- Organisations by their public name and a local id only; never a person, an e-mail
  address, a consultation response or a clarification (those are for signed-in users).
- The Compact's rules, how the exercise measured against them and its departures from
  them are in the `compact` object of the project's OCDS extension (`extension/` beside
  this module).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from cases.commissioning.models import (
    Bid,
    Departure,
    Exercise,
)
from cases.commissioning.ocds.lifecycle import (
    STEP_TAGS,
    _iso,
    _state_log_dates,
    _Step,
    _steps,
    _was_public,
)
from cases.commissioning.ocds.sections import (
    _awards,
    _compact,
    _contracts,
    _parties,
    _planning,
    _Process,
    _reference,
    _shared,
    _tender,
    ocid_for,
    ocid_prefix,
)
from cases.common.formats import in_english

# The public face of the OCDS releases; `ocid_for` is `sections`' and shown here too.
__all__ = [
    "exercise_for_ocid",
    "exercise_releases",
    "extension_url",
    "ocid_for",
    "ocid_prefix",
    "published_exercises",
    "reference_from_ocid",
    "release_package",
    "release_package_page",
]

OCDS_VERSION = "1.1"


# Identifiers and addresses.


def reference_from_ocid(ocid: str) -> str | None:
    prefix = f"{ocid_prefix()}-"
    if not ocid.startswith(prefix) or len(ocid) == len(prefix):
        return None
    return ocid[len(prefix) :]


def extension_url(request=None) -> str:
    """The absolute address of the project's OCDS extension (its extension.json), which
    every release package names. From the request's host when there is one, otherwise
    from SITE_URL. The one place that knows where the extension is served: the URL named
    "ocds-extension" (cases/urls.py)."""
    return _extension_address(request)


def _extension_address(request=None) -> str:
    path = reverse("ocds-extension", kwargs={"filename": "extension.json"})
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _base_url(base_url: str | None) -> str:
    return (base_url if base_url is not None else settings.SITE_URL).rstrip("/")


# Which exercises are published.


def _with_related(exercises: QuerySet[Exercise]) -> QuerySet[Exercise]:
    return exercises.select_related("compact", "commissioner").prefetch_related(
        Prefetch("departures", queryset=Departure.objects.select_related("commitment")),
        Prefetch("bids", queryset=Bid.objects.select_related("organisation")),
        "reviews",
        "changes",
        "documents",
        "criteria",
        "amendments",
    )


def published_exercises() -> QuerySet[Exercise]:
    """Every exercise the public can see as OCDS, oldest first: all but the planned ones,
    and but the ones cancelled while still planned (never public)."""
    return _with_related(Exercise.objects.filter(Exercise.published_q()).order_by("pk"))


def exercise_for_ocid(ocid: str) -> Exercise | None:
    """The published exercise with this ocid, or None (unknown, or not public)."""
    reference = reference_from_ocid(ocid)
    if reference is None:
        return None
    return published_exercises().filter(reference=reference).first()


def _release(process: _Process, steps: list[_Step], index: int) -> dict:
    step = steps[index]
    so_far = steps[: index + 1]
    done = {s.kind for s in so_far}
    by_kind = {s.kind: s for s in so_far}
    reviews = [s.review for s in so_far if s.kind == "review"]
    if step.kind == "review":
        first = next(s for s in steps if s.kind == "review") is step
        tags = ["implementation" if first else "implementationUpdate"]
    else:
        tags = list(STEP_TAGS[step.kind])
    exercise = process.exercise
    release = {
        "ocid": process.ocid,
        "id": f"{process.ocid}-{step.key}",
        "date": _iso(step.date),
        "tag": tags,
        "initiationType": "tender",
        "language": "en",
        "parties": _parties(process, done),
        "buyer": _reference(exercise.commissioner),
    }
    if "planning" in done:
        release["planning"] = _planning(process, done)
    amended = {s.key for s in so_far if s.kind == "amendment"}
    release["tender"] = _tender(process, by_kind, done, until=step.date, amended=amended)
    if "award" in done and process.winners:
        release["awards"] = _awards(process, by_kind)
        if "contract" in done:
            reductions = [s for s in so_far if s.kind == "reduction"]
            release["contracts"] = _contracts(process, by_kind, done, reviews, reductions)
    release["compact"] = _compact(process, done, amended=amended)
    return release


# The public functions.


def exercise_releases(exercise: Exercise, *, base_url: str | None = None, _dates=None) -> list:
    """The exercise's releases, oldest first; empty if it was never public.

    `base_url` (default SITE_URL) makes the links to the exercise's, the compact's and
    the commitments' pages absolute."""
    if not _was_public(exercise):
        return []
    dates = _dates if _dates is not None else _state_log_dates([exercise])[exercise.pk]
    steps = _steps(exercise, dates)
    # Open data is published in English whatever the reader's language: the labels the
    # models give their codes (a kind of funding, a rule, a rating) are read in English,
    # and the links are to the English pages.
    with in_english():
        process = _shared(exercise, _base_url(base_url))
        return [_release(process, steps, index) for index in range(len(steps))]


def release_package(
    exercises: Iterable[Exercise],
    *,
    uri: str,
    extension_url: str | None = None,
    published_date: datetime.datetime | None = None,
    base_url: str | None = None,
) -> dict:
    """A release package of every release of these exercises (any not public are left
    out), as a dict ready for JSON.

    `uri` is the package's own address; `extension_url` the absolute address of the
    extension's extension.json (pass `extension_url(request)`; the default is built from
    SITE_URL). `published_date` defaults to the date of the newest release, so the same
    data makes the same package. `base_url` (default SITE_URL) makes the links to the
    service's pages absolute."""
    exercises = [e for e in exercises if _was_public(e)]
    dates = _state_log_dates(exercises)
    releases = []
    for exercise in exercises:
        releases += exercise_releases(exercise, base_url=base_url, _dates=dates[exercise.pk])
    if published_date is None:
        newest = max(
            (r["date"] for r in releases), default=None, key=datetime.datetime.fromisoformat
        )
        published = newest or _iso(timezone.now())
    else:
        published = _iso(published_date)
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": [extension_url or _extension_address()],
        "publishedDate": published,
        "publisher": {"name": settings.SERVICE_NAME, "uri": _base_url(base_url) + "/"},
        "releases": releases,
    }


@dataclass(frozen=True)
class ReleasePackagePage:
    """One page of the release packages of all public exercises."""

    package: dict
    number: int
    num_pages: int
    count: int  # exercises in all pages

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def release_package_page(
    *,
    page: int | str = 1,
    per_page: int = 20,
    uri: str,
    extension_url: str | None = None,
    published_date: datetime.datetime | None = None,
    base_url: str | None = None,
) -> ReleasePackagePage:
    """A release package of one page of `published_exercises()` (`per_page` exercises,
    each with all its releases). Raises django.core.paginator.InvalidPage for a page
    that does not exist (answer 404); page 1 of no exercises is an empty package."""
    paginator = Paginator(published_exercises(), per_page)
    current = paginator.page(page)
    return ReleasePackagePage(
        package=release_package(
            current.object_list,
            uri=uri,
            extension_url=extension_url,
            published_date=published_date,
            base_url=base_url,
        ),
        number=current.number,
        num_pages=paginator.num_pages,
        count=paginator.count,
    )
