from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("p/<int:participant_pk>/", views.participant_report, name="participant_report"),
    path("p/<int:participant_pk>/pdf/", views.participant_report_pdf,
         name="participant_report_pdf"),
    path("p/<int:participant_pk>/acknowledge/", views.participant_report_acknowledge,
         name="participant_report_acknowledge"),
    path("round/<int:round_pk>/", views.round_reports, name="round_reports"),
    path("round/<int:round_pk>/status.json", views.round_reports_status,
         name="round_reports_status"),
    path("round/<int:round_pk>/generate/", views.round_reports_generate,
         name="round_reports_generate"),
    path("round/<int:round_pk>/reports.zip", views.round_reports_zip, name="round_reports_zip"),
    path("access-log/", views.access_log, name="access_log"),
]
