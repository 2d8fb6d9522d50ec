"""Input forms for campaigns (input only: the rules live in services)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xingping.campaigns.models import MeetingKind
from xingping.core.uploads import validate_upload


class SubmissionForm(forms.Form):
    """The draft: its text and, optionally, one more attachment (checked by content)."""

    body = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("Add an attachment"), required=False,
                           help_text=_("PDF, Word, Excel, JPG or PNG."))

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_upload(uploaded)
        return uploaded


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for return"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for returning it.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for returning it."))
        return reason


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Meeting kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Meeting title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    attendance = forms.IntegerField(
        label=_("Attendance"), min_value=1, max_value=100000,
        error_messages={"min_value": _("Attendance must be at least 1."),
                        "max_value": _("Attendance is at most 100000.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    materials = forms.ModelMultipleChoiceField(
        label=_("Materials studied"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["materials"].queryset = materials
        if units.count() == 1:
            self.fields["unit"].initial = units.first()
