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
    execute_from_command_line(argv)


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
