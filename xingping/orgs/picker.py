"""What the list filters offer (issue 13, part 6): the units and the staff a user may pick,
scoped by the one unit policy (orgs.policy.visible_units). Rendered by the unit tree
picker ({% load unit_picker %}) and by plain selects.

A set of more than `PICKER_THRESHOLD` choices (a city office sees 3,822 units and 16,107
staff at province scale: a megabyte of <option>s per page) is not rendered as a list: the
field becomes a search box (`SearchInput`) whose suggestions come from the option endpoints
(`orgs:unit-options`, `orgs:staff-options`, the public `cases:public-unit-options`), at most
`PICKER_LIMIT` at a time, from the same queryset the field validates against. The value
submitted is the same as the select's (unit code, username); without script the box is a
plain text input and the field resolves what was typed: the code (username) or an exact
name, refusing an unknown or ambiguous one with a message. Sets of `PICKER_THRESHOLD` or
fewer keep the select."""

import re

from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.urls import reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from xingping.orgs.policy import visible_units

#: more choices than this and a picker searches as one types instead of listing them all
PICKER_THRESHOLD = 200
#: the most suggestions one search returns
PICKER_LIMIT = 30
#: the longest search text read (a name or a code is shorter)
PICKER_QUERY_MAX = 50


def picker_units(user):
    """The units `user` may see, in tree order (the picker indents them by depth)."""
    return visible_units(user).only("pk", "code", "name", "path", "depth").order_by("path")


def picker_staff(user):
    """The active staff of the units `user` may see, by unit in tree order, then name."""
    from xingping.accounts.models import User

    return (User.objects.filter(is_active=True, unit__in=visible_units(user))
            .select_related("unit").order_by("unit__path", "last_name", "username"))


def is_large(choices) -> bool:
    """More than PICKER_THRESHOLD choices (a queryset is counted in the database)."""
    count = choices.count() if hasattr(choices, "query") else len(choices)
    return count > PICKER_THRESHOLD


def search_units(units, text):
    """Units of `units` whose name or code contains `text`, at most PICKER_LIMIT, in tree order."""
    text = (text or "").strip()[:PICKER_QUERY_MAX]
    if not text:
        return units.none()
    return units.filter(Q(name__icontains=text) | Q(code__icontains=text)).order_by("path")[:PICKER_LIMIT]


def _with_full_name(staff):
    return staff.annotate(xp_full_name=Concat("last_name", "first_name", Value("")))


def search_staff(staff, text):
    """Staff of `staff` whose name or username contains `text`, at most PICKER_LIMIT."""
    text = (text or "").strip()[:PICKER_QUERY_MAX]
    if not text:
        return staff.none()
    return _with_full_name(staff).filter(Q(xp_full_name__icontains=text) | Q(username__icontains=text))[:PICKER_LIMIT]


def unit_label(unit):
    """A unit as the suggestions show it: 书院所（XN01）."""
    return pgettext("unit picker", "%(name)s (%(code)s)") % {"name": unit.name, "code": unit.code}


def staff_label(user):
    return f"{user.display_name} · {user.unit.name}" if user.unit_id else user.display_name


class SearchInput(forms.TextInput):
    """A search box with suggestions (a <datalist> filled by HTMX from `url`), in place of a
    select too long to render. Without script it is a text input."""

    template_name = "orgs/widgets/search_input.html"
    input_type = "search"

    def __init__(self, url, attrs=None, label_for=None):
        super().__init__(attrs)
        self.url = url
        self.label_for = label_for  # value -> the chosen object's label, or ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        value = context["widget"]["value"] or ""
        url = str(self.url)
        url += ("&" if "?" in url else "?") + urlencode({"field": name})  # the endpoint reads the text under `name`
        context["widget"].update(url=url, selected_label=self.label_for(value) if value and self.label_for else "")
        return context


class SearchableChoiceField(forms.ModelChoiceField):
    """A model choice by key (`to_field_name`) that turns into a search box when there are
    more than PICKER_THRESHOLD choices (`large`); then what was typed is resolved: the key,
    an object's label as the suggestions show it, or an exact name borne by one object alone.
    An unknown or ambiguous text is refused with a message naming the candidates. A small set
    keeps the select and ModelChoiceField's behaviour unchanged."""

    search_url = None
    widget_class = "form-control form-control-sm"
    placeholder = _("Type a name or a code")
    search_messages = {}  # "unknown", "ambiguous" (with %(value)s and %(candidates)s)

    def __init__(self, queryset, *, to_field_name, search_url=None, large=None, **kwargs):
        super().__init__(queryset=queryset, to_field_name=to_field_name, **kwargs)
        self.search_url = search_url or self.search_url
        self.large = is_large(queryset) if large is None else large
        if self.large:
            css = self.widget.attrs.get("class", self.widget_class).replace("form-select", "form-control")
            self.widget = SearchInput(self.search_url, attrs={"class": css, "placeholder": self.placeholder},
                                      label_for=self._label_for)
            self.widget.is_required = self.required

    def _label_for(self, value):
        obj = self.lookup(self.queryset, str(value)).first()
        return self.label_from_instance(obj) if obj is not None else ""

    def lookup(self, queryset, text):
        """The objects whose key, or whose label as the suggestions show it, is `text`."""
        return queryset.filter(**{self.to_field_name or "pk": text})

    def by_name(self, queryset, text):
        """The objects of `queryset` named exactly `text` (the no-script path)."""
        raise NotImplementedError

    def candidate_label(self, obj):
        """How an ambiguous name's candidates are named in the message (with what to type)."""
        return self.label_from_instance(obj)

    def to_python(self, value):
        if not self.large:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        text = " ".join(str(value).split())[:PICKER_QUERY_MAX * 2]
        try:
            found = list(self.lookup(self.queryset, text)[:6])
        except (ValueError, TypeError):
            found = []
        found = found or list(self.by_name(self.queryset, text)[:6])
        if len(found) == 1:
            return found[0]
        code = "ambiguous" if found else "unknown"
        candidates = pgettext("list separator", ", ").join(self.candidate_label(obj) for obj in found[:5])
        raise forms.ValidationError(self.search_messages[code], code=code,
                                    params={"value": text, "candidates": candidates})


_LABELLED_CODE = re.compile(r"^(?P<name>.*)[（(](?P<code>[^（）()]+)[）)]$")  # unit_label, in either language


class UnitChoiceField(SearchableChoiceField):
    """A unit chosen by its code among the units the user may see (an unknown or foreign
    code is refused with a message, never ignored)."""

    search_url = reverse_lazy("orgs:unit-options")
    placeholder = _("Type a unit's name or code")
    search_messages = {
        "unknown": _("No unit you may choose has the code or the name “%(value)s”."),
        "ambiguous": _("Several units are named “%(value)s”: %(candidates)s. Choose one or type its code."),
    }

    def __init__(self, user=None, *, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("required", False)
        super().__init__(queryset if queryset is not None else picker_units(user), to_field_name="code", **kwargs)

    def label_from_instance(self, obj):
        return unit_label(obj) if self.large else str(obj)

    def lookup(self, queryset, text):
        labelled = _LABELLED_CODE.match(text)  # 书院所（XN01）, as the suggestions show it
        return queryset.filter(code=labelled["code"] if labelled else text)

    def by_name(self, queryset, text):
        return queryset.filter(name=text)


class StaffChoiceField(SearchableChoiceField):
    """A staff member chosen by username among the staff of the units the user may see."""

    search_url = reverse_lazy("orgs:staff-options")
    placeholder = _("Type a name or a username")
    search_messages = {
        "unknown": _("No staff member you may choose has the username or the name “%(value)s”."),
        "ambiguous": _("Several staff members are named “%(value)s”: %(candidates)s. Choose one or type the "
                       "username."),
    }

    def __init__(self, user, **kwargs):
        kwargs.setdefault("label", _("Staff"))
        kwargs.setdefault("required", False)
        super().__init__(picker_staff(user), to_field_name="username", **kwargs)

    def label_from_instance(self, obj):
        return staff_label(obj)

    def by_name(self, queryset, text):
        return _with_full_name(queryset).filter(xp_full_name=text)

    def candidate_label(self, obj):
        return pgettext("staff picker", "%(name)s (%(username)s)") % {"name": obj.display_name, "username": obj.username}
