"""The ``site-gen`` command: a thin click layer over the library.

Each command parses its arguments, calls one library function, prints the result and chooses
the exit code: 0 valid, 1 invalid, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .report import FORMATS, render


class UsageError(click.UsageError):
    """A usage error (exit code 2)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="site-gen")
def cli() -> None:
    """Validate and publish a catalogue of service identity cards and licences."""


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--complete", is_flag=True, help="Every form field not stated is an error (for new submissions).")
@click.option("--no-cache", is_flag=True, help="Ignore and do not write the result cache.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores).")
def validate(root: Path, fmt: str, strict: bool, complete: bool, no_cache: bool, jobs: int | None) -> None:
    """Check every file under ROOT/cards and ROOT/licenses.

    Prints every error of every file as `path:line:col: error: code: message`, then a
    completeness line per agency. Exit code 0 when valid, 1 when not, 2 on a usage error.

    Example: site-gen validate . --format github
    """
    from .prewarm import start_prewarm
    from .quick import run_validate

    _check_root(root)
    prewarm = None if no_cache else start_prewarm(root)
    code, _state = run_validate(root, fmt, strict, complete, no_cache, jobs, prewarm)
    _exit(code)


@cli.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("schema"), show_default=True, help="Folder to write to.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the files in OUT are stale.")
def schema(out: Path, check: bool) -> None:
    """Write the JSON Schemas of agency, service and licence files.

    Editors use them through the first line of each card:
    `# yaml-language-server: $schema=../../schema/service.schema.json`.

    Example: site-gen schema --check
    """
    from .schema import write_schemas

    stale = write_schemas(out, check=check)
    if check and stale:
        click.echo("stale: " + ", ".join(str(p) for p in stale) + " (run: site-gen schema)", err=True)
        sys.exit(1)
    if not check:
        click.echo(f"wrote {len(stale)} changed of 3 schemas to {out}/")


@cli.command()
@click.argument("n", type=click.IntRange(min=1))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write the catalogue into.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
def synth(n: int, out: Path, seed: int) -> None:
    """Write a deterministic synthetic catalogue: N services over N/50 agencies, N/2 licences.

    Example: site-gen synth 1000 --out /tmp/cat1k
    """
    from .synth import synthesise

    counts = synthesise(out, n, seed=seed)
    click.echo(f"wrote {counts['agencies']} agencies, {counts['services']} services, {counts['licences']} licences to {out}/")


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None, help="Output folder (default: ROOT/site).")
def build(root: Path, out: Path | None) -> None:
    """Validate the catalogue at ROOT and build its site.

    Nothing is written when the catalogue has errors: the validator's report is printed and the
    exit code is 1. ROOT needs only cards/ and licenses/; pages, theme and mkdocs.yml come from
    this project.

    Example: site-gen build . --out site
    """
    from .build import BuildError, TerminalProgress
    from .build import build as build_site

    _check_root(root)
    progress = TerminalProgress()
    try:
        result = build_site(root, out, progress=progress)
    except BuildError as exc:
        progress.done()
        _build_failed(exc)
    progress.done()
    if result.report.errors:
        click.echo(render(result.report, "text"), nl=False)
        click.echo("build stopped: the catalogue has errors; nothing was published", err=True)
        sys.exit(1)
    click.echo(f"built {result.pages} pages into {result.out} in {result.seconds:.1f}s")


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--verbose", "-v", is_flag=True, help="Print every warning, not only their count per code.")
def serve(root: Path, addr: str, verbose: bool) -> None:
    """Preview the site with live reload; editing a card rebuilds its pages.

    A file with an error shows its error, in Persian, at its own address until it is fixed;
    the terminal prints errors first, then the warnings counted per code (all with --verbose).

    Example: site-gen serve . --addr 127.0.0.1:8000
    """
    from .build import BuildError
    from .build import serve as serve_site

    _check_root(root)
    try:
        serve_site(root, addr=addr, verbose=verbose)
    except BuildError as exc:
        _build_failed(exc)


@cli.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="The catalogue (a git work tree).")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True, help="Output format.")
@click.option("--preview-url", default=None, metavar="URL", help="Link each record to its page in the preview site at URL.")
@click.option("--write-redirects", is_flag=True, help="Record the old addresses of renamed and removed records in ROOT/redirects.yaml.")
@click.option("--tip", is_flag=True, help="Compare with BASE itself, not with where HEAD left it (the merge base).")
def diff(base: str, head: str | None, root: Path, fmt: str, preview_url: str | None, write_redirects: bool, tip: bool) -> None:
    """What changes for citizens since HEAD left BASE (HEAD: the working tree by default).

    Compares with the merge base of BASE and HEAD (as git diff BASE...HEAD), so that changes
    made on BASE since are not shown as the author's. Lists every card, licence and agency
    added, removed, renamed or modified, with field-level changes under their Persian labels and
    citizen-impact flags, and warns when an old address would disappear. Formatting-only edits
    (comments, key order, quoting, normalised letters) are not changes.

    Example: site-gen diff origin/main --format markdown > comment.md
    """
    from .diff import semantic_diff, to_json, to_markdown
    from .git import DiffError
    from .redirects import FILE, Moved, RedirectsError, dump, load, record
    from .text import persian_digits

    if preview_url is not None and not preview_url.startswith(("https://", "http://")):
        raise UsageError(f"انتظار می‌رفت نشانی پیش‌نمایش با https:// یا http:// آغاز شود، اما «{preview_url}» آمده است")
    try:
        changes = semantic_diff(root, base, head, tip=tip)
    except DiffError as exc:
        raise UsageError(str(exc)) from exc
    if write_redirects:
        lost = [c for c in changes if c.address_lost and c.old_address]
        try:
            entries = load(root)
        except RedirectsError as exc:
            raise UsageError(str(exc)) from exc
        moves = [Moved(c.old_address, c.address if c.status == "renamed" else None, (c.old_file or c.file).split("/")[1], c.title)  # type: ignore[arg-type]
                 for c in lost]
        updated = dump(record(entries, moves))
        path = root / FILE
        if not path.exists() or path.read_text(encoding="utf-8") != updated:
            path.write_text(updated, encoding="utf-8")
        for c in lost:
            c.redirect = c.address if c.status == "renamed" else f"agencies/{(c.old_file or c.file).split('/')[1]}/"
        click.echo(f"{FILE}: {persian_digits(len(lost))} نشانی پیشین ثبت شد", err=True)
    click.echo(to_json(changes) if fmt == "json" else to_markdown(changes, preview_url, base), nl=False)


@cli.command()
@click.argument("root", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--reviewers", default=None, help="The reviewers' group (default: the one the committed CODEOWNERS names, else @catalogue-reviewers).")
@click.option("--forge", type=click.Choice(["github", "gitlab"]), default=None, help="Also check that the forge accepts every entry.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when ROOT/CODEOWNERS is stale.")
def codeowners(root: Path, reviewers: str | None, forge: str | None, check: bool) -> None:
    """Write ROOT/CODEOWNERS from the agencies' maintainers.

    Each agency's cards/ and licenses/ folders are owned by its maintainers and the reviewers;
    the generator, the schema and CODEOWNERS itself by the reviewers. A new agency's merge
    request runs this once after writing its _agency.yaml and commits CODEOWNERS with it.

    Example: site-gen codeowners . --check
    """
    import difflib

    from .owners import codeowners as generate
    from .owners import forge_problems, reviewers_of
    from .patterns import HANDLE_RE

    reviewers = reviewers or reviewers_of(root)
    if not HANDLE_RE.match(reviewers):
        raise UsageError(f"انتظار می‌رفت گروه بازبینان شناسه‌ای مانند @group یا @org/team باشد، اما «{reviewers}» آمده است")
    problems = forge_problems(reviewers, forge) if forge else []
    for problem in problems:
        click.echo(f"CODEOWNERS: error: {problem}", err=True)
    text = generate(root, reviewers)
    path = root / "CODEOWNERS"
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if check:
        if current != text:
            click.echo(f"{path}: error: با نگه‌دارندگان دستگاه‌ها (maintainers در _agency.yaml) هم‌خوان نیست؛ "
                       "اجرا کنید: site-gen codeowners . و CODEOWNERS را هم در همین درخواست ادغام commit کنید", err=True)
            for line in difflib.unified_diff((current or "").splitlines(), text.splitlines(), "CODEOWNERS", "site-gen codeowners", lineterm="", n=0):
                click.echo(line, err=True)
            sys.exit(1)
        sys.exit(1 if problems else 0)
    if current != text:
        path.write_text(text, encoding="utf-8")
    click.echo(f"{path} نوشته شد" if current != text else f"{path} به‌روز بود")
    sys.exit(1 if problems else 0)


@cli.command("owners-check")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--author", required=True, help="The change's author: @login.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="The catalogue (a git work tree).")
@click.option("--reviewers", default=None, help="The reviewers' group (default: the one CODEOWNERS names).")
@click.option("--forge", type=click.Choice(["github", "gitlab"]), default=None, help="Ask the forge whether AUTHOR is in a maintaining team (token: $SITE_GEN_FORGE_TOKEN).")
@click.option("--api", default=None, metavar="URL", help="The forge's API (https://api.github.com, $CI_API_V4_URL).")
@click.option("--tip", is_flag=True, help="Compare with BASE itself, not with where HEAD left it (the merge base).")
def owners_check(base: str, head: str | None, author: str, root: Path, reviewers: str | None, forge: str | None, api: str | None, tip: bool) -> None:
    """Fail when a change touches a folder whose agency AUTHOR does not maintain, and say who
    must approve it.

    The change is what HEAD did since it left BASE (their merge base). Maintainers are read at
    BASE, so a change cannot make its own author a maintainer. With --forge and --api, a team or
    group among the maintainers counts when the forge's API says AUTHOR is in it. For forges
    that do not enforce CODEOWNERS.

    Example: site-gen owners-check origin/main HEAD --author @ito-egov
    """
    import os

    from . import codes
    from .forge import TOKEN_ENV, ForgeError, membership
    from .git import DiffError
    from .owners import OwnersError, approvals, reviewers_of
    from .owners import owners_check as check
    from .report import diag
    from .text import persian_digits

    if not author.startswith("@"):
        author = "@" + author
    reviewers = reviewers or reviewers_of(root)
    if (forge is None) != (api is None):
        raise UsageError("--forge و --api با هم داده می‌شوند")
    member = membership(forge, api, author, os.environ.get(TOKEN_ENV)) if forge and api else None
    try:
        violations = check(root, base, head, author, reviewers, tip=tip, member=member)
    except (DiffError, OwnersError, ForgeError) as exc:
        raise UsageError(str(exc)) from exc
    for v in violations:
        click.echo(diag(v.file, 1, 1, codes.NOT_AN_OWNER, v.message).text())
    if violations:
        click.echo(f"{persian_digits(len(violations))} پرونده بیرون از پوشه‌هایی است که {author} نگه‌دارنده‌ی آن‌هاست")
        for line in approvals(violations):
            click.echo(line)
    else:
        click.echo(f"درست است: {author} نگه‌دارنده‌ی همه‌ی پوشه‌های تغییرکرده است")
    sys.exit(1 if violations else 0)


@cli.command()
@click.argument("kind", type=click.Choice(["service", "licence", "agency"]))
@click.argument("agency")
@click.argument("slug", required=False)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="The catalogue.")
def new(kind: str, agency: str, slug: str | None, root: Path) -> None:
    """Write a valid skeleton, every field commented in Persian.

    KIND is service, licence or agency; SLUG names the new card or licence file (an agency's file
    is cards/AGENCY/_agency.yaml).

    Example: site-gen new service sabteahval birth-certificate
    """
    from .patterns import SLUG_RE
    from .scaffold import skeleton

    if not SLUG_RE.match(agency):
        raise UsageError(f"AGENCY {agency!r} is not a slug (lowercase letters, digits and -)")
    if kind == "agency":
        path = root / "cards" / agency / "_agency.yaml"
    else:
        if not slug or not SLUG_RE.match(slug):
            raise UsageError(f"SLUG {slug!r} is not a slug (lowercase letters, digits and -)")
        path = root / ("cards" if kind == "service" else "licenses") / agency / f"{slug}.yaml"
    if path.exists():
        click.echo(f"error: {path} exists; nothing written", err=True)
        sys.exit(1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, agency), encoding="utf-8")
    click.echo(f"wrote {path}")


@cli.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True, help="The catalogue (when no PATHS are given: all of it).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a file would change.")
def fmt_command(paths: tuple[Path, ...], root: Path, check: bool) -> None:
    """Normalise card files in place: letters, digits, key order, quoting; comments kept.

    Idempotent: a second run changes nothing. A file the loader refuses (duplicate key, tab,
    bytes that are not UTF-8, ...) is left untouched and reported with the loader's diagnostics;
    the other files are still formatted and the exit code is 1.

    Example: site-gen fmt cards/ito/egov-technical-strategy.yaml
    """
    from .catalogue import discover
    from .fmt import Refused, format_file

    if paths:
        targets = []
        for p in paths:
            rel = p.resolve().relative_to(root.resolve()).as_posix() if p.resolve().is_relative_to(root.resolve()) else None
            if rel is None:
                raise UsageError(f"{p} is not inside ROOT {str(root)!r}")
            targets.append((p, rel))
    else:
        files, _ = discover(root)
        targets = [(root / rel, rel) for rel, st in files.items() if st is not None and rel.endswith(".yaml")]
    changed, refused = [], 0
    for path, rel in targets:
        try:
            if format_file(path, rel, check=check):
                changed.append(rel)
        except Refused as exc:
            refused += 1
            for d in exc.diagnostics:
                click.echo(d.text())
    for rel in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'} {rel}")
    click.echo(f"{len(changed)} of {len(targets)} files {'would change' if check else 'changed'}")
    if refused:
        click.echo(f"{refused} پرونده قالب‌بندی نشد و دست‌نخورده ماند؛ خطاها را در بالا ببینید")
    sys.exit(1 if refused or (check and changed) else 0)


def _build_failed(exc: Exception) -> NoReturn:
    """A build or preview that could not start or finish: its message, exit code 1."""
    from .build import UnsafePathError

    if isinstance(exc, UnsafePathError):
        click.echo(str(exc), err=True)
    else:
        click.echo(f"error: build: ساخت وبگاه انجام نشد: {exc}", err=True)
    sys.exit(1)


def _check_root(root: Path) -> None:
    if not root.is_dir():
        raise UsageError(f"ROOT {str(root)!r} is not a folder")
    from .catalogue import missing_roots

    if len(missing_roots(root)) == 2:
        raise UsageError(f"ROOT {str(root)!r} has neither cards/ nor licenses/")


_hard_exit = False


def _exit(code: int) -> NoReturn:
    if _hard_exit:
        from .quick import hard_exit

        hard_exit(code)
    sys.exit(code)


def main(*, hard_exit: bool = False) -> None:
    global _hard_exit
    _hard_exit = hard_exit
    cli(prog_name="site-gen")


if __name__ == "__main__":  # pragma: no cover
    main()
