"""Input only: the forms of the oversight pages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.orgs.models import Level, OrgUnit
from xingping.oversight.models import Cause, CheckItem, Measure, Mode, NoticeKind, PoolKind


class _Bootstrap:
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                continue
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else (
                "form-select" if isinstance(widget, forms.Select) else "form-control")
            widget.attrs["class"] = css


class CheckItemForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = CheckItem
        fields = ["code", "name", "basis", "method", "default_ratio", "pool_kind"]


class InspectorForm(_Bootstrap, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    conflicts = forms.ModelMultipleChoiceField(label=_("Declared conflicts"), queryset=OrgUnit.objects.active().order_by("path"),
                                               required=False)


class PlanForm(_Bootstrap, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    item = forms.ModelChoiceField(label=_("Check item"), queryset=CheckItem.objects.all(), required=False)
    pool_kind = forms.ChoiceField(label=_("Pool"), choices=PoolKind.choices)
    unit = forms.ModelChoiceField(label=pgettext_lazy("oversight", "Area"), queryset=OrgUnit.objects.active().order_by("path"))
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—")] + list(Level.choices), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    count = forms.IntegerField(label=_("Count"), required=False, min_value=1)
    ratio = forms.DecimalField(label=_("Ratio"), required=False, max_digits=4, decimal_places=3)
    inspectors_per_target = forms.IntegerField(label=_("Inspectors per target"), initial=2, min_value=0, max_value=5)
    seed_sha256 = forms.CharField(label=_("SHA-256 of the seed phrase (the commitment)"), max_length=64)
    publish_within_wd = forms.IntegerField(label=_("Publish results within (working days)"), initial=20, min_value=1)


class DrawForm(_Bootstrap, forms.Form):
    seed = forms.CharField(label=_("Seed phrase (revealed now)"), max_length=500)


class InspectionForm(_Bootstrap, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit inspected"), queryset=OrgUnit.objects.active().order_by("path"))
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, widget=forms.RadioSelect, initial=Mode.OPEN)
    inspected_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place = forms.CharField(label=_("Place"), max_length=200)
    seen = forms.CharField(label=_("What was seen"), widget=forms.Textarea(attrs={"rows": 4}))
    answer = forms.CharField(label=_("The unit's answer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    problem_found = forms.BooleanField(label=_("A problem was found"), required=False)
    photos = forms.FileField(label=_("Photos"), required=False,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))


class NoticeForm(_Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    number = forms.CharField(label=_("Document number"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200)
    addressee = forms.CharField(label=pgettext_lazy("document", "Addressed to"), max_length=300)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}))
    public = forms.BooleanField(label=_("Publish to the public"), required=False)


class AccountabilityForm(_Bootstrap, forms.Form):
    person = forms.CharField(label=_("Person"), max_length=100)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.order_by("path"))
    cause = forms.ChoiceField(label=_("Cause"), choices=Cause.choices)
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    decider = forms.CharField(label=_("Decided by"), max_length=200)
    decided_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
