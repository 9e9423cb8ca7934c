from django.urls import path

from .views import people, rating

app_name = "assessments"
urlpatterns = [
    path("forms/", rating.my_forms, name="my_forms"),
    path("forms/<int:pk>/", rating.rate, name="rate"),
    path("forms/<int:pk>/autosave/", rating.rate_autosave, name="rate_autosave"),
    path("team/", people.team, name="team"),
    path("results/", people.my_results, name="my_results"),
    path("nominations/", people.nominations, name="nominations"),
    path("nominations/approve-all/", people.nominations_approve_all,
         name="nominations_approve_all"),
    path("nominations/<int:pk>/decide/", people.nomination_decide, name="nomination_decide"),
    path("participants/<int:pk>/nominate/", people.nominate, name="nominate"),
    path("participants/<int:pk>/nominate/add/", people.nominate_add, name="nominate_add"),
]
