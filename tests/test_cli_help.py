"""Every ``searchcraft`` command and sub-command explains itself and is documented in the README.

The command tree is read from the real parsers (each command's ``register``), so a sub-command
added later is held to the same rule without this test being edited.
"""

from __future__ import annotations

import argparse
import importlib
import re

import pytest

from searchcraft.cli import COMMANDS, main
from support import REPO


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, tuple[argparse.ArgumentParser, str]]:
    """A parser's sub-commands: name -> (its parser, the one-line help shown in the list)."""
    found: dict[str, tuple[argparse.ArgumentParser, str]] = {}
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found[name] = (sub, helps.get(name) or "")
    return found


def _command_paths() -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, (module, _summary) in COMMANDS.items():
        top = argparse.ArgumentParser(prog="searchcraft")
        importlib.import_module(module).register(top.add_subparsers(dest="command"))
        stack = [((name,), _subcommands(top)[name][0])]
        while stack:
            path, parser = stack.pop()
            paths.append(path)
            stack.extend((path + (sub,), parser_) for sub, (parser_, _) in _subcommands(parser).items())
    return sorted(paths)


PATHS = _command_paths()


def test_the_command_tree_is_found():
    assert ("grade", "autograde") in PATHS and ("search",) in PATHS


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_prints_help_that_says_what_it_does(path, capsys):
    with pytest.raises(SystemExit) as done:
        main([*path, "--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("usage: searchcraft " + " ".join(path))
    described = text.split("\n\n")[1].strip()
    assert described and not described.startswith(("positional arguments", "options")), text


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_is_listed_with_a_one_line_help(path):
    top = argparse.ArgumentParser(prog="searchcraft")
    importlib.import_module(COMMANDS[path[0]][0]).register(top.add_subparsers(dest="command"))
    parser, line = None, ""
    subs = _subcommands(top)
    for word in path:
        parser, line = subs[word]
        subs = _subcommands(parser)
    assert line.strip(), f"`searchcraft {' '.join(path)}` has no help line in its parent's list"


@pytest.mark.parametrize("path", PATHS, ids=" ".join)
def test_every_command_appears_in_the_readme(path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pattern = r"searchcraft\s+" + r"\s+".join(re.escape(word) for word in path) + r"\b"
    assert re.search(pattern, readme), f"the README never shows `searchcraft {' '.join(path)}`"
