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
