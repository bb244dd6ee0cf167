"""``searchcraft search``: run a query on the practice database (or a live source)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("search", help="run a search and print the count and first records")
    parser.add_argument("query", help='the search, e.g. \'"hand hygiene"[tiab] AND nurs*\'')
    parser.add_argument("--db", help="a practice database file (default: the bundled corpus)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    raise NotImplementedError("searchcraft search arrives with the practice database")
