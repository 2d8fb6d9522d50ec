"""Collects every app's `MATRIX_URLS` (URL builders for its ROLE_MATRIX)."""

import importlib
from pathlib import Path

import xingping


def matrix_modules():
    root = Path(xingping.__file__).parent
    for path in sorted(root.glob("*/tests/test_views_matrix.py")):
        yield importlib.import_module(f"xingping.{path.parent.parent.name}.tests.test_views_matrix")


def url_builders():
    out = {}
    for module in matrix_modules():
        out.update(getattr(module, "MATRIX_URLS", {}))
    return out
