"""The annual report figures on requests for disclosure (政府信息公开条例 art. 49)."""

import datetime

from django.http import Http404
from django.utils.translation import gettext as _

from xingping.cases import selectors
from xingping.cases.permissions import ANNUAL_REPORT, policy
from xingping.cases.views.staff import _today, render
from xingping.core.exports import people_download
from xingping.core.people_tables import NUMBER, Column
from xingping.orgs.models import Level
from xingping.orgs.policy import VIEW, policy_required, visible_units


def _annual_columns():
    """(key, header, width) of the annual report table and its Excel export."""
    from xingping.cases.models import DisclosureReply

    return [
        ("carried_in", _("Carried over from last year"), 12),
        ("received", _("Received this year"), 12),
        *[(r.value, str(r.label), 16) for r in DisclosureReply],
        ("other", _("Other outcomes (not accepted, withdrawn)"), 16),
        ("overdue", _("Overdue"), 10),
        ("carried_out", _("Carried over to next year"), 12),
    ]


@policy_required(policy, ANNUAL_REPORT)
def disclosure_report(request):
    """The annual report figures on requests for disclosure (条例 art. 49) for a calendar
    year: the office for any unit, a leader for their own area; Excel with `?format=xlsx`."""
    today = _today()
    units = list(visible_units(request.user).exclude(level=Level.DEPARTMENT).order_by("path"))
    if not units:
        raise Http404
    by_code = {u.code: u for u in units}
    code = request.GET.get("unit", "")
    unit = by_code.get(code) if code else units[0]  # the user's whole area unless a unit is chosen
    if unit is None:
        raise Http404  # a unit outside the area: the same answer as a missing one
    default_year = today.year - 1 if today.month == 1 else today.year  # the report is due by Jan 31
    error = ""
    try:
        year = int(request.GET.get("year") or default_year)
        if not 2000 <= year <= today.year:
            raise ValueError
    except ValueError:
        year, error = default_year, _("Choose a year between 2000 and this year.")
    cases = policy.instances_user_has_permission_for(request.user, VIEW).filter(unit__path__startswith=unit.path)
    figures = selectors.disclosure_annual_figures(cases=cases, year=year, as_of=today)
    by_pk = {u.pk: u for u in units}
    columns = _annual_columns()
    rows = [(by_pk.get(r["owner"]), [r[key] for key, _h, _w in columns]) for r in figures["rows"]]
    rows = sorted((r for r in rows if r[0] is not None), key=lambda r: r[0].path)
    total = [figures["total"][key] for key, _h, _w in columns]
    if request.GET.get("format") == "xlsx" and not error:
        table = [[u.code, u.name, *values] for u, values in rows] + [["", _("Total"), *total]]
        people_columns = [Column(_("Unit code"), lambda r: r[0]), Column(_("Unit"), lambda r: r[1])] + [
            Column(h, lambda r, i=i: r[2 + i], NUMBER) for i, (_k, h, _w) in enumerate(columns)]
        title = _("%(year)s requests for disclosure (annual report)") % {"year": year}
        return people_download(title=title, unit_name=unit.name, columns=people_columns, rows=table,
                               ascii_name=f"disclosure-report-{year}", sheet_title=str(year))
    return render(request, "cases/disclosure_report.html", {
        "units": units, "unit": unit, "year": year, "years": list(range(today.year, today.year - 6, -1)),
        "columns": columns, "rows": rows, "total": total, "figures": figures, "error": error,
        "partial_year": figures["end"] < datetime.date(year, 12, 31),
    })
