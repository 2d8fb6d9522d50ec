"""Input only: the forms of the publicity pages (the services validate the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.publicity.models import Category, Kind


class PublicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=pgettext_lazy("publication", "Kind"), choices=Kind.choices)
    category = forms.ChoiceField(label=_("Column section"), required=False,
                                 choices=[("", _("(open letters have none)"))] + [c for c in Category.choices if c[0]])
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, units=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
            del self.fields["kind"]
        else:
            self.fields["unit"].queryset = units
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for return"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(label=_("Publish at"), required=False, widget=DateTimeLocalInput(),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                     help_text=_("Leave empty to publish now."))
    expires_at = forms.DateTimeField(label=_("Expires at"), required=False, widget=DateTimeLocalInput(),
                                     input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                     help_text=_("Optional: the item leaves the public pages then."))


class CommitmentForm(forms.Form):
    service = forms.CharField(label=_("Service"), max_length=100)
    promised_time = forms.CharField(label=_("Promised time"), max_length=50)
    content = forms.CharField(label=_("Commitment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=_("Basis"), required=False, max_length=300)
    sort_order = forms.IntegerField(label=_("Order"), required=False, min_value=0, max_value=999, initial=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class HotlineForm(forms.Form):
    hotline = forms.CharField(label=_("Complaint hotline"), max_length=40, required=False,
                              widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}))


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Search units"), required=False, max_length=50,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}))
