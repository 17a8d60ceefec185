"""The access log for the data protection officer, through the API (a personal token)."""

from __future__ import annotations

import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from cases.accounts.auth import token
from cases.common.api import ErrorOut, Paging, page_of, paged
from cases.privacy import selectors

router = Router(tags=["Data protection"], auth=token)

ERRORS = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class AccessOut(Schema):
    at: datetime.datetime
    user: str | None = Field(None, description="Their username; null once removed")
    compact: str = Field(..., alias="compact.slug")
    reference: str = Field(..., description="The case's reference")
    kind: str
    what: str
    via: Literal["page", "api"]

    @staticmethod
    def resolve_user(obj):
        return obj.user.username if obj.user else None


class AccessFilter(Paging):
    compact: str = Field("", max_length=60, description="A compact's slug")
    reference: str = Field("", max_length=40, description="A case's reference")
    person: str = Field("", max_length=150, description="A username, surname or e-mail address")
    kind: str = Field("", max_length=20)
    sort: Literal["newest", "oldest"] = "newest"


@router.get(
    "/data-protection/access-log",
    response={200: page_of(AccessOut), **ERRORS},
    summary="Who looked at confidential records",
)
def access_log(request, filters: Query[AccessFilter]):
    """For a data protection officer: who read a dispute, its documents, papers or letter,
    or a bid once the bids were opened, in the compacts they answer for."""
    compacts = selectors.officer_compacts(request.auth)
    if compacts is None:
        raise PermissionDenied
    if filters.compact:
        compacts = compacts.filter(slug=filters.compact)
    return paged(
        selectors.access_log(
            compacts=compacts,
            reference=filters.reference,
            person=filters.person,
            kind=filters.kind,
            sort=filters.sort,
        ),
        filters,
    )
