from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("รายงานผลการประเมิน")

    def ready(self) -> None:
        # The seam: assessments announces round closes/releases and PDPA
        # removals, and asks for released figures; reports reacts.
        # assessments never imports reports.
        from assessments import signals

        from . import receivers

        signals.round_results_due.connect(
            receivers.on_round_results_due, dispatch_uid="reports.round_results_due"
        )
        signals.employee_anonymised.connect(
            receivers.on_employee_anonymised, dispatch_uid="reports.employee_anonymised"
        )
        signals.personal_data_requested.connect(
            receivers.on_personal_data_requested, dispatch_uid="reports.personal_data_requested"
        )
        signals.team_results_requested.connect(
            receivers.on_team_results_requested, dispatch_uid="reports.team_results_requested"
        )
