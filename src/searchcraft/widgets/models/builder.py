"""Building a search line by line: instant counts, a numbered history, results, export and marking.

This is the logic behind ``SearchBuilder``. It wraps :class:`~searchcraft.practice.SearchHistory`
(numbered lines, ``#1 AND #2``, edits that re-run the lines that depend on them) and adds what a
learner at the search box needs:

* :meth:`SearchBuilderModel.preview`: the count of a line *before* it is added, so the count
  follows the typing (on the practice database this takes about a millisecond);
* :meth:`SearchBuilderModel.results`: a page of titles and years with the matched words marked;
* :meth:`SearchBuilderModel.export`: a line's records as RIS, CSV or BibTeX;
* :meth:`SearchBuilderModel.mark`: "How did I do?" against a gold set (recall, precision and why
  each relevant record was missed).

Example::

    >>> builder = SearchBuilderModel(db)                         # doctest: +SKIP
    >>> builder.preview("falls[tiab]")                           # doctest: +SKIP
    368
    >>> builder.add("falls[tiab]"); builder.add("exercise[tiab]")  # doctest: +SKIP
    >>> builder.add("#1 AND #2").count                           # doctest: +SKIP
    89
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import SearchCraftError
from ...export import FORMATS, export_records
from ...practice.corpus import load_gold_set
from ...practice.goldset import GoldSet
from ...practice.history import HistoryLine, SearchHistory
from ...practice.tokenise import fold
from ...query import Field, Node, Phrase, Proximity, Term, Truncated, parse, render
from ...query.ast import TreeVisitor
from .practice import is_practice

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.exercise import StrategyMark
    from ...source import Source


class SearchBuilderError(SearchCraftError):
    """Something the search builder cannot do (mark without a gold set, export an unknown format...)."""


@dataclass(frozen=True)
class ResultRow:
    """One record in a results page: its place in the list, id, title, year and the title marked up."""

    position: int
    id: str
    title: str
    year: int | None
    title_html: str


@dataclass(frozen=True)
class ResultsPage:
    """Records ``start`` + 1 to ``start`` + len(rows) of ``count`` found by line ``number``."""

    number: int
    count: int
    start: int
    rows: tuple[ResultRow, ...]


@dataclass(frozen=True)
class LineChange:
    """A line whose count changed after an edit (the edited line or a line that depends on it)."""

    number: int
    before: int
    after: int


_WORD = re.compile(r"[^\W_]+")


def highlight(text: str, matched: frozenset[str], stems: tuple[str, ...] = ()) -> str:
    """``text`` as HTML with every word the search matched in ``<mark>``.

    ``matched`` holds index words (folded, as the index stores them); ``stems`` are truncation
    stems, marking every word that starts with one.
    """
    parts, last = [], 0
    for match in _WORD.finditer(text):
        word = fold(match.group())
        if word in matched or any(word.startswith(s) for s in stems):
            parts.append(escape(text[last:match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def query_words(node: Node) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words and truncation stems a query searches, folded as the index folds them."""
    words: set[str] = set()
    stems: set[str] = set()
    for part in _TextParts().visit(node):
        if isinstance(part, Term):
            words.update(fold(w) for w in _WORD.findall(part.text))
        elif isinstance(part, Truncated):
            stems.add(fold(part.stem))
        elif isinstance(part, (Phrase, Proximity)):
            for raw in part.text.split():
                if raw.endswith("*"):
                    stems.add(fold(raw[:-1]))
                else:
                    words.update(fold(w) for w in _WORD.findall(raw))
    return frozenset(words), tuple(sorted(s for s in stems if s))


_TEXT_FIELDS = {"all", "tw", "tiab", "ti", "ab", "kw"}


class _TextParts(TreeVisitor[list[Node]]):
    """The parts of a query searched as words (a heading or author search does not mark title words)."""

    def visit_field(self, node: Field) -> list[Node]:
        return self.visit(node.child) if set(node.fields) & _TEXT_FIELDS else []

    def generic_visit(self, node: Node) -> list[Node]:
        return [node, *(part for child in node.subnodes() for part in self.visit(child))]


class SearchBuilderModel:
    """A numbered search history over one source, with previews, results, export and marking.

    ``gold`` (a :class:`GoldSet` or the name of one of the bundled corpus's gold sets) switches on
    :meth:`mark`; ``bundled`` says the source is the bundled practice corpus, whose records carry
    the "traps" that explain a miss.
    """

    def __init__(self, source: Source, *, syntax: str = "pubmed", gold: GoldSet | str | None = None,
                 bundled: bool = False, purpose: str = "systematic-review") -> None:
        from ...practice.purpose import search_purpose

        self.purpose = search_purpose(purpose)  # the kind of search the task asks for: sets the brake
        self.source = source
        self.syntax = syntax
        self.history = SearchHistory(source, syntax=syntax)
        self.bundled = bundled
        self.gold = load_gold_set(gold) if isinstance(gold, str) else gold
        self._issued = 0                       # the highest line number given so far

    # -- reading ------------------------------------------------------------------------------
    @property
    def lines(self) -> list[HistoryLine]:
        return self.history.lines

    @property
    def live_counts(self) -> bool:
        """Whether a count can follow the typing (the practice database), not only on request."""
        return is_practice(self.source)

    def parse(self, text: str) -> Node:
        """The line as a query with every ``#N`` written out; raises ``QuerySyntaxError`` with its position."""
        numbers = {line.number for line in self.lines}
        node = parse(text, self.syntax, history=numbers)
        # with the platform's default fields (Ovid's words without a field search .mp.), as the
        # search history runs it on the practice database
        return self.history.expand(node, default_fields=True)

    def preview(self, text: str) -> int:
        """How many records ``text`` would find, without adding it to the history."""
        return self.source.count(self.parse(text))

    def expanded(self, number: int) -> Node:
        """Line ``number`` with every ``#N`` written out in full."""
        return self.history.expanded(number, default_fields=True)

    def strategy(self, number: int, syntax: str = "pubmed") -> str:
        """Line ``number`` as one self-contained query in ``syntax`` (references written out)."""
        return render(self.expanded(number), syntax)

    # -- changing -----------------------------------------------------------------------------
    def add(self, text: str) -> HistoryLine:
        """Run ``text`` as the next numbered line."""
        line = self.history.add(text)
        self._issued = line.number
        return line

    def edit(self, number: int, text: str) -> list[LineChange]:
        """Change a line; returns the lines whose counts changed (it and its dependants)."""
        before = {line.number: line.count for line in self.lines}
        self.history.edit(number, text)
        return [LineChange(line.number, before[line.number], line.count) for line in self.lines
                if line.number in before and (line.number == number or before[line.number] != line.count)]

    def delete(self, number: int) -> None:
        """Delete a line no other line uses (``HistoryError`` names the lines that use it)."""
        self.history.delete(number)

    def dependants(self, number: int) -> list[int]:
        return self.history.dependants(number)

    # -- results and export -------------------------------------------------------------------
    def results(self, number: int, *, start: int = 0, size: int = 20) -> ResultsPage:
        """A page of line ``number``'s records, newest first, titles with the matched words marked."""
        node = self.expanded(number)
        result = self.source.search(node, limit=start + size)
        records = self.source.fetch(result.ids[start:start + size])
        # the query's own words, not the source's matched terms: those include heading names,
        # which match the record's headings, not the words of its title
        words, stems = query_words(node)
        rows = tuple(ResultRow(start + i + 1, r.id, r.title, r.year, highlight(r.title, words, stems))
                     for i, r in enumerate(records))
        return ResultsPage(number, result.count, start, rows)

    def export(self, number: int, path: str | Path, format: str = "ris") -> tuple[Path, int]:
        """Write every record line ``number`` found to ``path`` as RIS, CSV or BibTeX; returns (path, count)."""
        if format not in FORMATS:
            raise SearchBuilderError(f"Cannot export as {format!r}", hint=f"Choose one of: {', '.join(FORMATS)}.")
        target = Path(path).expanduser()
        if not target.name or target.is_dir():
            raise SearchBuilderError(f"{path!s} is not a file name", hint="Type a file name such as my-results.ris.")
        ids = self.source.search(self.expanded(number)).ids
        records = self.source.fetch(ids)
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(export_records(records, target, format)), len(records)

    # -- marking ------------------------------------------------------------------------------
    def mark(self, number: int) -> StrategyMark:
        """Mark line ``number`` against the gold set: recall, precision, marks and the missed records."""
        if self.gold is None:
            raise SearchBuilderError("There is no gold set to compare with",
                                     hint="Create the builder with gold='falls-exercise' (or another gold set).")
        if not is_practice(self.source):
            raise SearchBuilderError("Gold sets list records of the practice database, so only a search "
                                     "of the practice database can be marked",
                                     hint="Use SearchBuilder() without a source to practise on it.")
        from ...practice.exercise import mark_strategy

        strategy = self.strategy(number, "pubmed")
        return mark_strategy(strategy, self.gold, db=None if self.bundled else self.source,  # type: ignore[arg-type]
                             purpose=self.purpose)

    # -- saving -------------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {"syntax": self.syntax,
                "lines": [{"number": line.number, "query": line.query} for line in self.lines],
                "gold": self.gold.name if self.gold is not None else None, "purpose": self.purpose.name}

    def restore(self, state: Mapping[str, Any]) -> None:
        """Re-run the saved lines, keeping their numbers (so ``#N`` still means the same line)."""
        lines = sorted((int(line["number"]), str(line["query"])) for line in state.get("lines") or ())
        if not lines:
            return
        filler = lines[0][1]  # the first line never refers to another, so it can stand in for a gap
        for number, query in lines:
            while self._issued + 1 < number:  # a deleted line: numbers are never reused
                gap = self.add(filler).number
                self.delete(gap)
            self.add(query)
