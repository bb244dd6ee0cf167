"""``searchcraft translate``: print a query or a whole strategy in another database's syntax.

The translation goes to standard output, so it can be piped or pasted; the warnings (what could not
be carried over exactly) go to standard error under a "Warnings" heading. Warnings do not change the
exit status (0); a query that does not parse exits with 2 and a positioned message.

Examples::

    $ searchcraft translate --from pubmed --to ovid '"hand hygiene"[tiab] AND nurs*'
    "hand hygiene".ti,ab. and nurs*
    $ searchcraft translate --from ovid --to pubmed - < strategy.txt
    $ searchcraft translate --from ovid --to europepmc --file strategy.txt
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import QueryError
from .translate import NAMES, translate

SYNTAXES = tuple(NAMES)   # the translator's own list of syntaxes, PubMed first


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "translate",
        help="translate a query or strategy between PubMed, Ovid, Europe PMC and CINAHL",
        description="Translate a search (one query, or a strategy of one search a line) from one "
                    "database's syntax to another's. Warnings say what could not be carried over "
                    "exactly.",
    )
    parser.add_argument("query", nargs="?",
                        help="the query; '-' reads a query or whole strategy from standard input")
    parser.add_argument("--from", dest="from_", required=True, choices=SYNTAXES,
                        help="the syntax the search is written in")
    parser.add_argument("--to", required=True, choices=SYNTAXES, help="the syntax to print it in")
    parser.add_argument("--file", type=Path, help="read the query or strategy from this file")
    parser.set_defaults(handler=run)


def read_input(args: argparse.Namespace) -> str:
    """The text to translate, from the argument, standard input (``-``) or ``--file``."""
    if args.file is not None and args.query is not None:
        raise QueryError("Give the query or --file, not both.")
    if args.file is not None:
        try:
            text: str = args.file.read_text(encoding="utf-8-sig")
            return text
        except OSError as error:
            raise QueryError(f"Cannot read {args.file}: {error.strerror}.",
                             hint="Check the file name and that you may read it.") from error
    if args.query is None:
        raise QueryError("Nothing to translate.",
                         hint="Give the query in quotes, '-' to read standard input, or --file FILE.")
    if args.query == "-":
        return sys.stdin.read()
    query: str = args.query
    return query


def run(args: argparse.Namespace) -> int:
    text = read_input(args)
    if not text.strip():
        raise QueryError("Nothing to translate: the query is empty.")
    result = translate(text, args.from_, args.to)
    print(result.text)
    if result.warnings:
        print(f"\nWarnings ({NAMES[args.from_]} to {NAMES[args.to]}):", file=sys.stderr)
        for warning in result.warnings:
            print(f"- {warning}", file=sys.stderr)
    return 0
