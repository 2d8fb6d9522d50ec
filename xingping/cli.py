"""The `xingping` console script (C2): every Django management command, plus ours.

Multi-word commands of the contract (`xingping campaign new`, `xingping evaluation open`,
`xingping report self-inspection`) are ordinary management commands with subcommands.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingping.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "xingping"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
