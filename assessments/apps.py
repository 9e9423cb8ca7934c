from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("การประเมิน")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .accounts import sessions

        user_logged_in.connect(sessions.on_logged_in, dispatch_uid="account_session_in")
        user_logged_out.connect(sessions.on_logged_out, dispatch_uid="account_session_out")
