from django.contrib import admin

from cases.register.admin import ReadOnly
from cases.year import models


class ActionUpdateInline(ReadOnly, admin.TabularInline):
    model = models.ActionUpdate
    extra = 0
    fields = ["created_at", "by", "status", "note"]
    readonly_fields = ["created_at"]


@admin.register(models.ActionPlanItem)
class ActionPlanItemAdmin(ReadOnly, admin.ModelAdmin):
    """Actions are agreed and changed on the compact's action plan pages, where each
    change is logged and the lead's step follows the target date."""

    list_display = ["action", "compact", "term", "lead_person", "target_date", "status"]
    list_filter = ["compact", "status", "term"]
    search_fields = ["action"]
    inlines = [ActionUpdateInline]


@admin.register(models.ActionUpdate)
class ActionUpdateAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["action", "status", "by", "created_at"]
    list_filter = ["status", "action__compact"]


@admin.register(models.ImpactAssessment)
class ImpactAssessmentAdmin(ReadOnly, admin.ModelAdmin):
    """Recorded and reviewed on the compact's pages, through the service."""

    list_display = ["title", "compact", "organisation", "created_at", "reviewed_at"]
    list_filter = ["compact"]
    search_fields = ["title"]


@admin.register(models.ActionProcess)
class ActionProcessAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["action", "status", "created"]


@admin.register(models.ImpactProcess)
class ImpactProcessAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["assessment", "status", "created"]


class ReviewAmendmentInline(ReadOnly, admin.TabularInline):
    model = models.ReviewAmendment
    extra = 0
    fields = ["kind", "rule", "value", "ref", "title", "reason", "agreed"]


@admin.register(models.AnnualReview)
class AnnualReviewAdmin(ReadOnly, admin.ModelAdmin):
    """Worked from the joint body's queue and the review's page, through the services."""

    list_display = ["compact", "year", "stage", "meeting_on", "published_at"]
    list_filter = ["compact", "stage"]
    inlines = [ReviewAmendmentInline]


@admin.register(models.ReviewAmendment)
class ReviewAmendmentAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["review", "kind", "ref", "rule", "agreed"]


@admin.register(models.ReviewProcess)
class ReviewProcessAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["review", "status", "created"]
