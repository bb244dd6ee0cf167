"""Browsing the subject headings tree: expand and collapse, find by name or entry term, compare counts.

Subject headings are organised in a tree (``Wounds and Injuries`` > ``Accidental Falls``). Searching
a heading with ``[mh]`` *explodes* it: the records indexed with any heading below it are found too;
``[mh:noexp]`` finds only the heading itself. Comparing the two counts shows a learner what
exploding adds. Each place in the tree is a :class:`TreeRow` addressed by its tree number, because
a heading can sit in more than one place.

Example::

    >>> browser = HeadingBrowserModel(db.vocabulary)                  # doctest: +SKIP
    >>> browser.reveal("Falls")  # an entry term: opens the branches above it  # doctest: +SKIP
    >>> details = browser.details("Accidents", db)                     # doctest: +SKIP
    >>> details.exploded, details.unexploded                           # doctest: +SKIP
    (412, 0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...practice.tokenise import normalise_name
from ...query import render
from .practice import heading_node

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.vocabulary import Heading, Vocabulary
    from ...source import Source


@dataclass(frozen=True)
class TreeRow:
    """One place in the tree: the heading there, its tree number, depth, and whether it can open."""

    heading: str
    tree_number: str
    depth: int
    has_children: bool
    expanded: bool


@dataclass(frozen=True)
class Found:
    """A heading found by a search, and what matched: its name or one of its entry terms."""

    heading: str
    matched: str
    by_entry_term: bool


@dataclass(frozen=True)
class HeadingDetails:
    """Everything a learner reads about one heading, with its exploded and unexploded counts."""

    heading: str
    tree_numbers: tuple[str, ...]
    scope_note: str
    entry_terms: tuple[str, ...]
    broader: tuple[str, ...]
    narrower: tuple[str, ...]
    exploded_query: str
    unexploded_query: str
    exploded: int | None
    unexploded: int | None

    @property
    def explosion_adds(self) -> int | None:
        """Records found only through the narrower headings (exploded minus unexploded)."""
        if self.exploded is None or self.unexploded is None:
            return None
        return self.exploded - self.unexploded


def _depth(tree_number: str) -> int:
    return tree_number.count(".")


class HeadingBrowserModel:
    """The headings tree with its expanded places, a search, and the heading being read."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.expanded: set[str] = set()
        self.selected: str | None = None

    # -- the tree -----------------------------------------------------------------------------
    def children_at(self, tree_number: str) -> list[tuple[Heading, str]]:
        """The headings one level below the place ``tree_number``, with their tree numbers there."""
        heading = self.vocabulary.by_tree_number(tree_number)
        if heading is None:
            return []
        found = []
        for child in self.vocabulary.children(heading.heading):
            for number in child.tree_numbers:
                if number.rsplit(".", 1)[0] == tree_number and "." in number:
                    found.append((child, number))
        return sorted(found, key=lambda pair: pair[1])

    def _row(self, heading: Heading, number: str) -> TreeRow:
        return TreeRow(heading.heading, number, _depth(number), bool(self.children_at(number)),
                       number in self.expanded)

    def visible_rows(self) -> list[TreeRow]:
        """The rows a learner sees: the top of the tree and the children of every expanded place."""
        rows: list[TreeRow] = []

        def add(heading: Heading, number: str) -> None:
            rows.append(self._row(heading, number))
            if number in self.expanded:
                for child, child_number in self.children_at(number):
                    add(child, child_number)

        for root in self.vocabulary.roots():
            for number in root.tree_numbers:
                if "." not in number or self.vocabulary.by_tree_number(number.rsplit(".", 1)[0]) is None:
                    add(root, number)
        return rows

    def toggle(self, tree_number: str) -> bool:
        """Expand a place in the tree, or collapse it if open; returns whether it is now open."""
        if tree_number in self.expanded:
            self.expanded.discard(tree_number)
            return False
        self.expanded.add(tree_number)
        return True

    def reveal(self, name: str) -> None:
        """Expand every place above the heading ``name`` so that it shows in the tree, and select it."""
        heading = self.vocabulary.lookup(name)
        for number in heading.tree_numbers:
            parts = number.split(".")
            self.expanded.update(".".join(parts[:i]) for i in range(1, len(parts)))
        self.selected = heading.heading

    # -- finding ------------------------------------------------------------------------------
    def search(self, text: str, *, limit: int = 30) -> list[Found]:
        """Headings whose name or an entry term contains ``text`` (names first, then entry terms)."""
        key = normalise_name(text)
        if not key:
            return []
        by_name, by_entry = [], []
        for heading in self.vocabulary:
            if key in normalise_name(heading.heading):
                by_name.append(Found(heading.heading, heading.heading, False))
                continue
            for term in heading.entry_terms:
                if key in normalise_name(term):
                    by_entry.append(Found(heading.heading, term, True))
                    break
        by_name.sort(key=lambda f: (not normalise_name(f.heading).startswith(key), f.heading))
        return (by_name + by_entry)[:limit]

    # -- reading ------------------------------------------------------------------------------
    def select(self, name: str) -> str:
        self.selected = self.vocabulary.lookup(name).heading
        return self.selected

    def details(self, name: str, source: Source | None = None) -> HeadingDetails:
        """The heading's notes and neighbours, and (given a source) its exploded and unexploded counts."""
        heading = self.vocabulary.lookup(name)
        exploded, unexploded = heading_node(heading.heading), heading_node(heading.heading, explode=False)
        counts = (source.count(exploded), source.count(unexploded)) if source is not None else (None, None)
        return HeadingDetails(
            heading.heading, heading.tree_numbers, heading.scope_note, heading.entry_terms,
            tuple(h.heading for h in self.vocabulary.parents(heading.heading)),
            tuple(h.heading for h in self.vocabulary.children(heading.heading)),
            render(exploded), render(unexploded), *counts)

    # -- saving -------------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {"expanded": sorted(self.expanded), "selected": self.selected}

    def restore(self, state: Mapping[str, Any]) -> None:
        self.expanded = {str(n) for n in state.get("expanded") or () if self.vocabulary.by_tree_number(str(n))}
        selected = state.get("selected")
        self.selected = selected if selected and self.vocabulary.find(str(selected)) else None
