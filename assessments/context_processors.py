from .permissions import employee_of, hr_agency_ids


def roles(request):
    """What the navigation offers: computed once per request, lazily."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_hr": False, "nav_is_employee": False}
    return {
        "nav_is_hr": bool(hr_agency_ids(user)),
        "nav_is_employee": employee_of(user) is not None,
    }


def account_help(request):
    """Whom to contact about a lost or locked account, and how long a lockout
    lasts (lockout and reset pages)."""
    from axes.helpers import get_cool_off
    from django.conf import settings

    cool_off = get_cool_off(request)
    return {"help_contact": settings.ACCOUNT_HELP_CONTACT,
            "lockout_minutes": int(cool_off.total_seconds() // 60) if cool_off else None}
