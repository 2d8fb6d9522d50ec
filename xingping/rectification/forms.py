"""Input forms (parsing only; the rules live in services)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.filters import ListFilterForm
from xingping.orgs.picker import StaffChoiceField
from xingping.rectification.models import Category, ItemClass, Source, SystemStatus

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
TEXT = forms.TextInput(attrs={"class": "form-control"})
AREA = forms.Textarea(attrs={"class": "form-control", "rows": 3})
SELECT = forms.Select(attrs={"class": "form-select"})
FILE = forms.ClearableFileInput(attrs={"class": "form-control"})


def mark_required(form, names):
    """Fields a service requires (it words the message): shown and checked as required in
    the browser, while the form itself lets them through to the service."""
    for name in names:
        form.fields[name].widget.attrs["required"] = True


def apply_errors(form, exc):
    """Put a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class UnitChoiceMixin:
    """A `unit` choice among the given units; cleans to the OrgUnit itself."""

    def set_units(self, units):
        self.units = {u.code: u for u in units}
        self.fields["unit"].choices = [(u.code, u.name) for u in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class FindingForm(UnitChoiceMixin, forms.Form):
    unit = forms.ChoiceField(label=_("Unit"), widget=SELECT)
    title = forms.CharField(label=_("Problem"), max_length=200, widget=TEXT)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, widget=SELECT)
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices, widget=SELECT)
    found_on = forms.DateField(label=_("Found on"), widget=DATE)
    description = forms.CharField(label=_("Description"), required=False, widget=AREA)
    source_type = forms.CharField(required=False, widget=forms.HiddenInput)
    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units(units)
        mark_required(self, getattr(self, "REQUIRED", ()))


class ItemForm(forms.Form):
    item = forms.CharField(label=pgettext_lazy("rectification", "Item"), max_length=300, required=False, widget=TEXT)
    method = forms.CharField(label=pgettext_lazy("rectification", "Method"), required=False, widget=AREA)
    standard = forms.CharField(label=_("Standard"), required=False, widget=AREA)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    responsible = forms.ChoiceField(label=_("Responsible person"), required=False, widget=SELECT)
    item_class = forms.ChoiceField(label=_("Class"), choices=ItemClass.choices, widget=SELECT)
    milestones = forms.CharField(
        label=_("Steps (planned items)"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text=_("One step a line: YYYY-MM-DD what is done by then."),
    )
    request_text = forms.CharField(label=_("Request to the superior (policy items)"), required=False, widget=AREA)
    fixed_on_creation = forms.BooleanField(label=_("Already fixed while checking"), required=False,
                                           widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    evidence = forms.FileField(label=_("Evidence"), required=False, widget=FILE)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "—")] + [(str(p.pk), f"{p} · {p.unit.name}") for p in people]
        self.people = {str(p.pk): p for p in people}
        mark_required(self, ("item", "method", "standard", "deadline", "responsible"))  # the five clears

    def clean_milestones(self):
        steps = []
        for number, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            day, _sep, title = line.partition(" ")
            try:
                due = datetime.date.fromisoformat(day)
            except ValueError:
                raise ValidationError(_("Line %(n)d: start with a date YYYY-MM-DD.") % {"n": number})
            steps.append((title.strip(), due))
        return steps

    def clean_responsible(self):
        value = self.cleaned_data.get("responsible")
        return self.people.get(value) if value else None


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), widget=forms.NumberInput(
        attrs={"class": "form-control form-control-lg", "inputmode": "numeric", "min": 0, "max": 100, "step": 5}))
    note = forms.CharField(label=pgettext_lazy("rectification", "What was done"), widget=AREA)
    reason = forms.CharField(label=_("Reason (if progress goes back)"), required=False, widget=AREA)
    evidence = forms.FileField(label=_("Evidence (photo or document)"), required=False, widget=forms.ClearableFileInput(
        attrs={"class": "form-control", "accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx"}))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=AREA)


class AnswerForm(forms.Form):
    answer_text = forms.CharField(label=_("Answer of the superior"), widget=AREA)
    answered_on = forms.DateField(label=_("Answered on"), widget=DATE)


class SelfAnalysisForm(forms.Form):
    checks = forms.MultipleChoiceField(label=_("Checks concerned"), required=False, choices=Category.choices,
                                       widget=forms.CheckboxSelectMultiple)
    phenomena = forms.CharField(label=_("Phenomena"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}))
    causes = forms.CharField(label=_("Causes"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}))
    harm = forms.CharField(label=_("Harm"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))
    measures = forms.CharField(label=_("Measures"), required=False, widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))


class FeeForm(UnitChoiceMixin, forms.Form):
    REQUIRED = ("description", "payer", "amount", "found_on")

    unit = forms.ChoiceField(label=_("Unit"), widget=SELECT)
    description = forms.CharField(label=_("What was charged"), max_length=200, required=False, widget=TEXT)
    payer = forms.CharField(label=_("Payer"), max_length=200, required=False, widget=TEXT)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2, required=False,
                                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "inputmode": "decimal"}))
    found_on = forms.DateField(label=_("Found on"), required=False, widget=DATE)
    refunded_amount = forms.DecimalField(label=_("Refunded (yuan)"), max_digits=12, decimal_places=2, required=False,
                                         widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01", "inputmode": "decimal"}))
    refunded_on = forms.DateField(label=_("Refunded on"), required=False, widget=DATE)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units(units)
        mark_required(self, getattr(self, "REQUIRED", ()))


class RefundForm(forms.Form):
    refunded_amount = forms.DecimalField(label=_("Refunded so far (yuan)"), max_digits=12, decimal_places=2,
                                         widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}))
    refunded_on = forms.DateField(label=_("Refunded on"), widget=DATE)


class SystemForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SystemStatus.choices, widget=SELECT)
    document_no = forms.CharField(label=_("Document number"), max_length=100, required=False, widget=TEXT)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    document = forms.FileField(label=_("Issued document"), required=False, widget=FILE)


class LedgerFilterForm(ListFilterForm):
    """The ledger's and the findings' date range (deadline, found on) and the person
    responsible; the other filters are read from the query as before."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["responsible"] = StaffChoiceField(user, label=pgettext_lazy("rectification", "Responsible"),
                                                      empty_label=_("All staff"),
                                                      widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
