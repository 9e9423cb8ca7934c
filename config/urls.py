from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments.views import accounts, signin
from assessments.views.audit import audit_log
from assessments.views.home import home, session_keepalive
from assessments.views.privacy import my_data, my_data_xlsx, privacy_notice

urlpatterns = [
    path("", home, name="home"),
    path("", include("assessments.urls")),
    path("", include("assessments.views.hr.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", privacy_notice, name="privacy"),
    path("audit/", audit_log, name="audit"),
    path("me/data.json", my_data, name="my_data"),
    path("session/keepalive/", session_keepalive, name="session_keepalive"),
    path("me/data.xlsx", my_data_xlsx, name="my_data_xlsx"),
    path("accounts/login/", signin.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Local accounts: the first password from the invitation's link, a reset
    # link by e-mail from the login page, and changing one's password.
    path("accounts/activate/<uidb64>/<token>/", accounts.ActivateView.as_view(),
         name="account_activate"),
    path("accounts/password/forgot/", accounts.password_forgot, name="password_reset"),
    path("accounts/password/forgot/sent/", accounts.password_forgot_done,
         name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/",
         accounts.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/password/change/", accounts.PasswordChangeView.as_view(),
         name="password_change"),
    # OpenID Connect (404 unless OIDC_RP_CLIENT_ID is set): off to the provider,
    # and back. The callback's address is what the provider registers.
    path("oidc/authenticate/", signin.OIDCSignInView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", signin.OIDCCallbackView.as_view(),
         name="oidc_authentication_callback"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
