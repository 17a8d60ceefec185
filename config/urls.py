from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from cases.accounts.forms import LoginForm, PasswordResetForm, SetPasswordForm
from cases.api import api
from cases.api.views import api_not_found, api_reference
from cases.commissioning.ocds.views import extension_file
from cases.common.throttle import limit_public_form
from workflows import operations

auth = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password-reset/",
        limit_public_form("password-reset")(
            auth_views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

# For a load balancer or an orchestrator: live (the process answers, nothing else is
# asked) and ready (the database, the cache and the background queue answer in time).
health = [
    path("live/", operations.QuietHealthCheckView.as_view(checks=[]), name="health-live"),
    path(
        "ready/",
        operations.QuietHealthCheckView.as_view(
            checks=[
                "health_check.checks.Database",
                "health_check.checks.Cache",
                "workflows.operations.QueueLag",
            ]
        ),
        name="health-ready",
    ),
]

urlpatterns = [
    path("health/", include(health)),
    path("metrics", operations.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/v1/docs/", api_reference, name="api-reference"),
    # The OCDS extension's files (extension.json is named by ocds.releases.extension_url).
    path("api/v1/ocds/extension/<str:filename>", extension_file, name="ocds-extension"),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),
]
# The pages: in English at /..., in Welsh at /cy/..., so a page in either language has its own
# address to share, and the language switch links one to the other.
urlpatterns += i18n_patterns(
    path("accounts/", include(auth)),
    path("", include("cases.urls")),
    path("", include("workflows.urls")),
    prefix_default_language=False,
)

handler400 = "cases.common.errors.bad_request"
handler404 = "cases.common.errors.not_found"
handler403 = "cases.common.errors.forbidden"
handler500 = "cases.common.errors.server_error"
