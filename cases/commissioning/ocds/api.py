"""Open contracting data: every exercise past planning as OCDS 1.1 releases, in release
packages. Built by `ocds.releases`; the Compact's own facts are in the project's extension,
served at /api/v1/ocds/extension/extension.json."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema

from cases.accounts.auth import public
from cases.commissioning.ocds import releases as ocds
from cases.common.api import ErrorOut

router = Router(tags=["Open contracting data (OCDS)"], auth=public)

ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class OcdsPaging(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=100)


@router.get(
    "/releases.json",
    response={200: dict[str, Any], **ERRORS},
    summary="Releases of every public exercise",
)
def all_releases(request, response: HttpResponse, paging: Query[OcdsPaging]):
    """A release package of every published exercise's releases, a page of exercises at a
    time. The `Link` header names the next and previous pages, and `X-Total-Count` the
    number of exercises."""
    try:
        result = ocds.release_package_page(
            page=paging.page,
            per_page=paging.page_size,
            uri=request.build_absolute_uri(),
            extension_url=ocds.extension_url(request),
            base_url=request.build_absolute_uri("/"),
        )
    except InvalidPage as error:
        raise Http404 from error
    links = []
    base = request.build_absolute_uri(request.path)
    if result.has_next:
        links.append(f'<{base}?page={result.number + 1}&page_size={paging.page_size}>; rel="next"')
    if result.has_previous:
        links.append(f'<{base}?page={result.number - 1}&page_size={paging.page_size}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    response["X-Total-Count"] = str(result.count)
    return result.package


@router.get(
    "/{ocid}/releases.json",
    response={200: dict[str, Any], **ERRORS},
    summary="One exercise's releases",
)
def exercise_releases(request, ocid: str):
    """Every release of one exercise, oldest first, as a release package."""
    exercise = ocds.exercise_for_ocid(ocid[:60])
    if exercise is None:
        raise Http404
    return ocds.release_package(
        [exercise],
        uri=request.build_absolute_uri(),
        extension_url=ocds.extension_url(request),
        base_url=request.build_absolute_uri("/"),
    )
