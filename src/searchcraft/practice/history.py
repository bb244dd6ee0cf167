"""The search history: numbered searches that later searches combine with ``#N``.

Building a strategy line by line (``#1 falls``, ``#2 elderly``, ``#3 #1 AND #2``) is how searchers
work in PubMed, Ovid and CINAHL. :class:`SearchHistory` keeps those lines over any
:class:`~searchcraft.source.Source`:

* on the practice database, ``#N`` reuses the plan of line N (its FTS5 query, or its cached set
  of records), so combining lines is instant;
* on a live source (PubMed, Europe PMC), each ``#N`` is replaced by line N's full query before the
  search is sent, because the live service does not share our history.

Editing a line re-runs every line that depends on it; deleting a line that others use is refused
with the names of those lines. A line may only refer to lines above it, so a history can never go
round in a circle.

Example::

    >>> from searchcraft.practice import PracticeDatabase
    >>> db = PracticeDatabase.from_records([
    ...     {"id": "A", "title": "Exercise to prevent falls in care homes"},
    ...     {"id": "B", "title": "Falls after hip fracture"},
    ...     {"id": "C", "title": "Exercise and mood"}])
    >>> history = SearchHistory(db)
    >>> history.add("falls[tiab]").number
    1
    >>> history.add("exercise[tiab]").number
    2
    >>> history.add("#1 AND #2").count
    1
    >>> print(history.to_text())
    #1 falls[tiab] (2 results)
    #2 exercise[tiab] (2 results)
    #3 #1 AND #2 (1 result)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Iterator

from ..errors import QueryError, QuerySyntaxError
from ..query.ast import And, Field, HistoryRef, Near, Node, Not, Or, history_refs
from ..source import SearchResult, Source
from .compiler import Plan
from .database import PracticeDatabase


class HistoryError(QueryError):
    """A history operation that would leave the history inconsistent."""


@dataclass(frozen=True)
class HistoryLine:
    """One numbered search: what was typed, how many records it found and when it ran.

    ``expanded`` is the query as sent to a live source, with every ``#N`` written out.
    """

    number: int
    query: str
    count: int
    run_at: datetime
    expanded: str = ""


@dataclass
class _Entry:
    line: HistoryLine
    node: Node
    refs: frozenset[int]
    plan: Plan | None = None             # practice database
    expanded: Node | None = None         # live sources: the query with #N written out
    result: SearchResult | None = None   # live sources


_REF = re.compile(r"#\s*(\d+)")


def _substitute(node: Node, lines: dict[int, Node]) -> Node:
    """``node`` with each ``#N`` replaced by line N's (already expanded) query."""
    if isinstance(node, HistoryRef):
        return lines[node.number]
    if isinstance(node, And):
        return And(tuple(_substitute(c, lines) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_substitute(c, lines) for c in node.children))
    if isinstance(node, Not):
        return Not(_substitute(node.left, lines), _substitute(node.right, lines))
    if isinstance(node, Near):
        return replace(node, left=_substitute(node.left, lines), right=_substitute(node.right, lines))
    if isinstance(node, Field):
        return Field(_substitute(node.child, lines), node.fields)
    return node


class SearchHistory:
    """Numbered searches over one source, in the syntax ``syntax`` (PubMed's by default).

    ``limit`` caps how many record ids are kept per line for a live source (the count is always
    the full count); the practice database keeps every id.
    """

    def __init__(self, source: Source, *, syntax: str = "pubmed", limit: int | None = None) -> None:
        self.source = source
        self.syntax = syntax
        self.limit = limit
        self._entries: dict[int, _Entry] = {}
        self._next = 1

    # -- reading --------------------------------------------------------------------------------
    @property
    def lines(self) -> list[HistoryLine]:
        """Every line, in number order."""
        return [self._entries[n].line for n in sorted(self._entries)]

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[HistoryLine]:
        return iter(self.lines)

    def __getitem__(self, number: int) -> HistoryLine:
        return self._entry(number).line

    def result(self, number: int, *, limit: int | None = None) -> SearchResult:
        """What line ``number`` found: its count and record ids in the source's order."""
        entry = self._entry(number)
        if entry.plan is not None:
            database: PracticeDatabase = self.source  # type: ignore[assignment]
            return database.result(entry.line.query, entry.plan, limit=limit)
        assert entry.result is not None
        if limit is None:
            return entry.result
        return replace(entry.result, ids=entry.result.ids[:limit])

    def dependants(self, number: int) -> list[int]:
        """Lines that use line ``number``, directly or through other lines, in order."""
        found: set[int] = set()
        for n in sorted(self._entries):
            refs = self._entries[n].refs
            if number in refs or refs & found:
                found.add(n)
        return sorted(found)

    # -- changing -------------------------------------------------------------------------------
    def add(self, query: "str | Node") -> HistoryLine:
        """Run ``query`` as the next numbered line; it may refer to any line already there."""
        number = self._next
        entry = self._run(number, query, self._entries)
        self._entries[number] = entry
        self._next += 1
        return entry.line

    def edit(self, number: int, query: "str | Node") -> HistoryLine:
        """Change line ``number`` and re-run every line that depends on it.

        If the new query (or a re-run) fails, the history is left as it was.
        """
        self._entry(number)
        entries = dict(self._entries)
        entries[number] = self._run(number, query, {n: e for n, e in entries.items() if n < number})
        for dependant in self.dependants(number):
            old = entries[dependant]
            earlier = {n: e for n, e in entries.items() if n < dependant}
            entries[dependant] = self._run(dependant, old.line.query, earlier, node=old.node)
        self._entries = entries
        return entries[number].line

    def delete(self, number: int) -> None:
        """Remove line ``number``; refused when other lines use it. Numbers are not reused."""
        self._entry(number)
        users = sorted(n for n, e in self._entries.items() if number in e.refs)
        if users:
            names = ", ".join(f"#{n}" for n in users)
            raise HistoryError(
                f"Line #{number} cannot be deleted: {names} {'uses' if len(users) == 1 else 'use'} it",
                hint=f"Edit or delete {names} first.",
            )
        del self._entries[number]

    # -- exporting ------------------------------------------------------------------------------
    def to_text(self, *, counts: bool = True) -> str:
        """The strategy as numbered lines, ready to paste into a report or a database."""
        rows = []
        for line in self.lines:
            text = f"#{line.number} {line.query}"
            if counts:
                text += f" ({line.count:,} result{'' if line.count == 1 else 's'})"
            rows.append(text)
        return "\n".join(rows)

    def to_table(self) -> list[dict]:
        """The strategy as rows: ``{"number", "query", "results"}``."""
        return [{"number": line.number, "query": line.query, "results": line.count}
                for line in self.lines]

    # -- running --------------------------------------------------------------------------------
    def _entry(self, number: int) -> _Entry:
        try:
            return self._entries[number]
        except KeyError:
            known = ", ".join(f"#{n}" for n in sorted(self._entries)) or "none"
            raise HistoryError(f"There is no line #{number} in the search history "
                               f"(lines: {known})") from None

    def _parse(self, number: int, query: "str | Node", allowed: set[int]) -> tuple[str, Node]:
        if isinstance(query, Node):
            bad = sorted(history_refs(query) - allowed)
            if bad:
                raise HistoryError(
                    f"Line #{number} refers to #{bad[0]}, which is not a line above it",
                    hint="A line may only combine lines above it.",
                )
            from ..query import render
            return render(query, self.syntax), query
        if not isinstance(query, str) or not query.strip():
            raise QueryError("The search is empty", hint="Type some search terms.")
        from ..query import parse
        node = parse(query, self.syntax)
        bad = history_refs(node) - allowed
        # a positioned error for the first reference to a missing, later or the same line
        for match in _REF.finditer(query):
            ref = int(match.group(1))
            if ref in bad:
                if ref >= number:
                    reason = (f"#{ref} refers to this line itself" if ref == number else
                              f"#{ref} is a later line; a line may only use lines above it")
                else:
                    reason = f"#{ref} is not in the search history"
                raise QuerySyntaxError(reason, query=query, position=match.start(),
                                       hint="Combine only lines above this one, e.g. #1 AND #2.")
        if bad:  # a syntax that writes references differently (Ovid's bare numbers)
            return query, parse(query, self.syntax, history=allowed)
        return query, node

    def _run(self, number: int, query: "str | Node", earlier: dict[int, _Entry], *,
             node: Node | None = None) -> _Entry:
        allowed = set(earlier)
        if node is None:
            text, node = self._parse(number, query, allowed)
        else:
            text = query if isinstance(query, str) else repr(query)
        refs = frozenset(history_refs(node))
        now = datetime.now(timezone.utc)
        if isinstance(self.source, PracticeDatabase):
            plans = {n: earlier[n].plan for n in refs}
            plan = self.source.compile(node, plans).plan  # type: ignore[arg-type]
            line = HistoryLine(number, text, self.source.plan_count(plan), now)
            return _Entry(line, node, refs, plan=plan)
        expanded = _substitute(node, {n: earlier[n].expanded or earlier[n].node for n in refs})
        from ..query import render
        syntax = getattr(self.source, "syntax", self.syntax)
        sent = render(expanded, syntax) if refs else (text if syntax == self.syntax
                                                       else render(expanded, syntax))
        result = self.source.search(sent, limit=self.limit)
        line = HistoryLine(number, text, result.count, now, expanded=sent)
        return _Entry(line, node, refs, expanded=expanded, result=result)
