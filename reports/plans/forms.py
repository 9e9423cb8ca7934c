"""The form of one development plan item (the service checks the same rules again)."""

from __future__ import annotations

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from competency.datefield import BEDateField

from ..models import DevelopmentPlanItem

Item = DevelopmentPlanItem


# Django's own messages for these have no Thai translation (its "required" reads
# "ฟิลด์นี้จำเป็น", not the wording of a form).
CHOOSE = {"invalid_choice": _("โปรดเลือกจากรายการ"), "required": _("โปรดเลือกจากรายการ")}


class PlanItemForm(forms.Form):
    indicator = forms.TypedChoiceField(
        label=_("พฤติกรรมที่ต้องพัฒนา"), coerce=int,
        error_messages={"invalid_choice": _("เลือกพฤติกรรมบ่งชี้จากรายการ"),
                        "required": _("เลือกพฤติกรรมบ่งชี้จากรายการ")})
    kind = forms.ChoiceField(label=_("วิธีการพัฒนา"), choices=Item.Kind.choices,
                             error_messages=CHOOSE)
    detail = forms.CharField(
        label=_("รายละเอียด เช่น ชื่อหลักสูตร ผู้สอนงาน หรือหนังสือ"), required=False,
        max_length=Item.DETAIL_MAX,
        error_messages={"max_length": _("รายละเอียดยาวได้ไม่เกิน %(limit_value)d ตัวอักษร "
                                        "(ที่กรอกมี %(show_value)d)")},
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": Item.DETAIL_MAX}),
        help_text=_("ไม่เกิน 300 ตัวอักษร ต้องระบุเมื่อเลือก “อื่น ๆ”"))
    starts_on = BEDateField(label=_("วันเริ่มต้น"),
                            error_messages={"required": _("โปรดกรอกวันเริ่มต้น")})
    ends_on = BEDateField(label=_("วันสิ้นสุด"), error_messages={"required": _("โปรดกรอกวันสิ้นสุด")})
    status = forms.ChoiceField(label=_("สถานะ"), choices=Item.Status.choices,
                               initial=Item.Status.PLANNED, error_messages=CHOOSE)

    def __init__(self, *args, indicator_choices, **kwargs):
        super().__init__(*args, **kwargs)
        detail = self.fields["detail"]
        detail.validators = [
            ProhibitNullCharactersValidator(message=_("รายละเอียดมีอักขระที่ใช้ไม่ได้"))
            if isinstance(v, ProhibitNullCharactersValidator) else v for v in detail.validators]
        # The report's suggestions first (they repeat under their competency).
        named = [(_("แนะนำให้พัฒนาจากผลการประเมิน") if key == "suggested" else key, options)
                 for key, options in indicator_choices]
        self.fields["indicator"].choices = [("", _("เลือกพฤติกรรมบ่งชี้"))] + named

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("วันสิ้นสุดต้องไม่ก่อนวันเริ่มต้น"))
        if data.get("kind") == Item.Kind.OTHER and not (data.get("detail") or "").strip():
            self.add_error("detail", _("โปรดระบุวิธีการพัฒนาเมื่อเลือก “อื่น ๆ”"))
        return data

    @classmethod
    def initial_of(cls, item: DevelopmentPlanItem) -> dict:
        return {"indicator": item.indicator_id, "kind": item.kind, "detail": item.detail,
                "starts_on": item.starts_on, "ends_on": item.ends_on, "status": item.status}
