"""Input forms (the phone-first visit form, liaison records, verification outcomes)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.core.filters import ListFilterForm
from xingping.orgs.picker import StaffChoiceField, UnitChoiceField
from xingping.outreach.models import DIMENSIONS, LiaisonKind, Method, Satisfaction, Verification, VisitKind


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices, widget=forms.RadioSelect)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, widget=forms.RadioSelect)
    opinions = forms.CharField(label=_("Opinions"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    suggestions = forms.CharField(label=_("Suggestions"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    penalties = forms.ModelMultipleChoiceField(label=_("Penalties this return visit answers"), queryset=None,
                                               required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, entity, **kwargs):
        kwargs.setdefault("initial", {"visited_on": timezone.localdate(), "kind": VisitKind.VISIT,
                                      "method": Method.ONSITE})
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.fields["penalties"].queryset = entity.penalties.all()
        for name, label in DIMENSIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=Satisfaction.choices, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": pgettext_lazy("satisfaction", "Choose a level.")})
        self.dimension_names = [name for name, _label in DIMENSIONS]

    def dimension_fields(self):
        return [self[name] for name in self.dimension_names]

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The visit date is in the future."))
        return day

    def answers(self):
        return {name: self.cleaned_data.get(name) for name in self.dimension_names}


class LiaisonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LiaisonKind.choices, widget=forms.RadioSelect)
    done_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("What was done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"done_on": timezone.localdate(), "kind": LiaisonKind.GOOD_DEED})
        super().__init__(*args, **kwargs)


class CheckOutcomeForm(forms.Form):
    # No default: saving a row nobody called must not record "confirmed" (R14.3).
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Verification.choices,
                                error_messages={"required": _("Choose the outcome of the call.")})
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("entities", _("Market entities")),
                                                        ("penalties", _("Penalties")), ("visits", pgettext_lazy("visit records", "Visits"))])
    file = forms.FileField(label=_("File (.csv or .xlsx)"))


class VisitCorrectionForm(forms.Form):
    """The recorder corrects a visit record (更正): the date, the method and the opinion form,
    with a reason. Entity, visitor and kind stay (another entity or kind is another record)."""

    visited_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, widget=forms.RadioSelect)
    opinions = forms.CharField(label=_("Opinions"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2}))
    suggestions = forms.CharField(label=_("Suggestions"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Give the reason for the correction.")})

    def __init__(self, *args, visit, **kwargs):
        initial = {"visited_on": visit.visited_on, "method": visit.method, "opinions": visit.opinions,
                   "suggestions": visit.suggestions, **{name: getattr(visit, name) for name, _l in DIMENSIONS}}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, label in DIMENSIONS:
            # a paper form may leave a line blank: "not answered" is a value here
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=[("", _("Not answered")), *Satisfaction.choices], coerce=int, empty_value=None,
                required=False, widget=forms.RadioSelect)
        self.dimension_names = [name for name, _label in DIMENSIONS]
        self.order_fields(["visited_on", "method", *self.dimension_names, "opinions", "suggestions", "reason"])

    def dimension_fields(self):
        return [self[name] for name in self.dimension_names]

    def answers(self):
        return {name: self.cleaned_data.get(name) for name in self.dimension_names}


class VisitFilterForm(ListFilterForm):
    """The visit list's filters: unit (with the units below it), visitor, date range, entity,
    kind, method, flagged only."""

    q = forms.CharField(label=_("Entity"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"class": "form-control form-control-sm",
                                                      "placeholder": _("Name or credit code")}))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds"))] + VisitKind.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    method = forms.ChoiceField(label=_("Method"), required=False, choices=[("", _("All methods"))] + Method.choices,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    flagged = forms.BooleanField(label=_("Only flagged"), required=False)

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"] = UnitChoiceField(user)
        self.fields["visitor"] = StaffChoiceField(user, label=_("Visitor"), empty_label=_("All staff"),
                                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))


class OpinionFilterForm(ListFilterForm):
    """The dissatisfied-opinion list's filters: unit and date range."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"] = UnitChoiceField(user)


class CheckFilterForm(forms.Form):
    """The verification checks' filters: unit and outcome ("none": not yet called)."""

    outcome = forms.ChoiceField(label=_("Outcome"), required=False,
                                choices=[("", _("All")), ("none", _("Not yet called"))] + Verification.choices,
                                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.fields["unit"] = UnitChoiceField(user)
