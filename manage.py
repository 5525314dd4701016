#!/usr/bin/env python
"""Django's command-line utility for administrative tasks. main() imports Django's management module
once DJANGO_SETTINGS_MODULE is set, as Django's own template does."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
