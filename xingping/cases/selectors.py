"""Reads for cases, computed in the database: the office list, a station's queue, the
overdue list, what falls due soon, and the per-unit figures behind the C4 keys."""

import datetime
import re

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from xingping.accounts.models import Role
from xingping.cases.figures import credited_unit
from xingping.cases.models import Case, CaseRequest, DisclosureReply, Kind, RequestStatus, Status
from xingping.core.filters import text_contains

LIST_PAGE_SIZE = 50
NUMBER_LIKE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")


def case_list(user, filters=None):
    """The case list a user may see, filtered; open cases first by what is due first."""
    filters = filters or {}
    qs = Case.objects.for_user(user)
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status") == "open":
        qs = qs.owed()
    elif filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("unit_ids") is not None:  # the unit and the units below it, already looked up
        qs = qs.filter(unit_id__in=filters["unit_ids"])
    elif filters.get("unit"):
        qs = qs.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("overdue"):
        today = filters["today"]
        qs = qs.filter(next_due_on__lt=today)
    if filters.get("received_from"):
        qs = qs.filter(received_on__gte=filters["received_from"])
    if filters.get("received_to"):
        qs = qs.filter(received_on__lte=filters["received_to"])
    if filters.get("q"):
        q = filters["q"].strip()
        if NUMBER_LIKE.match(q):  # a case number or a tracking code: an indexed lookup
            qs = qs.filter(Q(number=q.upper()) | Q(tracking_code=q.upper()))
        else:  # words: the subject, a scan of the lists' index (narrow it with the other filters)
            qs = qs.filter(text_contains("title", q))
    return qs.order_by("next_due_on", "id")


def queue_for(user, today):
    """A station officer's queue: open cases they may act on (the list's "open", `owed()`), the
    earliest due first."""
    return Case.objects.for_user(user, "change").owed().select_related("unit").order_by("next_due_on", "id")


def requests_to_decide(user):
    """Transfers and extensions waiting for this leader (or the office): on cases they may act on."""
    if not user.has_role(Role.LEADER, Role.OFFICE):
        return CaseRequest.objects.none()
    qs = CaseRequest.objects.filter(status=RequestStatus.PENDING, case__in=Case.objects.for_user(user, "change"))
    if not user.has_role(Role.OFFICE):  # nobody but the office approves their own request
        qs = qs.exclude(requested_by=user)
    return qs.select_related("case", "target_unit", "requested_by").order_by("requested_at", "pk")


def overdue(user, today):
    return (
        Case.objects.for_user(user).filter(next_due_on__lt=today).select_related("unit").order_by("next_due_on", "id")
    )


def due_soon(user, today, until):
    return (
        Case.objects.for_user(user).filter(next_due_on__gte=today, next_due_on__lte=until).select_related("unit")
        .order_by("next_due_on", "id")
    )


# ------------------------------------------------------------------ figures (C4)

def cases_behind(campaign, as_of, unit, key, part):
    """The cases counted in a unit's case figure: `part` "denominator" (every case the figure
    considers for the unit) or "numerator" (those replied, handled, met, completed in time) —
    the same definition as the figure (cases/figures.py `population`). Callers scope it to the
    reader (`Case.objects.for_user`): a misconduct report is not for the accused unit's people."""
    from xingping.cases import figures

    qs, field, numerator, denominator = figures.population(figures.spec_for(campaign, key), campaign=campaign,
                                                           as_of=as_of)
    qs = qs.annotate(credit=figures.credited_unit(field)).filter(credit=unit.pk).filter(denominator)
    if part == "numerator":
        qs = qs.filter(numerator)
    return qs


def cases_of_complainant(*, user, phone: str = "", id_number: str = "", exclude_pk: int | None = None):
    """The cases a user may see from the same complainant: exact match on the phone number
    or the ID number through their blind indexes (the columns themselves are encrypted,
    core/fields.py); `138 1234-5678` finds `13812345678`."""
    from xingping.core.crypto import blind_index, normalise_id_number, normalise_phone

    match = Q()
    if phone_hash := blind_index(phone, normalise_phone):
        match |= Q(complainant_phone_hash=phone_hash)
    if id_hash := blind_index(id_number, normalise_id_number):
        match |= Q(complainant_id_number_hash=id_hash)
    if not match:
        return Case.objects.none()
    qs = Case.objects.for_user(user).filter(match, named=True)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("-received_on", "-pk")


# ------------------------------------------------------------------ art. 49: the annual report

# The columns of the annual report (政府信息公开工作年度报告, 条例 art. 49 and the State Council's
# 2021 format, part III) that the cases hold, in the order the report lists them.
ANNUAL_TYPES = [r.value for r in DisclosureReply]


def disclosure_annual_figures(*, cases, year: int, as_of: datetime.date | None = None) -> dict:
    """The requests for disclosure of `cases` (already scoped) for calendar `year`, per
    handling unit (a department's requests count for its parent) and in total, computed in
    the database. Up to `as_of` (default today) when the year is not over.

    - `carried_in`: received before Jan 1 and not finished by then (上年结转);
    - `received`: received in the year (本年新收);
    - one count per reply type of art. 36 (`already_public` … `special_law`): finished in the
      year with that reply; `other`: finished in the year without one (not accepted, or
      deemed withdrawn after a request to supplement);
    - `overdue`: due in the year and replied after the due date, or still unfinished after it
      (a request awaiting a supplement has its clock stopped and is not overdue while it waits;
      one closed as withdrawn had no reply owed);
    - `carried_out`: received by the end and not finished by it (结转下年度继续办理).

    "Finished" is the reply date, or the closing date when there was no reply. By
    construction carried_in + received = the replies + other + carried_out."""
    as_of = as_of or timezone.localdate()
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), as_of)
    qs = (cases.filter(kind=Kind.DISCLOSURE_REQUEST, received_on__lte=end)
          .annotate(done_on=Coalesce("replied_on", "completed_on"),
                    owner=credited_unit("unit")))
    finished = Q(done_on__gte=start, done_on__lte=end)
    unfinished_at_end = Q(done_on__isnull=True) | Q(done_on__gt=end)
    counts = {
        "carried_in": Count("pk", filter=Q(received_on__lt=start) & (Q(done_on__isnull=True) | Q(done_on__gte=start))),
        "received": Count("pk", filter=Q(received_on__gte=start)),
        **{t: Count("pk", filter=finished & Q(disclosure_reply=t)) for t in ANNUAL_TYPES},
        "other": Count("pk", filter=finished & Q(disclosure_reply="")),
        "overdue": Count("pk", filter=Q(due_on__gte=start, due_on__lte=end) & (
            Q(done_on__gt=F("due_on"), done_on__lte=end, replied_on__isnull=False)
            | (unfinished_at_end & Q(due_on__lt=end) & ~Q(status=Status.SUPPLEMENT)))),
        "carried_out": Count("pk", filter=unfinished_at_end),
    }
    rows = list(qs.values("owner").annotate(**counts).order_by("owner"))
    total = qs.aggregate(**counts)
    return {"year": year, "start": start, "end": end, "rows": rows, "total": total, "keys": list(counts)}
