"""The evaluation app's one policy (docs/role-matrix/evaluation.md, evaluation-levels.md).

An evaluation belongs to its holding unit (R13.1). Who may do what with it:

- **run** (rubric, evaluators, ballots, paper ballots, meeting, vetoes, consequences): the
  office runs every evaluation; the root's (the city's) only the office; a county's also
  the leaders and staff whose writable scope holds the county (its own people, the city
  leader above it);
- **read** (meeting, live count, results, charts, commendation): the root's, the read-only
  roles (office, auditor, discipline inspectors) wherever they sit; a county's, those
  read-only roles whose scope holds the county, and whoever runs it;
- **overview** (overview and rubric): the root's, readers and leaders; a county's, as read;
- **evaluators** (who was invited, R12.2): the office and the auditor, and whoever runs it;
- **levels** (the list of the campaign's evaluations, filtered by overview) and **create**
  (a county's evaluation, for a county in the user's writable scope);
- anyone sees the page of a unit in their scope; the ballot page and the published tally
  are public (`public_view`).

Page-level gates (`actions`) admit every role that may act on *some* evaluation; which
evaluation is answered by the `Evaluation` scope below (404 for missing and forbidden
alike, through `get_for_user_or_404`).
"""

from django.db.models import Q

from xingping.core.audit_access import register_audit_type, register_audited_model
from xingping.evaluation.models import (
    AdmonishmentTalk, AgendaItem, Ballot, BallotAnswers, BallotToken, Commendation, EvaluatedUnit, Evaluation, Evaluator, MeetingQuestion,
    PaperBallot, PaperEntry, PendingBallot, RectificationFollowUp, RubricArea, RubricChoice, RubricItem, UnitResult, Veto,
)
from xingping.orgs.policy import (
    CHANGE, LEADER, OFFICE, READERS, SEE_ALL, SIGNED_IN, STAFF, VIEW, WRITERS, BasePolicy, RoleSet, scope_path,
    unit_scope,
)

RUN = "run"  # run the evaluation
READ = "read"  # meeting, live count, results, charts, commendation
OVERVIEW = "overview"  # overview and rubric
EVALUATORS = "evaluators"  # the evaluators list
INDEX = "index"  # the evaluation menu: the root's overview
LEVELS = "levels"  # the list of the campaign's evaluations
CREATE = "create"  # a county's evaluation
SETUP = "setup"  # the root's evaluation, from the campaign rules

OVERVIEW_ROLES = RoleSet("evaluation_overview", [*READERS, *LEADER])
EVERY_ROLE = RoleSet("evaluation_any", [*READERS, *WRITERS])

_ROOT = Q(holder__parent__isnull=True)
_NONE = Q(pk__in=[])
_ALL = Q(pk__isnull=False)  # (an empty Q() would vanish when or-ed)


def _in_scope(user, action):
    """Q: the evaluation's holder is in the user's (writable) scope."""
    prefix = scope_path(user, action)
    if prefix is None:
        return _NONE
    return _ALL if prefix == "" else Q(holder__path__startswith=prefix)


def _runs(user):
    """Q: the evaluations `user` runs."""
    if OFFICE.admits(user):
        return _ALL
    if not WRITERS.admits(user):
        return _NONE
    return ~_ROOT & _in_scope(user, CHANGE)


def _reads(user):
    root = _ROOT if READERS.admits(user) else _NONE
    county = (~_ROOT & _in_scope(user, VIEW)) if READERS.admits(user) else _NONE
    return root | county | _runs(user)


def _evaluation_scope(qs, user, action):
    if action == RUN:
        q = _runs(user)
    elif action in (READ, LEVELS):
        q = _reads(user) if action == READ else _reads(user) | (_ROOT if OVERVIEW_ROLES.admits(user) else _NONE)
    elif action == OVERVIEW:
        q = _reads(user) | (_ROOT if OVERVIEW_ROLES.admits(user) else _NONE)
    elif action == EVALUATORS:
        q = (_ALL if SEE_ALL.admits(user) else _NONE) | _runs(user)
    elif action in (INDEX, SETUP):
        q = _ROOT
    else:  # VIEW (audit rows of the set-up): those who see every unit, or run it
        q = (_ALL if SEE_ALL.admits(user) else _NONE) | _runs(user)
    return qs.filter(q)


def _evaluation_part(qs, user, action):
    """Objects of an evaluation (rubric entries, tokens): as the evaluation."""
    return qs.filter(evaluation__in=_evaluation_scope(Evaluation.objects.all(), user, action))


class EvaluationPolicy(BasePolicy):
    model = Evaluation
    actions = {
        VIEW: SIGNED_IN, RUN: WRITERS, READ: EVERY_ROLE, OVERVIEW: RoleSet("evaluation_overview_any", [*EVERY_ROLE]),
        EVALUATORS: RoleSet("evaluation_evaluators", [*SEE_ALL, *WRITERS]), INDEX: OVERVIEW_ROLES,
        LEVELS: RoleSet("evaluation_levels", [*READERS, *LEADER, *STAFF]), CREATE: WRITERS, SETUP: OFFICE,
    }
    write_actions = frozenset({RUN, CREATE})
    scopes = {
        Evaluation: _evaluation_scope,
        AgendaItem: unit_scope("unit"), MeetingQuestion: unit_scope("unit"), Veto: unit_scope("unit"),
        UnitResult: unit_scope("unit"), AdmonishmentTalk: unit_scope("unit"),
        Commendation: lambda qs, user, action: _evaluation_part(qs, user, READ),
        RectificationFollowUp: unit_scope("unit"), EvaluatedUnit: unit_scope("unit"),
        Evaluator: lambda qs, user, action: _evaluation_part(qs, user, EVALUATORS),
        BallotToken: lambda qs, user, action: _evaluation_part(qs, user, RUN),
        RubricArea: _evaluation_part, RubricItem: _evaluation_part, RubricChoice: _evaluation_part,
    }

    def evaluations(self, user, action, queryset=None):
        """The evaluations `user` may `action` (a queryset)."""
        return self.instances_user_has_permission_for(user, action, queryset)

    def flags(self, user, evaluation=None) -> dict:
        """The `can_*` booleans evaluation templates use (never roles), for `evaluation`
        (one query per action); without one (the root's not set up yet) only the office's
        set-up."""
        names = {"can_run": RUN, "can_read": READ, "can_overview": OVERVIEW, "can_see_evaluators": EVALUATORS}
        if evaluation is None or evaluation.pk is None:
            return {flag: action == RUN and OFFICE.admits(user) for flag, action in names.items()}
        return {flag: self.user_has_permission_for_instance(user, action, evaluation) for flag, action in names.items()}


policy = EvaluationPolicy()


for _model in (Evaluation, RubricArea, RubricItem, RubricChoice, AgendaItem, MeetingQuestion, Veto, UnitResult,
               AdmonishmentTalk, Commendation, RectificationFollowUp, EvaluatedUnit, Evaluator, BallotToken):
    register_audit_type(_model, policy=policy, action=VIEW)
# ballots are secret: no row names a voter's answers; rows about them are the office's
register_audited_model(Ballot, BallotAnswers, PendingBallot, PaperBallot, PaperEntry)

__all__ = ["SETUP", "CREATE", "EVALUATORS", "INDEX", "LEVELS", "OVERVIEW", "READ", "RUN", "policy"]
