"""Readers of the assessments app (selectors change nothing): rounds and their
figures in :mod:`.rounds`, a person's data and PDPA retention in
:mod:`.personal_data`, the supervisor's team in :mod:`.team`."""

from .closing import CloseFacts, round_close_facts, round_reopened_open  # noqa: F401
from .counts import round_participant_count  # noqa: F401
from .personal_data import (  # noqa: F401
    anonymous_name,
    employee_anonymise_refusal,
    employee_last_round_on,
    employee_personal_data,
    employee_retention_ends,
    employees_due_for_anonymisation,
    employees_former,
)
from .relations import ChangedRater, round_changed_supervisors  # noqa: F401
from .reminders import (  # noqa: F401
    raters_last_reminded,
    reminder_sends_named,
    round_reminder_sends,
)
from .rounds import (  # noqa: F401
    ParticipantResult,
    RoundNonResponders,
    RoundUnitCompletion,
    assignments_for_rater,
    open_assignments_by_rater,
    round_answer_counts,
    round_assignment_fingerprints,
    round_competencies,
    round_competencies_cached,
    round_completion,
    round_missing_raters,
    round_missing_totals,
    round_non_responders,
    round_results,
    round_tallies,
)
from .team import (  # noqa: F401
    TeamRow,
    nominations_to_decide,
    nominations_with_rater_load,
    team_participants,
    team_results,
    team_rounds,
    team_rows,
    team_still_supervised,
)
