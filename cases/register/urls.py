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
    path("compacts/<slug:slug>/commitments/add/", views.commitment_edit, name="commitment-add"),
    path(
        "compacts/<slug:slug>/commitments/<str:ref>/change/",
        views.commitment_edit,
        name="commitment-change",
    ),
    path("compacts/<slug:slug>/versions/", views.compact_versions, name="compact-versions"),
    path("compacts/<slug:slug>/versions/compare/", views.compact_compare, name="compact-compare"),
    path(
        "compacts/<slug:slug>/versions/<int:number>/", views.compact_version, name="compact-version"
    ),
    path(
        "compacts/<slug:slug>/signatories/<slug:organisation>/",
        views.signatory_detail,
        name="signatory-detail",
    ),
    path(
        "compacts/<slug:slug>/signatories/<slug:organisation>/renew/",
        views.signatory_renew,
        name="signatory-renew",
    ),
    path(
        "compacts/<slug:slug>/signatories/<slug:organisation>/leave/",
        views.signatory_leave,
        name="signatory-leave",
    ),
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
