"""The practice database's subject headings: a small MeSH-like tree with entry terms.

Headings live in a tree addressed by tree numbers (``C10.228.140``); a heading may sit in several
places. *Exploding* a heading, as PubMed does by default for ``[mh]``, means searching it and every
heading whose tree number starts with one of its tree numbers. Entry terms are the synonyms that
lead to a heading (``Accidental Falls`` is found by ``Falls``, ``Slip and Fall``...).

The vocabulary comes as a list of dicts (``{"heading", "tree_numbers", "entry_terms",
"scope_note"}``), which is what ``searchcraft.practice.corpus.vocabulary()`` returns.

Example::

    >>> vocab = Vocabulary([
    ...     {"heading": "Accidents", "tree_numbers": ["Z01"], "entry_terms": []},
    ...     {"heading": "Accidental Falls", "tree_numbers": ["Z01.100"], "entry_terms": ["Falls"]},
    ... ])
    >>> vocab.lookup("falls").heading
    'Accidental Falls'
    >>> [h.heading for h in vocab.explode("Accidents")]
    ['Accidents', 'Accidental Falls']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import DataFileError, QueryError
from .tokenise import normalise_name


class HeadingNotFound(QueryError):
    """A heading or entry term that the vocabulary does not have."""


@dataclass(frozen=True)
class Heading:
    """One subject heading: its preferred name, places in the tree, synonyms and definition."""

    heading: str
    tree_numbers: tuple[str, ...] = ()
    entry_terms: tuple[str, ...] = ()
    scope_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "tree_numbers": list(self.tree_numbers),
            "entry_terms": list(self.entry_terms),
            "scope_note": self.scope_note,
        }


def _parent_number(tree_number: str) -> str | None:
    return tree_number.rsplit(".", 1)[0] if "." in tree_number else None


class Vocabulary:
    """A headings tree with lookup by name or entry term, explosion and browsing.

    Lookups ignore case, diacritics and punctuation (``"falls, accidental"`` finds
    ``"Falls, Accidental"``). A preferred heading name wins over another heading's entry term.
    """

    def __init__(self, headings: Iterable[Mapping[str, Any] | Heading] = ()) -> None:
        self._headings: list[Heading] = []
        self._by_name: dict[str, Heading] = {}
        self._by_entry: dict[str, Heading] = {}
        self._by_tree: dict[str, Heading] = {}
        for position, item in enumerate(headings):
            heading = item if isinstance(item, Heading) else self._from_dict(item, position)
            key = normalise_name(heading.heading)
            if key in self._by_name:
                raise DataFileError(
                    f"Vocabulary: heading {heading.heading!r} appears twice",
                    hint="Give each heading once and list all its tree numbers on that entry.",
                )
            for number in heading.tree_numbers:
                if number in self._by_tree:
                    raise DataFileError(
                        f"Vocabulary: tree number {number} belongs to both "
                        f"{self._by_tree[number].heading!r} and {heading.heading!r}",
                        hint="Each tree number names exactly one place in the tree.",
                    )
                self._by_tree[number] = heading
            self._headings.append(heading)
            self._by_name[key] = heading
        for heading in self._headings:
            for term in heading.entry_terms:
                self._by_entry.setdefault(normalise_name(term), heading)
        self._sorted_numbers = sorted(self._by_tree)

    @staticmethod
    def _from_dict(data: Mapping[str, Any], position: int) -> Heading:
        if not isinstance(data, Mapping) or not str(data.get("heading") or "").strip():
            raise DataFileError(
                f"Vocabulary entry {position + 1} has no 'heading': {str(data)[:80]!r}",
                hint='Each entry needs at least {"heading": "...", "tree_numbers": [...]}.',
            )
        for name in ("tree_numbers", "entry_terms"):
            value = data.get(name) or []
            if isinstance(value, str) or not isinstance(value, (list, tuple)):
                raise DataFileError(
                    f"Vocabulary heading {data['heading']!r}: '{name}' must be a list",
                    hint=f"Write '{name}' as a list of strings.",
                )
        return Heading(
            heading=str(data["heading"]).strip(),
            tree_numbers=tuple(str(n).strip() for n in data.get("tree_numbers") or ()),
            entry_terms=tuple(str(t).strip() for t in data.get("entry_terms") or ()),
            scope_note=str(data.get("scope_note") or ""),
        )

    # -- looking up -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._headings)

    def __iter__(self) -> Iterator[Heading]:
        return iter(self._headings)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    def find(self, name: str) -> Heading | None:
        """The heading called ``name`` or having ``name`` as an entry term, or ``None``."""
        key = normalise_name(name)
        return self._by_name.get(key) or self._by_entry.get(key)

    def lookup(self, name: str) -> Heading:
        """Like :meth:`find`, but a name the vocabulary lacks raises :class:`HeadingNotFound`."""
        heading = self.find(name)
        if heading is None:
            raise HeadingNotFound(
                f"{name!r} is not a heading or entry term in the vocabulary",
                hint="Browse the headings tree or search the word in [tiab] instead.",
            )
        return heading

    def starting_with(self, stem: str) -> list[Heading]:
        """Headings whose name starts with ``stem`` (truncated heading searches, ``neoplasm*[mh]``)."""
        key = normalise_name(stem)
        return [h for h in self._headings if normalise_name(h.heading).startswith(key)]

    def by_tree_number(self, tree_number: str) -> Heading | None:
        return self._by_tree.get(tree_number)

    # -- browsing the tree ------------------------------------------------------------------
    def roots(self) -> list[Heading]:
        """Headings at the top of the tree (a tree number without a dot), in tree order."""
        seen: dict[str, Heading] = {}
        for number in self._sorted_numbers:
            if _parent_number(number) is None or _parent_number(number) not in self._by_tree:
                seen.setdefault(self._by_tree[number].heading, self._by_tree[number])
        return list(seen.values())

    def children(self, name: str) -> list[Heading]:
        """The headings one level below ``name`` in any of its places, in tree order."""
        heading = self.lookup(name)
        found: dict[str, Heading] = {}
        for number in heading.tree_numbers:
            for child_number in self._numbers_under(number):
                if _parent_number(child_number) == number:
                    child = self._by_tree[child_number]
                    found.setdefault(child.heading, child)
        return list(found.values())

    def parents(self, name: str) -> list[Heading]:
        """The headings one level above ``name`` (one per place in the tree)."""
        heading = self.lookup(name)
        found: dict[str, Heading] = {}
        for number in heading.tree_numbers:
            parent = self._by_tree.get(_parent_number(number) or "")
            if parent is not None:
                found.setdefault(parent.heading, parent)
        return list(found.values())

    def explode(self, name: str) -> list[Heading]:
        """``name`` and every heading below it, as PubMed's ``[mh]`` searches them.

        A heading is below another when one of its tree numbers starts with one of the other's
        tree numbers followed by a dot.
        """
        heading = self.lookup(name)
        found: dict[str, Heading] = {heading.heading: heading}
        for number in heading.tree_numbers:
            for below in self._numbers_under(number):
                found.setdefault(self._by_tree[below].heading, self._by_tree[below])
        return list(found.values())

    def descendants(self, name: str) -> list[Heading]:
        """Every heading below ``name``, without ``name`` itself."""
        return self.explode(name)[1:]

    def _numbers_under(self, number: str) -> list[str]:
        prefix = number + "."
        start = bisect.bisect_left(self._sorted_numbers, prefix)
        result = []
        for candidate in self._sorted_numbers[start:]:
            if not candidate.startswith(prefix):
                break
            result.append(candidate)
        return result

    def to_list(self) -> list[dict[str, Any]]:
        """The vocabulary as the list of dicts it was made from."""
        return [h.to_dict() for h in self._headings]
