"""The ``site-gen`` executable: the click CLI (:mod:`site_gen.cli`), exiting without the slow
teardown of a large run."""

from __future__ import annotations


def main() -> None:
    from .cli import main as cli_main

    cli_main(hard_exit=True)
