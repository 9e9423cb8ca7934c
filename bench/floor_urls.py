"""URLconf of bench/request_cpu_bench.py only: the portal's URLs plus the floor.

The floor is the least an authenticated write can cost here: the same
middleware (session, log-in, CSRF, locale, security headers), a log-in check,
one row updated in a transaction, a redirect. The benchmark installs this
URLconf with ``override_settings(ROOT_URLCONF=...)`` for its own run; the
portal's URLconf (config/urls.py) never serves it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessments.models import Assignment
from config.urls import urlpatterns as portal_urlpatterns

FLOOR_PATH = "/bench-floor/{pk}/"


@login_required
@require_POST
def floor(request, pk: int):
    """Touch one of the rater's own forms (one UPDATE), then redirect as a save does."""
    with transaction.atomic():
        written = Assignment.objects.filter(pk=pk, rater__user_id=request.user.pk).update(
            updated_at=timezone.now())
    if not written:
        raise Http404
    return HttpResponseRedirect(f"/forms/{pk}/")


urlpatterns = [
    *portal_urlpatterns,
    path(FLOOR_PATH.lstrip("/").replace("{pk}", "<int:pk>"), floor, name="bench_floor"),
]
