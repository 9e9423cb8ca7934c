from django.urls import path

from . import views

app_name = "competency"
urlpatterns = [
    path("", views.dictionary_index, name="index"),
    path("export/<str:fmt>/", views.dictionary_export, name="export"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<str:token>/", views.import_preview, name="import_preview"),
    path("import/<str:token>/apply/", views.import_apply, name="import_apply"),
    path("<str:code>/v<int:version>/", views.version_detail, name="version"),
]
