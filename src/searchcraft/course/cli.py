"""``searchcraft course ...``: commands for the course team."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

from ..errors import MissingExtraError


def _course_tool(name: str) -> ModuleType:
    """One of the course team's tools; a clear error naming the extra if a package it needs is missing."""
    try:
        return importlib.import_module(f".{name}", __package__)
    except ImportError as error:
        raise MissingExtraError(f"The course tools need {error.name or 'a package'}, which is not installed",
                                hint='Install them with: pip install "searchcraft[course]" '
                                     "(or pip install -r requirements.txt in the course folder).") from None


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
    new.add_argument("--level", default="foundation", choices=["foundation", "practitioner", "advanced"],
                     help="the module's level (default: foundation)")
    new.add_argument("--skills", default="strategy",
                     help="comma-separated skills framework areas it develops (default: strategy)")
    new.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    new.set_defaults(handler=_new_module)
    routes = commands.add_parser("routes", help="write the routes by level onto the front page (book/welcome.md)")
    routes.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    routes.set_defaults(handler=_routes)
    sync = commands.add_parser("sync-pathways", help="copy modules' objectives and study times into the registry, "
                                                     "add missing banners, rewrite the front page's routes")
    sync.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    sync.set_defaults(handler=_sync_pathways)
    cards = commands.add_parser("postcards", help="write the printable knowledge-management postcards sheet")
    cards.add_argument("out", type=Path, help="the HTML file to write, e.g. _build/html/km-postcards.html")
    cards.set_defaults(handler=_postcards)
    live = commands.add_parser("live-files", help="gather Pyodide, wheels and the practice database for the live site")
    live.add_argument("out", type=Path, help="the folder to fill, e.g. _live (Sphinx copies it into _static/)")
    live.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    live.set_defaults(handler=_live_files)
    lab = commands.add_parser("lab", help="build the course's JupyterLab for the browser (JupyterLite) into the site")
    lab.add_argument("out", type=Path, help="the folder to write, beside the built site's _static/ "
                                            "(whose Pyodide the lab uses), e.g. _build/html/lab")
    lab.add_argument("--live", type=Path, default=Path("_live"),
                     help="where `searchcraft course live-files` gathered Pyodide and the wheels (default: _live)")
    lab.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    lab.set_defaults(handler=_lab)
    data = commands.add_parser("data", help="write the JSON copies of YAML quizzes and data files "
                                            "(the browser cannot read YAML)")
    data.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    data.add_argument("--check", action="store_true",
                      help="write nothing; fail if any JSON copy is missing or out of date")
    data.set_defaults(handler=_data)


def _check(args: argparse.Namespace) -> int:
    problems = _course_tool("check").check_course(args.root, external=args.external)
    for problem in problems:
        print(problem)
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} found" if problems else "The course is ready to publish.",
          file=sys.stderr)
    return 1 if problems else 0


def _new_module(args: argparse.Namespace) -> int:
    skills = [s.strip() for s in args.skills.split(",") if s.strip()]
    for path in _course_tool("scaffold").new_module(args.root, args.name, args.title, args.part,
                                                    level=args.level, skills=skills):
        print(f"created {path}")
    print(f"added modules/{args.name}/{args.name} to _toc.yml under '{args.part}'")
    return 0


def _routes(args: argparse.Namespace) -> int:
    from ..files import SHARED_MODE, write_atomically
    from ..pathways import course_registry, parse_registry, replace_routes
    from .check import REGISTRY_PATH

    own = args.root / REGISTRY_PATH
    registry = parse_registry(own.read_text(encoding="utf-8"), REGISTRY_PATH) if own.is_file() else course_registry()
    page = args.root / "book" / "welcome.md"
    text = page.read_text(encoding="utf-8") if page.is_file() else "# Welcome\n"
    write_atomically(page, replace_routes(text, registry), mode=SHARED_MODE)
    print(f"wrote the routes into {page}")
    return 0


def _sync_pathways(args: argparse.Namespace) -> int:
    from .pathways_sync import sync_pathways

    changes = sync_pathways(args.root)
    for change in changes:
        print(change)
    print(f"{len(changes)} change{'s' if len(changes) != 1 else ''}; now run `searchcraft course check`.",
          file=sys.stderr)
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


def _lab(args: argparse.Namespace) -> int:
    from ..practice.bundled import build_bundled
    from .lab_site import build_lab

    build_lab(args.root, args.live, args.out, build_bundled())
    return 0


def learner_data_folders(root: Path) -> list[Path]:
    """Where YAML read on the learner's path lives: the modules and, in the kit's own source tree,
    the package's data."""
    folders = [root / "modules", root / "src" / "searchcraft"]
    return [folder for folder in folders if folder.is_dir()]


def _data(args: argparse.Namespace) -> int:
    from ..datafiles import stale_twins, twin_path, write_twins, yaml_files

    files = yaml_files(learner_data_folders(args.root))
    if args.check:
        stale = stale_twins(files)
        for path in stale:
            print(f"{path}: {twin_path(path).name} is missing or out of date")
        print(f"{len(stale)} of {len(files)} YAML files need their JSON copy rewritten"
              + (": run `searchcraft course data`" if stale else ""), file=sys.stderr)
        return 1 if stale else 0
    written = write_twins(files)
    for path in written:
        print(f"wrote {path}")
    print(f"{len(written)} JSON copies written; {len(files) - len(written)} were up to date", file=sys.stderr)
    return 0
