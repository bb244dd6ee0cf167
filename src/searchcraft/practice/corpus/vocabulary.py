"""The practice vocabulary: a MeSH-like heading tree read from ``data/vocabulary.txt``.

The data file is an indented outline (one heading a line: ``Name | entry; entry | scope note``)
so that a person can read and edit the tree; this module turns it into the list of dicts that
:class:`~searchcraft.practice.PracticeDatabase` indexes, with MeSH-style tree numbers worked out
from the outline (``C05``, ``C05.100``, ``C05.100.125`` ...).

Example::

    >>> falls = next(h for h in vocabulary() if h["heading"] == "Accidental Falls")
    >>> "Falls" in falls["entry_terms"], falls["tree_numbers"][0][0]
    (True, 'N')
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ...errors import DataFileError

INDENT = 2


@dataclass
class _Heading:
    name: str
    own_name: bool
    entry_terms: list[str] = field(default_factory=list)
    scope_note: str = ""
    tree_numbers: list[str] = field(default_factory=list)


def _child_number(parent: str, position: int) -> str:
    """Tree number of the ``position``-th child (0-based) of ``parent``."""
    return f"{parent}.{100 + 25 * position:03d}"


def parse_outline(text: str, *, source: str = "vocabulary.txt") -> list[dict[str, Any]]:
    """Turn the outline text into heading dicts, in outline order.

    Raises :class:`DataFileError` naming the line when the outline is malformed.
    """
    headings: dict[str, _Heading] = {}
    stack: list[tuple[int, str]] = []  # (depth, tree number)
    counts: dict[str, int] = {}
    category = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        where = f"{source}, line {number}"
        if raw.startswith("["):
            letter = raw[1:raw.index("]")] if "]" in raw else ""
            if len(letter) != 1 or not letter.isalpha():
                raise DataFileError(f"{where}: a category line must start with [X], one letter",
                                    hint="Write e.g. '[C] Diseases'.")
            category, stack = letter, []
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent % INDENT or not category:
            raise DataFileError(f"{where}: indent by {INDENT} spaces under a [X] category line",
                                hint="Check the spaces at the start of the line.")
        depth = indent // INDENT
        parts = [p.strip() for p in raw.strip().split("|")]
        name = parts[0]
        own = name.startswith("~")
        name = name.lstrip("~")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if len(stack) != depth:
            raise DataFileError(f"{where}: '{name}' is indented deeper than its parent",
                                hint="Each level is indented by two more spaces than its parent.")
        parent = stack[-1][1] if stack else category
        position = counts.get(parent, 0)
        counts[parent] = position + 1
        tree = f"{category}{position + 1:02d}" if not stack else _child_number(parent, position)
        stack.append((depth, tree))
        if name in headings:
            if len(parts) > 1:
                raise DataFileError(f"{where}: '{name}' is defined twice",
                                    hint="Repeat a heading by name alone to add a tree position.")
            headings[name].tree_numbers.append(tree)
            continue
        if len(parts) != 3:
            raise DataFileError(f"{where}: expected 'Name | entry terms | scope note'",
                                hint="Separate the three fields with '|'; leave a field empty if needed.")
        entries = [e.strip() for e in parts[1].split(";") if e.strip()]
        headings[name] = _Heading(name, own, entries, parts[2], [tree])
    return [
        {"heading": h.name, "tree_numbers": h.tree_numbers, "entry_terms": h.entry_terms,
         "scope_note": h.scope_note, "mesh_name": not h.own_name}
        for h in headings.values()
    ]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, Any], ...]:
    text = resources.files(__package__).joinpath("data").joinpath("vocabulary.txt").read_text(encoding="utf-8")
    return tuple(parse_outline(text))


def vocabulary() -> list[dict[str, Any]]:
    """The practice headings: ``{"heading", "tree_numbers", "entry_terms", "scope_note", "mesh_name"}``.

    ``mesh_name`` is True when the heading is spelt as a MeSH descriptor. A fresh copy each call,
    so callers may change it freely.
    """
    return copy.deepcopy(list(_vocabulary()))


def heading_names() -> frozenset[str]:
    """Every heading name in the vocabulary (for checking the generator's data)."""
    return frozenset(h["heading"] for h in _vocabulary())
