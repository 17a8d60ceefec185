from django.contrib import admin
from django_fsm_log.admin import StateLogInline

from cases.commissioning import models
from cases.common.admin import ReadOnlyAdmin


class DepartureInline(admin.TabularInline):
    model = models.Departure
    extra = 0
    fields = ["rule", "required", "actual", "justification", "reviewed_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Exercise)
class ExerciseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "compact", "commissioner", "stage", "bids_close_at"]
    list_filter = ["compact", "stage", "funding_type"]
    search_fields = ["reference", "title", "commissioner__name"]
    inlines = [StateLogInline, DepartureInline]


@admin.register(models.Bid)
class BidAdmin(ReadOnlyAdmin):
    """Bids are shown without their content: it stays sealed in the service."""

    list_display = ["exercise", "organisation", "status", "version", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["exercise__reference", "organisation__name"]
    fields = ["exercise", "organisation", "status", "version", "submitted_at"]


@admin.register(models.BidDocument)
class BidDocumentAdmin(ReadOnlyAdmin):
    """Only that a bid has documents: their names and contents stay sealed in the service."""

    list_display = ["bid", "created_at"]
    fields = ["bid", "created_at"]
    readonly_fields = fields


@admin.register(models.BidLetter)
class BidLetterAdmin(ReadOnlyAdmin):
    list_display = ["bid", "created_at"]
    exclude = ["file"]


@admin.register(models.ExerciseProcess)
class ExerciseProcessAdmin(ReadOnlyAdmin):
    """Procedures move only through their steps; the admin shows where each one is."""

    list_display = ["exercise", "status", "created", "finished"]
    list_filter = ["status"]
    search_fields = ["exercise__reference"]
    fields = ["exercise", "status", "created", "finished"]
    readonly_fields = fields


@admin.register(models.DepartureProcess)
class DepartureProcessAdmin(ReadOnlyAdmin):
    list_display = ["departure", "status", "created", "finished"]
    list_filter = ["status"]
    fields = ["departure", "status", "created", "finished"]
    readonly_fields = fields


# The exercise's other records, read-only.
for model in (
    models.Departure,
    models.ConsultationQuestion,
    models.ConsultationResponse,
    models.Clarification,
    models.Review,
    models.FundingChange,
    models.ExerciseDocument,
    models.Criterion,
    models.BidScore,
    models.Amendment,
    models.BidPartner,
    models.Alert,
    models.ExerciseEvent,
):
    admin.site.register(model, ReadOnlyAdmin)
