"""The `tian` console command: Django's manage.py under the project's name."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tian.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    # Project commands are spelled with dashes on the command line (tian load-demo).
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
