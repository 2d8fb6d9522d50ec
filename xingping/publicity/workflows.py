"""The publication workflow as data (STYLE.md "State machines are data").

Each state lists the states it may move to; `services.publication_transition` is the one
place that enforces it. Returning needs a reason. A published item is not moved: an edit
after publication is a new version (`services.publication_revise`). docs/publicity.md
draws the same table.
"""

from xingping.core.workflow import Workflow

PUBLICATION_WORKFLOW = {
    "transitions": {
        "draft": ["submitted"],  # the unit leader submits the staff's draft
        "submitted": ["returned", "published"],  # the office reviews
        "returned": ["submitted"],  # corrected, submitted again
        "published": [],
    },
    "reason_required": ["returned"],
}

# Who takes each step: an action of the publicity policy (permissions.py).
STEP_ACTION = {"submitted": "submit", "returned": "review", "published": "review"}
# States in which the unit may still change the text.
EDITABLE_STATES = frozenset({"draft", "returned"})


def workflow() -> Workflow:
    return Workflow.from_data("publication", PUBLICATION_WORKFLOW)
