from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_fsm_log.admin import StateLogInline
from simple_history.admin import SimpleHistoryAdmin

from cases.register import models


class ReadOnly:
    """Changed only through the service's own pages, so each change is recorded as it
    should be (a version of the Compact, an audit entry); here they can be read."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommitmentInline(ReadOnly, admin.TabularInline):
    model = models.Commitment
    extra = 0
    fields = ["ref", "code", "title_en_gb", "title_cy", "undertaken_by", "in_force", "position"]


class JointBodyInline(admin.TabularInline):
    model = models.JointBodyMember
    extra = 0
    autocomplete_fields = ["user", "organisation"]


class MediatorInline(admin.TabularInline):
    model = models.Mediator
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(models.Compact)
class CompactAdmin(SimpleHistoryAdmin):
    """The rules, the terms of reference and the commitments change on the compact's own
    pages, where each change is a numbered version with its reason."""

    list_display = ["name", "prefix", "area", "country", "languages", "joint_body_name", "champion"]
    list_filter = ["country", "nation", "languages"]
    search_fields = ["name", "area", "prefix"]
    prepopulated_fields = {"slug": ["area"]}
    autocomplete_fields = ["champion"]
    inlines = [JointBodyInline, MediatorInline, CommitmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "prefix",
                    "area",
                    "country",
                    "nation",
                    "languages",
                    # Each language by its own name: `summary` would be the admin's own.
                    "summary_en_gb",
                    "summary_cy",
                ]
            },
        ),
        (_("People"), {"fields": ["champion", "joint_body_name_en_gb", "joint_body_name_cy"]}),
        (
            _("Rules"),
            {
                "fields": [
                    *models.Compact.RULE_FIELDS,
                    "joint_body_terms_en_gb",
                    "joint_body_terms_cy",
                ]
            },
        ),
        (_("Source"), {"fields": ["adopted_year", "source_document"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*models.Compact.RULE_FIELDS, "joint_body_terms_en_gb", "joint_body_terms_cy"]


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
    list_display = ["user", "compact", "organisation", "role", "joined_on", "term_ends_on"]
    list_filter = ["compact", "role", "organisation__sector"]
    autocomplete_fields = ["user", "organisation"]

    def save_model(self, request, obj, form, change):
        from cases.register.services import joint_body_membership_sync

        super().save_model(request, obj, form, change)
        joint_body_membership_sync(obj.user)  # the joint body's queue comes with the seat

    def delete_model(self, request, obj):
        from cases.register.services import joint_body_membership_sync

        user = obj.user
        super().delete_model(request, obj)
        joint_body_membership_sync(user)


@admin.register(models.Mediator)
class MediatorAdmin(admin.ModelAdmin):
    list_display = ["user", "compact", "accreditation", "is_active"]
    list_filter = ["compact", "is_active"]
    autocomplete_fields = ["user"]


class SignatoryChangeInline(ReadOnly, admin.TabularInline):
    model = models.SignatoryChange
    extra = 0
    fields = ["kind", "on", "reason", "by"]


@admin.register(models.Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    """Renewals and leaving are recorded on the signatory's page, where they are logged."""

    list_display = ["organisation", "compact", "signed_on", "renewed_on", "left_on"]
    readonly_fields = ["renewed_on", "left_on", "left_reason"]
    inlines = [SignatoryChangeInline]
    list_filter = ["compact", "organisation__sector"]
    search_fields = ["organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "signed_on"


@admin.register(models.Commitment)
class CommitmentAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["ref", "title", "compact", "code", "undertaken_by", "in_force"]
    list_filter = ["compact", "code", "undertaken_by", "in_force"]
    # Both languages of the words (django-modeltranslation reads `title` as the English here).
    search_fields = ["ref", "title_en_gb", "text_en_gb", "title_cy", "text_cy"]


@admin.register(models.CompactVersion)
class CompactVersionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["compact", "number", "made_at", "made_by", "reason"]
    list_filter = ["compact"]


@admin.register(models.SignatoryChange)
class SignatoryChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["signatory", "kind", "on", "by"]
    list_filter = ["kind", "signatory__compact"]


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


class ReferenceCounterForm(forms.ModelForm):
    class Meta:
        model = models.ReferenceCounter
        fields = ["last"]

    def clean_last(self):
        last = self.cleaned_data["last"]
        if self.instance.pk and last < self.instance.last:
            raise forms.ValidationError(
                _("A counter only moves on: a lower number would give a reference twice.")
            )
        return last


@admin.register(models.ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    """The last number given to each compact's references of a kind in a year: shown, and
    changed only to move it on (a number given must never be given again)."""

    form = ReferenceCounterForm
    list_display = ["compact", "kind", "year", "last"]
    list_filter = ["kind", "year"]
    readonly_fields = ["compact", "kind", "year"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.DataProtectionOfficer)
class DataProtectionOfficerAdmin(admin.ModelAdmin):
    """Seats are given here, like a joint body's (no compact: the whole service)."""

    list_display = ["user", "compact", "appointed_on"]
    list_filter = ["compact"]
    autocomplete_fields = ["user"]


@admin.register(models.AccessEvent)
class AccessEventAdmin(ReadOnly, admin.ModelAdmin):
    """Who read a confidential record: read here and on the data protection pages."""

    list_display = ["at", "user", "kind", "reference", "what", "via", "compact"]
    list_filter = ["kind", "via", "compact"]
    search_fields = ["reference", "user__username"]
