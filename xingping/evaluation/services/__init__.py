"""Writes for the evaluation: every one validates, changes and audits in one transaction.

Ballots are the exception to auditing: casting a ballot writes no audit row (an audit
row would carry a time and could link a ballot back to a token or a person).

The modules, one per step of an evaluation (callers keep `from xingping.evaluation
import services` and `services.<name>`):

- `common`: constants, the state machine, links and receipts, the row lock;
- `rubric`: set-up from the campaign rules, the rubric and scoring rules;
- `levels`: evaluations at every level, overlap, assigned units (R13.1);
- `evaluators`: the panel and its single-use tokens;
- `voting`: open and close;
- `ballots`: casting a ballot (C7) and storage that keeps no cast order;
- `paper`: numbered paper ballots entered twice;
- `scoring`: results computed in the database;
- `vetoes`: vetoes recorded, proposed from cases, confirmed; results recomputed;
- `meeting`: agenda and questions;
- `consequences`: rectification plans, progress reports, talks, commendation (R13.3).
"""

from xingping.evaluation.services.ballots import (  # noqa: F401
    NOT_ANSWERED,
    OVERALL,
    ballot_cast,
    ballot_rubric,
    rubric_for_token,
    batch_size,
    flush_pending,
    seal_storage,
    store_ballot,
    token_lookup,
    validate_scores,
)
from xingping.evaluation.services.common import (  # noqa: F401
    DEFAULT_SCORING,
    DEFAULT_WORKFLOW,
    EXCELLENT,
    MAX_CHOICES,
    MAX_ITEMS,
    UNQUALIFIED,
    BallotError,
    _lock,
    _snap,
    ballot_url,
    hash_token,
    public_url,
    receipt_code,
    root_unit,
    workflow,
)
from xingping.evaluation.services.consequences import (  # noqa: F401
    commendation_update,
    consequences_apply,
    followups_advance,
    talk_update,
)
from xingping.evaluation.services.evaluators import evaluator_delete, evaluator_save, token_units, tokens_issue  # noqa: F401
from xingping.evaluation.services.levels import (  # noqa: F401
    category_units_set,
    check_overlap,
    default_units,
    evaluated_units_set,
    evaluation_new,
    unit_choices,
    evaluator_units_set,
)
from xingping.evaluation.services.meeting import (  # noqa: F401
    agenda_set_current,
    agenda_update,
    question_answer,
    question_record,
)
from xingping.evaluation.services.paper import (  # noqa: F401
    paper_ballots_print,
    paper_entry_record,
    parse_sheet,
)
from xingping.evaluation.services.rubric import (  # noqa: F401
    evaluation_setup,
    main_leaders,
    rubric_area_save,
    rubric_choice_save,
    rubric_entry_delete,
    rubric_item_save,
    scoring_update,
    validate_grades,
)
from xingping.evaluation.services.scoring import (  # noqa: F401
    FiguresUnavailable,
    answer_is,
    answered_condition,
    answers_by_unit,
    combine,
    democratic_scores,
    grade_for,
    item_weights,
    results_compute,
    rolled_up_scores,
    unqualified_grade,
    work_scores,
)
from xingping.evaluation.services.vetoes import (  # noqa: F401
    results_recompute,
    veto_confirm,
    veto_propose_for_case,
    veto_record,
    veto_remove,
    veto_rule,
)
from xingping.evaluation.services.voting import evaluation_close, evaluation_open  # noqa: F401
