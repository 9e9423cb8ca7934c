from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.auth_forms import LoginForm
from assessments.views.audit import audit_log
from assessments.views.home import home
from assessments.views.privacy import my_data, privacy_notice

urlpatterns = [
    path("", home, name="home"),
    path("", include("assessments.urls")),
    path("", include("assessments.views.hr.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", privacy_notice, name="privacy"),
    path("audit/", audit_log, name="audit"),
    path("me/data.json", my_data, name="my_data"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
