from django.contrib import admin

from .models import ReportAccess, ReportAcknowledgement, ReportSnapshot


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
