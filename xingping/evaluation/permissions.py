"""The evaluation app's one policy (docs/role-matrix/evaluation.md).

- the office runs the evaluation (rubric, evaluators, ballots, meeting, vetoes, consequences);
- the auditor and discipline inspectors read the meeting and the results; the auditor also
  sees the evaluators (who was invited, R12.2);
- leaders see the overview and the rubric; anyone sees the page of a unit in their scope;
- the ballot page and the published tally are public (`public_view`).
"""

from xingping.core.audit_access import register_audit_type
from xingping.evaluation.models import (
    AdmonishmentTalk, AgendaItem, BallotToken, Commendation, EvaluatedUnit, Evaluation, Evaluator, MeetingQuestion,
    RectificationFollowUp, RubricArea, RubricChoice, RubricItem, UnitResult, Veto,
)
from xingping.orgs.policy import LEADER, OFFICE, READERS, SEE_ALL, SIGNED_IN, VIEW, BasePolicy, RoleSet, unit_scope

RUN = "run"  # the office runs the evaluation
READ = "read"  # meeting, live count, results, commendation (read-only roles)
OVERVIEW = "overview"  # overview and rubric (also leaders)
EVALUATORS = "evaluators"  # the evaluators list (office and auditor)
OVERVIEW_ROLES = RoleSet("evaluation_overview", [*READERS, *LEADER])


def _run_only(qs, user, action):
    return qs if OFFICE.admits(user) else qs.none()


def _readers(qs, user, action):
    return qs if READERS.admits(user) else qs.none()


class EvaluationPolicy(BasePolicy):
    model = Evaluation
    actions = {VIEW: SIGNED_IN, RUN: OFFICE, READ: READERS, OVERVIEW: OVERVIEW_ROLES, EVALUATORS: SEE_ALL}
    scopes = {
        AgendaItem: unit_scope("unit"), MeetingQuestion: unit_scope("unit"), Veto: unit_scope("unit"),
        UnitResult: unit_scope("unit"), AdmonishmentTalk: unit_scope("unit"), Commendation: _readers,
        RectificationFollowUp: unit_scope("unit"), EvaluatedUnit: unit_scope("unit"),
        Evaluator: lambda qs, user, action: qs if SEE_ALL.admits(user) else qs.none(),
        BallotToken: _run_only,
    }

    def flags(self, user) -> dict:
        """The `can_*` booleans evaluation templates use (never roles)."""
        return {
            "can_run": self.user_has_permission(user, RUN),
            "can_read": self.user_has_permission(user, READ),
            "can_overview": self.user_has_permission(user, OVERVIEW),
            "can_see_evaluators": self.user_has_permission(user, EVALUATORS),
        }


policy = EvaluationPolicy()


def _visible(model):
    return lambda user: policy.instances_user_has_permission_for(user, VIEW, model._default_manager.all())


for _model in (Evaluation, RubricArea, RubricItem, RubricChoice):
    # the evaluation's set-up, for the whole campaign: those who see every unit (office, auditor)
    register_audit_type(_model, visible=lambda user, m=_model: m._default_manager.all() if SEE_ALL.admits(user)
                        else m._default_manager.none())
for _model in (AgendaItem, MeetingQuestion, Veto, UnitResult, AdmonishmentTalk, Commendation, RectificationFollowUp,
               EvaluatedUnit, Evaluator, BallotToken):
    register_audit_type(_model, visible=_visible(_model))
