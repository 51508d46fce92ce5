"""The command line, a thin layer over the package's Python API: python -m analysis validate | build | changes | import
| links | add-source | suggest | accept | export | refresh-notebooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line and exit 1, like every other mistake a user can make here."""

    def error(self, message: str):
        self.exit(1, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parser() -> argparse.ArgumentParser:
    """Every command and its arguments (also the list the tests of bad arguments walk)."""
    parser = _Parser(prog="python -m analysis", description="Coded statements and incidents around ISKP.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = commands.add_parser("validate", help="validate the coded tables and print a summary")
    validate.add_argument(
        "--data", metavar="PATH", help="folder of the coded CSV tables (default: the project's data/)"
    )
    build = commands.add_parser("build", help="build the HTML reports listed in reports.yaml")
    build.add_argument("--config", metavar="FILE", type=Path, help="report list (default: reports.yaml)")
    build.add_argument("--data", metavar="PATH", type=Path, help="data folder for every report (default: data/)")
    build.add_argument("--only", metavar="NAME", nargs="+", help="build only these reports")
    build.add_argument("--jobs", metavar="N", type=int, help="reports run at once (default: the CPU count)")
    build.add_argument("--force", action="store_true", help="rebuild even reports whose inputs have not changed")
    build.add_argument("--show-code", action="store_true", help="keep the code cells in the HTML (hidden by default)")
    build.add_argument("--out", metavar="DIR", type=Path, help="output folder (default: reports/)")
    build.add_argument(
        "--pdf", action="store_true", help="also print each good report to NAME.pdf (headless Chromium, A4)"
    )
    build.add_argument(
        "--executor",
        choices=["threads", "dask"],
        default="threads",
        help="threads: local kernels (default); dask: each report a task on a Dask cluster (extra 'dask')",
    )
    build.add_argument(
        "--scheduler", metavar="ADDRESS", help="the Dask scheduler (tcp://host:8786); implies --executor dask"
    )
    changes = commands.add_parser(
        "changes", help="what changed between two recorded builds: rows per table, figures that moved, reports"
    )
    changes.add_argument(
        "--since",
        metavar="BUILD|DATE",
        help="compare with this build (its id or the id's start) or the last build before DATE (YYYY-MM-DD); "
        "default: the build before the latest",
    )
    changes.add_argument("--report", metavar="NAME", help="only what this report shows")
    changes.add_argument("--out", metavar="DIR", type=Path, help="reports folder holding history/ (default: reports/)")
    importer = commands.add_parser(
        "import",
        help="import an ACLED or UCDP GED export, or POLECAT or ICEWS statement files, into DATA/imports/NAME.parquet",
    )
    importer.add_argument("format", choices=["acled", "ucdp", "polecat", "icews"])
    importer.add_argument(
        "file",
        type=Path,
        nargs="+",
        help="the export (ACLED: CSV or .xlsx; UCDP: CSV); POLECAT, ICEWS: one or more tab-separated files or zips",
    )
    importer.add_argument(
        "--name", help="the dataset's name in reports (default: the file's name without .csv; required for several)"
    )
    importer.add_argument(
        "--countries",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        help="POLECAT, ICEWS: keep statements whose speaker or target is of these countries (e.g. AFG,IRN,PAK)",
    )
    importer.add_argument(
        "--actors",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        help="POLECAT, ICEWS: keep statements whose speaker or target is one of these actors or their branches",
    )
    importer.add_argument("--data", metavar="PATH", type=Path, help="data folder to import into (default: data/)")
    importer.add_argument(
        "--force", action="store_true", help="import again even if nothing changed, or if the export is older"
    )
    importer.add_argument(
        "--update",
        action="store_true",
        help="reconcile with the current import by event id: add new events, replace re-coded ones, keep the rest",
    )
    importer.add_argument(
        "--deleted", metavar="FILE", type=Path, help="ACLED's deleted-events file: remove the events it lists"
    )
    importer.add_argument(
        "--drop-missing", action="store_true", help="with --update: also remove events the export no longer has"
    )
    importer.add_argument(
        "--candidate", action="store_true", help="UCDP: a candidate release (its events never replace final ones)"
    )
    links = commands.add_parser(
        "links", help="what linking merged; the pairs left for review; record an analyst's decision"
    )
    links.add_argument("--data", metavar="PATH", type=Path, help="data folder (default: data/)")
    links.add_argument(
        "--review",
        action="store_true",
        help="list the pairs left for review, both records' quotes or notes side by side",
    )
    decide = links.add_mutually_exclusive_group()
    decide.add_argument(
        "--confirm",
        nargs=2,
        metavar=("LEFT", "RIGHT"),
        help="the two records are one event (e.g. coded:IN02 acled:AFG123)",
    )
    decide.add_argument("--reject", nargs=2, metavar=("LEFT", "RIGHT"), help="the two records are different events")
    links.add_argument("--note", default="", help="why (required with --confirm or --reject)")
    add_source = commands.add_parser(
        "add-source", help="register an article: copy it into seeds/ and add its row to sources.csv"
    )
    add_source.add_argument("file", type=Path, help="the article as received, a UTF-8 text file")
    add_source.add_argument(
        "--outlet", required=True, help='the outlet as the text names it ("not stated" when it does not)'
    )
    add_source.add_argument("--url", required=True, help="where the article was found")
    add_source.add_argument(
        "--published", required=True, metavar="DATE|START..END", help="publication day, or the range it lies in"
    )
    add_source.add_argument(
        "--basis", required=True, help="how the publication date is known (dateline, URL date, archived copy)"
    )
    add_source.add_argument("--title", help="the headline (default: the article's first non-empty line)")
    add_source.add_argument("--data", metavar="PATH", type=Path, help="data folder (default: data/)")
    suggest = commands.add_parser("suggest", help="suggest rows from a registered article into review/SOURCE_ID.csv")
    which = suggest.add_mutually_exclusive_group(required=True)
    which.add_argument("source_id", nargs="?", help="the article's source_id (sources.csv)")
    which.add_argument(
        "--all-new", action="store_true", help="every registered article without a review file yet, in one run"
    )
    suggest.add_argument("--data", metavar="PATH", type=Path, help="data folder (default: data/)")
    suggest.add_argument("--force", action="store_true", help="replace a review file that already has accept marks")
    accept = commands.add_parser("accept", help="add the rows marked yes in a review file, with new ids and evidence")
    accept.add_argument("review_file", type=Path, help="review/SOURCE_ID.csv, marked yes/no in its accept column")
    accept.add_argument("--data", metavar="PATH", type=Path, help="data folder (default: data/)")
    export = commands.add_parser(
        "export", help="write the coded statements and incidents in PLOVER's terms: OUT.jsonl and OUT.tsv"
    )
    export.add_argument("format", choices=["plover"])
    export.add_argument("out", type=Path, help="the files' path without suffix, e.g. exports/iskp_plover")
    export.add_argument("--data", metavar="PATH", type=Path, help="data folder (default: data/)")
    refresh = commands.add_parser(
        "refresh-notebooks", help="re-run notebooks in place so nbval's stored outputs match the data"
    )
    refresh.add_argument("names", nargs="*", help="notebook names (default: all)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every error a user can cause (analysis.errors.AnalysisError) is printed, without a
    traceback, and exits 1; so does a usage mistake. A traceback means a bug in the package."""
    from .errors import AnalysisError
    from .paths import skip_iri_formats

    skip_iri_formats()
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except AnalysisError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # a file the user named cannot be read or written
        print(f"{args.command}: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1


def _run(args) -> int:
    if args.command == "build":
        return build_command(args)
    if args.command == "export":
        return export_command(args)
    if args.command == "changes":
        return changes_command(args)
    if args.command == "refresh-notebooks":
        return refresh_command(args.names)
    if args.command == "import":
        return import_command(args)
    if args.command == "links":
        return links_command(args)
    if args.command in CODING:
        return coding_command(args)
    return validate_command(args.data)


def validate_command(data: str | None) -> int:
    from .dataset import load
    from .summary import summarise

    print(summarise(load(data)))
    return 0


def import_command(args) -> int:
    from .errors import InputError
    from .imports import (
        STATEMENT_FORMATS,
        change_report,
        import_export,
        import_statements,
        read_report,
        unmapped_report,
    )
    from .paths import data_folder

    files, data = args.file, data_folder(args.data)
    if args.format in STATEMENT_FORMATS:
        if len(files) > 1 and not args.name:
            raise InputError(f"import {args.format}: name the dataset with --name when importing several files")
        if args.update or args.deleted or args.drop_missing or args.candidate:
            raise InputError(
                f"import {args.format}: --update, --deleted, --drop-missing and --candidate are for ACLED and UCDP"
            )
        path, manifest = import_statements(
            args.format, files, data, args.name or files[0].stem, args.countries, args.actors, args.force
        )
        print(f"{manifest['statements']} statements from {len(files)} file(s) in {path.with_suffix('.parquet')}")
        print(read_report(manifest))
    else:
        if len(files) > 1 or args.countries or args.actors:
            raise InputError(f"import {args.format}: one export at a time, and no --countries or --actors")
        path, manifest = import_export(
            args.format,
            files[0],
            data,
            args.name,
            args.force,
            update=args.update,
            deleted=args.deleted,
            drop_missing=args.drop_missing,
            candidate=args.candidate,
        )
        print(f"{manifest['events']} events from {files[0]} in {path.with_suffix('.parquet')}")
        print(change_report(manifest))
    print(unmapped_report(manifest))
    return 0


def changes_command(args) -> int:
    from .build.changes import changes
    from .paths import REPORTS_DIR

    print(changes(args.out or REPORTS_DIR, args.since, args.report).text())
    return 0


def export_command(args) -> int:
    from .dataset import load
    from .plover import write_plover

    paths, left_out, written = write_plover(load(args.data), args.out)
    print(f"{written} records in PLOVER's terms: {', '.join(map(str, paths))}")
    if left_out:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(left_out.items()))
        print(f"  left out: {kinds} (PLOVER has no category for them)")
    return 0


def links_command(args) -> int:
    import pandas as pd

    from .dataset import load
    from .linking.decisions import record_decision, review_items
    from .summary import linking_summary, statement_linking_summary
    from .views import record_links, statement_links

    if args.confirm or args.reject:
        (left, right), decision = (args.confirm, "confirm") if args.confirm else (args.reject, "reject")
        record_decision(args.data, left, right, decision, args.note)
        print(f"recorded: {decision} {left} ~ {right}")
    ds = load(args.data)
    if not args.review:
        statements = statement_linking_summary(ds) if ds.imports_of("statements") else []
        print("\n".join(linking_summary(ds, shown=0) + statements))
        return 0
    items = pd.concat(  # incidents first, then statements (coded and machine-coded), each best first
        [review_items(ds, record_links(ds)), review_items(ds, statement_links(ds))], ignore_index=True
    )
    print(f"{len(items)} pair(s) left for review, best first" + (":" if len(items) else "."))
    for number, item in enumerate(items.itertuples(index=False), start=1):
        runner_up = f", runner-up {item.runner_up:.1f}" if item.runner_up == item.runner_up else ""
        print(f"\n[{number}] {item.left} ~ {item.right}: score {item.score:.1f}{runner_up} ({item.reason})")
        print(item.left_record)
        print(item.right_record)
    if len(items):
        print(
            "\nDecide with: python -m analysis links --confirm LEFT RIGHT --note WHY"
            " (or --reject LEFT RIGHT --note WHY)"
        )
    return 0


CODING = ("add-source", "suggest", "accept")


def coding_command(args) -> int:
    """add-source, suggest, accept (analysis.coding): each writes all it should or nothing, and says which."""
    from .coding import commands

    if args.command == "add-source":
        print(commands.add_source(args.file, args.outlet, args.url, args.published, args.basis, args.title, args.data))
    elif args.command == "suggest":
        if args.all_new:
            print(commands.suggest_all_new(args.data))
        else:
            print(commands.suggest(args.source_id, args.data, args.force))
    else:
        print(commands.accept(args.review_file, args.data))
    return 0


def build_command(args) -> int:
    from .build import build
    from .paths import REPORTS_CONFIG, REPORTS_DIR

    out_dir = args.out or REPORTS_DIR
    outcomes = build(
        config=args.config or REPORTS_CONFIG,
        data_dir=args.data,
        only=args.only,
        jobs=args.jobs,
        force=args.force,
        show_code=args.show_code,
        out_dir=out_dir,
        executor="dask" if args.scheduler else args.executor,
        scheduler=args.scheduler,
    )
    failed = [o for o in outcomes if o.status == "failed"]
    counts = {status: sum(o.status == status for o in outcomes) for status in ("built", "skipped", "failed")}
    print(
        f"{counts['built']} built, {counts['skipped']} up to date, {counts['failed']} failed; see {out_dir}/index.html"
    )
    for outcome in failed:
        print(f"FAILED {outcome.name} ({outcome.notebook}): {outcome.error}", file=sys.stderr)
    pdf_failed = pdf_step(outcomes, out_dir, args.force) if args.pdf else False
    return 1 if failed or pdf_failed else 0


def pdf_step(outcomes, out_dir: Path, force: bool) -> bool:
    """--pdf, once the HTML is in place: print the good reports; True when a PDF could not be printed."""
    from .build import print_reports
    from .errors import BuildError

    try:
        results = print_reports(outcomes, out_dir, force=force, stream=sys.stderr)
    except BuildError as error:
        print(f"build --pdf: {error}; the HTML reports are built, no PDF was printed", file=sys.stderr)
        return True
    failed = {name: why for name, why in results.items() if why not in ("printed", "up to date")}
    printed = sum(why == "printed" for why in results.values())
    print(f"{printed} PDFs printed, {len(results) - printed - len(failed)} up to date, {len(failed)} failed")
    for name, why in failed.items():
        print(f"PDF FAILED {name}: {why}", file=sys.stderr)
    return bool(failed)


def refresh_command(names: list[str]) -> int:
    from .notebook_refresh import refresh

    for path in refresh(names):
        print(f"refreshed {path}")
    return 0
