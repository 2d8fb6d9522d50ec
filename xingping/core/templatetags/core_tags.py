from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination, sorting)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def percent(value, digits=1):
    """0.934 -> '93.4%'; None -> '—'."""
    if value is None:
        return "—"
    return f"{value * 100:.{int(digits)}f}%"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def audit_action(action):
    """An audit action code ("case.accepted", "update") in words, as the audit log reads it."""
    from xingping.core.audit_access import action_label

    return action_label(action or "")


# Query parameters that are not filters: paging, downloads, which tab is shown.
NOT_FILTERS = frozenset({"page", "format", "export", "tab", "partial"})


def active_filter_count(query, ignore=()):
    """How many filters of a list are set in `query` (a QueryDict): non-empty values, not
    "all", and not paging, downloads or tabs."""
    skip = NOT_FILTERS | set(ignore)
    return sum(1 for key in query if key not in skip and any(v not in ("", "all") for v in query.getlist(key)))


class FilterPanelNode(template.Node):
    def __init__(self, nodelist, panel_id, ignore):
        self.nodelist, self.panel_id, self.ignore = nodelist, panel_id, ignore

    def render(self, context):
        from django.template.loader import render_to_string

        panel_id = self.panel_id.resolve(context)
        ignore = [k for k in (self.ignore.resolve(context) if self.ignore else "").split(",") if k]
        request = context.get("request")
        count = active_filter_count(request.GET, ignore) if request is not None else 0
        return render_to_string("core/partials/filter_panel.html", {
            "panel_id": panel_id, "count": count, "body": self.nodelist.render(context)})


@register.tag
def filter_panel(parser, token):
    """{% filter_panel "case-filters" [ignore="flagged"] %}<form>…</form>{% end_filter_panel %}

    A list's filters in a Bootstrap collapse: always open on a wide screen; on a phone
    folded behind a "Filters" button that shows how many filters are set."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("filter_panel needs the panel's id")
    ignore = None
    for bit in bits[2:]:
        if bit.startswith("ignore="):
            ignore = parser.compile_filter(bit[len("ignore="):])
    nodelist = parser.parse(("end_filter_panel",))
    parser.delete_first_token()
    return FilterPanelNode(nodelist, parser.compile_filter(bits[1]), ignore)
