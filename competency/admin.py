from django.contrib import admin

from .models import Competency, ExpectedLevel, Indicator, Level


class LevelInline(admin.StackedInline):
    model = Level
    extra = 0
    show_change_link = True


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "name_en", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
    inlines = [LevelInline]


@admin.register(Level)
class LevelAdmin(admin.ModelAdmin):
    list_display = ["competency", "number", "summary_th"]
    list_filter = ["competency"]
    list_select_related = ["competency"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["level", "order", "text_th"]
    list_filter = ["level__competency", "level__number"]
    list_select_related = ["level__competency"]
    search_fields = ["text_th", "text_en"]


@admin.register(ExpectedLevel)
class ExpectedLevelAdmin(admin.ModelAdmin):
    list_display = ["position_type", "position_level", "competency_kind", "level"]
    list_editable = ["level"]
    list_filter = ["position_type", "competency_kind"]
