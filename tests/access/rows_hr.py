"""Access-matrix rows for HR operations (/hr/): import, missing forms, exports."""

from django.core.files.base import ContentFile

from assessments.models import ImportJob
from tests.access.matrix import Row, logged_in


def hr_only(ok: int, outsider: int = 404) -> dict[str, int]:
    """Anonymous to login, HR of the agency ``ok``, everyone else 404."""
    return logged_in(outsider) | {"hr": ok}


def agency_kwargs(world, **extra):
    return {"agency": world.rnd.agency.code, **extra}


def job_kwargs(world):
    job = ImportJob.objects.create(
        agency=world.rnd.agency, kind="units", original_name="units.csv",
        file=ContentFile(b"code,name\n", name="units.csv"), created_by=world.users["hr"],
        status=ImportJob.Status.CHECKED, report={"counts": {"create": 0}},
    )
    return {"pk": job.pk}


def round_kwargs(world, **extra):
    return {"pk": world.rnd.pk, **extra}


ROWS = {
    "hr:index": Row(get=logged_in(404) | {"hr": 200, "other_hr": 200}, post=logged_in(405)),
    "hr:import_upload": Row(
        get=hr_only(200), post=hr_only(200),
        kwargs=lambda w: agency_kwargs(w, kind="employees"),
    ),
    "hr:import_template": Row(
        get=hr_only(200), post=logged_in(405),
        kwargs=lambda w: agency_kwargs(w, kind="units", fmt="xlsx"),
    ),
    "hr:import_job": Row(get=hr_only(200), post=logged_in(405), kwargs=job_kwargs),
    "hr:import_job_status": Row(get=hr_only(200), post=logged_in(405), kwargs=job_kwargs),
    "hr:import_job_apply": Row(get=logged_in(405), post=hr_only(302), kwargs=job_kwargs),
    "hr:import_job_retry": Row(get=logged_in(405), post=hr_only(302), kwargs=job_kwargs),
    "hr:import_job_discard": Row(get=logged_in(405), post=hr_only(302), kwargs=job_kwargs),
    "hr:round_missing": Row(get=hr_only(200), post=logged_in(405), kwargs=round_kwargs),
    "hr:round_allow_late": Row(
        get=logged_in(405), post=hr_only(302),
        kwargs=lambda w: round_kwargs(w, employee_id=w.employee.pk),
        post_data=lambda w: {"allow": "1"}, state="closed",
    ),
    "hr:people": Row(get=hr_only(200), post=logged_in(405), kwargs=agency_kwargs),
    "hr:person": Row(
        get=hr_only(200), post=logged_in(405), kwargs=lambda w: {"employee_id": w.employee.pk},
    ),
    "hr:person_deactivate": Row(
        get=logged_in(405), post=hr_only(302), kwargs=lambda w: {"employee_id": w.employee.pk},
        post_data=lambda w: {"reason": "โอนย้าย", "confirm": "1"},
    ),
    "hr:person_reactivate": Row(
        get=logged_in(405), post=hr_only(302), kwargs=lambda w: {"employee_id": w.employee.pk},
        post_data=lambda w: {"reason": "กลับเข้ารับราชการ", "confirm": "1"},
    ),
    "hr:person_expected_level": Row(
        get=logged_in(405), post=hr_only(302),
        kwargs=lambda w: {"employee_id": w.employee.pk},
        post_data=lambda w: {"level": "3", "reason": "ย้ายสายงาน"},
    ),
}
