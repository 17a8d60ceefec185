from django.urls import path, register_converter

from cases.converters import ReferenceConverter
from cases.views import api as api_views
from cases.views import commissioning, disputes
from cases.views import register as views

register_converter(ReferenceConverter, "ref")

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("account/api-tokens/", api_views.token_list, name="api-tokens"),
    path("account/api-tokens/<int:pk>/revoke/", api_views.token_revoke, name="api-token-revoke"),
    path("compacts/<slug:slug>/", views.compact_detail, name="compact-detail"),
    path("compacts/<slug:slug>/rules/", views.compact_rules_edit, name="compact-rules-edit"),
    path(
        "compacts/<slug:slug>/signatories/",
        views.signatory_register,
        name="signatory-register",
    ),
    path("compacts/<slug:slug>/commitments/", views.commitment_list, name="commitment-list"),
    path(
        "compacts/<slug:slug>/commitments/<str:ref>/",
        views.commitment_detail,
        name="commitment-detail",
    ),
    path(
        "compacts/<slug:slug>/sign-up/", views.signup_request_create, name="signup-request-create"
    ),
    path(
        "compacts/<slug:slug>/sign-up-requests/",
        views.signup_request_list,
        name="signup-request-list",
    ),
    path(
        "sign-up-requests/<ref:reference>/",
        views.signup_request_detail,
        name="signup-request-detail",
    ),
    path(
        "sign-up-requests/<ref:reference>/sent/",
        views.signup_request_done,
        name="signup-request-done",
    ),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path("disputes/", disputes.dispute_list, name="dispute-list"),
    path(
        "disputes/new/",
        disputes.RaiseDisputeWizard.as_view(url_name="dispute-new-step"),
        name="dispute-new",
    ),
    path(
        "disputes/new/<str:step>/",
        disputes.RaiseDisputeWizard.as_view(url_name="dispute-new-step"),
        name="dispute-new-step",
    ),
    path("disputes/<ref:reference>/", disputes.dispute_detail, name="dispute-detail"),
    path("disputes/<ref:reference>/raised/", disputes.dispute_raised, name="dispute-raised"),
    path("disputes/<ref:reference>/action/", disputes.dispute_action, name="dispute-action"),
    path(
        "disputes/<ref:reference>/documents/<int:pk>/",
        disputes.dispute_document,
        name="dispute-document",
    ),
    path("disputes/<ref:reference>/letter/", disputes.dispute_letter, name="dispute-letter"),
    path("opportunities/", commissioning.opportunity_list, name="opportunity-list"),
    path("exercises/new/", commissioning.exercise_create, name="exercise-create"),
    path("exercises/<ref:reference>/", commissioning.exercise_detail, name="exercise-detail"),
    path(
        "exercises/<ref:reference>/action/",
        commissioning.exercise_action,
        name="exercise-action",
    ),
    path(
        "exercises/<ref:reference>/bids/<int:pk>/",
        commissioning.exercise_bid,
        name="exercise-bid",
    ),
    path("bids/", commissioning.bid_list, name="bid-list"),
    path("bids/<int:pk>/", commissioning.bid_detail, name="bid-detail"),
    path("bids/<int:pk>/letter/", commissioning.bid_letter, name="bid-letter"),
    path(
        "bids/<int:pk>/documents/<int:document_pk>/",
        commissioning.bid_document,
        name="bid-document",
    ),
]
