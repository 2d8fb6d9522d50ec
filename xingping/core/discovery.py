"""Registries filled by the apps' own modules (`metric_defs`, `dashboard_sections`,
`public_pages`, `permissions`, `reminder_defs`): core names no domain app, so it imports the
module of that name from every installed app — once per process. Looking the modules up again
on every call cost ~4 ms each, a dozen times per dashboard (issue 14, pages at the limit)."""

from functools import cache

from django.utils.module_loading import autodiscover_modules


@cache
def discover(module_name: str) -> None:
    """Import `module_name` from every installed app that has one (the first call only; a
    failing import raises and is tried again next time)."""
    autodiscover_modules(module_name)
