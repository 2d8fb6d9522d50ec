"""A deliberately naive reference implementation of the C4 target figures.

Written from the text of CONTRACTS.md C4 (and C3 for the terms), not from the production
SQL: every figure is counted by looping over plain ORM objects in Python. Slow on purpose,
meant for small test worlds only (tests/test_figures_reference.py compares it with
`xingping.metrics.engine.compute`).

Readings of C4 used here (where the text leaves room, the choice is noted):
- own staff of U: users whose unit is U, or a department whose parent is U (C4).
- area of U: U and every unit below it, found by walking `parent` links (not `path`).
- window: campaign first day .. min(as_of, last day), inclusive.
- "not confirmed": the visit's verification, or its verification check's outcome, is
  `not_confirmed` (R14.3) — such a visit counts for neither visit figure.
- "the unit itself or one of its departments" (penalties, complaint cases); C4 says only
  "assigned to the unit" for deputy cases — read the same way here, because a department
  is an internal office of its parent (C3) and is never reported on its own.
- misconduct "verified": found true (`verified` is True) and, if a date is known, verified
  no later than `as_of`.
- disclosure: the due date counted day by day here from `chinese_calendar` and the office's
  HolidayOverride rows (an override wins; a year the package does not know counts Mon–Fri),
  never from the stored `due_on` or core.calendar.
- deliverables: those of this campaign; "accepted or submitted on time": the submission is
  now `submitted` or `accepted` and its first submission (local date) is on or before the
  due date.
"""

import datetime
from fractions import Fraction

from django.utils import timezone

KEYS = (
    "visit_coverage",
    "return_visit_coverage",
    "complaint_reply_rate",
    "misconduct_reply_rate",
    "misconduct_handling_rate",
    "deputy_meeting_rate",
    "deputy_completion_rate",
    "deliverable_on_time_rate",
    "disclosure_on_time_rate",
)

VISIT_TARGETS = {"city": 0.10, "county": 0.90, "branch": 0.90, "station": 1.00}
TARGETS = {
    "return_visit_coverage": 0.90,
    "complaint_reply_rate": 1.00,
    "misconduct_reply_rate": 1.00,
    "misconduct_handling_rate": 1.00,
    "deputy_meeting_rate": 1.00,
    "deputy_completion_rate": 1.00,
    "deliverable_on_time_rate": 1.00,
    "disclosure_on_time_rate": 1.00,
}


def target(key, level):
    if key == "visit_coverage":
        return VISIT_TARGETS.get(level)
    return TARGETS[key]


def figure(numerator, denominator, goal):
    if denominator == 0:
        return {"numerator": numerator, "denominator": 0, "rate": None, "target": goal, "met": None}
    met = None if goal is None else Fraction(numerator, denominator) >= Fraction(str(goal))
    return {"numerator": numerator, "denominator": denominator, "rate": numerator / denominator,
            "target": goal, "met": met}


class World:
    """Everything loaded once into plain Python lists."""

    def __init__(self, campaign):
        from xingping.accounts.models import User
        from xingping.campaigns.models import Deliverable, Submission
        from xingping.cases.models import Case
        from xingping.entities.models import MarketEntity, Penalty
        from xingping.orgs.models import OrgUnit
        from xingping.outreach.models import Visit, VisitCheck

        self.campaign = campaign
        self.units = {u.pk: u for u in OrgUnit.objects.all()}
        self.users = {u.pk: u for u in User.objects.all()}
        self.entities = {e.pk: e for e in MarketEntity.objects.all()}
        self.penalties = list(Penalty.objects.all())
        self.visits = list(Visit.objects.all())
        self.check_outcome = {c.visit_id: c.outcome for c in VisitCheck.objects.all()}
        self.cases = list(Case.objects.all())
        self.deliverables = list(Deliverable.objects.filter(campaign=campaign))
        self.submissions = {(s.deliverable_id, s.unit_id): s for s in Submission.objects.all()}
        from xingping.cases.models import HolidayOverride
        from xingping.disclosure.models import CatalogueItem

        self.disclosure_items = list(CatalogueItem.objects.all())
        self.overrides = dict(HolidayOverride.objects.values_list("day", "is_workday"))

    # ---------------------------------------------------------------- terms (C3/C4)
    def parent(self, unit):
        return self.units.get(unit.parent_id) if unit.parent_id else None

    def acting(self, unit_id):
        """The unit a department belongs to (itself otherwise)."""
        unit = self.units[unit_id]
        if unit.level == "department" and unit.parent_id:
            return unit.parent_id
        return unit.pk

    def in_area(self, unit_id, area_unit):
        unit = self.units[unit_id]
        while unit is not None:
            if unit.pk == area_unit.pk:
                return True
            unit = self.parent(unit)
        return False

    def own_staff(self, user_id, unit):
        user = self.users[user_id]
        return user.unit_id is not None and self.acting(user.unit_id) == unit.pk

    def not_confirmed(self, visit):
        return visit.verification == "not_confirmed" or self.check_outcome.get(visit.pk) == "not_confirmed"

    # ---------------------------------------------------------------- figures
    def visit_coverage(self, unit, as_of):
        start, end = self.campaign.first_day, min(as_of, self.campaign.last_day)
        population = [
            e for e in self.entities.values()
            if e.status == "active" and self.in_area(e.unit_id, unit)
            and (unit.level == "station" or e.kind == "enterprise")
        ]
        covered = 0
        for e in population:
            if any(
                v.entity_id == e.pk and v.kind == "visit" and v.method == "onsite"
                and start <= v.visited_on <= end and self.own_staff(v.visitor_id, unit)
                and not self.not_confirmed(v)
                for v in self.visits
            ):
                covered += 1
        return covered, len(population)

    def return_visit_coverage(self, unit, as_of):
        jan1 = datetime.date(self.campaign.year, 1, 1)
        earliest = {}
        for p in self.penalties:
            e = self.entities[p.entity_id]
            if e.status != "active" or self.acting(p.unit_id) != unit.pk:
                continue
            if jan1 <= p.decided_on <= as_of:
                earliest[e.pk] = min(earliest.get(e.pk, p.decided_on), p.decided_on)
        covered = 0
        for entity_id, first in earliest.items():
            if any(
                v.entity_id == entity_id and v.kind == "return" and v.method == "onsite"
                and first <= v.visited_on <= as_of and self.own_staff(v.visitor_id, unit)
                and not self.not_confirmed(v)
                for v in self.visits
            ):
                covered += 1
        return covered, len(earliest)

    def _period_cases(self, as_of):
        jan1 = datetime.date(self.campaign.year, 1, 1)
        return [c for c in self.cases if jan1 <= c.received_on <= as_of]

    @staticmethod
    def _by(day, as_of):
        return day is not None and day <= as_of

    def complaint_reply_rate(self, unit, as_of):
        cases = [
            c for c in self._period_cases(as_of)
            if (c.kind in ("complaint", "report") or (c.kind == "petition" and c.named))
            and self.acting(c.unit_id) == unit.pk
        ]
        return sum(self._by(c.replied_on, as_of) for c in cases), len(cases)

    def _misconduct(self, unit, as_of):
        return [
            c for c in self._period_cases(as_of)
            if c.kind == "misconduct" and c.subject_unit_id and self.acting(c.subject_unit_id) == unit.pk
        ]

    def misconduct_reply_rate(self, unit, as_of):
        cases = self._misconduct(unit, as_of)
        return sum(self._by(c.replied_on, as_of) for c in cases), len(cases)

    def misconduct_handling_rate(self, unit, as_of):
        cases = [
            c for c in self._misconduct(unit, as_of)
            if c.verified is True and (c.verified_on is None or c.verified_on <= as_of)
        ]
        return sum(self._by(c.handled_on, as_of) for c in cases), len(cases)

    def _deputy(self, unit, as_of):
        return [
            c for c in self._period_cases(as_of)
            if c.kind in ("suggestion", "proposal") and self.acting(c.unit_id) == unit.pk
        ]

    def deputy_meeting_rate(self, unit, as_of):
        cases = self._deputy(unit, as_of)
        return sum(self._by(c.met_on, as_of) for c in cases), len(cases)

    def deputy_completion_rate(self, unit, as_of):
        cases = self._deputy(unit, as_of)
        return sum(self._by(c.completed_on, as_of) for c in cases), len(cases)

    def deliverable_on_time_rate(self, unit, as_of):
        owed = []
        for d in self.deliverables:
            if d.owner_unit_id is not None:
                owes = d.owner_unit_id == unit.pk
            else:
                owes = unit.level in [lv for lv in d.owner_levels.split(";") if lv]
            if owes and d.due_on <= as_of:
                owed.append(d)
        on_time = 0
        for d in owed:
            s = self.submissions.get((d.pk, unit.pk))
            if (s is not None and s.state in ("submitted", "accepted") and s.first_submitted_at is not None
                    and timezone.localdate(s.first_submitted_at) <= d.due_on):
                on_time += 1
        return on_time, len(owed)

    def is_workday(self, day):
        import chinese_calendar

        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:  # a year the package does not know: Monday–Friday
            return day.weekday() < 5

    def nth_working_day_after(self, start, n):
        day, counted = start, 0
        while counted < n:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def disclosure_on_time_rate(self, unit, as_of):
        jan1 = datetime.date(self.campaign.year, 1, 1)
        due_items = []
        for item in self.disclosure_items:
            if item.mode != "proactive" or item.created_on is None or self.acting(item.unit_id) != unit.pk:
                continue
            if not jan1 <= item.created_on <= as_of:
                continue
            due = self.nth_working_day_after(item.created_on, item.limit_wd)
            if due <= as_of:
                due_items.append((item, due))
        on_time = sum(1 for item, due in due_items
                      if item.disclosed_on is not None and item.disclosed_on <= due and item.disclosed_on <= as_of)
        return on_time, len(due_items)

    # ---------------------------------------------------------------- C4's JSON
    def compute(self, as_of):
        units = []
        for unit in sorted(self.units.values(), key=lambda u: u.code):
            if unit.level == "department":
                continue
            metrics = {}
            for key in KEYS:
                num, den = getattr(self, key)(unit, as_of)
                metrics[key] = figure(num, den, target(key, unit.level))
            units.append({"code": unit.code, "name": unit.name, "level": unit.level, "metrics": metrics})
        return {"campaign": self.campaign.slug, "as_of": as_of.isoformat(), "units": units}


def reference(campaign, as_of):
    return World(campaign).compute(as_of)
