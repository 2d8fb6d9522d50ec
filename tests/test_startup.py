"""Command start-up (issue 14 part 3: ≤ 0.5 s): our commands skip Django's system checks, which
import every view through the URL configuration; `xingping check` still runs them all."""

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = sorted(ROOT.glob("xingping/*/management/commands/*.py"))


@pytest.mark.parametrize("path", [p for p in COMMANDS if p.name != "__init__.py"], ids=lambda p: p.stem)
def test_command_skips_system_checks(path):
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    assert module.Command.requires_system_checks == [], f"{path.stem}: set requires_system_checks = []"


def test_system_checks_still_run_with_check_command(capsys):
    from django.core.management import call_command

    call_command("check")
    assert "no issues" in capsys.readouterr().out


# What a fresh `django.setup()` must not import: our views and URL configurations (a command
# needs neither), nor the libraries that only one page or one server needs (issue 14: each was
# made lazy; the logging set-up, the model modules and the sign-in receivers used to import them).
NOT_AT_SETUP = ("cryptography", "gunicorn", "segno")

SETUP_PROBE = """
import json, sys
import django
django.setup()
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after_setup(tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xingping.settings", "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}", "XINGPING_VAR_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SETUP_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_setup_imports_no_view_and_no_urlconf(tmp_path):
    """Given a new process, when Django is set up, then none of our view modules or URL
    configurations is imported (the system checks would, and our commands skip them)."""
    modules = _modules_after_setup(tmp_path)
    ours = [m for m in modules if m == "xingping" or m.startswith("xingping.")]
    assert ours, "the probe did not set up Xingping"
    views_or_urls = [m for m in ours if m.endswith((".views", ".urls", "_views", "_urls")) or ".views." in m]
    assert views_or_urls == []
    assert [m for m in modules if m.split(".")[0] in NOT_AT_SETUP] == []


def test_collections_resume_after_setup(tmp_path):
    """Given the `xingping` entry point, when a command runs, then the garbage collector is on
    again (cli.main holds it off only while Django sets up) and set-up's objects are frozen."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
           "XINGPING_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run([sys.executable, "-m", "xingping.cli", "shell", "-c",
                           "import gc; print(gc.isenabled(), gc.get_freeze_count() > 0)"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["True", "True"]  # after the shell's "N objects imported"
