"""The ``site-gen`` executable.

For a warm ``site-gen validate`` the slowest part is loading pydantic and the models, in a child
process (:mod:`site_gen.prewarm`); this entry point forks that child before importing the CLI,
so that the two overlap from the first millisecond.
"""

from __future__ import annotations

import sys


def main() -> None:
    from .prewarm import start_early

    start_early(sys.argv[1:])
    from .cli import main as cli_main

    cli_main(hard_exit=True)
