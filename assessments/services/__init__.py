"""State changes of the assessment app. Each service runs in one transaction
and raises ``django.core.exceptions.ValidationError`` with a message for the user."""

from ..accounts.deactivation import employee_deactivate, employee_reactivate  # noqa: F401
from .assignments import (  # noqa: F401
    assignment_add,
    assignment_decide,
    assignment_nominate,
    assignment_remove,
    assignment_swap,
    nominations_approve,
    rater_allow_late,
)
from .people import employee_expected_level_set  # noqa: F401
from .ratings import assignment_reopen, assignment_save  # noqa: F401
from .reminders import round_reminder_request  # noqa: F401
from .rounds import (  # noqa: F401
    round_close,
    round_create,
    round_extend_deadline,
    round_open,
    round_release,
    round_update,
)
