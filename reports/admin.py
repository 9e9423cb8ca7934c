from django.contrib import admin

from .models import (
    DevelopmentPlan,
    DevelopmentPlanItem,
    ReportAccess,
    ReportAcknowledgement,
    ReportSnapshot,
)


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(admin.ModelAdmin):
    list_display = ("participant", "round", "version", "status", "issued_at", "rendered_at")
    list_filter = ("status", "round")
    readonly_fields = ("data", "data_hash", "pdf_hash", "version", "issued_at", "rendered_at")
    raw_id_fields = ("participant", "round")


@admin.register(ReportAccess)
class ReportAccessAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "kind", "participant", "round")
    list_filter = ("kind",)
    raw_id_fields = ("user", "participant", "round")

    def has_change_permission(self, request, obj=None):  # an audit log is read-only
        return False


@admin.register(ReportAcknowledgement)
class ReportAcknowledgementAdmin(admin.ModelAdmin):
    list_display = ("snapshot", "user", "at")
    raw_id_fields = ("snapshot", "user")


class _ReadOnly:
    """Read in the admin, changed only through ``reports.plans.services`` (which
    withdraws the agreement on any change and freezes the agreed plan into the report)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DevelopmentPlanItemInline(_ReadOnly, admin.TabularInline):
    model = DevelopmentPlanItem
    fields = ("indicator", "kind", "detail", "starts_on", "ends_on", "status")
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("participant", "agreed_at", "agreements", "last_agreed_at", "updated_at")
    list_filter = ("participant__round",)
    list_select_related = ("participant__employee", "participant__round")
    search_fields = ("participant__employee__employee_number",)
    inlines = (DevelopmentPlanItemInline,)


@admin.register(DevelopmentPlanItem)
class DevelopmentPlanItemAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("plan", "indicator", "kind", "status", "starts_on", "ends_on")
    list_filter = ("kind", "status")
    list_select_related = ("plan__participant__employee", "plan__participant__round")

    def has_delete_permission(self, request, obj=None):
        return False
