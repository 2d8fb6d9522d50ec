"""Input for the office's "new campaign from the template" page (rules: services)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.campaigns import services


class CampaignNewForm(forms.Form):
    year = forms.IntegerField(label=_("Campaign year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=pgettext_lazy("campaign", "Name"), max_length=200, required=False,
                            help_text=_("Leave empty for the template's name with the year."))
    slug = forms.SlugField(label=_("Short name"), max_length=50,
                           help_text=_("Letters, digits and '-', used in addresses, e.g. c2027."))
    first_day = forms.DateField(label=_("First day"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                help_text=_("Every phase and due date moves with it. Leave empty for the template's start."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = services.template_documents()
        for code, title, hint in self.documents:
            self.fields[f"doc_{code}"] = forms.CharField(
                label=title, max_length=60, required=False,
                help_text=_("Document number, e.g. %(example)s. Leave empty if not known yet.")
                % {"example": hint.replace("*", str(datetime.date.today().year))})
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in ("new", "attachments"):  # taken by the campaign pages' own addresses
            raise forms.ValidationError(_("This short name is reserved; choose another."))
        return slug

    def document_numbers(self):
        return {code: self.cleaned_data.get(f"doc_{code}", "") for code, _t, _h in self.documents}
