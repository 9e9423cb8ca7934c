from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 5 * 1024 * 1024


class DictionaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์พจนานุกรมสมรรถนะ (.xlsx, .csv หรือ .json)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.json"}),
    )
    cumulative = forms.BooleanField(
        label=_("คำอธิบายระดับต่อยอดจากระดับก่อนหน้า (\"แสดงสมรรถนะระดับที่ N-1 และ ...\")"),
        required=False, initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError(_("ไฟล์ใหญ่เกิน 5 MB"))
        if upload.name.rsplit(".", 1)[-1].lower() not in ("xlsx", "csv", "json"):
            raise ValidationError(_("รองรับเฉพาะไฟล์ .xlsx, .csv และ .json"))
        return upload
