from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cases change only through their services, so every change is checked, logged and
    told to the people concerned; the admin shows them read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
