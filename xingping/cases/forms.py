"""Forms (input only): the public complaint form, hotline intake, transitions, requests,
deputies' records and the office's calendar overrides."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingping.cases.models import (
    PUBLIC_KINDS,
    Channel,
    DeputyKind,
    DisclosureReply,
    Kind,
    Outcome,
    ReplyMethod,
    RequestKind,
)
from xingping.core.uploads import validate_upload
from xingping.orgs.models import Level, OrgUnit
from xingping.orgs.picker import PICKER_LIMIT, PICKER_QUERY_MAX, SearchableChoiceField, UnitChoiceField, is_large

MAX_CONTENT = 2000
MAX_FILES = 3


def public_upload_limit():
    return int(getattr(settings, "XINGPING_PUBLIC_UPLOAD_MAX_BYTES", 5 * 1024 * 1024))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > MAX_FILES:
            raise ValidationError(_("At most %(n)d files.") % {"n": MAX_FILES})
        for f in files:
            validate_upload(f, max_bytes=public_upload_limit())
        return files


def _units(evaluated_only=True):
    qs = OrgUnit.objects.active().order_by("path")  # a retired unit (撤销) takes no new complaint
    return qs.exclude(level=Level.DEPARTMENT) if evaluated_only else qs


def transfer_units():
    """Where a case may be transferred (转办): any active unit, departments too. The transfer
    form's choices, and the only units its picker's suggestions name."""
    return _units(False)


def public_units():
    """The offices a citizen may file with: active units, no departments (the public forms'
    choices, and the only units the public picker's suggestions name)."""
    return _units()


def public_unit_label(unit):
    """A unit as the public sees it: its name, and the unit above it, which tells apart the
    many stations of one name (城关所 · 孝南区局)."""
    return f"{unit.name} · {unit.parent.name}" if unit.parent_id else unit.name


def search_public_units(text):
    """Public offices whose name contains `text`, at most PICKER_LIMIT (names only)."""
    text = (text or "").strip()[:PICKER_QUERY_MAX]
    if not text:
        return OrgUnit.objects.none()
    return public_units().filter(name__icontains=text).select_related("parent")[:PICKER_LIMIT]


class PublicUnitField(SearchableChoiceField):
    """The office a citizen's complaint or request is about: the select of today while there
    are at most PICKER_THRESHOLD offices; past that a search box (suggestions from the public
    `cases:public-unit-options`) whose text is the office's name as the suggestions show it
    (书院所 · 孝南区局), or its bare name when only one office bears it."""

    search_url = reverse_lazy("cases:public-unit-options")
    widget_class = "form-control"
    placeholder = _("Type part of the office's name")
    search_messages = {
        "unknown": _("No office named “%(value)s” takes complaints here: type part of its name and choose it "
                     "from the suggestions."),
        "ambiguous": _("Several offices are named “%(value)s”: %(candidates)s. Type one of these."),
    }

    def __init__(self, **kwargs):
        queryset = public_units()
        large = is_large(queryset)
        # a small set submits the pk as before; a large one submits the office's name as shown
        super().__init__(queryset.select_related("parent") if large else queryset, to_field_name=None, large=large,
                         **kwargs)

    def label_from_instance(self, obj):
        return public_unit_label(obj) if self.large else str(obj)

    def prepare_value(self, value):
        if self.large and hasattr(value, "_meta"):
            return public_unit_label(value)
        return super().prepare_value(value)

    def lookup(self, queryset, text):
        name, sep, parent = text.rpartition(" · ")
        if sep:
            return queryset.filter(name=name, parent__name=parent)
        return queryset.none()

    def by_name(self, queryset, text):
        return queryset.filter(name=text)


class BootstrapMixin:
    def _public_unit(self):
        """The office field counted per request (a select, or a search box past the threshold)."""
        self.fields["unit"] = PublicUnitField(label=self.fields["unit"].label)

    def _style(self):
        for name, field in self.fields.items():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, (forms.Select, forms.SelectMultiple)):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")


class PublicCaseForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to do?"), choices=[(k.value, k.label) for k in PUBLIC_KINDS])
    unit = forms.ModelChoiceField(label=_("Which office is it about?"), queryset=_units())  # PublicUnitField
    accused_name = forms.CharField(label=_("Staff member reported on (if known)"), max_length=50, required=False)
    title = forms.CharField(label=_("Subject"), max_length=100)
    content = forms.CharField(label=_("What happened"), max_length=MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(label=_("File anonymously"), required=False)
    name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    phone = forms.CharField(label=_("Your phone"), max_length=20, required=False)
    attachments = MultipleFileField(label=_("Attachments (pictures, PDF, Word or Excel)"), required=False)
    # A honeypot: hidden from people; robots fill it in.
    website = forms.CharField(required=False, label="Website", widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._public_unit()
        self._style()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if phone and not phone.lstrip("+").isdigit():
            raise ValidationError(_("Enter a phone number of digits."))
        return phone

    def clean(self):
        data = super().clean()
        if not data.get("anonymous") and not (data.get("name") and data.get("phone")):
            raise ValidationError(
                _("Give your name and phone, or tick “File anonymously”.")
            )
        return data


TRACKING_CODE_SHAPE = _("A tracking code has 16 letters and digits.")


class PublicDisclosureForm(BootstrapMixin, forms.Form):
    """A request for disclosure (依申请公开, 政府信息公开条例 art. 29): who asks and how to reach
    them, the information sought (its name, document number or a description), and how the
    applicant wants to receive it. Always named; no login, the same guards as the complaint
    form (honeypot, rate limit)."""

    DELIVERY = [
        ("post", pgettext_lazy("disclosure delivery", "On paper, by post")),  # 纸质邮寄
        ("pickup", pgettext_lazy("disclosure delivery", "On paper, collected in person")),  # 当面领取
        ("electronic", pgettext_lazy("disclosure delivery", "Electronically (we call you for the address)")),  # 电子
    ]

    unit = forms.ModelChoiceField(label=_("Which office holds the information?"), queryset=_units())  # PublicUnitField
    title = forms.CharField(label=_("Information requested: its name or document number"), max_length=200)
    content = forms.CharField(label=_("A description that helps find it (optional)"), max_length=MAX_CONTENT,
                              required=False, widget=forms.Textarea(attrs={"rows": 4}))
    delivery = forms.ChoiceField(label=_("How do you want to receive it?"), choices=DELIVERY, initial="post")
    name = forms.CharField(label=_("Your name, or your organisation's name"), max_length=50)
    phone = forms.CharField(label=_("Your phone"), max_length=20)
    id_number = forms.CharField(label=_("Resident ID number (optional)"), max_length=18, required=False)
    attachments = MultipleFileField(label=_("Attachments (pictures, PDF, Word or Excel)"), required=False)
    website = forms.CharField(required=False, label="Website", widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._public_unit()
        self._style()
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")
        self.fields["name"].widget.attrs.update(autocomplete="name")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if not phone.lstrip("+").isdigit():
            raise ValidationError(_("Enter a phone number of digits."))
        return phone

    def delivery_label(self):
        return dict(self.DELIVERY)[self.cleaned_data["delivery"]]


class TrackForm(BootstrapMixin, forms.Form):
    # One plain message for every wrong shape (empty, too short, too long), never Django's
    # "Ensure this value has at least 16 characters".
    code = forms.CharField(label=_("Tracking code"), max_length=19, min_length=16, error_messages={
        "required": TRACKING_CODE_SHAPE, "min_length": TRACKING_CODE_SHAPE, "max_length": TRACKING_CODE_SHAPE})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
        self.fields["code"].widget.attrs.update(placeholder="XXXX-XXXX-XXXX-XXXX", autocapitalize="characters")

    def clean_code(self):
        raw = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        if len(raw) != 16:
            raise ValidationError(TRACKING_CODE_SHAPE)
        return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


class CaseForm(BootstrapMixin, forms.Form):
    """Hotline staff record a call (or a letter, a visit, a deputy's suggestion)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.HOTLINE)
    unit = forms.ModelChoiceField(label=_("Unit (for misconduct: the unit reported on)"), queryset=_units(False))
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    title = forms.CharField(label=_("Subject"), max_length=200)
    content = forms.CharField(label=pgettext_lazy("cases", "Content"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    named = forms.BooleanField(label=_("Named (not anonymous)"), required=False, initial=True)
    complainant_name = forms.CharField(label=_("Complainant"), max_length=50, required=False)
    complainant_phone = forms.CharField(label=_("Complainant's phone"), max_length=30, required=False)
    complainant_id_number = forms.CharField(label=_("Complainant's ID number"), max_length=18, required=False)
    accused_name = forms.CharField(label=_("Staff member reported on"), max_length=50, required=False)
    deputy_name = forms.CharField(label=_("Deputy or member"), max_length=50, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
            if is_large(units):  # past PICKER_THRESHOLD: a search box on the same units (the code is sent)
                self.fields["unit"] = UnitChoiceField(queryset=units, search_url=reverse_lazy("cases:unit-options"),
                                                      label=self.fields["unit"].label, required=True, large=True)
        self._style()


class TransitionForm(BootstrapMixin, forms.Form):
    target = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason / note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    handler = forms.ModelChoiceField(label=_("Handler"), queryset=None, required=False)
    reply_method = forms.ChoiceField(label=_("Reply method"), choices=[("", "—")] + ReplyMethod.choices, required=False)
    reply_content = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    verified = forms.TypedChoiceField(
        label=_("Found true?"), required=False, choices=[("", "—"), ("1", _("Yes, true")), ("0", _("No, not true"))],
        coerce=lambda v: v == "1", empty_value=None,
    )
    outcome = forms.ChoiceField(label=_("Outcome class"), choices=[("", "—")] + Outcome.choices, required=False)
    # requests for disclosure: the reply's type (art. 36); the service refuses any other value
    disclosure_reply = forms.CharField(label=_("Reply type (article 36)"), required=False,
                                       widget=forms.Select(choices=[("", "—")] + DisclosureReply.choices))

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        from xingping.accounts.models import User

        self.fields["handler"].queryset = handlers if handlers is not None else User.objects.none()
        self._style()


class RequestForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    target_unit = forms.ModelChoiceField(label=_("Transfer to"), queryset=transfer_units(), required=False)
    new_due_on = forms.DateField(label=_("New due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = transfer_units()
        if is_large(units):  # past PICKER_THRESHOLD (a province has thousands): a search box, the code is sent
            self.fields["target_unit"] = UnitChoiceField(
                queryset=units, search_url=reverse_lazy("cases:transfer-unit-options"),
                label=self.fields["target_unit"].label, required=False, large=True)
        self._style()


class ConsultForm(BootstrapMixin, forms.Form):
    """Third-party consultation of a request for disclosure (art. 32): the days are checked
    by the service (`case_consult_record`), which says why a number is refused."""

    consult_wd = forms.CharField(label=_("Working days of the consultation"), max_length=6,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    reason = forms.CharField(label=_("Third party consulted and why"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(choices=[("1", _("Approve")), ("0", _("Refuse"))], coerce=lambda v: v == "1")
    note = forms.CharField(required=False, max_length=500)


class MeetingForm(BootstrapMixin, forms.Form):
    held_on = forms.DateField(label=pgettext_lazy("cases", "Held on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    attendees = forms.CharField(label=_("Attendees"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    cases = forms.ModelMultipleChoiceField(label=_("Suggestions and proposals discussed"), queryset=None, required=False)

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases
        self._style()


class SolicitationForm(BootstrapMixin, forms.Form):
    deputy_name = forms.CharField(label=_("Deputy or member"), max_length=50)
    deputy_kind = forms.ChoiceField(label=_("Kind"), choices=DeputyKind.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    materials = forms.CharField(label=_("Letters and materials sent"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class HolidayForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    is_workday = forms.TypedChoiceField(
        label=_("This day is"), choices=[("0", _("a holiday (day off)")), ("1", _("an adjusted working day"))],
        coerce=lambda v: v == "1",
    )
    name = forms.CharField(label=pgettext_lazy("holiday", "Name"), max_length=50, required=False)  # 名称, not 姓名

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CaseImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))
