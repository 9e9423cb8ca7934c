"""HR pages of the competency dictionary: versions, export, import with preview."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from competency.dictionary.check import dictionary_check, upload_discard, upload_load, upload_store
from competency.dictionary.layout import COLUMNS, FORMATS, REQUIRED_COLUMNS, export_bytes
from competency.forms import DictionaryUploadForm
from competency.selectors import competency_version, dictionary_overview, dictionary_specs
from competency.services import dictionary_apply

# The web layer asks the one permissions module; the catalogue's services and
# selectors stay free of the assessments app.
from ...permissions import can_manage_dictionary


def _manager(request) -> None:
    if not can_manage_dictionary(request.user):
        raise Http404


@login_required
@require_GET
def dictionary_index(request):
    _manager(request)
    return render(request, "hr/dictionary/index.html", {
        "entries": dictionary_overview(), "formats": list(FORMATS),
        "form": DictionaryUploadForm(),
    })


@login_required
@require_GET
def dictionary_export(request, fmt: str):
    _manager(request)
    if fmt not in FORMATS:
        raise Http404
    response = HttpResponse(export_bytes(specs=dictionary_specs(), fmt=fmt),
                            content_type=FORMATS[fmt])
    name = f"competency-dictionary-{dt.date.today():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def version_detail(request, code: str, version: int):
    _manager(request)
    competency = competency_version(code=code, version=version)
    if competency is None:
        raise Http404
    rounds = competency.rounds.order_by("-fiscal_year", "-half").select_related("agency")
    return render(request, "hr/dictionary/version.html", {
        "competency": competency, "rounds": rounds,
    })


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    _manager(request)
    form = DictionaryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = upload_store(user_id=request.user.pk, data=upload.read(), filename=upload.name,
                             cumulative=form.cleaned_data["cumulative"])
        return redirect("hr:dictionary_import_preview", token=token)
    columns = [(c, c in REQUIRED_COLUMNS) for c in COLUMNS]
    return render(request, "hr/dictionary/upload.html", {"form": form, "columns": columns})


def _upload_or_404(request, token: str) -> tuple[bytes, dict]:
    found = upload_load(user_id=request.user.pk, token=token)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def import_preview(request, token: str):
    _manager(request)
    data, meta = _upload_or_404(request, token)
    check = dictionary_check(data=data, filename=meta["filename"], cumulative=meta["cumulative"])
    return render(request, "hr/dictionary/preview.html", {"check": check, "token": token})


@login_required
@require_POST
def import_apply(request, token: str):
    _manager(request)
    data, meta = _upload_or_404(request, token)
    # Checked again: the catalogue may have changed since the preview.
    check = dictionary_check(data=data, filename=meta["filename"], cumulative=meta["cumulative"])
    if not check.ok:
        messages.error(request, _("ไฟล์ยังมีข้อผิดพลาด ระบบไม่ได้นำเข้าข้อมูลใด"))
        return redirect("hr:dictionary_import_preview", token=token)
    try:
        revisions = dictionary_apply(specs=check.specs, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("hr:dictionary_import_preview", token=token)
    upload_discard(user_id=request.user.pk, token=token)
    counts = {a: sum(1 for r in revisions if r.action == a)
              for a in ("created", "in_place", "new_version", "unchanged")}
    messages.success(request, _(
        "นำเข้าพจนานุกรมสมรรถนะเรียบร้อยแล้ว: เพิ่มใหม่ %(created)s แก้ไขในฉบับเดิม %(in_place)s "
        "สร้างฉบับใหม่ %(new_version)s คงเดิม %(unchanged)s") % counts)
    return redirect("hr:dictionary_index")
