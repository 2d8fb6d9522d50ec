"""Input forms (the phone-first visit form, liaison records, verification outcomes)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
                error_messages={"required": _("Choose a level.")})
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
