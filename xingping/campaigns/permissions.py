"""The campaigns app's one policy (docs/role-matrix/campaigns.md).

- every signed-in account sees the campaign, its phases, deliverables and materials;
- submissions, attachments and mobilisation meetings are scoped to the user's unit tree;
- the deliverables matrix: the office (acts), the auditor and discipline inspectors (read-only);
- recording meetings and editing drafts: writers, in their writable scope;
- creating next year's campaign from the template: the office.
"""

from xingping.campaigns.models import (
    Attachment, Campaign, Deliverable, MobilisationMeeting, Phase, StudyMaterial, Submission,
)
from xingping.core.audit_access import register_audit_type
from xingping.orgs.policy import (
    CHANGE, OFFICE, READERS, SEE_ALL, SIGNED_IN, UNIT_WORKERS, VIEW, WRITERS, BasePolicy, unit_scope,
)

MATRIX = "matrix"
REVIEW_ALL = "review_all"  # the office reviews every unit's submissions
OWN_WORK = "own_work"  # a unit's leaders and staff: the "my unit owes" dashboard
CREATE = "create"  # next year's campaign from the template: the office


class CampaignsPolicy(BasePolicy):
    model = Campaign
    actions = {VIEW: SIGNED_IN, CHANGE: WRITERS, MATRIX: READERS, REVIEW_ALL: OFFICE, OWN_WORK: UNIT_WORKERS,
               CREATE: OFFICE}
    scopes = {
        Submission: unit_scope("unit"),
        Attachment: unit_scope("submission__unit"),
        MobilisationMeeting: unit_scope("unit"),
    }


policy = CampaignsPolicy()


def _campaign_wide(model):
    # rows about the whole campaign (its plan): those who see every unit (office, auditor)
    return lambda user: model._default_manager.all() if SEE_ALL.admits(user) else model._default_manager.none()


for _model in (Campaign, Phase, Deliverable, StudyMaterial):
    register_audit_type(_model, visible=_campaign_wide(_model))
for _model in (Submission, Attachment, MobilisationMeeting):
    register_audit_type(_model, policy=policy, action=VIEW)
