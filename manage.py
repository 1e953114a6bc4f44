#!/usr/bin/env python
import os
import sys
from pathlib import Path

import environ

if __name__ == "__main__":
    # A local .env (never committed; see .env.example) supplies DATABASE_URL and friends.
    environ.Env.read_env(Path(__file__).resolve().parent / ".env")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lejerbo_site.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
