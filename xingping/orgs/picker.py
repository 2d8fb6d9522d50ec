"""What the list filters offer (issue 13, part 6): the units and the staff a user may pick,
scoped by the one unit policy (orgs.policy.visible_units). Rendered by the unit tree
picker ({% load unit_picker %}) and by plain selects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from xingping.orgs.policy import visible_units


def picker_units(user):
    """The units `user` may see, in tree order (the picker indents them by depth)."""
    return visible_units(user).only("pk", "code", "name", "path", "depth").order_by("path")


def picker_staff(user):
    """The active staff of the units `user` may see, by unit in tree order, then name."""
    from xingping.accounts.models import User

    return (User.objects.filter(is_active=True, unit__in=visible_units(user))
            .select_related("unit").order_by("unit__path", "last_name", "username"))


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen by its code among the units the user may see (an unknown or foreign
    code is refused with a message, never ignored)."""

    def __init__(self, user, **kwargs):
        kwargs.setdefault("label", _("Unit"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=picker_units(user), to_field_name="code", **kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    """A staff member chosen by username among the staff of the units the user may see."""

    def __init__(self, user, **kwargs):
        kwargs.setdefault("label", _("Staff"))
        kwargs.setdefault("required", False)
        super().__init__(queryset=picker_staff(user), to_field_name="username", **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.display_name} · {obj.unit.name}" if obj.unit_id else obj.display_name
