from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.accounts import models
from cases.common.admin import ReadOnlyAdmin


@admin.register(models.ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are made and revoked by their users; the admin can see them and revoke one
    (a lost laptop, a person who has left). The token itself is never stored."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = list_display
    exclude = ["key_hash"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        from django.utils import timezone

        from cases.register.services import audit_record

        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=request.user, action="api_token.revoke", obj=token)
