"""The `xingping` console script (C2): every Django management command, plus ours.

Multi-word commands of the contract (`xingping campaign new`, `xingping evaluation open`,
`xingping report self-inspection`) are ordinary management commands with subcommands.
"""

import functools
import gc
import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingping.settings")
    fresh = gc.isenabled() and "django.apps" not in sys.modules  # a new process, not a test calling main()
    if fresh:
        gc.disable()  # until set-up is done: see _collect_after
    import django
    from django.core.management import execute_from_command_line

    if fresh:
        django.setup = _collect_after(django.setup)
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "xingping"
    from django.db.utils import OperationalError, ProgrammingError

    try:
        execute_from_command_line(argv)
    except (OperationalError, ProgrammingError) as exc:
        if not _missing_table(exc):
            raise
        from django.utils.translation import gettext as _

        sys.stderr.write(_("The database has no tables yet, or is older than this version: run `xingping migrate` "
                           "first.") + "\n")
        sys.exit(1)


def _missing_table(exc):
    """A table the command reads does not exist (SQLite: no such table; PostgreSQL: 42P01)."""
    return "no such table" in str(exc) or getattr(exc.__cause__, "sqlstate", None) == "42P01"


def _collect_after(setup):
    """Start-up (issue 14) creates some 300,000 objects that live as long as the process: the
    modules, every model class, its fields and managers. The cyclic garbage collector walks
    them again and again while they are made (a tenth of a second of a command's start-up) and
    can free none of them. So no collection runs until `django.setup()` has returned; then what
    it made is frozen (`gc.freeze`: later collections skip it) and collections go on as usual."""

    @functools.wraps(setup)
    def setup_then_collect(*args, **kwargs):
        try:
            return setup(*args, **kwargs)
        finally:
            gc.freeze()
            gc.enable()

    return setup_then_collect


if __name__ == "__main__":
    main()
