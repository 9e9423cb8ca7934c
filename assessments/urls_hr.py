"""HR operations, mounted at /hr/: import, late forms and what is missing, personal data."""

from django.urls import path

from .views_hr import imports, index, people, personal_data, rounds

app_name = "hr"
urlpatterns = [
    path("", index.index, name="index"),
    path("<slug:agency>/import/<slug:kind>/", imports.import_upload, name="import_upload"),
    path("<slug:agency>/import/<slug:kind>/template.<slug:fmt>",
         imports.import_template_download, name="import_template"),
    path("imports/<int:pk>/", imports.import_job, name="import_job"),
    path("imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("imports/<int:pk>/apply/", imports.import_job_apply, name="import_job_apply"),
    path("<slug:agency>/people/", people.people, name="people"),
    path("people/<int:employee_id>/expected-level/", people.person_expected_level,
         name="person_expected_level"),
    path("rounds/<int:pk>/missing/", rounds.round_missing, name="round_missing"),
    path("rounds/<int:pk>/late/<int:employee_id>/", rounds.round_allow_late,
         name="round_allow_late"),
    # PDPA: former employees' personal data
    path("<slug:agency>/personal-data/", personal_data.personal_data_list,
         name="personal_data_list"),
    path("personal-data/<int:employee_id>/", personal_data.personal_data_person,
         name="personal_data_person"),
]
