"""The privacy notice and the data protection pages."""

from django.urls import path

from cases.privacy import views

urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("data-protection/", views.officer_home, name="data-protection"),
    path("data-protection/access-log/", views.access_log, name="access-log"),
    path("data-protection/retention/", views.retention_schedule, name="retention-schedule"),
    path("data-protection/disposals/", views.disposals, name="disposals"),
    path("data-protection/holds/", views.holds, name="legal-holds"),
    path("data-protection/holds/<int:pk>/lift/", views.hold_lift, name="legal-hold-lift"),
    path("data-protection/people/", views.people, name="people"),
    path("data-protection/people/<int:pk>/", views.person, name="person"),
    path("data-protection/people/<int:pk>/export/", views.person_export, name="person-export"),
    path("data-protection/people/<int:pk>/erase/", views.person_erase, name="person-erase"),
    path(
        "disputes/<ref:reference>/who-looked/",
        views.dispute_who_looked,
        name="dispute-who-looked",
    ),
]
