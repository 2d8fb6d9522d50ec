"""Paper ballots (纸质选票, issue 12): numbered sheets printed by the office, each entered
twice by two different members of staff; a ballot counts only when two entries by
different people match; mismatches wait for a third look. Counted paper ballots are
stored like phone ballots (same secrecy: random keys and storage order, the day only),
marked `source = paper`."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import Ballot, BallotSource, Evaluation, EvaluatorCategory, PaperBallot, PaperEntry
from xingping.evaluation.services.ballots import batch_size, ballot_rubric, flush_pending, store_ballot, validate_scores
from xingping.evaluation.services.common import _lock

MAX_PRINT = 2000


@transaction.atomic
def paper_ballots_print(*, actor, evaluation: Evaluation, count: int, category: str) -> list[PaperBallot]:
    """Number `count` new paper ballots of `category` (after the last number)."""
    evaluation = _lock(evaluation)
    if evaluation.is_closed:
        raise ValidationError(_("Voting is closed; no more ballots can be issued."), code="closed")
    if category not in EvaluatorCategory.values:
        raise ValidationError(_("Unknown evaluator category."), code="category")
    if not 1 <= count <= MAX_PRINT:
        raise ValidationError(_("Print between 1 and %(n)s paper ballots at a time.")
                              % {"n": MAX_PRINT}, code="count")
    start = (evaluation.paper_ballots.aggregate(m=Max("number"))["m"] or 0) + 1
    today = timezone.localdate()
    papers = PaperBallot.objects.bulk_create([
        PaperBallot(evaluation=evaluation, number=n, category=category, printed_on=today)
        for n in range(start, start + count)
    ])
    audit.record(actor=actor, action="print_paper", obj=evaluation,
                 new={"from": start, "to": start + count - 1, "category": category})
    return papers


def parse_sheet(rubric, lines: dict) -> dict:
    """{unit code: "3329…"} (one character per item: the choice's value, "-" left blank)
    → the scores object of a phone ballot. Raises ValidationError naming the unit."""
    items = [code for _key, code, _text, _req in rubric["items"]]
    scores = {}
    for code, line in lines.items():
        line = (line or "").replace(" ", "")
        if len(line) != len(items):
            raise ValidationError({code: _("Enter %(n)s answers, one per item.") % {"n": len(items)}})
        if any(ch != "-" and not ch.isdigit() for ch in line):
            raise ValidationError({code: _("Use the digits of the choices, or - for a blank.")})
        scores[code] = {item: int(ch) for item, ch in zip(items, line) if ch != "-"}
    return scores


def _flatten(errors, prefix=""):
    """Field errors of validate_scores as readable lines ("XN A1.1: …")."""
    if isinstance(errors, list):
        return [f"{prefix}{message}" for message in errors]
    lines = []
    for key, value in errors.items():
        lines += _flatten(value, f"{prefix}{key} ")
    return lines


def paper_entry_record(*, actor, paper: PaperBallot, scores: dict) -> dict:
    """One member of staff enters a paper ballot. Refused when this person has entered
    this number already, when the ballot counts already, or when it is malformed (nothing
    stored). The ballot counts as soon as two entries by different staff agree; returns
    {"counted": bool, "entries": n, "mismatch": bool}. A counted ballot enters the mixing
    buffer like a phone ballot; a full buffer is flushed after the entry's transaction."""
    with transaction.atomic():
        result, waiting, evaluation_pk = _paper_entry(actor, paper, scores)
    if waiting >= batch_size():
        flush_pending(evaluation_pk)
    return result


def _paper_entry(actor, paper, scores):
    paper = PaperBallot.objects.select_for_update().select_related("evaluation").get(pk=paper.pk)
    evaluation = paper.evaluation
    if not evaluation.is_open:
        raise ValidationError(_("Voting is not open."), code="state")
    if paper.counted:
        raise ValidationError(_("Paper ballot %(n)s is counted already.") % {"n": paper.number},
                              code="counted")
    if paper.entries.filter(entered_by=actor).exists():
        raise ValidationError(_("You have entered paper ballot %(n)s already: a second member of staff must enter it.") % {"n": paper.number}, code="same_person")
    rubric = ballot_rubric(evaluation)
    errors, rows = validate_scores(rubric, scores, allow_abstain=evaluation.allow_abstain)
    if errors:
        raise ValidationError(_flatten(errors["scores"]), code="invalid")
    others = list(paper.entries.values_list("scores", flat=True))
    PaperEntry.objects.create(paper=paper, entered_by=actor, scores=scores, entered_on=timezone.localdate())
    match = any(other == scores for other in others)
    waiting = 0
    if match:
        ballot = Ballot(evaluation=evaluation, category=paper.category, cast_on=timezone.localdate(),
                        source=BallotSource.PAPER, nonce=secrets.token_hex(16))
        waiting = store_ballot(ballot, rows)
        paper.counted = True
        paper.save(update_fields=["counted"])
    audit.record(actor=actor, action="paper_entry", obj=evaluation,
                 new={"number": paper.number, "entries": len(others) + 1, "counted": match})
    return {"counted": match, "entries": len(others) + 1, "mismatch": bool(others) and not match}, waiting, evaluation.pk
