"""The search history: numbered searches that later searches combine with ``#N``.

Building a strategy line by line (``#1 falls``, ``#2 elderly``, ``#3 #1 AND #2``) is how searchers
work in PubMed, Ovid and CINAHL. :class:`SearchHistory` keeps those lines over any
:class:`~searchcraft.source.Source`:

* on the practice database, ``#N`` reuses the plan of line N (its FTS5 query, or its cached set
  of records), so combining lines is instant;
* on a live source (PubMed, Europe PMC), each ``#N`` is replaced by line N's full query before the
  search is sent, because the live service does not share our history.

A history is written in one syntax, with that platform's own notation for its lines (see
:class:`Notation`): PubMed ``#1 AND #2``; Ovid MEDLINE bare numbers, ``1 and 2`` or ``and/1-2``;
EBSCOhost CINAHL ``S1 AND S2``. Messages about lines use the same notation, so a learner working
in Ovid reads "line 3", and in CINAHL "S3"::

    >>> from searchcraft.practice import PracticeDatabase
    >>> falls = PracticeDatabase.from_records([
    ...     {"id": "A", "title": "Fallers in care homes", "headings": ["Accidental Falls"]},
    ...     {"id": "B", "title": "Falls after hip fracture"}])
    >>> ovid = SearchHistory(falls, syntax="ovid")
    >>> ovid.add("exp Accidental Falls/").count, ovid.add("(fall$ or faller$).ti,ab.").count
    (1, 2)
    >>> print(ovid.add("or/1-2").number, SearchHistory(falls, syntax="cinahl").add("TI fall*").number)
    3 1
    >>> print(ovid.to_text())
    1 exp Accidental Falls/ (1 result)
    2 (fall$ or faller$).ti,ab. (2 results)
    3 or/1-2 (2 results)

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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from ..errors import QueryError, QuerySyntaxError
from ..query.ast import Node, history_refs, substitute
from ..source import SearchResult, Source
from .compiler import Plan
from .database import PracticeDatabase, in_platform_terms, with_default_fields


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


@dataclass(frozen=True)
class Notation:
    """How a platform writes its search history: the label of line N and a reference to it.

    ``reference`` finds a written reference in a line (group 1 is the number); ``explosion``
    says, in the platform's words, whether a subject heading searches the narrower headings
    below it unless told otherwise, which is the difference between platforms that catches
    searchers out most often.
    """

    platform: str
    prefix: str
    reference: re.Pattern[str]
    explosion: str

    def label(self, number: int) -> str:
        """Line ``number`` as the platform shows it: ``#3``, ``3`` or ``S3``."""
        return f"{self.prefix}{number}"

    def line_name(self, number: int) -> str:
        """Line ``number`` in a sentence: ``#3``, ``line 3`` or ``S3``."""
        return f"line {number}" if not self.prefix else self.label(number)


#: Each syntax's history notation (Europe PMC has no history of its own; the kit numbers its
#: lines as PubMed does).
NOTATIONS: dict[str, Notation] = {
    "pubmed": Notation("PubMed", "#", re.compile(r"#\s*(\d+)"),
                       "A MeSH heading ([mh]) is exploded unless you add :noexp ([mh:noexp])."),
    "europepmc": Notation("Europe PMC", "#", re.compile(r"#\s*(\d+)"),
                          "Europe PMC searches a MeSH heading without its narrower headings."),
    "ovid": Notation("Ovid MEDLINE", "", re.compile(r"(?<![\w.$*?#/])(\d+)(?![\w.$*?#])"),
                     "A heading (Heading/) is searched alone; exp Heading/ adds the narrower "
                     "headings."),
    "cinahl": Notation("CINAHL (EBSCOhost)", "S", re.compile(r"\bS(\d+)\b"),
                       'A heading (MH "Heading") is searched alone; MH "Heading+" adds the '
                       "narrower headings."),
}


def notation(syntax: str) -> Notation:
    """The history notation of ``syntax`` (PubMed's for a syntax without one of its own)."""
    return NOTATIONS.get(syntax, NOTATIONS["pubmed"])


_REF = NOTATIONS["pubmed"].reference


class SearchHistory:
    """Numbered searches over one source, in the syntax ``syntax`` (PubMed's by default).

    ``limit`` caps how many record ids are kept per line for a live source (the count is always
    the full count); the practice database keeps every id.
    """

    def __init__(self, source: Source, *, syntax: str = "pubmed", limit: int | None = None) -> None:
        from ..query import syntax_module

        syntax_module(syntax)  # an unknown syntax fails here, naming the known ones
        self.source = source
        self.syntax = syntax
        self.notation = notation(syntax)
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
    def add(self, query: str | Node) -> HistoryLine:
        """Run ``query`` as the next numbered line; it may refer to any line already there."""
        number = self._next
        entry = self._run(number, query, self._entries)
        self._entries[number] = entry
        self._next += 1
        return entry.line

    def edit(self, number: int, query: str | Node) -> HistoryLine:
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
            label = self.notation.label
            names = ", ".join(label(n) for n in users)
            raise HistoryError(
                f"Line {label(number)} cannot be deleted: {names} "
                f"{'uses' if len(users) == 1 else 'use'} it",
                hint=f"Edit or delete {names} first.",
            )
        del self._entries[number]

    # -- exporting ------------------------------------------------------------------------------
    def to_text(self, *, counts: bool = True) -> str:
        """The strategy as numbered lines in the platform's notation (``#1``, ``1``, ``S1``),
        ready to paste into a report or a database."""
        rows = []
        for line in self.lines:
            text = f"{self.notation.label(line.number)} {line.query}"
            if counts:
                text += f" ({line.count:,} result{'' if line.count == 1 else 's'})"
            rows.append(text)
        return "\n".join(rows)

    def to_table(self) -> list[dict[str, Any]]:
        """The strategy as rows: ``{"number", "label", "query", "results"}``."""
        return [{"number": line.number, "label": self.notation.label(line.number),
                 "query": line.query, "results": line.count}
                for line in self.lines]

    def node(self, number: int) -> Node:
        """The parsed tree of line ``number`` (references to other lines as HistoryRef)."""
        return self._entry(number).node

    def expanded(self, number: int, *, default_fields: bool = False) -> Node:
        """Line ``number`` with every reference replaced by the search it refers to, so that it
        can be run or printed on its own (for example translated for another database).

        ``default_fields`` gives each line the platform's default fields first (Ovid's words
        without a field search .mp.), as the practice database runs the line.
        """
        return self._expansions(default_fields, upto=self._entry(number).line.number)[number]

    def expand(self, node: Node, *, default_fields: bool = False) -> Node:
        """``node`` (a search not in the history yet) with every reference to a line written out,
        as :meth:`expanded` writes out a line; a search builder previews a line this way."""
        lines = self._expansions(default_fields)
        node = substitute(node, lines) if history_refs(node) else node
        return with_default_fields(node, self.syntax) if default_fields else node

    def _expansions(self, default_fields: bool, upto: int | None = None) -> dict[int, Node]:
        nodes: dict[int, Node] = {}
        for n in sorted(self._entries):
            if upto is not None and n > upto:
                break
            node = self._entries[n].node
            node = substitute(node, nodes) if self._entries[n].refs else node
            nodes[n] = with_default_fields(node, self.syntax) if default_fields else node
        return nodes

    # -- running --------------------------------------------------------------------------------
    def _entry(self, number: int) -> _Entry:
        try:
            return self._entries[number]
        except KeyError:
            label = self.notation.label
            known = ", ".join(label(n) for n in sorted(self._entries)) or "none"
            raise HistoryError(f"There is no line {label(number)} in the search history "
                               f"(lines: {known})") from None

    def _parse(self, number: int, query: str | Node, allowed: set[int]) -> tuple[str, Node]:
        if isinstance(query, Node):
            missing = sorted(history_refs(query) - allowed)
            if missing:
                label = self.notation.label
                raise HistoryError(
                    f"Line {label(number)} refers to {label(missing[0])}, which is not a line above it",
                    hint="A line may only combine lines above it.",
                )
            from ..query import render
            return render(query, self.syntax), query
        if not isinstance(query, str) or not query.strip():
            raise QueryError("The search is empty", hint="Type some search terms.")
        from ..query import parse
        node = parse(query, self.syntax)
        bad = history_refs(node) - allowed
        # a positioned error for the first reference to a missing, later or the same line,
        # written in the platform's own notation
        notation, above = self.notation, sorted(n for n in allowed if n < number)
        example = {"ovid": "1 or 2", "cinahl": "S1 AND S2"}.get(self.syntax, "#1 AND #2")
        for match in notation.reference.finditer(query):
            ref = int(match.group(1))
            if ref in bad:
                name = notation.line_name(ref)
                if ref >= number:
                    reason = (f"{name} refers to this line itself" if ref == number else
                              f"{name} is a later line; a line may only use lines above it")
                    if ref > number and not any(n >= ref for n in self._entries):
                        reason = f"{name} does not exist yet; a line may only use lines above it"
                else:
                    reason = f"{name} is not in the search history"
                hint = f"Combine only lines above this one, e.g. {example}."
                if not above:
                    hint = "This is the first line: search words or headings, not line numbers."
                raise QuerySyntaxError(reason, query=query, position=match.start(), hint=hint)
        if bad:  # a reference written in a form the pattern does not find (Ovid's or/1-3)
            return query, parse(query, self.syntax, history=allowed)
        return query, node

    def _run(self, number: int, query: str | Node, earlier: dict[int, _Entry], *,
             node: Node | None = None) -> _Entry:
        allowed = set(earlier)
        if node is None:
            text, node = self._parse(number, query, allowed)
        else:
            text = query if isinstance(query, str) else repr(query)
        refs = frozenset(history_refs(node))
        now = datetime.now(UTC)
        if isinstance(self.source, PracticeDatabase):
            plans = {n: plan for n in refs if (plan := earlier[n].plan) is not None}
            try:
                plan = self.source.compile(with_default_fields(node, self.syntax), plans).plan
            except QueryError as error:
                raise in_platform_terms(error, self.syntax) from None
            line = HistoryLine(number, text, self.source.plan_count(plan), now)
            return _Entry(line, node, refs, plan=plan)
        expanded = substitute(node, {n: earlier[n].expanded or earlier[n].node for n in refs})
        from ..query import render
        syntax = getattr(self.source, "syntax", self.syntax)
        sent = render(expanded, syntax) if refs else (text if syntax == self.syntax
                                                       else render(expanded, syntax))
        result = self.source.search(sent, limit=self.limit)
        line = HistoryLine(number, text, result.count, now, expanded=sent)
        return _Entry(line, node, refs, expanded=expanded, result=result)
