"""The production settings (config/settings.py) with the static files collected into a temporary folder:
the benchmark serves the app as in production without writing into the working tree."""

import os

from config.settings import *  # noqa: F403

STATIC_ROOT = os.environ["LEVIER_BENCH_STATIC_ROOT"]
