"""HR operations, mounted at /hr/: import, late forms and what is missing, exports."""

from django.urls import path

from .views_hr import exports, imports, index, personal_data, rounds

app_name = "hr"
urlpatterns = [
    path("", index.index, name="index"),
    path("<slug:agency>/import/<slug:kind>/", imports.import_upload, name="import_upload"),
    path("<slug:agency>/import/<slug:kind>/template.<slug:fmt>",
         imports.import_template_download, name="import_template"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("imports/<int:pk>/apply/", imports.import_job_apply, name="import_job_apply"),
    path("rounds/<int:pk>/missing/", rounds.round_missing, name="round_missing"),
    path("rounds/<int:pk>/late/<int:employee_id>/", rounds.round_allow_late,
         name="round_allow_late"),
    path("rounds/<int:pk>/results.<slug:fmt>", exports.round_results_export,
         name="round_results_export"),
    path("rounds/<int:pk>/non-responders.<slug:fmt>", exports.round_non_responders_export,
         name="round_non_responders_export"),
    path("rounds/<int:pk>/heatmap/", exports.round_heatmap_page, name="round_heatmap"),
    path("rounds/<int:pk>/heatmap/<int:unit_id>/", exports.round_heatmap_unit,
         name="round_heatmap_unit"),
    # PDPA: former employees' personal data
    path("<slug:agency>/personal-data/", personal_data.personal_data_list,
         name="personal_data_list"),
    path("personal-data/<int:employee_id>/", personal_data.personal_data_person,
         name="personal_data_person"),
]
