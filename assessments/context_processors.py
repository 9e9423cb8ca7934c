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
