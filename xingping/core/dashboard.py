"""Dashboard sections. Each app may add a section by registering a callable
`section(request, campaign) -> {"template": ..., **context} | None` here."""

from xingping.core.discovery import discover

SECTIONS = []


def register_section(order):
    def decorator(func):
        SECTIONS.append((order, func))
        SECTIONS.sort(key=lambda pair: pair[0])
        return func

    return decorator


def sections_for(request, campaign):
    discover("dashboard_sections")
    out = []
    for _order, func in SECTIONS:
        section = func(request, campaign)
        if section:
            out.append(section)
    return out


CONTEXT = []


def register_context(func):
    """`func(request) -> dict` adds to the dashboard's context (e.g. the current campaign
    and its timeline, from the campaigns app); core names no domain app."""
    CONTEXT.append(func)
    return func


def context_for(request):
    discover("dashboard_sections")
    context = {}
    for func in CONTEXT:
        context.update(func(request) or {})
    return context
