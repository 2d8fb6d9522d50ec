"""The meeting: agenda, current speaker, questions and answers."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xingping.core import audit
from xingping.evaluation.models import (
    AgendaItem,
    MeetingQuestion,
)
from xingping.evaluation.services.common import _lock

# ------------------------------------------------------------------ meeting

@transaction.atomic
def agenda_update(*, actor, item, speaker, title, done):
    old = audit.snapshot(item, ["speaker", "title", "done"])
    item.speaker, item.title, item.done = speaker.strip(), title.strip(), done
    item.save()
    audit.record(actor=actor, action="update", obj=item, old=old, new=audit.snapshot(item, ["speaker", "title", "done"]))
    return item


@transaction.atomic
def agenda_set_current(*, actor, evaluation, item):
    evaluation = _lock(evaluation)
    old = audit.snapshot(evaluation, ["current_agenda"])
    if evaluation.current_agenda_id and evaluation.current_agenda_id != getattr(item, "pk", None):
        AgendaItem.objects.filter(pk=evaluation.current_agenda_id).update(done=True)
    evaluation.current_agenda = item
    evaluation.save(update_fields=["current_agenda", "updated_at"])
    audit.record(actor=actor, action="agenda", obj=evaluation, old=old, new=audit.snapshot(evaluation, ["current_agenda"]))
    return evaluation


@transaction.atomic
def question_record(*, actor, evaluation, unit, question, asked_by=""):
    if not question.strip():
        raise ValidationError(_("Write the question."), code="question")
    if not evaluation.units.filter(unit=unit).exists():
        raise ValidationError(_("Not a unit of this evaluation."), code="unit")
    q = MeetingQuestion.objects.create(evaluation=evaluation, unit=unit, question=question.strip(),
                                       asked_by=asked_by.strip(), recorded_by=actor)
    audit.record(actor=actor, action="create", obj=q, new=audit.snapshot(q, ["unit", "asked_by", "question"]))
    return q


@transaction.atomic
def question_answer(*, actor, question, answer, answered_by=""):
    if not answer.strip():
        raise ValidationError(_("Write the answer."), code="answer")
    old = audit.snapshot(question, ["answer", "answered_by"])
    question.answer, question.answered_by = answer.strip(), answered_by.strip()
    question.save()
    audit.record(actor=actor, action="answer", obj=question, old=old, new=audit.snapshot(question, ["answer", "answered_by"]))
    return question


