"""Issue 9 part 1: one access policy. Core names no domain app, and no view or template
checks roles by hand (they ask the app's policy)."""

import ast
import re
from pathlib import Path

import xingping

ROOT = Path(xingping.__file__).parent
DOMAIN = re.compile(
    r"^xingping\.(accounts|orgs|campaigns|entities|outreach|cases|evaluation|rectification|metrics|publicity|disclosure|oversight)(\.|$)"
)


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__", "get_model"):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield node.lineno, arg.value


def test_core_imports_no_domain_app():
    offenders = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        if "tests" in path.relative_to(ROOT / "core").parts:
            continue  # core's own tests may build domain data to exercise core's pages
        for lineno, module in _imports(path):
            if DOMAIN.match(module):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{lineno} imports {module}")
    assert offenders == []


def test_the_import_check_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from xingping.cases.models import Case\nimport xingping.orgs.policy\n")
    assert [m for _, m in _imports(bad) if DOMAIN.match(m)] == ["xingping.cases.models", "xingping.orgs.policy"]


HAND_CHECKS = re.compile(r"has_role\(|require_roles|is_office|role_set")


def test_no_hand_written_role_checks_in_views_or_templates():
    offenders = []
    candidates = [*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py"), *ROOT.glob("*/api.py"),
                  *ROOT.rglob("templates/**/*.html")]
    for path in sorted(candidates):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HAND_CHECKS.search(line):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{lineno}: {line.strip()[:100]}")
    assert offenders == []


def test_core_scoping_and_require_roles_are_gone():
    assert not (ROOT / "core" / "scoping.py").exists()
    assert "def require_roles" not in (ROOT / "core" / "permissions.py").read_text(encoding="utf-8")


def test_every_app_with_views_has_one_policy():
    from xingping.core.policy import BasePolicy

    import importlib

    missing = []
    for views in sorted(ROOT.glob("*/views.py")):
        app = views.parent.name
        try:
            module = importlib.import_module(f"xingping.{app}.permissions")
        except ModuleNotFoundError:
            missing.append(app)
            continue
        if not isinstance(getattr(module, "policy", None), BasePolicy):
            missing.append(app)
    assert missing == []


def test_every_model_is_registered_with_the_audit_log():
    """An audit row's type is read through core.audit_access's registry alone: every model of
    the project is there, with a visibility rule or as the office's (issue 14 review)."""
    from django.apps import apps

    from xingping.core.audit_access import audit_types, audited_models

    models = audited_models()
    missing = sorted(m._meta.label_lower for m in apps.get_models()
                     if m.__module__.startswith("xingping.") and m._meta.label_lower not in models)
    assert missing == []
    assert all(models[label] is reg.model for label, reg in audit_types().items())


def test_no_model_is_looked_up_by_a_stored_name():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{path.relative_to(ROOT.parent)}:{node.lineno}" for node in ast.walk(tree)
                      if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get_model"]
    assert offenders == []
