"""The filter form every list shares (issue 13, part 6): a date range labelled 起/止 and the
rule that a bad filter is reported, never silently dropped (a list that ignored it would
show figures for something the user did not ask for)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListFilterForm(forms.Form):
    """GET filters of a list. `date_field` names the model date the range applies to."""

    date_from = forms.DateField(label=pgettext_lazy("date range", "From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}))
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}))

    def __init__(self, data=None, **kwargs):
        # A GET form is bound even when empty, so that is_valid() answers.
        super().__init__(data if data is not None else {}, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."), code="date_range")
        return data

    def filters(self):
        """The cleaned filters without empty values (None when the form is invalid)."""
        if not self.is_valid():
            return None
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


def text_contains(field: str, text: str) -> Q:
    """Q: `field` holds the typed `text`. A text with a letter that has a case ("abc") ignores
    case (icontains); one without (Chinese, digits: the usual search) is matched as typed
    (contains), which finds the same rows. On PostgreSQL icontains upper-cases every value it
    reads (UPPER(col) LIKE UPPER(…)): over 200,000 case titles that doubled the count and hid
    from the planner that it could walk an index in order (page 60 ms -> 13 ms)."""
    lookup = "icontains" if text.lower() != text.upper() else "contains"
    return Q(**{f"{field}__{lookup}": text})


def date_range(qs, field, *, date_from=None, date_to=None):
    """`qs` limited to `field` between the two dates, both included."""
    if date_from:
        qs = qs.filter(**{f"{field}__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{field}__lte": date_to})
    return qs
