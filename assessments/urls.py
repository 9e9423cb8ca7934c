from django.urls import path

from .views import hr, participants, people, rating

app_name = "assessments"
urlpatterns = [
    path("forms/", rating.my_forms, name="my_forms"),
    path("forms/<int:pk>/", rating.rate, name="rate"),
    path("team/", people.team, name="team"),
    path("results/", people.my_results, name="my_results"),
    path("nominations/", people.nominations, name="nominations"),
    path("nominations/<int:pk>/decide/", people.nomination_decide, name="nomination_decide"),
    path("participants/<int:pk>/nominate/", people.nominate, name="nominate"),
    path("participants/<int:pk>/nominate/add/", people.nominate_add, name="nominate_add"),
    # HR: rounds of their agency
    path("rounds/", hr.round_list, name="round_list"),
    path("rounds/new/", hr.round_create, name="round_create"),
    path("rounds/<int:pk>/", hr.round_dashboard, name="round_dashboard"),
    path("rounds/<int:pk>/edit/", hr.round_edit, name="round_edit"),
    path("rounds/<int:pk>/open/", hr.round_open, name="round_open"),
    path("rounds/<int:pk>/close/", hr.round_close, name="round_close"),
    path("rounds/<int:pk>/release/", hr.round_release, name="round_release"),
    path("rounds/<int:pk>/extend/", hr.round_extend, name="round_extend"),
    path("rounds/<int:pk>/participants/", participants.round_participants,
         name="round_participants"),
    path("participants/<int:pk>/", participants.participant_detail, name="participant_detail"),
    path("participants/<int:pk>/raters/add/", participants.assignment_add, name="assignment_add"),
    path("assignments/<int:pk>/remove/", participants.assignment_remove,
         name="assignment_remove"),
    path("assignments/<int:pk>/swap/", participants.assignment_swap, name="assignment_swap"),
    path("assignments/<int:pk>/reopen/", participants.form_reopen, name="form_reopen"),
]
