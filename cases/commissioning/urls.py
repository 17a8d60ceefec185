"""The commissioning pages: opportunities, exercises and their actions, and bids."""

from django.urls import path

from cases.commissioning import views

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="opportunity-list"),
    path("consultations/", views.consultation_list, name="consultation-list"),
    path("alerts/", views.alert_list, name="alert-list"),
    path("alerts/stop/<str:token>/", views.alert_stop, name="alert-stop"),
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/new/", views.exercise_create, name="exercise-create"),
    path("exercises/<ref:reference>/", views.exercise_detail, name="exercise-detail"),
    path(
        "exercises/<ref:reference>/do/<slug:action>/",
        views.exercise_do,
        name="exercise-do",
    ),
    path(
        "exercises/<ref:reference>/documents/<int:pk>/",
        views.exercise_document,
        name="exercise-document",
    ),
    path(
        "exercises/<ref:reference>/bids/<int:pk>/",
        views.exercise_bid,
        name="exercise-bid",
    ),
    path("bids/", views.bid_list, name="bid-list"),
    path("bids/<int:pk>/", views.bid_detail, name="bid-detail"),
    path("bids/<int:pk>/letter/", views.bid_letter, name="bid-letter"),
    path(
        "bids/<int:pk>/documents/<int:document_pk>/",
        views.bid_document,
        name="bid-document",
    ),
]
