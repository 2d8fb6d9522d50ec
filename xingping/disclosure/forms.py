from django import forms
from django.utils.translation import gettext_lazy as _


class DisclosureForm(forms.Form):
    disclosed_on = forms.DateField(label=_("Disclosed on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    url = forms.URLField(label=_("Web address (if disclosed online)"), required=False, assume_scheme="https")
    evidence = forms.FileField(label=_("Photo or PDF of the disclosure"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
