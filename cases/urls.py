"""Every page of the cases app: each subject keeps its own routes."""

from django.urls import include, path, register_converter

from cases.common.converters import ReferenceConverter

register_converter(ReferenceConverter, "ref")

urlpatterns = [
    path("", include("cases.register.urls")),
    path("", include("cases.accounts.urls")),
    path("", include("cases.disputes.urls")),
    path("", include("cases.commissioning.urls")),
    path("", include("cases.year.urls")),
    path("", include("cases.home.urls")),
    path("", include("cases.privacy.urls")),
]
