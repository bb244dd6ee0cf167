"""``searchcraft search``: run one search on the practice database, PubMed or Europe PMC.

The command mirrors the Python API (``open_source(name).search(query, limit=N)``), so what a learner
does in a notebook and at the command line is the same thing::

    $ searchcraft search '"hand hygiene"[tiab] AND nurs*[tiab]'
    $ searchcraft search '"hand hygiene"[tiab]' --source pubmed --max 500 --export ris hits.ris
    $ searchcraft search '"hand hygiene" AND nurs*' --source europepmc --json

It prints the count and the first records (year, title, id); ``--export`` writes the first ``--max``
records as RIS, BibTeX or CSV. Live sources take ``--email``, ``--api-key`` (PubMed),
``--cache FILE`` and ``--offline``; ``--base-url`` (or ``SEARCHCRAFT_PUBMED_URL`` /
``SEARCHCRAFT_EUROPEPMC_URL``) points them at another server, e.g. a local one in tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from ..errors import SearchCraftError
from ..progress import ProgressLine
from ..records import Record
from . import SOURCE_NAMES

LIVE_OPTIONS = {"pubmed": ("api_key", "email", "base_url", "cache", "offline"),
                "europepmc": ("email", "base_url", "cache", "offline"),
                "practice": ()}
FLAGS = {"api_key": "--api-key", "email": "--email", "base_url": "--base-url", "cache": "--cache",
         "offline": "--offline", "db": "--db"}
PROGRESS_FROM = 200   # show a progress bar when fetching more records than one request brings


class SearchOptionError(SearchCraftError):
    """An option that does not fit the chosen source (``--api-key`` with Europe PMC, ...)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search", help="run a search and print the count and first records",
        description="Run a search on the practice database, PubMed or Europe PMC and print the "
                    "count and the first records.")
    parser.add_argument("query", help='the search, e.g. \'"hand hygiene"[tiab] AND nurs*\'')
    parser.add_argument("--source", choices=SOURCE_NAMES, default="practice",
                        help="where to search (default: practice)")
    parser.add_argument("--db", help="a practice database file (default: the bundled corpus)")
    parser.add_argument("--max", type=int, default=10, metavar="N",
                        help="how many records to show and export (default: 10; 0 for the count only)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--export", nargs=2, metavar=("FORMAT", "FILE"),
                        help="write the first --max records to FILE as ris, bibtex or csv")
    parser.add_argument("--api-key", help="an NCBI API key (PubMed; default: $NCBI_API_KEY)")
    parser.add_argument("--email", help="your e-mail address, sent to the service as its rules ask")
    parser.add_argument("--cache", metavar="FILE", help="keep answers in this SQLite cache file")
    parser.add_argument("--offline", action="store_true", default=None,
                        help="answer from the --cache file only, without going online")
    parser.add_argument("--base-url", help="the service's address (for testing against another server)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.max < 0:
        raise SearchOptionError("--max cannot be negative", hint="Give 0 for the count only.")
    if args.export and args.export[0].lower() not in ("ris", "bibtex", "bib", "csv"):
        raise SearchOptionError(f"Cannot export to {args.export[0]!r}", hint="Choose ris, bibtex or csv.")
    source = _open(args)
    result = source.search(args.query, limit=args.max)
    ids = list(result.ids[:args.max])
    records = _records(source, ids, full=bool(args.export), err=err)
    exported = None
    if args.export:
        from ..export import export_records

        exported = export_records(records, args.export[1], args.export[0])
    warnings = list(getattr(result, "warnings", ()))
    if args.json:
        json.dump({"source": args.source, "query": result.query, "count": result.count,
                   "ids": ids, "warnings": warnings,
                   "records": [{"id": r.id, "title": r.title, "year": r.year} for r in records],
                   "exported": str(exported) if exported else None}, out, indent=2)
        out.write("\n")
        return 0
    noun = "record" if result.count == 1 else "records"
    out.write(f"{args.source}: {result.count:,} {noun} for {result.query}\n")
    for warning in warnings:
        out.write(f"  note: {warning}\n")
    for number, record in enumerate(records, 1):
        year = record.year if record.year is not None else "----"
        out.write(f"{number:>4}. {year}  {record.title}  [{record.id}]\n")
    if records and result.count > len(records):
        out.write(f"Showing the first {len(records):,}; use --max to see more.\n")
    if exported:
        out.write(f"Exported {len(records):,} records to {exported} ({args.export[0].lower()}).\n")
    return 0


def _open(args: argparse.Namespace):
    from . import open_source

    given = {name: getattr(args, name) for name in FLAGS if getattr(args, name) not in (None, False)}
    allowed = set(LIVE_OPTIONS[args.source]) | ({"db"} if args.source == "practice" else set())
    wrong = sorted(set(given) - allowed)
    if wrong:
        raise SearchOptionError(
            f"{', '.join(FLAGS[w] for w in wrong)} cannot be used with --source {args.source}",
            hint="--db is for the practice database; --api-key for PubMed; --email, --cache, "
                 "--offline and --base-url for the live sources.")
    if args.source == "practice":
        return open_source("practice", path=args.db)
    return open_source(args.source, **given)


def _records(source, ids: list[str], *, full: bool, err: TextIO) -> list[Record]:
    """The records to show: brief ones where the source has a cheaper way (PubMed's esummary),
    whole ones when they are to be exported. A long fetch draws a progress bar on stderr."""
    if not ids:
        return []
    from . import EuropePMC, PubMed

    progress = ProgressLine("Fetching records", stream=err) if len(ids) > PROGRESS_FROM else None
    live = isinstance(source, (PubMed, EuropePMC))
    if not full and hasattr(source, "summaries"):
        records = source.summaries(ids, progress=progress)
    elif live:
        records = source.fetch(ids, progress=progress)
    else:
        records = source.fetch(ids)
    if progress:
        progress.finish()
    return records
