"""The retention schedule's records, read in the admin (they change on the data protection
officer's pages, where each change is audited)."""

from django.contrib import admin

from cases.privacy import models
from cases.register.admin import ReadOnly


@admin.register(models.RetentionRule)
class RetentionRuleAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["kind", "compact", "months", "changed_by", "changed_at"]
    list_filter = ["kind", "compact"]


@admin.register(models.LegalHold)
class LegalHoldAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["case", "reason", "placed_by", "placed_at", "lifted_at"]
    list_filter = ["lifted_at"]


@admin.register(models.Disposal)
class DisposalAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["disposed_at", "kind", "reference", "compact"]
    list_filter = ["kind", "compact"]
    search_fields = ["reference"]


@admin.register(models.RetentionRun)
class RetentionRunAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["day", "started_at", "finished_at", "done"]
