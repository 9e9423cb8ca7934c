"""Organisation, rounds, rater assignments and ratings (one module per part)."""

from .accounts import AccountEvent, AccountSession
from .counters import (
    AgencyOrgVersion,
    RoundGroupCount,
    RoundParticipantCount,
    RoundRaterCount,
    RoundUnitCount,
)
from .operations import (
    ImportJob,
    PersonalDataRemoval,
    ReminderLog,
    ReminderSend,
    _import_upload_to,
)
from .organisation import Agency, Employee, HrOfficer, OrgUnit
from .rounds import (
    Assignment,
    AssignmentComment,
    AssignmentReopening,
    Participant,
    Rating,
    Round,
    RoundCompetency,
)
from .signin import DirectoryIdentity

__all__ = [
    "AccountEvent", "AccountSession", "Agency", "AgencyOrgVersion", "Assignment",
    "AssignmentComment",
    "AssignmentReopening", "DirectoryIdentity", "Employee",
    "HrOfficer", "ImportJob", "OrgUnit", "Participant", "PersonalDataRemoval", "Rating",
    "ReminderLog", "ReminderSend", "Round", "RoundCompetency", "RoundGroupCount", "RoundUnitCount",
    "RoundParticipantCount", "RoundRaterCount", "_import_upload_to",
]
