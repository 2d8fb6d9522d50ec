"""The office's set-up pages (设置): units, leadership groups and work teams, staff and
accounts. Thin views: the policy gates (`SETUP` to read — office and auditor; `MANAGE` to
write — the office), `orgs.services` writes and audits, `orgs.selectors` reads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingping.accounts.models import User
from xingping.orgs import picker, selectors, services
from xingping.orgs.forms import (
    SeatForm, StaffCreateForm, StaffFilterForm, StaffForm, UnitCreateForm, UnitEditForm, UnitMoveForm, setup_units,
)
from xingping.orgs.models import GroupMembership, OrgUnit
from xingping.orgs.permissions import MANAGE, SETUP, policy
from xingping.orgs.policy import VIEW, get_for_user_or_404, policy_required

PAGE = 50


def _errors(form, exc: ValidationError):
    """A service's refusal onto the form: by field where it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _flash(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _context(request, **extra):
    return {"can_manage": policy.user_has_permission(request.user, MANAGE), **extra}


@policy_required(policy, SETUP)
def setup(request):
    """The set-up hub: what the office prepares before and during a campaign."""
    return render(request, "orgs/setup/index.html", _context(request))


# ------------------------------------------------------------------ units

@policy_required(policy, SETUP)
def unit_list(request):
    return render(request, "orgs/setup/unit_list.html", _context(request, roots=selectors.setup_tree()))


@policy_required(policy, MANAGE)
def unit_create(request):
    initial = {}
    parent_code = request.GET.get("parent")
    if parent_code:
        parent = OrgUnit.objects.active().filter(code=parent_code).first()
        if parent is not None:
            initial["parent"] = parent
    form = UnitCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = services.unit_create(actor=request.user, code=d["code"], name=d["name"], level=d["level"],
                                        parent=d["parent"], sort_order=d["sort_order"] or 0, hotline=d["hotline"],
                                        address=d["address"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s added.") % {"name": unit.name})
            return redirect("orgs:setup-unit", code=unit.code)
    return render(request, "orgs/setup/unit_create.html", _context(request, form=form))


@policy_required(policy, SETUP)
def unit_edit(request, code):
    unit = get_for_user_or_404(policy, request.user, VIEW, queryset=OrgUnit.objects.select_related("parent"), code=code)
    can_manage = policy.user_has_permission(request.user, MANAGE)
    form = UnitEditForm(request.POST if request.method == "POST" else None, initial={
        "name": unit.name, "level": unit.level, "sort_order": unit.sort_order, "hotline": unit.hotline,
        "address": unit.address})
    if request.method == "POST":
        if not can_manage:
            return redirect("orgs:setup-unit", code=unit.code)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.unit_update(actor=request.user, unit=unit, name=d["name"], level=d["level"],
                                     sort_order=d["sort_order"] or 0, hotline=d["hotline"], address=d["address"])
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("orgs:setup-unit", code=unit.code)
    group, team = selectors.group_seats(unit)
    return render(request, "orgs/setup/unit_edit.html", _context(
        request, unit=unit, form=form, move_form=UnitMoveForm(unit=unit), seat_form=SeatForm(unit=unit),
        ancestors=list(unit.ancestors()), group=group, team=team, staff=list(selectors.unit_staff(unit)),
        retire_blockers=services.retire_blockers(unit) if not unit.is_retired else [],
    ))


@policy_required(policy, MANAGE)
@require_POST
def unit_move(request, code):
    unit = get_for_user_or_404(policy, request.user, MANAGE, code=code)
    form = UnitMoveForm(request.POST, unit=unit)
    if not form.is_valid():
        messages.error(request, _("Choose a new parent unit that is not the unit itself or below it."))
        return redirect("orgs:setup-unit", code=unit.code)
    try:
        services.unit_move(actor=request.user, unit=unit, parent=form.cleaned_data["parent"])
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Moved under %(name)s.") % {"name": form.cleaned_data["parent"].name})
    return redirect("orgs:setup-unit", code=unit.code)


@policy_required(policy, MANAGE)
@require_POST
def unit_retire(request, code):
    unit = get_for_user_or_404(policy, request.user, MANAGE, code=code)
    try:
        if request.POST.get("restore"):
            services.unit_restore(actor=request.user, unit=unit)
            messages.success(request, _("The unit is in use again."))
        else:
            services.unit_retire(actor=request.user, unit=unit)
            messages.success(request, _("The unit is retired: it no longer appears in pickers; its records stay."))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("orgs:setup-unit", code=unit.code)


@policy_required(policy, MANAGE)
@require_POST
def seat_add(request, code):
    unit = get_for_user_or_404(policy, request.user, MANAGE, code=code)
    form = SeatForm(request.POST, unit=unit)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.seat_add(actor=request.user, unit=unit, role=d["role"], name=d["name"], title=d["title"],
                              person=d["person"])
        except ValidationError as exc:
            _flash(request, exc)
        else:
            messages.success(request, _("Seat added."))
    else:
        messages.error(request, _("Check the seat: choose a role and a staff member or type a name."))
    return redirect("orgs:setup-unit", code=unit.code)


@policy_required(policy, MANAGE)
@require_POST
def seat_remove(request, pk):
    seat = get_for_user_or_404(policy, request.user, MANAGE, queryset=GroupMembership.objects.select_related("unit"), pk=pk)
    services.seat_remove(actor=request.user, seat=seat)
    messages.success(request, _("Seat removed."))
    return redirect("orgs:setup-unit", code=seat.unit.code)


@policy_required(policy, SETUP)
def setup_unit_options(request):
    """The set-up forms' unit picker suggestions past PICKER_THRESHOLD units: the queryset the
    form offers (`orgs.forms.setup_units`: active units, without a moved unit's subtree, or
    every unit for the staff list's filter) whose name or code holds the text."""
    exclude = OrgUnit.objects.filter(code=request.GET.get("exclude", "")[:32]).first() if request.GET.get("exclude") else None
    units = setup_units("all" if request.GET.get("choices") == "all" else "active", exclude=exclude)
    field = request.GET.get("field", "")[:40]
    text = request.GET.get("q") or (request.GET.get(field, "") if field.isidentifier() else "")
    found = picker.search_units(units, text)
    return render(request, "orgs/partials/picker_options.html", {"options": [(u.code, picker.unit_label(u)) for u in found]})


# ------------------------------------------------------------------ staff and accounts

@policy_required(policy, SETUP)
def staff_list(request):
    filters = StaffFilterForm(request.GET or None)
    d = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.staff_list(q=(d.get("q") or "").strip(), unit=d.get("unit"), role=d.get("role") or "",
                              active=d.get("active") or "")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    locked = selectors.locked_usernames(u.username for u in page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "orgs/setup/staff_list.html", _context(
        request, filters=filters, page=page, locked=locked, query=query.urlencode(),
        filtered=any(d.get(k) for k in ("q", "unit", "role", "active"))))


@policy_required(policy, MANAGE)
def staff_create(request):
    initial = {}
    unit = OrgUnit.objects.active().filter(code=request.GET.get("unit", "")).first()
    if unit is not None:
        initial["unit"] = unit
    form = StaffCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            user = services.staff_create(actor=request.user, username=d["username"], name=d["name"], unit=d["unit"],
                                         roles=d["roles"], password=d["password"], title=d["title"])
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Account %(username)s created. Give the person the password; "
                                        "they must change it at the first sign-in.") % {"username": user.username})
            return redirect("orgs:setup-staff-detail", pk=user.pk)
    return render(request, "orgs/setup/staff_create.html", _context(request, form=form))


@policy_required(policy, SETUP)
def staff_detail(request, pk):
    person = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    can_manage = policy.user_has_permission(request.user, MANAGE)
    form = StaffForm(request.POST if request.method == "POST" else None, initial={
        "name": person.display_name, "unit": person.unit, "roles": sorted(person.role_set), "title": person.title})
    if request.method == "POST":
        if not can_manage:
            return redirect("orgs:setup-staff-detail", pk=person.pk)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.staff_update(actor=request.user, user=person, name=d["name"], unit=d["unit"],
                                      roles=d["roles"], title=d["title"])
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("orgs:setup-staff-detail", pk=person.pk)
    return _staff_page(request, person, form)


def _staff_page(request, person, form=None, one_time_password=None):
    from xingping.accounts.passwords import password_set_by_office

    if form is None:
        form = StaffForm(initial={"name": person.display_name, "unit": person.unit,
                                  "roles": sorted(person.role_set), "title": person.title})
    response = render(request, "orgs/setup/staff_detail.html", _context(
        request, person=person, form=form, locked=person.username in selectors.locked_usernames([person.username]),
        must_change=password_set_by_office(person), is_self=person.pk == request.user.pk,
        one_time_password=one_time_password,
    ))
    if one_time_password:
        add_never_cache_headers(response)
    return response


@policy_required(policy, MANAGE)
@require_POST
def staff_active(request, pk):
    person = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.staff_set_active(actor=request.user, user=person, active=active, request=request)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("The account is enabled.") if active else
                         _("The account is disabled: every session of it has ended."))
    return redirect("orgs:setup-staff-detail", pk=person.pk)


@policy_required(policy, MANAGE)
@require_POST
def staff_password_reset(request, pk):
    """The one-time password is shown once, in the answer to this POST (never stored in
    clear, never in a message, a URL or the log; the page is not cached)."""
    person = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    try:
        password = services.staff_password_reset(actor=request.user, user=person, request=request)
    except ValidationError as exc:
        _flash(request, exc)
        return redirect("orgs:setup-staff-detail", pk=person.pk)
    person.refresh_from_db()
    return _staff_page(request, person, one_time_password=password)


@policy_required(policy, MANAGE)
@require_POST
def staff_unlock(request, pk):
    person = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    services.staff_unlock(actor=request.user, user=person)
    messages.success(request, _("Signing in is unlocked for %(username)s.") % {"username": person.username})
    return redirect("orgs:setup-staff-detail", pk=person.pk)
