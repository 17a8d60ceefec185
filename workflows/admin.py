from django.contrib import admin

from workflows.models import DisputeProcess


@admin.register(DisputeProcess)
class DisputeProcessAdmin(admin.ModelAdmin):
    """Procedures move only through their steps; the admin shows where each one is."""

    list_display = ["dispute", "status", "created", "finished"]
    list_filter = ["status"]
    search_fields = ["dispute__reference"]
    fields = ["dispute", "status", "created", "finished"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
