"""Input for the office's set-up pages (units, groups, staff). Forms only parse; the rules
are in `orgs.services`."""

from django import forms
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.accounts.models import Role
from xingping.orgs import picker, selectors
from xingping.orgs.models import GroupRole, Level


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, (forms.Select, forms.SelectMultiple)):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")

    def set_units(self, name, queryset, **endpoint):
        """Give the unit field `name` its choices; past PICKER_THRESHOLD it becomes a search box
        (the value is then the unit's code) fed by orgs:setup-unit-options with `endpoint`'s
        parameters naming the same queryset (`choices=active|all`, `exclude=<code>`)."""
        field = self.fields[name]
        field.queryset = queryset
        if picker.is_large(queryset):
            url = reverse("orgs:setup-unit-options") + "?" + urlencode(endpoint)
            self.fields[name] = picker.UnitChoiceField(queryset=queryset, search_url=url, label=field.label,
                                                       required=field.required, help_text=field.help_text, large=True)
            self.fields[name].widget.attrs["class"] = "form-control"


def setup_units(choices="active", exclude=None):
    """The units the set-up forms offer (orgs:setup-unit-options serves the same): the active
    ones (without `exclude`'s subtree, for a move), or every unit (the staff list's filter)."""
    from xingping.orgs.models import OrgUnit

    if choices == "all":
        return OrgUnit.objects.order_by("path")
    return selectors.unit_choices(exclude_subtree_of=exclude)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker showing the tree by indentation (active units only)."""

    def label_from_instance(self, obj):
        return "\u3000" * obj.depth + f"{obj.name}（{obj.code}）"


class UnitCreateForm(StyledForm):
    parent = UnitChoiceField(label=_("Parent unit"), queryset=None, required=False,
                             help_text=_("Leave empty only for the city bureau (the top unit)."))
    code = forms.CharField(label=_("Unit code"), max_length=32, help_text=_("Letters, digits, '_' or '-', e.g. XN03."))
    name = forms.CharField(label=pgettext_lazy("unit", "Name"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices, initial=Level.STATION)
    sort_order = forms.IntegerField(label=_("Order"), initial=0, required=False)
    hotline = forms.CharField(label=_("Complaint hotline"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units("parent", setup_units())


class UnitEditForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("unit", "Name"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    sort_order = forms.IntegerField(label=_("Order"), required=False)
    hotline = forms.CharField(label=_("Complaint hotline"), max_length=40, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class UnitMoveForm(StyledForm):
    parent = UnitChoiceField(label=_("New parent unit"), queryset=None)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        # the unit itself and the units below it are not offered (the service refuses them too)
        self.set_units("parent", setup_units(exclude=unit), exclude=unit.code)


class SeatForm(StyledForm):
    role = forms.ChoiceField(label=_("Role in the group"), choices=GroupRole.choices)
    person = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False,
                                    help_text=_("Or type a name below for someone without an account."))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    title = forms.CharField(label=pgettext_lazy("job title", "Title"), max_length=100, required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = selectors.unit_staff(unit)


ROLE_CHOICES = [(r.value, r.label) for r in Role]


class StaffFilterForm(StyledForm):
    q = forms.CharField(label=_("Name or user name"), required=False)
    unit = UnitChoiceField(label=_("Unit (and below)"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any role"))] + ROLE_CHOICES, required=False)
    active = forms.ChoiceField(label=_("Account"), required=False,
                               choices=[("", pgettext_lazy("account", "Any")), ("1", pgettext_lazy("account", "Active")),
                                        ("0", pgettext_lazy("account", "Disabled"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units("unit", setup_units("all"), choices="all")


class StaffForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=150)
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=ROLE_CHOICES, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    title = forms.CharField(label=pgettext_lazy("job title", "Title"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_units("unit", setup_units())


class StaffCreateForm(StaffForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Initial password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("The person must change it at the first sign-in."))
    field_order = ["username", "name", "unit", "roles", "title", "password"]
