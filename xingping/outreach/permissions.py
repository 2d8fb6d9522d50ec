"""The outreach app's one policy (docs/role-matrix/outreach.md).

- visits and liaison records: seen in the user's unit tree; recorded by writers in their
  writable scope (on entities, through the entities policy);
- verification checks (R14.3): seen by the office and the read-only roles (leaders and
  staff never learn which of their visits were drawn), drawn and recorded by the office only;
- corrections (issue 13 part 10c): a visit is corrected by the one who recorded it (its
  `entered_by`), in their writable scope, and never once a verification call has confirmed
  or struck it or the entity visited has confirmed it. How long after entry a correction is
  allowed is the campaign's rule (`visit_checks.correction_days`, outreach/corrections.py).
"""

from xingping.core.audit_access import register_audit_type, register_audited_model
from xingping.orgs.policy import CHANGE, OFFICE, READERS, SIGNED_IN, VIEW, WRITERS, BasePolicy, unit_scope
from xingping.outreach.models import (CoverageFirst, CoverageRule, CoverageTally, EntityConfirmation, LiaisonRecord,
                                      ReturnPair, ReturnRule, ReturnTally, Verification, Visit, VisitCheck)

SEE_CHECKS = "see_checks"
RECORD_CHECK = "record_check"
DRAW_SAMPLE = "draw_sample"  # draw the verification sample (R14.3): the office
CORRECT = "correct"  # 更正: the recorder corrects a visit record, with a reason
#: verification outcomes after which a record is settled (no correction)
SETTLED = (Verification.CONFIRMED, Verification.NOT_CONFIRMED)


def _visit_scope(qs, user, action):
    if action != CORRECT:
        return unit_scope("unit")(qs, user, action)
    qs = unit_scope("unit")(qs, user, CHANGE)
    return (qs.filter(entered_by=user).exclude(verification__in=SETTLED)
            .exclude(verification_check__outcome__in=SETTLED).filter(entity_confirmation__isnull=True))


class OutreachPolicy(BasePolicy):
    model = Visit
    actions = {VIEW: SIGNED_IN, CHANGE: WRITERS, SEE_CHECKS: READERS, RECORD_CHECK: OFFICE, CORRECT: WRITERS,
               DRAW_SAMPLE: OFFICE}
    write_actions = frozenset({CHANGE, RECORD_CHECK, CORRECT})

    def _check_scope(qs, user, action):
        if action in (VIEW, SEE_CHECKS) and not READERS.admits(user):
            return qs.none()
        return unit_scope("unit")(qs, user, CHANGE if action in (CHANGE, RECORD_CHECK) else VIEW)

    scopes = {Visit: _visit_scope, LiaisonRecord: unit_scope("unit"), VisitCheck: _check_scope}


policy = OutreachPolicy()


for _model in (Visit, LiaisonRecord, VisitCheck):
    register_audit_type(_model, policy=policy, action=VIEW)
# an entity's own confirmation, and the figures' rules and counters: the office
register_audited_model(EntityConfirmation, CoverageRule, CoverageFirst, CoverageTally, ReturnRule, ReturnPair, ReturnTally)
