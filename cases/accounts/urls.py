"""The account's API token pages."""

from django.urls import path

from cases.accounts import views

urlpatterns = [
    path("account/api-tokens/", views.token_list, name="api-tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="api-token-revoke"),
]
