from django.urls import path

from . import views, views_exports
from .plans import views as plan_views

app_name = "reports"
urlpatterns = [
    path("p/<int:participant_pk>/", views.participant_report, name="participant_report"),
    path("p/<int:participant_pk>/pdf/", views.participant_report_pdf,
         name="participant_report_pdf"),
    path("p/<int:participant_pk>/summary.pdf", views.participant_summary_pdf,
         name="participant_summary_pdf"),
    path("p/<int:participant_pk>/acknowledge/", views.participant_report_acknowledge,
         name="participant_report_acknowledge"),
    # The development plan of a released round (the person and their supervisor).
    path("p/<int:participant_pk>/plan/", plan_views.participant_plan, name="participant_plan"),
    path("p/<int:participant_pk>/plan/add/", plan_views.participant_plan_add,
         name="participant_plan_add"),
    path("p/<int:participant_pk>/plan/agree/", plan_views.participant_plan_agree,
         name="participant_plan_agree"),
    path("p/<int:participant_pk>/plan/<int:item_pk>/", plan_views.participant_plan_item,
         name="participant_plan_item"),
    path("p/<int:participant_pk>/plan/<int:item_pk>/delete/",
         plan_views.participant_plan_item_delete, name="participant_plan_item_delete"),
    path("round/<int:round_pk>/plans/", plan_views.round_plans, name="round_plans"),
    path("round/<int:round_pk>/plans.xlsx", plan_views.round_plans_export,
         name="round_plans_export"),
    path("round/<int:round_pk>/", views.round_reports, name="round_reports"),
    path("round/<int:round_pk>/status.json", views.round_reports_status,
         name="round_reports_status"),
    path("round/<int:round_pk>/generate/", views.round_reports_generate,
         name="round_reports_generate"),
    path("round/<int:round_pk>/reports.zip", views.round_reports_zip, name="round_reports_zip"),
    path("access-log/", views.access_log, name="access_log"),
    # Round results from the released snapshots: exports and the heatmap.
    path("round/<int:pk>/results.<slug:fmt>", views_exports.round_results_export,
         name="round_results_export"),
    path("round/<int:pk>/summary.<slug:fmt>", views_exports.round_summary_export,
         name="round_summary_export"),
    path("round/<int:pk>/non-responders.<slug:fmt>", views_exports.round_non_responders_export,
         name="round_non_responders_export"),
    path("round/<int:pk>/heatmap/", views_exports.round_heatmap_page, name="round_heatmap"),
    path("round/<int:pk>/heatmap/<int:unit_id>/", views_exports.round_heatmap_unit,
         name="round_heatmap_unit"),
]
