"""Random draws anyone can verify (C10, `sha256-rank-v1`).

Pure functions on strings: nothing here touches the database, so `xingping draw verify`
re-computes a draw from its exported record alone.

- rank every pool ID by the lowercase hex SHA-256 of the UTF-8 bytes of `S + "\\n" + ID`,
  ascending (ties by ID); the selection is the first K;
- `pool_sha256` is the SHA-256 of the pool's IDs sorted ascending and joined by "\\n";
  `seed_sha256` that of the seed (published first as a commitment, RFC 3797 model).

Inspectors are drawn the same way per target: eligible inspector IDs (usernames) ranked by
the SHA-256 of `S + "\\ninspectors\\n" + TARGET_ID + "\\n" + INSPECTOR_ID` (docs/oversight.md).
"""

from __future__ import annotations

import hashlib
import json
import math

from django.utils.translation import gettext as _

ALGORITHM = "sha256-rank-v1"
RECORD_KEYS = ("algorithm", "seed", "seed_sha256", "pool", "pool_sha256", "count", "selected")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pool_sha256(pool) -> str:
    return sha256_hex("\n".join(sorted(pool)))


def rank(seed: str, pool) -> list[str]:
    return sorted(pool, key=lambda member: (sha256_hex(f"{seed}\n{member}"), member))


def count_for_ratio(ratio: float, size: int) -> int:
    """ceil(R × pool size), guarded against float noise (0.1 × 30 is 3, not 4)."""
    return min(size, math.ceil(round(ratio * size, 9)))


def select(seed: str, pool, count: int) -> list[str]:
    return rank(seed, pool)[:count]


def record(*, seed: str, pool, count: int) -> dict:
    """The C10 record of drawing `count` members of `pool` with `seed`."""
    members = sorted(set(pool))
    return {
        "algorithm": ALGORITHM,
        "seed": seed,
        "seed_sha256": sha256_hex(seed),
        "pool": members,
        "pool_sha256": pool_sha256(members),
        "count": count,
        "selected": select(seed, members, count),
    }


def inspector_rank(seed: str, target: str, inspectors) -> list[str]:
    return sorted(inspectors, key=lambda i: (sha256_hex(f"{seed}\ninspectors\n{target}\n{i}"), i))


def verify(data) -> str | None:
    """None when the record re-computes exactly; otherwise the first difference, in words."""
    if not isinstance(data, dict):
        return _("The record is not a JSON object.")
    missing = [k for k in RECORD_KEYS if k not in data]
    if missing:
        return _("The key `%(key)s` is missing.") % {"key": missing[0]}
    if data["algorithm"] != ALGORITHM:
        return _("`%(key)s`: expected %(want)s, got %(got)s.") % {
            "key": "algorithm", "want": ALGORITHM, "got": repr(data["algorithm"])}
    seed, pool, count = data["seed"], data["pool"], data["count"]
    if not isinstance(seed, str) or not isinstance(pool, list) or not all(isinstance(p, str) for p in pool):
        return _("`seed` must be a string and `pool` a list of strings.")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= len(pool):
        return _("`count`: %(count)s is not between 0 and the pool size %(size)d.") % {
            "count": repr(count), "size": len(pool)}
    expected = select(seed, pool, count)
    if data["selected"] != expected:
        got = data["selected"] if isinstance(data["selected"], list) else []
        for i, want in enumerate(expected):
            if i >= len(got) or got[i] != want:
                return _("`%(key)s`: expected %(want)s, got %(got)s.") % {
                    "key": f"selected[{i}]", "want": repr(want), "got": repr(got[i] if i < len(got) else None)}
        return _("`selected`: expected %(want)d members, got %(got)d.") % {"want": len(expected), "got": len(got)}
    for key, want in (("pool_sha256", pool_sha256(pool)), ("seed_sha256", sha256_hex(seed))):
        if data[key] != want:
            return _("`%(key)s`: expected %(want)s, got %(got)s.") % {"key": key, "want": want, "got": data[key]}
    return None


def dumps(data: dict) -> str:
    return json.dumps({k: data[k] for k in RECORD_KEYS}, ensure_ascii=False, indent=2) + "\n"
