"""``searchcraft course ...``: commands for the course team."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    course = subparsers.add_parser("course", help="check, scaffold and publish the course")
    commands = course.add_subparsers(dest="course_command", metavar="COMMAND", required=True)
    check = commands.add_parser("check", help="list everything to fix before publishing")
    check.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    check.add_argument("--external", action="store_true", help="also check web links (needs the network)")
    check.set_defaults(handler=_check)
    new = commands.add_parser("new-module", help="start a module with every required part in place")
    new.add_argument("name", help="folder name, e.g. local-01-our-library")
    new.add_argument("--title", required=True, help="the module's title")
    new.add_argument("--part", default="Your modules", help="the table-of-contents part to list it under")
    new.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    new.set_defaults(handler=_new_module)
    cards = commands.add_parser("postcards", help="write the printable knowledge-management postcards sheet")
    cards.add_argument("out", type=Path, help="the HTML file to write, e.g. _build/html/km-postcards.html")
    cards.set_defaults(handler=_postcards)
    live = commands.add_parser("live-files", help="gather Pyodide, wheels and the practice database for the live site")
    live.add_argument("out", type=Path, help="the folder to fill, e.g. _live (Sphinx copies it into _static/)")
    live.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    live.set_defaults(handler=_live_files)


def _check(args: argparse.Namespace) -> int:
    from .check import check_course

    problems = check_course(args.root, external=args.external)
    for problem in problems:
        print(problem)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found" if problems else "The course is ready to publish.",
          file=sys.stderr)
    return 1 if problems else 0


def _new_module(args: argparse.Namespace) -> int:
    from .scaffold import new_module

    for path in new_module(args.root, args.name, args.title, args.part):
        print(f"created {path}")
    print(f"added modules/{args.name}/{args.name} to _toc.yml under '{args.part}'")
    return 0


def _postcards(args: argparse.Namespace) -> int:
    from .postcards import write_postcards

    print(write_postcards(args.out))
    return 0


def _live_files(args: argparse.Namespace) -> int:
    from ..practice.bundled import build_bundled
    from .live_site import gather_live_files

    gather_live_files(args.root, args.out, build_bundled())
    return 0
