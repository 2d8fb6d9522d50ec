"""Links from a finding to the record it came from (a visit opinion in `outreach`, a case in
`cases`): both apps sit below rectification and are imported directly; a summary of the
record is stored on the finding."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from xingping.cases.models import Case
from xingping.outreach.models import Visit
from xingping.rectification.models import Category, Source

# source type -> (model, finding source, default category)
SOURCE_TYPES = {
    "visit": (Visit, Source.VISIT, Category.OTHER),
    "case": (Case, Source.CASE, Category.OTHER),
}
TEXT_FIELDS = ("opinions", "opinion", "suggestions", "summary", "subject", "title", "content", "body", "description",
               "text", "reply", "result")
DATE_FIELDS = ("visited_on", "received_on", "verified_on", "handled_on", "created_at")
MISCONDUCT_CATEGORY = Category.UNCIVIL
SOURCE_LABELS = {"visit": _("Visit opinion"), "case": _("Case")}
DETAIL_URLS = {"visit": "outreach:visit-detail", "case": "cases:case-detail"}  # the other app checks access


def source_model(source_type):
    entry = SOURCE_TYPES.get(source_type)
    return entry[0] if entry else None


def resolve(source_type, source_id, user):
    """The source record the user may see, or None (unknown type, bad id, not found)."""
    model = source_model(source_type)
    if model is None:
        return None
    try:
        pk = int(source_id)
    except (TypeError, ValueError):
        return None
    manager = model._default_manager
    qs = manager.all()
    if hasattr(qs, "for_user"):
        qs = qs.for_user(user)
    return qs.filter(pk=pk).first()


def _text(obj):
    parts = []
    for name in TEXT_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value.strip() and value.strip() not in parts:
            parts.append(value.strip())
    return "\n".join(parts)


def prefill(source_type, obj):
    """Initial values of a finding made from `obj` (one click from the source record)."""
    _labels, source, category = SOURCE_TYPES[source_type]
    if source_type == "case" and getattr(obj, "kind", "") == "misconduct":
        category = MISCONDUCT_CATEGORY
    found_on = None
    for name in DATE_FIELDS:
        value = getattr(obj, name, None)
        if value:
            found_on = value.date() if hasattr(value, "date") and callable(value.date) else value
            break
    text = _text(obj)
    summary = f"{SOURCE_LABELS[source_type]} #{obj.pk}: {obj}" + (f"\n{text}" if text else "")
    title = str(obj)
    if source_type == "visit" and getattr(obj, "opinions", ""):
        title = obj.opinions.strip().splitlines()[0]  # what the entity said, not who was visited
    title = title[:200]
    # A misconduct case is about `subject_unit` (the accused unit); anything else belongs to `unit`.
    unit = getattr(obj, "subject_unit", None) or getattr(obj, "unit", None)
    return {
        "unit": unit,
        "title": title,
        "description": text,
        "category": category,
        "source": source,
        "found_on": found_on,
        "source_type": source_type,
        "source_id": obj.pk,
        "source_summary": summary[:4000],
    }


def source_link(finding):
    """The URL of the finding's source record in its own app, if that app offers one."""
    if not finding.source_type or not finding.source_id or finding.source_type not in DETAIL_URLS:
        return ""
    try:
        return reverse(DETAIL_URLS[finding.source_type], args=[finding.source_id])
    except NoReverseMatch:
        return ""
