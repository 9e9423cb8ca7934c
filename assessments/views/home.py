from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe

from ..models import Assignment, Participant, Round
from ..permissions import employee_of, is_hr


@require_safe
def home(request):
    """Anonymous visitors see the welcome; logged-in users a landing page of their tasks."""
    context = {}
    if request.user.is_authenticated:
        me = employee_of(request.user)
        context = {
            "me": me,
            "is_hr": is_hr(request.user),
            "open_forms": Assignment.objects.filter(
                rater=me, status__in=Assignment.OPEN_STATUSES,
                round__state=Round.State.OPEN).count() if me else 0,
            "is_supervisor": bool(me) and Participant.objects.filter(supervisor=me).exists(),
            "has_results": bool(me) and Participant.objects.filter(
                employee=me, round__state=Round.State.RELEASED).exists(),
        }
    return render(request, "home.html", context)


@login_required
@require_POST
def session_keepalive(request):
    """The rating form pings this while someone types (at most once a minute):
    the request itself keeps the session from timing out idle."""
    return HttpResponse(status=204)
