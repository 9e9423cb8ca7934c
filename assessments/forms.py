"""Forms of the assessment pages: parse and check input, then hand plain values to services."""

from __future__ import annotations

import copy
import functools
import re

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from competency.choices import NO_BASIS_LABEL, RATING_SCALE, RaterGroup
from competency.datefield import BEDateField
from competency.models import Competency
from competency.texts import in_language
from competency.thaidate import shown_date

from .models import Agency, Employee, Round
from .services.ratings import MAX_COMMENT
from .services.rounds import round_update

NO_BASIS = "nb"
SCALE_CHOICES = [(str(v), label) for v, label in RATING_SCALE] + [(NO_BASIS, NO_BASIS_LABEL)]
_INDICATOR_KEY = re.compile(r"^ind_(\d+)$")
_COMMENT_KEY = re.compile(r"^comment_(\d+)$")


# Django's own messages for these two have no Thai translation: they reached
# the Thai page in English ("Null characters are not allowed.").
TEXT_MESSAGES = {
    "null_characters_not_allowed": _("ข้อความมีอักขระที่ไม่อนุญาต"),
    "max_length": _("ข้อความยาวได้ไม่เกิน %(limit_value)d ตัวอักษร (ขณะนี้ %(show_value)d ตัวอักษร)"),
}


@functools.cache
def _rating_field_prototypes() -> tuple[forms.ChoiceField, forms.CharField]:
    """The indicator field and the comment field every rating form copies
    (their texts are lazy: each form shows them in its request's language)."""
    return (
        forms.ChoiceField(
            choices=SCALE_CHOICES, required=False,
            widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            error_messages={"invalid_choice": _(
                "ค่าคะแนนต้องเป็น 0 ถึง 3 หรือ ไม่มีข้อมูลเพียงพอ")},
        ),
        forms.CharField(
            required=False, max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3}),
            label=_("ความคิดเห็นเพิ่มเติม"), error_messages=TEXT_MESSAGES,
        ),
    )


def _field_copy(field: forms.Field) -> forms.Field:
    """``Field.__deepcopy__`` without copying the choices (never changed in place).

    Building 14 choice fields and their widgets for every save and page was
    about a tenth of a draft save's CPU; this copy is eight times cheaper.
    What a form may change on its own fields (``disabled``, ``label``, the
    widget's attributes, the messages, the validators) is still its own.
    """
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


class RatingForm(forms.Form):
    """One field per indicator (``ind_<id>``) and one comment per competency.

    ``answers()`` gives ``{indicator id: 0..3 or None}`` for answered items
    only, as ``assignment_save`` expects. Keys naming an indicator or competency
    outside the round make the whole form invalid, so nothing is saved.
    """

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        self.indicator_ids: list[int] = []
        indicator_field, comment_field = _rating_field_prototypes()
        for comp in competencies:
            for level in comp.levels.all():
                for ind in level.indicators.all():
                    self.indicator_ids.append(ind.pk)
                    field = self.fields[f"ind_{ind.pk}"] = _field_copy(indicator_field)
                    field.label = in_language(ind, "text")
            self.fields[f"comment_{comp.pk}"] = _field_copy(comment_field)

    def clean(self):
        data = super().clean()
        for key in self.data:
            named = _INDICATOR_KEY.match(key) or _COMMENT_KEY.match(key)
            if named and key not in self.fields:
                raise forms.ValidationError(
                    _("แบบประเมินมีข้อที่ไม่อยู่ในรอบนี้ โปรดโหลดหน้าใหม่"), code="unknown"
                )
        return data

    def answers(self) -> dict[int, int | None]:
        out: dict[int, int | None] = {}
        for pk in self.indicator_ids:
            value = self.cleaned_data.get(f"ind_{pk}")
            if value == NO_BASIS:
                out[pk] = None
            elif value not in (None, ""):
                out[pk] = int(value)
        return out

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.competencies}

    def shown_value(self, name: str):
        """The value a field shows, as ``BoundField.value()`` gives it before
        ``prepare_value`` (bound data, or initial for an unbound or disabled field)."""
        if self.is_bound and not self.fields[name].disabled:
            return self.fields[name].widget.value_from_datadict(self.data, self.files, name)
        return self.initial.get(name)

    def answered_count(self) -> int:
        """Answered items as the page shows them (bound data or initial)."""
        return sum(
            1 for pk in self.indicator_ids if self.shown_value(f"ind_{pk}") not in (None, "")
        )

    def scale_html(self, pk: int) -> SafeString:
        """The radio buttons of one indicator with the page's labels (number and
        text in one button), the markup ``RadioSelect`` and a template loop gave.

        Written out here: rendering 14 x 5 radio widgets through the template
        engine cost more than the whole rest of the form page.
        """
        labels = getattr(self, "_scale_labels", None)
        if labels is None:  # once per form: the choice labels in the active language
            labels = self._scale_labels = [
                (value, escape(value), escape(label)) for value, label in SCALE_CHOICES
            ]
        name = f"ind_{pk}"
        shown = self.shown_value(name)
        shown = "" if shown is None else str(shown)
        attrs = " disabled" if self.fields[name].disabled else ""
        if self.is_bound and name in self.errors:
            attrs += ' aria-invalid="true"'
        out = []
        for i, (value, value_html, label_html) in enumerate(labels):
            checked = " checked" if value == shown else ""
            num = "" if value == NO_BASIS else f'<span class="scale-num">{value_html}</span>'
            extra = " scale-nb" if value == NO_BASIS else ""
            out.append(
                f'<input type="radio" name="{name}" value="{value_html}" class="btn-check" '
                f'id="id_{name}_{i}"{attrs}{checked}>'
                f'<label class="btn btn-outline-primary scale-btn{extra}" for="id_{name}_{i}" '
                f'title="{label_html}">'
                f'{num}<span class="scale-label">{label_html}</span></label>'
            )
        return mark_safe("\n".join(out))  # noqa: S308 - every piece is escaped or an int

    def item_labels(self) -> dict[int, str]:
        """Each indicator's name as the page numbers it: "ข้อ 3.3", with the
        competency when the form has more than one."""
        several = len(self.competencies) > 1
        labels = {}
        for comp in self.competencies:
            for level in comp.levels.all():
                for ind in level.indicators.all():
                    label = _("ข้อ %(n)s") % {"n": f"{level.number}.{ind.order}"}
                    labels[ind.pk] = f"{in_language(comp, 'name')} {label}" if several else label
        return labels

    @staticmethod
    def initial_from(ratings, comments) -> dict[str, str]:
        """Stored answers as field values (``ratings``: (indicator id, value) pairs)."""
        initial = {
            f"ind_{pk}": (NO_BASIS if value is None else str(value)) for pk, value in ratings
        }
        initial.update({f"comment_{pk}": text for pk, text in comments})
        return initial


class RoundForm(forms.ModelForm):
    """Create a round, or edit it while it is a draft."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("ส่วนราชการ"))
    competencies = forms.ModelMultipleChoiceField(
        queryset=Competency.objects.filter(is_active=True).order_by("kind", "number", "code"),
        widget=forms.CheckboxSelectMultiple, label=_("สมรรถนะที่ประเมิน"),
    )

    class Meta:
        model = Round
        fields = [
            "name_th", "slug", "fiscal_year", "half", "deadline",
            "weight_self", "weight_supervisor", "weight_peer", "weight_subordinate",
            "weight_recipient", "pass_mark", "min_group_size", "rater_cap",
            "competency_weight", "gap_threshold", "missing_competency", "thai_digits",
        ]
        field_classes = {"deadline": BEDateField}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        if self.instance.pk:
            del self.fields["agency"]
            self.initial.setdefault("competencies", list(
                self.instance.round_competencies.order_by("order")
                .values_list("competency_id", flat=True)
            ))
        elif len(agencies) == 1:
            self.fields["agency"].initial = agencies[0]
            self.fields["agency"].widget = forms.HiddenInput()
        else:
            self.initial.setdefault("competencies", list(
                Competency.objects.filter(code="102").values_list("pk", flat=True)
            ))

    def clean_deadline(self):
        return _not_past(self.cleaned_data["deadline"])

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.state != Round.State.DRAFT:
            raise forms.ValidationError(_("แก้ไขได้เฉพาะรอบที่อยู่ในสถานะร่าง"))
        if not self.errors:
            probe = Round(**{f: data[f] for f in self._meta.fields if f in data})
            try:
                probe.scoring_rules()
            except ValueError as exc:
                raise forms.ValidationError(_(
                    "ต้องมีกลุ่มผู้ประเมินที่มีน้ำหนักมากกว่า 0 อย่างน้อยหนึ่งกลุ่ม "
                    "และเกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึง 3")) from exc
        return data

    def settings(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("agency", None)
        data.pop("competencies", None)
        return data

    def save_draft(self) -> Round:
        """Update the draft round through the service (which re-checks its state)."""
        return round_update(
            rnd=self.instance, competencies=list(self.cleaned_data["competencies"]),
            **self.settings(),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผล"), max_length=300)


CHOOSE_DECISION = _("โปรดเลือกอนุมัติหรือไม่อนุมัติ")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("อนุมัติ")), ("reject", pgettext_lazy("button", "ไม่อนุมัติ"))],
        error_messages={"required": CHOOSE_DECISION, "invalid_choice": CHOOSE_DECISION},
    )
    reason = forms.CharField(label=_("เหตุผล"), max_length=300, required=False,
                             error_messages=TEXT_MESSAGES)


def _not_past(deadline):
    today = timezone.localdate()
    if deadline is not None and deadline < today:
        raise forms.ValidationError(
            _("กำหนดส่งต้องไม่อยู่ในอดีต (วันนี้คือ %(today)s)"),
            params={"today": shown_date(today, short=True)}, code="past")
    return deadline


class ExtendDeadlineForm(forms.Form):
    """A new deadline (the fiscal half is checked by ``round_extend_deadline``)."""

    deadline = BEDateField(label=_("กำหนดส่งใหม่"))

    def clean_deadline(self):
        return _not_past(self.cleaned_data["deadline"])


class EmployeeSearchForm(forms.Form):
    q = forms.CharField(label=_("ค้นหาชื่อหรือเลขประจำตัว"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own message for a NUL has no Thai translation.
        for validator in self.fields["q"].validators:
            if isinstance(validator, ProhibitNullCharactersValidator):
                validator.message = _("คำค้นมีอักขระที่ไม่อนุญาต")


def _groups(rnd: Round, allowed) -> list[tuple[str, str]]:
    return [(g.value, g.label) for g in RaterGroup if g in allowed and g in rnd.groups_in_use]


class RaterForm(forms.Form):
    """Pick a rater of the round's agency by primary key, with a relation."""

    rater = forms.ModelChoiceField(
        queryset=Employee.objects.none(), widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("ไม่พบผู้ประเมินรายนี้ในส่วนราชการ")},
    )
    group = forms.ChoiceField(label=_("ความสัมพันธ์"))

    def __init__(self, *args, rnd: Round, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rater"].queryset = Employee.objects.filter(
            agency_id=rnd.agency_id, is_active=True
        )
        self.fields["group"].choices = _groups(rnd, groups)


class _RaterByNumberForm(forms.Form):
    """A rater named by employee number: an active person of the round's agency,
    found as ``self.rater``."""

    def __init__(self, *args, rnd: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.rnd = rnd

    def clean_employee_number(self):
        number = self.cleaned_data["employee_number"].strip()
        self.rater = Employee.objects.filter(
            agency_id=self.rnd.agency_id, employee_number=number, is_active=True
        ).first()
        if self.rater is None:
            raise forms.ValidationError(_("ไม่พบผู้ประเมินรายนี้ในส่วนราชการ"))
        return number


class AddRaterForm(_RaterByNumberForm):
    """HR adds a rater by employee number."""

    employee_number = forms.CharField(label=_("เลขประจำตัวผู้ประเมิน"), max_length=30)
    group = forms.ChoiceField(label=_("ความสัมพันธ์"))

    def __init__(self, *args, rnd: Round, **kwargs):
        super().__init__(*args, rnd=rnd, **kwargs)
        self.fields["group"].choices = _groups(
            rnd, [g for g in RaterGroup if g != RaterGroup.SELF]
        )


class SwapForm(_RaterByNumberForm):
    employee_number = forms.CharField(label=_("เลขประจำตัวผู้ประเมินคนใหม่"), max_length=30)
    reason = forms.CharField(label=_("เหตุผล"), max_length=300)
