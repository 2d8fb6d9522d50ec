"""Registries filled by each app's `imports.py` (autodiscovered): import/export kinds,
demo loaders, navigation entries, target figures and reminder sources."""

from django.utils.module_loading import autodiscover_modules

IMPORTERS = {}  # kind -> Importer subclass (exports use the same class and columns)


def register_importer(cls):
    IMPORTERS[cls.kind] = cls
    return cls


def importers():
    autodiscover_modules("imports")
    return IMPORTERS
