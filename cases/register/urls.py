"""The register's pages: the compacts, their commitments, signatories and rules,
sign-up requests, organisations and the account page."""

from django.urls import path

from cases.register import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
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
]
