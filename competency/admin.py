from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Competency, ExpectedLevel, Indicator, Level

# A version that a round has opened with is frozen: the admin shows it read-only,
# and texts change through the dictionary import (competency.services), which
# writes a new version instead. "draft" is Round.State.DRAFT.
IN_USE = ~Q(rounds__state="draft") & Q(rounds__isnull=False)


def _frozen(competency: Competency | None) -> bool:
    return competency is not None and competency.pk is not None and (
        competency.rounds.exclude(state="draft").exists()
    )


class FrozenWhenUsed:
    """Read-only for rows of a competency version that a round uses."""

    def _competency(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        if obj is not None and _frozen(self._competency(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _frozen(self._competency(obj)):
            return False
        return super().has_delete_permission(request, obj)


class LevelInline(admin.StackedInline):
    model = Level
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Competency)
class CompetencyAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["code", "version", "name_th", "kind", "is_active", "rounds_in_use"]
    list_filter = ["is_active", "kind", "version"]
    search_fields = ["code", "name_th", "name_en"]
    ordering = ["code", "-version"]
    inlines = [LevelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            _rounds_in_use=Count("rounds", filter=IN_USE, distinct=True)
        )

    @admin.display(description=_("รอบที่ใช้ฉบับนี้"), ordering="_rounds_in_use")
    def rounds_in_use(self, obj):
        return obj._rounds_in_use


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0

    def has_change_permission(self, request, obj=None):
        frozen = obj is not None and _frozen(obj.competency)
        return not frozen and super().has_change_permission(request, obj)

    has_add_permission = has_delete_permission = has_change_permission


@admin.register(Level)
class LevelAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["competency", "competency_version", "number", "summary_th"]
    list_filter = ["competency__code", "competency__version", "competency__is_active"]
    list_select_related = ["competency"]
    inlines = [IndicatorInline]
    def _competency(self, obj):
        return obj.competency

    @admin.display(description=_("ฉบับที่"), ordering="competency__version")
    def competency_version(self, obj):
        return obj.competency.version


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["level", "competency_version", "order", "text_th"]
    list_filter = ["level__competency__code", "level__competency__version", "level__number"]
    list_select_related = ["level__competency"]
    search_fields = ["text_th", "text_en"]

    def _competency(self, obj):
        return obj.level.competency

    @admin.display(description=_("ฉบับที่"), ordering="level__competency__version")
    def competency_version(self, obj):
        return obj.level.competency.version


@admin.register(ExpectedLevel)
class ExpectedLevelAdmin(admin.ModelAdmin):
    list_display = ["position_type", "position_level", "competency_kind", "level"]
    list_editable = ["level"]
    list_filter = ["position_type", "competency_kind"]
