"""The dispute pages: the list, the raise form, a dispute and its actions, documents and
letter."""

from django.urls import path

from cases.disputes import views

urlpatterns = [
    path("disputes/", views.dispute_list, name="dispute-list"),
    path(
        "disputes/new/",
        views.RaiseDisputeWizard.as_view(url_name="dispute-new-step"),
        name="dispute-new",
    ),
    path(
        "disputes/new/<str:step>/",
        views.RaiseDisputeWizard.as_view(url_name="dispute-new-step"),
        name="dispute-new-step",
    ),
    path("disputes/drafts/<int:pk>/delete/", views.draft_delete, name="dispute-draft-delete"),
    path("disputes/<ref:reference>/", views.dispute_detail, name="dispute-detail"),
    path("disputes/<ref:reference>/raised/", views.dispute_raised, name="dispute-raised"),
    path("disputes/<ref:reference>/action/", views.dispute_action, name="dispute-action"),
    path(
        "disputes/<ref:reference>/documents/<int:pk>/",
        views.dispute_document,
        name="dispute-document",
    ),
    path("disputes/<ref:reference>/letter/", views.dispute_letter, name="dispute-letter"),
    path("disputes/<ref:reference>/papers/", views.dispute_bundle, name="dispute-bundle"),
]
