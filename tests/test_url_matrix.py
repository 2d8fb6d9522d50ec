"""Issue 9 part 1: the role × view matrix covers every URL pattern of the project.

Walks the whole URL resolver (xingping.urls), collects every named pattern as
`namespace:name` (API patterns, the i18n setlang, login and logout included) and fails
when one is missing from the union of the module-level `ROLE_MATRIX` dicts of all
`xingping/*/tests/test_views_matrix.py`, or when a pattern has no name."""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

import xingping


def walk(resolver, namespace=None, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) if p.namespace else namespace
            yield from walk(p, ns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield name, prefix + str(p.pattern)


def role_matrix_union():
    names = {}
    root = Path(xingping.__file__).parent
    # every app's matrix modules: tests/test_views_matrix.py, and test_<part>_matrix.py for parts
    # built apart (e.g. outreach's entity confirmation, evaluation's levels)
    for path in sorted(root.glob("*/tests/test_*matrix.py")):
        module = importlib.import_module(f"xingping.{path.parent.parent.name}.tests.{path.stem}")
        for name in getattr(module, "ROLE_MATRIX", {}):
            names[name] = path.parent.parent.name
    return names


def test_every_url_pattern_is_named():
    unnamed = [route for name, route in walk(get_resolver()) if not name]
    assert unnamed == []


def test_every_url_name_is_in_a_role_matrix():
    covered = role_matrix_union()
    missing = sorted({name for name, _route in walk(get_resolver()) if name and name not in covered})
    assert missing == []


def test_role_matrices_name_only_real_urls():
    real = {name for name, _route in walk(get_resolver())}
    assert sorted(set(role_matrix_union()) - real) == []


def test_the_walk_sees_api_and_i18n_patterns():
    names = {name for name, _route in walk(get_resolver())}
    assert {"set_language", "accounts:login", "accounts:logout", "cases-api:case-list", "api-schema"} <= names
