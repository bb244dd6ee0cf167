"""``searchcraft report``: draw the PRISMA flow diagram and deduplicate exported records.

Examples::

    $ searchcraft report flow --counts counts.json --out flow.svg
    Wrote flow.svg (PRISMA 2020 flow diagram; alt text in flow.svg.txt)

    $ searchcraft report dedup pubmed.ris embase.ris --threshold 0.9 --out unique.ris
    1,240 records (pubmed 820, embase 420); 230 duplicates removed; 1,010 unique records remain.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..files import write_atomically
from .dedup import DEFAULT_THRESHOLD, deduplicate
from .errors import ReportError
from .flow import FlowCounts, describe_flow, write_flow


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="document a search: flow diagram, deduplication")
    commands = parser.add_subparsers(dest="report_command", metavar="REPORT")

    flow = commands.add_parser("flow", help="draw a PRISMA 2020 flow diagram from a counts file")
    flow.add_argument("--counts", required=True, help='a JSON file, e.g. {"databases": {"MEDLINE": 820}, '
                                                      '"duplicates_removed": 230}')
    flow.add_argument("--out", required=True, help="the image to write: a name ending .svg or .png")
    flow.add_argument("--dpi", type=int, default=150, help="resolution of a PNG (default 150)")
    flow.set_defaults(handler=_flow)

    dedup = commands.add_parser("dedup", help="find duplicate records across RIS files")
    dedup.add_argument("files", nargs="+", help="RIS files exported from each database")
    dedup.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                       help=f"score (0-1) at which title matches count as duplicates (default {DEFAULT_THRESHOLD})")
    dedup.add_argument("--out", help="write the unique records here (.ris, .bib or .csv)")
    dedup.add_argument("--log", help="write which records were merged and why, as JSON")
    dedup.set_defaults(handler=_dedup)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _flow(args: argparse.Namespace) -> int:
    counts = FlowCounts.from_json(args.counts)
    path = write_flow(counts, args.out, dpi=args.dpi)
    alt = Path(f"{path}.txt")
    write_atomically(alt, describe_flow(counts) + "\n")
    print(f"Wrote {path} (PRISMA 2020 flow diagram; alt text in {alt})")
    return 0


def _dedup(args: argparse.Namespace) -> int:
    from ..export import export_records, read_ris

    records = []
    for name in args.files:
        for record in read_ris(name):
            if record.source == Path(name).name:   # no database named in the file: use the file's name
                record.source = Path(name).stem
            records.append(record)
    result = deduplicate(records, threshold=args.threshold)
    print(result.summary())
    if args.out:
        suffix = Path(args.out).suffix.lower()
        formats = {".ris": "ris", ".bib": "bibtex", ".csv": "csv"}
        if suffix not in formats:
            raise ReportError(f"Cannot tell which format to write {args.out} in",
                              hint="End the file name in .ris, .bib or .csv.")
        export_records(list(result.records), args.out, formats[suffix])
    if args.log:
        write_atomically(args.log, json.dumps(result.to_table(), indent=2, ensure_ascii=False) + "\n")
    return 0
