"""``searchcraft practice build``: build the bundled practice database ahead of time.

``make book`` runs it so the first notebook that opens the database does not wait for indexing.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    practice = subparsers.add_parser("practice", help="build the bundled practice database")
    commands = practice.add_subparsers(dest="practice_command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="build the bundled practice database (once; then reused)")
    build.add_argument("--path", type=Path, help="where to write it (default: $SEARCHCRAFT_PRACTICE_DB "
                                                 "or the user cache folder)")
    build.add_argument("--force", action="store_true", help="rebuild even if an up-to-date file exists")
    build.set_defaults(handler=_build)


def _build(args: argparse.Namespace) -> int:
    from .bundled import build_bundled

    path = build_bundled(args.path, progress=True, force=args.force)
    print(path)
    return 0
