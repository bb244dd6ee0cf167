"""A concept table: one column per concept, its synonyms and subject headings, and the strategy it implies.

Searchers plan a strategy as a table before typing it: each concept of the question is a column,
the free-text synonyms and headings for it go under it, and the search combines everything in a
column with OR and the columns with AND. This model holds that table, suggests terms from the
vocabulary (a heading's entry terms and the narrower headings below it) and prints the strategy in
any syntax the kit knows (PubMed, Ovid, Europe PMC, CINAHL).

It accepts ``QuestionFramer``'s output, ``[{"concept": str, "terms": [str, ...]}]``.

Example::

    >>> table = ConceptTableModel([{"concept": "Population", "terms": ["older adults", "elderly"]},
    ...                            {"concept": "Outcome", "terms": ["falls"]}])
    >>> table.add_heading("Outcome", "Accidental Falls")
    True
    >>> table.strategy()
    '("older adults"[tiab] OR elderly[tiab]) AND (falls[tiab] OR "Accidental Falls"[mh])'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...errors import QueryError, SearchCraftError
from ...query import And, Node, Or, parse, render
from ...query.translate import NAMES, translate_node
from .practice import heading_node, term_node

if TYPE_CHECKING:  # pragma: no cover
    from ...practice.vocabulary import Vocabulary
    from ...source import Source

#: Fields a column's free-text terms may be searched in, with the learner's name for each.
TEXT_FIELDS = {"tiab": "Title/Abstract", "ti": "Title", "tw": "Text Word", "all": "All Fields"}


class ConceptTableError(SearchCraftError):
    """A change to the concept table that cannot be made (an unknown concept, an empty name...)."""


@dataclass
class Concept:
    """One column: the concept's name, its free-text terms and its subject headings."""

    name: str
    terms: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.terms and not self.headings


@dataclass(frozen=True)
class Suggestion:
    """A term the vocabulary offers for a concept: ``kind`` is "heading", "entry term" or "narrower heading"."""

    kind: str
    text: str
    why: str


@dataclass(frozen=True)
class StrategyText:
    """The strategy in one syntax, with anything the translation could not carry over exactly."""

    syntax: str
    text: str
    warnings: tuple[str, ...] = ()


def _key(text: str) -> str:
    return " ".join(text.casefold().replace('"', "").split())


class ConceptTableModel:
    """The concepts of a question, as columns of synonyms and headings."""

    def __init__(self, rows: Iterable[Mapping[str, Any]] = (), *, field: str = "tiab",
                 vocabulary: Vocabulary | None = None) -> None:
        self.concepts: list[Concept] = []
        self.vocabulary = vocabulary
        self.field = "tiab"
        self.set_field(field)
        for row in rows:
            if not isinstance(row, Mapping) or not str(row.get("concept") or "").strip():
                raise ConceptTableError(
                    f"A concept table row needs a 'concept' name: {str(row)[:80]!r}",
                    hint='Give rows like {"concept": "Population", "terms": ["older adults"]}.')
            concept = self.add_concept(str(row["concept"]))
            for term in row.get("terms") or ():
                self.add_term(concept.name, str(term))
            for heading in row.get("headings") or ():
                self.add_heading(concept.name, str(heading))

    # -- columns ------------------------------------------------------------------------------
    def concept(self, name: str) -> Concept:
        for concept in self.concepts:
            if _key(concept.name) == _key(name):
                return concept
        known = ", ".join(c.name for c in self.concepts) or "none yet"
        raise ConceptTableError(f"There is no concept called {name!r} (concepts: {known})",
                                hint="Add the concept first, or check its spelling.")

    def add_concept(self, name: str) -> Concept:
        """Add a column; a name already in the table returns that column."""
        name = " ".join(name.split())
        if not name:
            raise ConceptTableError("A concept needs a name", hint="e.g. Population, Intervention, Outcome.")
        for concept in self.concepts:
            if _key(concept.name) == _key(name):
                return concept
        concept = Concept(name)
        self.concepts.append(concept)
        return concept

    def remove_concept(self, name: str) -> None:
        self.concepts.remove(self.concept(name))

    def set_field(self, field: str) -> None:
        """Choose where free-text terms are searched: ``tiab`` (default), ``ti``, ``tw`` or ``all``."""
        if field not in TEXT_FIELDS:
            raise ConceptTableError(f"Unknown field {field!r} for free-text terms",
                                    hint=f"Use one of: {', '.join(TEXT_FIELDS)}.")
        self.field = field

    # -- cells --------------------------------------------------------------------------------
    def add_term(self, concept: str, term: str) -> bool:
        """Add a free-text synonym (checked as a query); returns False if it was already there."""
        column = self.concept(concept)
        term = " ".join(term.split())
        parse(render(term_node(term, field=self.field)))  # a term PubMed would refuse (cat*) is refused here
        if _key(term) in {_key(t) for t in column.terms}:
            return False
        column.terms.append(term)
        return True

    def remove_term(self, concept: str, term: str) -> None:
        column = self.concept(concept)
        column.terms = [t for t in column.terms if _key(t) != _key(term)]

    def add_heading(self, concept: str, heading: str) -> bool:
        """Add a subject heading (by name or entry term, when a vocabulary is known); False if present."""
        column = self.concept(concept)
        name = " ".join(heading.split())
        if self.vocabulary is not None:
            name = self.vocabulary.lookup(name).heading
        if not name:
            raise ConceptTableError("A heading is empty", hint="Type a heading name, e.g. Accidental Falls.")
        if _key(name) in {_key(h) for h in column.headings}:
            return False
        column.headings.append(name)
        return True

    def remove_heading(self, concept: str, heading: str) -> None:
        column = self.concept(concept)
        column.headings = [h for h in column.headings if _key(h) != _key(heading)]

    # -- suggestions --------------------------------------------------------------------------
    def suggestions(self, concept: str) -> list[Suggestion]:
        """Headings, entry terms and narrower headings for the column, from the vocabulary.

        Each term is looked up as a heading name or entry term; a truncated term (``nurs*``)
        suggests the headings starting with its stem. Whatever the column already has is left out.
        """
        column = self.concept(concept)
        if self.vocabulary is None:
            return []
        have_terms = {_key(t) for t in column.terms}
        have_headings = {_key(h) for h in column.headings}
        found: dict[tuple[str, str], Suggestion] = {}

        def offer(kind: str, text: str, why: str) -> None:
            taken = have_headings if kind != "entry term" else have_terms
            if _key(text) not in taken and (kind, _key(text)) not in found:
                found[(kind, _key(text))] = Suggestion(kind, text, why)

        headings = []
        for term in column.terms:
            bare = term.strip('"')
            if bare.endswith("*"):
                matches = self.vocabulary.starting_with(bare[:-1])
            else:
                one = self.vocabulary.find(bare)
                matches = [one] if one else []
            for heading in matches:
                offer("heading", heading.heading, f"the subject heading for '{term}'")
                headings.append(heading)
        for name in column.headings:
            named = self.vocabulary.find(name)
            if named is not None:
                headings.append(named)
        for heading in headings:
            for entry in heading.entry_terms:
                offer("entry term", entry, f"an entry term of {heading.heading}")
            for child in self.vocabulary.children(heading.heading):
                offer("narrower heading", child.heading, f"below {heading.heading} in the tree "
                      "([mh] already includes it; add it to search it on its own)")
        return list(found.values())

    def accept(self, concept: str, suggestion: Suggestion) -> bool:
        """Add a suggestion to the column: an entry term as a synonym, a heading as a heading."""
        if suggestion.kind == "entry term":
            return self.add_term(concept, suggestion.text)
        return self.add_heading(concept, suggestion.text)

    # -- the strategy -------------------------------------------------------------------------
    def concept_node(self, concept: str) -> Node:
        """One column as a query: its terms and headings joined with OR."""
        column = self.concept(concept)
        if column.is_empty():
            raise ConceptTableError(f"The concept {column.name!r} has no terms yet",
                                    hint="Add a synonym or a heading to it.")
        parts = [term_node(t, field=self.field) for t in column.terms]
        parts += [heading_node(h) for h in column.headings]
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def node(self) -> Node:
        """The whole strategy: OR within each column, AND between the columns (empty ones left out)."""
        columns = [self.concept_node(c.name) for c in self.concepts if not c.is_empty()]
        if not columns:
            raise ConceptTableError("The concept table is empty",
                                    hint="Add a concept and at least one term to it.")
        return columns[0] if len(columns) == 1 else And(tuple(columns))

    def strategy(self, syntax: str = "pubmed") -> str:
        """The strategy as one line in ``syntax`` (see :meth:`strategy_in` for translation warnings)."""
        return self.strategy_in(syntax).text

    def strategy_in(self, syntax: str = "pubmed") -> StrategyText:
        """The strategy in ``syntax``, with the warnings of translating it there."""
        node = self.node()
        if syntax == "pubmed":
            return StrategyText(syntax, render(node, "pubmed"))
        if syntax not in NAMES:
            raise QueryError(f"Unknown search syntax {syntax!r}",
                             hint=f"Use one of: {', '.join(NAMES)}.")
        translation = translate_node(node, syntax)
        return StrategyText(syntax, translation.text, tuple(str(w) for w in translation.warnings))

    def counts(self, source: Source) -> dict[str, int]:
        """How many records each non-empty column finds in ``source``, and the strategy ("All concepts")."""
        found = {c.name: source.count(self.concept_node(c.name)) for c in self.concepts if not c.is_empty()}
        if found:
            found["All concepts"] = source.count(self.node())
        return found

    # -- hand-over and saving -----------------------------------------------------------------
    def to_rows(self) -> list[dict[str, Any]]:
        """The table as ``[{"concept", "terms", "headings"}]`` (QuestionFramer's shape plus headings)."""
        return [{"concept": c.name, "terms": list(c.terms), "headings": list(c.headings)}
                for c in self.concepts]

    def to_state(self) -> dict[str, Any]:
        return {"concepts": self.to_rows(), "field": self.field}

    @classmethod
    def from_state(cls, state: Mapping[str, Any], *, vocabulary: Vocabulary | None = None) -> ConceptTableModel:
        return cls(state.get("concepts") or [], field=state.get("field") or "tiab", vocabulary=vocabulary)
