"""Input for the office's verification-sample page (the rules: `services.visits_sample`)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from xingping.campaigns.models import Campaign


class SampleForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.order_by("-first_day"),
                                      empty_label=None)
    percent = forms.DecimalField(label=_("Share of each unit's visits (%)"), min_value=Decimal("0.1"),
                                 max_value=Decimal("100"), decimal_places=1, initial=Decimal("5"))
    seed = forms.CharField(label=_("Draw number"), max_length=40,
                           help_text=_("The same visits, share and draw number always give the same sample; "
                                       "write it down with the result."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")
