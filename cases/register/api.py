"""The public register: compacts and their rules, commitments, signatories, organisations."""

from __future__ import annotations

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from cases.accounts.auth import public
from cases.common.api import ErrorOut, Paging, page_of, paged
from cases.register import selectors
from cases.register.models import Compact, Organisation

router = Router(tags=["Register"], auth=public)


class OrganisationRef(Schema):
    slug: str
    name: str
    sector: str


# A compact's own words are given in English, whatever the language asked for, with the
# Welsh beside them (`_cy`, null until translated), as open data keeps one meaning a key.
WELSH = "The Welsh beside the English, or null where there is none yet"


def _english(obj, name: str) -> str:
    return getattr(obj, f"{name}_en_gb") or ""


def _welsh(obj, name: str) -> str | None:
    return getattr(obj, f"{name}_cy") or None


class CompactOut(Schema):
    slug: str
    prefix: str
    name: str
    area: str
    nation: str
    joint_body_name: str = Field(..., description="In English")
    joint_body_name_cy: str | None = Field(None, description=WELSH)
    summary: str = Field(..., description="In English")
    summary_cy: str | None = Field(None, description=WELSH)
    adopted_year: int | None
    rules: dict[str, int | bool] = Field(
        ...,
        description="The compact's rules: day, week, month and year limits, and whether a "
        "consultation is expected before every funding opportunity",
    )
    signatory_count: int
    commitment_count: int

    @staticmethod
    def resolve_rules(obj):
        return {name: getattr(obj, name) for name in Compact.RULE_FIELDS}

    @staticmethod
    def resolve_joint_body_name(obj):
        return _english(obj, "joint_body_name")

    @staticmethod
    def resolve_joint_body_name_cy(obj):
        return _welsh(obj, "joint_body_name")

    @staticmethod
    def resolve_summary(obj):
        return _english(obj, "summary")

    @staticmethod
    def resolve_summary_cy(obj):
        return _welsh(obj, "summary")


class CommitmentWordsOut(Schema):
    """A commitment's words: the English under the usual keys, the Welsh beside them."""

    ref: str
    code: str
    title: str = Field(..., description="In English")
    title_cy: str | None = Field(None, description=WELSH)
    text: str = Field(..., description="In English")
    text_cy: str | None = Field(None, description=WELSH)
    undertaken_by: str

    @staticmethod
    def resolve_title(obj):
        return _english(obj, "title")

    @staticmethod
    def resolve_title_cy(obj):
        return _welsh(obj, "title")

    @staticmethod
    def resolve_text(obj):
        return _english(obj, "text")

    @staticmethod
    def resolve_text_cy(obj):
        return _welsh(obj, "text")


class CommitmentOut(CommitmentWordsOut):
    source_section: str


class SignatoryOut(Schema):
    organisation: OrganisationRef
    signed_on: datetime.date


class SignatureOut(Schema):
    compact: str = Field(..., alias="compact.slug")
    signed_on: datetime.date


class OrganisationOut(Schema):
    """What the organisation's public page shows."""

    slug: str
    name: str
    sector: str
    legal_form: str
    charity_number: str
    company_number: str
    purpose: str
    area_of_benefit: str
    beneficiaries: str
    website: str
    email: str
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_signatures(obj):
        return list(obj.signatures.all())


ERRORS = {401: ErrorOut, 422: ErrorOut}
NOT_FOUND = {404: ErrorOut, **ERRORS}


@router.get("/compacts", response={200: page_of(CompactOut), **ERRORS}, summary="Compacts")
def compacts(request, paging: Query[Paging]):
    return paged(selectors.compact_list(), paging)


@router.get("/compacts/{slug}", response={200: CompactOut, **NOT_FOUND}, summary="A compact")
def compact(request, slug: str):
    return get_object_or_404(selectors.compact_list(), slug=slug)


class CommitmentFilter(Paging):
    code: str = Field("", max_length=30)
    undertaken_by: str = Field("", max_length=20)
    q: str = Field("", max_length=100, description="Words in the title or text, or a ref")


@router.get(
    "/compacts/{slug}/commitments",
    response={200: page_of(CommitmentOut), **NOT_FOUND},
    summary="A compact's commitments",
)
def commitments(request, slug: str, filters: Query[CommitmentFilter]):
    compact = get_object_or_404(Compact, slug=slug)
    return paged(
        selectors.commitment_list(
            compact=compact,
            code=filters.code,
            undertaken_by=filters.undertaken_by,
            query=filters.q,
        ).order_by("position", "ref"),
        filters,
    )


class SignatoryFilter(Paging):
    sector: Literal["", "statutory", "vcs"] = ""
    q: str = Field("", max_length=100, description="Words in the organisation's name")
    sort: Literal["name", "-name", "signed", "-signed"] = "name"


@router.get(
    "/compacts/{slug}/signatories",
    response={200: page_of(SignatoryOut), **NOT_FOUND},
    summary="A compact's signatories",
)
def signatories(request, slug: str, filters: Query[SignatoryFilter]):
    compact = get_object_or_404(Compact, slug=slug)
    return paged(
        selectors.signatory_list(
            compact=compact, sector=filters.sector, query=filters.q, sort=filters.sort
        ),
        filters,
    )


class OrganisationFilter(Paging):
    sector: Literal["", "statutory", "vcs"] = ""
    q: str = Field("", max_length=100)


@router.get(
    "/organisations", response={200: page_of(OrganisationOut), **ERRORS}, summary="Organisations"
)
def organisations(request, filters: Query[OrganisationFilter]):
    found = Organisation.objects.prefetch_related("signatures__compact").order_by("name")
    if filters.sector:
        found = found.filter(sector=filters.sector)
    if filters.q:
        found = found.filter(name__icontains=filters.q)
    return paged(found, filters)


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, **NOT_FOUND},
    summary="An organisation",
)
def organisation(request, slug: str):
    return get_object_or_404(
        Organisation.objects.prefetch_related("signatures__compact"), slug=slug
    )
