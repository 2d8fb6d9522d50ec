"""Texts built from the campaign's data (issue 13 part 5): the template's texts carry
placeholders, filled here from the records they describe, so a text never contradicts the
data shown beside it ("于{due}前报市局行评办" says the deliverable's actual due date).

Placeholders of a deliverable's description: `{due}` (its due date, 9月20日), `{year}` (the
campaign's year), `{phase}` (its phase's name). A placeholder with no value, or an unknown one,
reads 待补充 — never the template's text and never an invented value."""

import re

from django.utils.translation import gettext as _

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def chinese_day(day):
    return f"{day.month}月{day.day}日"


def fill(text, values):
    """`text` with each {name} replaced by values[name]; a missing or empty value: 待补充."""
    def one(match):
        value = values.get(match.group(1))
        return str(value) if value not in (None, "") else _("to be supplied")  # 待补充

    return PLACEHOLDER.sub(one, text or "")


def deliverable_text(deliverable):
    return fill(deliverable.description, {
        "due": chinese_day(deliverable.due_on) if deliverable.due_on else None,
        "year": deliverable.campaign.year if deliverable.campaign_id else None,
        "phase": deliverable.phase.name if deliverable.phase_id else None,
    })


def material_text(material):
    """A study material's title with its document number (文号), or 文号待补充."""
    if not material.numbered:
        return material.title
    number = material.document_number.strip() or _("document number to be supplied")  # 文号待补充
    return f"{material.title}（{number}）"
