"""The Compact's year's pages: action plans and impact assessments."""

from django.urls import path

from cases.year import views

urlpatterns = [
    path("compacts/<slug:slug>/action-plan/", views.action_plan, name="action-plan"),
    path("compacts/<slug:slug>/action-plan/add/", views.action_edit, name="action-add"),
    path("actions/<ref:reference>/", views.action_detail, name="action-detail"),
    path("actions/<ref:reference>/change/", views.action_edit, name="action-change"),
    path("compacts/<slug:slug>/impact-assessments/", views.impact_list, name="impact-list"),
    path("compacts/<slug:slug>/impact-assessments/new/", views.impact_new, name="impact-new"),
    path("impact-assessments/<ref:reference>/", views.impact_detail, name="impact-detail"),
    path("compacts/<slug:slug>/reviews/", views.annual_reviews, name="annual-reviews"),
    path("compacts/<slug:slug>/reviews/<int:year>/", views.annual_review, name="annual-review"),
    path(
        "compacts/<slug:slug>/reviews/<int:year>/propose/",
        views.annual_review_propose,
        name="annual-review-propose",
    ),
    path("compacts/<slug:slug>/report/", views.annual_report_now, name="annual-report-now"),
    path("compacts/<slug:slug>/report/<int:year>/", views.annual_report, name="annual-report"),
    path(
        "compacts/<slug:slug>/report/<int:year>/charts/<slug:name>.svg",
        views.annual_report_chart,
        name="annual-report-chart",
    ),
    path(
        "compacts/<slug:slug>/report/<int:year>/report.pdf",
        views.annual_report_pdf,
        name="annual-report-pdf",
    ),
    path(
        "compacts/<slug:slug>/report/<int:year>/<str:form>",
        views.annual_report_data,
        name="annual-report-data",
    ),
]
