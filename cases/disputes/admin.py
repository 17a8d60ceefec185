from django.contrib import admin
from django_fsm_log.admin import StateLogInline

from cases.common.admin import ReadOnlyAdmin
from cases.disputes import models
from cases.disputes.models import DisputeProcess


class DisputeEventInline(admin.TabularInline):
    model = models.DisputeEvent
    extra = 0
    fields = ["created_at", "kind", "title", "actor", "without_prejudice"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ["reference", "compact", "complainant", "respondent", "stage", "due_on"]
    list_filter = ["compact", "stage", "outcome"]
    search_fields = ["reference", "complainant__name", "respondent__name"]
    date_hierarchy = "created_at"
    inlines = [StateLogInline, DisputeEventInline]


@admin.register(models.DisputeEvent)
class DisputeEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "dispute", "kind", "title", "without_prejudice"]
    list_filter = ["kind", "without_prejudice"]
    search_fields = ["dispute__reference", "title"]


@admin.register(models.DisputeAnswer)
class DisputeAnswerAdmin(ReadOnlyAdmin):
    """Answers are given on the answer step and extended by the Champion on the dispute's
    page, each with its timeline entry; the admin only shows them."""

    list_display = ["dispute", "asked_on", "due_on", "answered_at", "late"]
    list_filter = ["late"]
    search_fields = ["dispute__reference"]


@admin.register(models.Remedy)
class RemedyAdmin(ReadOnlyAdmin):
    """Remedies move only through their steps and the dispute's page."""

    list_display = ["dispute", "owed_by", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["dispute__reference", "owed_by__name"]


@admin.register(models.RemedyProcess)
class RemedyProcessAdmin(ReadOnlyAdmin):
    list_display = ["remedy", "status", "created", "finished"]
    list_filter = ["status"]
    fields = ["remedy", "status", "created", "finished"]
    readonly_fields = fields


@admin.register(models.DisputeMessage)
class DisputeMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "dispute", "author", "role", "without_prejudice"]
    list_filter = ["without_prejudice"]
    search_fields = ["dispute__reference"]


@admin.register(models.DisputeDraft)
class DisputeDraftAdmin(ReadOnlyAdmin):
    """Drafts are their authors' own: the admin shows that they exist, not what they say."""

    list_display = ["pk", "author", "created_at", "saved_at", "reminded_at"]
    fields = ["author", "created_at", "saved_at", "reminded_at"]
    readonly_fields = fields


@admin.register(models.DisputeDocument)
class DisputeDocumentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "dispute", "content_type", "size", "without_prejudice"]
    list_filter = ["without_prejudice", "content_type"]
    search_fields = ["dispute__reference", "original_name"]
    exclude = ["file"]  # served only through the dispute page, which checks permission


@admin.register(DisputeProcess)
class DisputeProcessAdmin(ReadOnlyAdmin):
    """Procedures move only through their steps; the admin shows where each one is."""

    list_display = ["dispute", "status", "created", "finished"]
    list_filter = ["status"]
    search_fields = ["dispute__reference"]
    fields = ["dispute", "status", "created", "finished"]
    readonly_fields = fields
