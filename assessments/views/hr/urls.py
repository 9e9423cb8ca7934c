"""Every HR page, in one namespace (``hr:``), mounted at the site root.

The paths are those HR has always used: rounds and their people at the top
level, organisation operations under ``hr/`` and the competency dictionary
under ``dictionary/``.
"""

from django.urls import path

from . import (
    accounts,
    closing,
    dictionary,
    imports,
    index,
    missing,
    participants,
    people,
    personal_data,
    reminders,
    rounds,
)

app_name = "hr"
urlpatterns = [
    # Rounds of the agency: list, create/edit, dashboard and state changes.
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<int:pk>/", rounds.round_dashboard, name="round_dashboard"),
    path("rounds/<int:pk>/edit/", rounds.round_edit, name="round_edit"),
    path("rounds/<int:pk>/open/", rounds.round_open, name="round_open"),
    # GET: the confirmation with what is still pending; POST: close.
    path("rounds/<int:pk>/close/", closing.round_close, name="round_close"),
    path("rounds/<int:pk>/release/", rounds.round_release, name="round_release"),
    path("rounds/<int:pk>/extend/", rounds.round_extend, name="round_extend"),
    # Reminders HR sends from the round's page, and the log of the round's mail.
    path("rounds/<int:pk>/remind/", reminders.round_remind, name="round_remind"),
    path("rounds/<int:pk>/reminders/", reminders.round_reminders, name="round_reminders"),
    # The people of a round: participants, their raters, reopening assignments.
    path("rounds/<int:pk>/participants/", participants.round_participants,
         name="round_participants"),
    path("participants/<int:pk>/", participants.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/raters/add/", participants.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/remove/", participants.assignment_remove,
         name="assignment_remove"),
    path("assignments/<int:pk>/swap/", participants.assignment_swap, name="assignment_swap"),
    path("assignments/<int:pk>/reopen/", participants.assignment_reopen,
         name="assignment_reopen"),
    # Organisation operations: import, people, late forms and what is missing, PDPA.
    path("hr/", index.index, name="index"),
    path("hr/<slug:agency>/import/<slug:kind>/", imports.import_upload, name="import_upload"),
    path("hr/<slug:agency>/import/<slug:kind>/template.<slug:fmt>",
         imports.import_template_download, name="import_template"),
    path("hr/imports/<int:pk>/", imports.import_job, name="import_job"),
    path("hr/imports/<int:pk>/status/", imports.import_job_status, name="import_job_status"),
    path("hr/imports/<int:pk>/apply/", imports.import_job_apply, name="import_job_apply"),
    path("hr/imports/<int:pk>/retry/", imports.import_job_retry_view, name="import_job_retry"),
    path("hr/imports/<int:pk>/discard/", imports.import_job_discard_view,
         name="import_job_discard"),
    path("hr/<slug:agency>/people/", people.people, name="people"),
    path("hr/people/<int:employee_id>/", people.person, name="person"),
    path("hr/people/<int:employee_id>/deactivate/", people.person_deactivate,
         name="person_deactivate"),
    path("hr/people/<int:employee_id>/reactivate/", people.person_reactivate,
         name="person_reactivate"),
    path("hr/people/<int:employee_id>/expected-level/", people.person_expected_level,
         name="person_expected_level"),
    # Accounts: a person's sign-in status and HR's actions on it.
    path("hr/people/<int:employee_id>/account/", accounts.person_account,
         name="person_account"),
    path("hr/people/<int:employee_id>/account/activation/", accounts.person_activation_send,
         name="person_activation_send"),
    path("hr/people/<int:employee_id>/account/unlock/", accounts.person_unlock,
         name="person_unlock"),
    path("hr/<slug:agency>/people/activation/", accounts.people_activation_send,
         name="people_activation_send"),
    path("hr/rounds/<int:pk>/missing/", missing.round_missing, name="round_missing"),
    path("hr/rounds/<int:pk>/late/<int:employee_id>/", missing.round_allow_late,
         name="round_allow_late"),
    path("hr/<slug:agency>/personal-data/", personal_data.personal_data_list,
         name="personal_data_list"),
    path("hr/personal-data/<int:employee_id>/", personal_data.personal_data_person,
         name="personal_data_person"),
    # The competency dictionary: versions, export, import with preview.
    path("dictionary/", dictionary.dictionary_index, name="dictionary_index"),
    path("dictionary/export/<str:fmt>/", dictionary.dictionary_export, name="dictionary_export"),
    path("dictionary/import/", dictionary.import_upload, name="dictionary_import_upload"),
    path("dictionary/import/<str:token>/", dictionary.import_preview,
         name="dictionary_import_preview"),
    path("dictionary/import/<str:token>/apply/", dictionary.import_apply,
         name="dictionary_import_apply"),
    path("dictionary/<str:code>/v<int:version>/", dictionary.version_detail,
         name="dictionary_version"),
]
