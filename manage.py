#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from territories.scope import ALL, set_process_default

    set_process_default(ALL)  # commands and migrations see every territory; each web request runs in its user's

    execute_from_command_line(sys.argv)
