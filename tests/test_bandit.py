"""Issue 9, part 7: bandit over xingping/ finds nothing of high severity. A finding is
fixed, or justified in place with `# nosec BXXX: reason` (docs/input-hardening.md)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bandit_finds_no_high_severity_issue():
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-m", "bandit", "-r", str(ROOT / "xingping"), "-x", "*/tests/*,*/migrations/*",
         "--severity-level", "high", "--format", "json", "--quiet"],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(result.stdout)
    assert report["metrics"]["_totals"]["loc"] > 10_000  # it really scanned the project
    high = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert high == [], "\n".join(high)
    assert not report["errors"], report["errors"]
