"""PDPA erasure beyond the employee row: every other table and file that can
hold a person's name, number, e-mail or login (issue 14).

Called by :func:`.personal_data.employee_anonymise` inside its transaction.
Only exact strings of the person are replaced (their full name, number,
e-mail, username), never a first name alone, which other people share.
"""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from ..imports.jobs import import_job_file_delete
from ..models import (
    AccountEvent,
    AssignmentComment,
    AssignmentReopening,
    DirectoryIdentity,
    Employee,
    ImportJob,
)

# A needle shorter than this (a test's "1", a two-letter login) is not replaced
# in free text: it would match inside other words.
MIN_NEEDLE = 4


def person_needles(*, employee: Employee, user) -> list[str]:
    """The strings that identify the person, longest first (so a full name with
    its title is replaced before the name without it)."""
    names = {
        f"{employee.title}{employee.first_name} {employee.last_name}",
        f"{employee.title} {employee.first_name} {employee.last_name}",
        f"{employee.first_name} {employee.last_name}",
        f"{employee.first_name}{employee.last_name}",
        employee.employee_number, employee.email,
    }
    if user is not None:
        names |= {user.get_username(), user.email, user.get_full_name()}
    return sorted({n.strip() for n in names if len(n.strip()) >= MIN_NEEDLE},
                  key=len, reverse=True)


def _replace(text: str, needles: list[str], placeholder: str) -> str:
    for needle in needles:
        text = text.replace(needle, placeholder)
    return text


def _mentions(field: str, needles: list[str]) -> Q:
    q = Q()
    for needle in needles:
        q |= Q(**{f"{field}__contains": needle})
    return q


def _scrub_rows(queryset, fields: tuple[str, ...], needles, placeholder) -> None:
    query = Q()
    for field in fields:
        query |= _mentions(field, needles)
    for row in queryset.filter(query):
        for field in fields:
            text = _replace(getattr(row, field), needles, placeholder)
            limit = row._meta.get_field(field).max_length  # the placeholder may be longer
            setattr(row, field, text[:limit] if limit else text)
        row.save(update_fields=list(fields))


def person_traces_erase(*, employee: Employee, user, needles: list[str],
                        placeholder: str) -> None:
    """Replace or delete the person's traces outside the employee row and its history."""
    if not needles:
        return
    # The admin's log: the object's own entries say the placeholder; others
    # that quote the person (a change message) have the strings replaced.
    employee_type = ContentType.objects.get_for_model(Employee)
    LogEntry.objects.filter(content_type=employee_type, object_id=str(employee.pk)).update(
        object_repr=placeholder)
    if user is not None:
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user),
                                object_id=str(user.pk)).update(object_repr=placeholder)
    _scrub_rows(LogEntry.objects.all(), ("object_repr", "change_message"), needles, placeholder)
    # Import previews list names and numbers, and the uploaded files hold them:
    # the agency's previews that name the person lose their rows, and every
    # stored file of the agency goes (they are deleted within days anyway).
    jobs = ImportJob.objects.filter(agency_id=employee.agency_id)
    for job in jobs.exclude(status__in=(ImportJob.Status.CHECKING, ImportJob.Status.APPLYING)):
        text = str(job.report) + job.error + job.original_name
        named = any(n in text for n in needles)
        if not named and not job.file:
            continue
        import_job_file_delete(job=job)
        if named:
            counts = {k: v for k, v in job.report.items() if k in ("counts", "applied", "total")}
            job.report, job.error = counts, _replace(job.error, needles, placeholder)
            job.original_name = _replace(job.original_name, needles, placeholder)
        job.save(update_fields=["file", "report", "error", "original_name"])
    # Account events keep what happened, not the e-mail it went to.
    _scrub_rows(AccountEvent.objects.filter(Q(employee=employee) | Q(agency_id=employee.agency_id)),
                ("note",), needles, placeholder)
    if user is not None:
        DirectoryIdentity.objects.filter(user=user).delete()  # a DN names the person
    # Free text others wrote: comments and reopening reasons that name them.
    _scrub_rows(AssignmentComment.objects.filter(assignment__round__agency_id=employee.agency_id),
                ("text",), needles, placeholder)
    _scrub_rows(AssignmentReopening.objects.filter(
        assignment__round__agency_id=employee.agency_id), ("reason",), needles, placeholder)
