"""The case workflow per kind, as data (STYLE.md "State machines are data").

Each state lists the states it may move to; `case_transition` (services.py) is the one
place that enforces it. Targets in `reason_required` need a reason (for `handled`, the
measures taken). docs/state-machines.md draws the same tables.
"""

from xingping.cases.models import Kind
from xingping.core.workflow import Workflow

R, AC, RJ, AS, V, H, RP, CL, RO, SP = (
    "received", "accepted", "rejected", "assigned", "verified", "handled", "replied", "closed", "reopened",
    "supplement",
)

# 投诉 / 评议会提问: accept (or reject), assign, reply, close; reopen.
SIMPLE = {
    R: (AC, RJ),
    AC: (AS, RP),
    RO: (AS, RP),
    AS: (RP,),
    RP: (CL, RO),
    RJ: (RO,),
    CL: (RO,),
}
# 举报 / 反映工作人员问题: the facts are verified (核实) and, when found true, handled
# (处理) before the reply.
INVESTIGATED = {
    R: (AC, RJ),
    AC: (AS, V),
    RO: (AS, V),
    AS: (V,),
    V: (H, RP),
    H: (RP,),
    RP: (CL, RO),
    RJ: (RO,),
    CL: (RO,),
}
# 建议 / 提案: never rejected; closing (办结) records the outcome class A/B/C.
DEPUTY = {
    R: (AC,),
    AC: (AS, RP),
    RO: (AS, RP),
    AS: (RP,),
    RP: (CL, RO),
    CL: (RO,),
}

# 依申请公开 (政府信息公开条例 2019): accepted (or not a valid request: rejected), assigned,
# replied with one of art. 36's types, closed; reopened after a complaint about the reply.
# 待补正 (art. 30): a request may be sent back to the applicant to supplement — at most
# `max_supplements` times (the rule: once, 一次性告知) — which stops the reply clock; the
# supplement arriving accepts it and restarts the clock from that day (`supplemented_on`,
# deadlines.py); an applicant who never supplements is deemed to withdraw (closed).
DISCLOSURE = {
    R: (AC, RJ, SP),
    AC: (AS, RP, SP),
    SP: (AC, CL),
    RO: (AS, RP),
    AS: (RP,),
    RP: (CL, RO),
    RJ: (RO,),
    CL: (RO,),
}

TABLES = {
    Kind.COMPLAINT: SIMPLE,
    Kind.PETITION: SIMPLE,
    Kind.MEETING_QUESTION: SIMPLE,
    Kind.REPORT: INVESTIGATED,
    Kind.MISCONDUCT: INVESTIGATED,
    Kind.SUGGESTION: DEPUTY,
    Kind.PROPOSAL: DEPUTY,
    Kind.DISCLOSURE_REQUEST: DISCLOSURE,
}
REASON_REQUIRED = frozenset({RJ, RO, H, SP})  # SP: what the applicant must supplement

WORKFLOWS = {
    kind: Workflow(name=f"case:{kind}", transitions=table, reason_required=REASON_REQUIRED)
    for kind, table in TABLES.items()
}


def workflow_for(kind):
    return WORKFLOWS[kind]
