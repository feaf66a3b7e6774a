"""The ``site-gen`` executable.

For a warm ``site-gen validate`` the slowest part is loading pydantic and the models, in a child
process (:mod:`site_gen.prewarm`); this entry point forks that child before importing anything
else, so that the two overlap from the first millisecond. The plain forms of ``validate`` then
run without click (:mod:`site_gen.quick`); everything else goes to the click CLI.
"""

from __future__ import annotations

import sys


def main() -> None:
    from . import quick

    options = quick.parse(sys.argv[1:])
    if options is not None:
        from pathlib import Path

        from .prewarm import start_prewarm

        prewarm = None if options.no_cache else start_prewarm(options.root)
        root = Path(options.root)
        code, _state = quick.run_validate(root, options.fmt, options.strict, options.complete, options.no_cache, options.jobs, prewarm)
        quick.hard_exit(code)
    from .cli import main as cli_main

    cli_main(hard_exit=True)
