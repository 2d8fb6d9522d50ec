"""Registries filled by each app's `imports.py` (autodiscovered): import/export kinds,
demo loaders, navigation entries, target figures and reminder sources."""

from xingping.core.discovery import discover

IMPORTERS = {}  # kind -> Importer subclass (exports use the same class and columns)


def register_importer(cls):
    IMPORTERS[cls.kind] = cls
    return cls


def importers():
    discover("imports")
    return IMPORTERS
