"""Django admin for superusers. HR works in the portal pages, not here.

Ratings and comments are deliberately not registered: nobody, superusers
included, browses what a named rater answered.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agency,
    Assignment,
    AssignmentReopening,
    DirectoryIdentity,
    Employee,
    HrOfficer,
    OrgUnit,
    Participant,
    Round,
    RoundCompetency,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th"]
    search_fields = ["code", "name_th"]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "kind", "parent", "agency"]
    list_filter = ["agency", "kind"]
    search_fields = ["code", "name_th"]
    list_select_related = ["parent", "agency"]
    raw_id_fields = ["parent"]


@admin.register(Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ["employee_number", "full_name", "position_name", "position_type",
                    "position_level", "unit", "supervisor", "is_active"]
    list_filter = ["agency", "position_type", "is_active"]
    search_fields = ["employee_number", "first_name", "last_name"]
    list_select_related = ["unit", "supervisor"]
    raw_id_fields = ["unit", "supervisor", "user"]


@admin.register(HrOfficer)
class HrOfficerAdmin(SimpleHistoryAdmin):
    list_display = ["user", "agency"]
    list_filter = ["agency"]
    raw_id_fields = ["user"]


class RoundCompetencyInline(admin.TabularInline):
    model = RoundCompetency
    extra = 0


@admin.register(DirectoryIdentity)
class DirectoryIdentityAdmin(admin.ModelAdmin):
    """Deleting a row releases an account bound to a directory identity."""

    list_display = ["user", "source", "issuer", "subject", "last_at"]
    list_filter = ["source"]
    search_fields = ["user__username", "subject"]
    raw_id_fields = ["user"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name_th", "agency", "fiscal_year", "half", "state", "deadline"]
    list_filter = ["agency", "state", "fiscal_year"]
    search_fields = ["slug", "name_th"]
    inlines = [RoundCompetencyInline]
    readonly_fields = ["state", "opened_at", "closed_at", "released_at"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["employee", "round", "unit_name", "position_name"]
    list_filter = ["round"]
    search_fields = ["employee__employee_number", "employee__first_name"]
    list_select_related = ["employee", "round"]
    raw_id_fields = ["employee", "unit", "supervisor"]

    def has_change_permission(self, request, obj=None):
        return False  # the frozen roster is changed through the round services only


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    """Who rates whom and whether they have submitted; never what they answered."""

    list_display = ["participant", "rater", "group", "status", "submitted_at"]
    list_filter = ["round", "group", "status"]
    list_select_related = ["participant__employee", "rater"]
    search_fields = ["rater__employee_number", "participant__employee__employee_number"]
    raw_id_fields = ["participant", "rater", "nominated_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(AssignmentReopening)
class FormReopeningAdmin(admin.ModelAdmin):
    list_display = ["assignment", "by", "reason", "at"]
    list_select_related = ["assignment__participant__employee", "assignment__rater", "by"]

    def has_change_permission(self, request, obj=None):
        return False
