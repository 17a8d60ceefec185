from django.contrib import admin
from django_fsm_log.admin import StateLogInline

from cases import models


class CommitmentInline(admin.TabularInline):
    model = models.Commitment
    extra = 0
    fields = ["ref", "code", "title", "undertaken_by", "position"]


class JointBodyInline(admin.TabularInline):
    model = models.JointBodyMember
    extra = 0
    autocomplete_fields = ["user", "organisation"]


class MediatorInline(admin.TabularInline):
    model = models.Mediator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Compact)
class CompactAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "area", "nation", "joint_body_name", "champion"]
    list_filter = ["nation"]
    search_fields = ["name", "area", "prefix"]
    prepopulated_fields = {"slug": ["area"]}
    autocomplete_fields = ["champion"]
    inlines = [JointBodyInline, MediatorInline, CommitmentInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "prefix", "area", "nation", "summary"]}),
        ("People", {"fields": ["champion", "joint_body_name"]}),
        ("Rules", {"fields": list(models.Compact.RULE_FIELDS)}),
        ("Source", {"fields": ["adopted_year", "source_document"]}),
    ]


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "legal_form", "charity_number", "postcode"]
    list_filter = ["sector", "legal_form"]
    search_fields = ["name", "charity_number", "company_number", "postcode"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "job_title", "is_contact"]
    list_filter = ["role", "organisation__sector"]
    search_fields = ["user__username", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(models.JointBodyMember)
class JointBodyMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "compact", "organisation", "role"]
    list_filter = ["compact", "role", "organisation__sector"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        from workflows.services import joint_body_membership_sync

        super().save_model(request, obj, form, change)
        joint_body_membership_sync(obj.user)  # the joint body's queue comes with the seat

    def delete_model(self, request, obj):
        from workflows.services import joint_body_membership_sync

        user = obj.user
        super().delete_model(request, obj)
        joint_body_membership_sync(user)


@admin.register(models.Mediator)
class MediatorAdmin(admin.ModelAdmin):
    list_display = ["user", "compact", "accreditation", "is_active"]
    list_filter = ["compact", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(models.Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "compact", "signed_on", "signed_by_name"]
    list_filter = ["compact", "organisation__sector"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "signed_on"


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["ref", "title", "compact", "code", "undertaken_by"]
    list_filter = ["compact", "code", "undertaken_by"]
    search_fields = ["ref", "title", "text"]


@admin.register(models.ActionPlanItem)
class ActionPlanItemAdmin(admin.ModelAdmin):
    list_display = ["action", "compact", "timescale", "lead", "status"]
    list_filter = ["compact", "status"]


@admin.register(models.SignupRequest)
class SignupRequestAdmin(admin.ModelAdmin):
    """Sign-up requests are decided on the Champion's page, through the service, so the
    decision is logged and the applicant told; here they can only be read."""

    list_display = ["reference", "organisation_name", "compact", "status", "created_at"]
    list_filter = ["compact", "status"]
    search_fields = ["reference", "organisation_name", "contact_email"]
    inlines = [StateLogInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(models.AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is read-only, here as everywhere."""

    list_display = ["created_at", "actor", "action", "object_repr", "compact"]
    list_filter = ["compact", "action"]
    search_fields = ["object_repr", "actor__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Cases change only through their services, so every change is checked, logged and
    told to the people concerned; the admin shows them read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(models.DisputeDocument)
class DisputeDocumentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "dispute", "content_type", "size", "without_prejudice"]
    list_filter = ["without_prejudice", "content_type"]
    search_fields = ["dispute__reference", "original_name"]
    exclude = ["file"]  # served only through the dispute page, which checks permission


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


for model in (
    models.Departure,
    models.ConsultationQuestion,
    models.ConsultationResponse,
    models.Clarification,
    models.Review,
    models.ExerciseEvent,
):
    admin.site.register(model, ReadOnlyAdmin)


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

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        from django.utils import timezone

        from cases.services import audit_record

        for token in queryset.filter(revoked_at__isnull=True):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(actor=request.user, action="api_token.revoke", obj=token)
