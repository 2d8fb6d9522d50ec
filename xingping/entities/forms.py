"""Input forms of the entity registry (the list's filters)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xingping.entities.models import EntityKind, EntityStatus
from xingping.orgs.picker import StaffChoiceField, UnitChoiceField

SELECT = {"class": "form-select form-select-sm"}


class EntityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.TextInput(
        attrs={"class": "form-control form-control-sm", "placeholder": _("Name or credit code")}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))] + EntityStatus.choices,
                               widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind"))] + EntityKind.choices,
                             widget=forms.Select(attrs=SELECT))

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.fields["unit"] = UnitChoiceField(user, label=_("Supervising unit"))
        self.fields["responsible"] = StaffChoiceField(user, label=_("Responsible"), empty_label=_("All staff"),
                                                      widget=forms.Select(attrs=SELECT))
