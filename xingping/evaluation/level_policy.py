"""Who runs which evaluation (issue 12), on orgs/policy.py.

An evaluation belongs to its holding unit: the office manages every one; a county's
leader and staff manage the evaluation their county holds (writable scope: the holder is
their unit); readers (office, auditors, inspectors) and leaders read the evaluations held
in their scope. To merge into evaluation/permissions.py's policy when both branches land
(kept apart here so the two branches do not edit the same file)."""

from xingping.evaluation.models import Evaluation
from xingping.orgs.policy import APPROVERS, READERS, WRITERS, RoleSet, UnitScopedPolicy

LEVEL_READERS = RoleSet("evaluation_level_readers", READERS | APPROVERS)


class EvaluationLevelPolicy(UnitScopedPolicy):
    model = Evaluation
    unit_field = "holder"
    actions = {"view": LEVEL_READERS, "manage": WRITERS}
    write_actions = frozenset({"manage"})


evaluation_level_policy = EvaluationLevelPolicy()
