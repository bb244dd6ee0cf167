"""Marking a learner's search strategy against a gold set: recall first, and why each record was missed.

The same code serves the widgets (a learner asks "how did I do?") and the nbgrader assessments (a
test cell marks the strategy), so what a learner practises and what a tutor grades cannot drift
apart.

Marks follow recall, as the Cochrane Handbook asks of searches for reviews (chapter 4: searches
aim for high sensitivity, which may mean low precision). What stops "search for everything" from
scoring is a brake set by the kind of search the task asks for (see
:mod:`searchcraft.practice.purpose`): the number needed to read for a systematic review search or
an alert, the number of results for a quick clinical answer.

The feedback names each missed relevant record and *why* the strategy missed it, worked out from
the record and the strategy actually given: the word the record uses that the strategy lacks, the
subject heading it carries, the spelling, the field the word is in, the phrase that was too tight,
or the NOT that removed it. Advice is computed from the strategy too: it never suggests tagging
terms [tiab] when they already are, or adding a concept the strategy already has.

Example::

    >>> mark = mark_strategy('falls[tiab] AND exercise[tiab]', "falls-exercise")   # doctest: +SKIP
    >>> mark.marks, mark.out_of                                                       # doctest: +SKIP
    (2.0, 4)
    >>> print(mark.feedback)                                                          # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import SearchCraftError
from ..query import And, Field, Node, Not, Or, Phrase, Proximity, Term, Truncated, parse, render
from .goldset import Evaluation, GoldSet
from .purpose import SearchPurpose, search_purpose
from .tokenise import fold, words

if TYPE_CHECKING:  # pragma: no cover
    from ..records import Record
    from .database import PracticeDatabase

_HEADING_FIELDS = ("mh", "mh:noexp", "majr", "majr:noexp")
_WHERE = (("ti", "title"), ("ab", "abstract"), ("kw", "author keywords"))
_FIELD_WORDS = {
    "ti": "titles", "ab": "abstracts", "tiab": "titles and abstracts", "kw": "author keywords",
    "tw": "text words", "all": "all fields",
}
_CODE_FIELDS = {"pt": "publication type", "la": "language", "ta": "journal", "au": "author",
                "dp": "publication date"}
# Construction notes the corpus keeps for some records that no search can see (why it was built so).
_TRAP_REASONS = {
    "unindexed": "it has no subject headings yet (like PubMed's newest records), so only free-text "
                 "words in its title and abstract can find it",
}


class ExerciseError(SearchCraftError):
    """A strategy could not be marked (for example, it does not parse)."""


@dataclass(frozen=True)
class Miss:
    """One relevant record the strategy did not find, and why (at least one reason, always)."""

    id: str
    title: str
    concept: str
    reasons: tuple[str, ...]
    fixes: tuple[str, ...] = ()

    def __str__(self) -> str:
        why = f"missed by {self.concept}: " if self.concept else ""
        return f"{self.id} \u201c{self.title}\u201d: {why}{'; '.join(self.reasons)}."


@dataclass(frozen=True)
class StrategyMark:
    """The marks a strategy earns, with the figures behind them and feedback a learner can act on."""

    strategy: str
    marks: float
    out_of: float
    evaluation: Evaluation
    purpose: SearchPurpose
    brake: float
    misses: tuple[Miss, ...]
    advice: tuple[str, ...] = ()
    ceiling: float = 0.0

    @property
    def recall(self) -> float:
        return self.evaluation.recall

    @property
    def precision(self) -> float:
        return self.evaluation.precision

    @property
    def number_needed_to_read(self) -> float:
        return self.evaluation.number_needed_to_read

    @property
    def feedback(self) -> str:
        e, purpose = self.evaluation, self.purpose
        nnr = e.number_needed_to_read
        read = f"{nnr:.0f} read for each relevant one" if math.isfinite(nnr) else "none relevant"
        lines = [f"This task asks for {purpose.label}. {purpose.why}",
                 f"Your strategy found {len(e.found)} of the {e.relevant} relevant records "
                 f"(recall {e.recall:.0%}) among {e.retrieved} results ({read}).",
                 f"Marks: {self.marks:g} out of {self.out_of:g}."]
        if self.brake < 1:
            value = purpose.value(e.retrieved, len(e.found))
            shown = f"{value:.0f}" if math.isfinite(value) else "no limit"
            lines.append(
                f"It finds more than {purpose.label} allows "
                f"({purpose.describe_brake(self.ceiling or None)} on this database; yours: "
                f"{shown}), so it keeps {self.brake:.0%} of its recall marks"
                + (" and earns none." if self.brake == 0 else "."))
        if self.misses:
            lines.append("Relevant records it missed, and why:")
            lines.extend(f"- {miss}" for miss in self.misses)
            explained = {miss.id for miss in self.misses}
            rest = [i for i in e.missed if i not in explained]
            if rest:
                lines.append(f"- and {len(rest)} more: {', '.join(rest)}.")
        elif e.relevant:
            lines.append("It found every relevant record.")
        if self.advice:
            lines.append("What to change:")
            lines.extend(f"- {tip}" for tip in self.advice)
        return "\n".join(lines)


@lru_cache(maxsize=1)
def _bundled_database() -> PracticeDatabase:
    from .database import PracticeDatabase

    return PracticeDatabase.bundled()


def _bundled_traps() -> dict[str, frozenset[str]]:
    """Each bundled record's construction notes, from the corpus's facts provider (a file in the browser)."""
    from .corpus import record_traps

    return record_traps()


# --- reading a strategy -------------------------------------------------------------------------

def strategy_tree(strategy: str, syntax: str = "pubmed") -> Node:
    """The whole strategy as one tree: a multi-line strategy (Ovid ``1 or 2``, CINAHL ``S1 AND S2``,
    PubMed ``#1 AND #2``) becomes its last line with every reference written out.

    >>> strategy_tree("falls.ti,ab.\\nexercise.ti,ab.\\n1 and 2", "ovid")  # doctest: +NORMALIZE_WHITESPACE
    And(children=(Field(child=Term(text='falls'), fields=('tiab',)),
                  Field(child=Term(text='exercise'), fields=('tiab',))))
    """
    from .database import with_default_fields

    lines = [line for line in strategy.splitlines() if line.strip()]
    if len(lines) > 1:
        from ..query.strategy import parse_strategy

        parsed = parse_strategy(strategy, syntax)
        node = parsed.expanded(parsed.lines[-1].number)
    else:
        node = parse(strategy, syntax)
    return with_default_fields(node, syntax)


def concepts_of(node: Node) -> tuple[list[Node], Node | None]:
    """The concepts a strategy ANDs together, and what it excludes with NOT (or None)."""
    excluded: Node | None = None
    if isinstance(node, Not):
        excluded = node.right
        node = node.left
    parts: list[Node] = list(node.children) if isinstance(node, And) else [node]
    return parts, excluded


def _alternatives(node: Node, fields: tuple[str, ...] = ("all",)) -> list[Field]:
    """The OR'd searches of a concept, each as a fielded leaf (``a[tiab] OR b[mh]``)."""
    if isinstance(node, Or):
        return [leaf for child in node.children for leaf in _alternatives(child, fields)]
    if isinstance(node, Field) and not isinstance(node.child, (And, Or, Not)):
        return [node]
    if isinstance(node, Field):
        return _alternatives(node.child, node.fields)
    return [Field(node, fields)]


def _text(node: Node) -> str:
    if isinstance(node, Truncated):
        return node.stem + "*"
    if isinstance(node, (Term, Phrase)):
        return node.text
    if isinstance(node, Proximity):
        return node.text
    try:
        return render(node)
    except Exception:  # noqa: BLE001 - a node PubMed cannot print is still shown
        return repr(node)


def _shown(leaf: Node, syntax: str = "pubmed") -> str:
    """A search as the learner would type it in ``syntax`` (PubMed's form if it has none there)."""
    for notation in (syntax, "pubmed"):
        try:
            return render(leaf, notation)
        except Exception:  # noqa: BLE001 - a node a platform cannot print is shown another way
            continue
    return repr(leaf)


def _in_tiab(child: Node, syntax: str) -> str:
    """How ``syntax`` searches ``child`` in titles and abstracts: x[tiab], x.ti,ab. or TI x OR AB x."""
    return _shown(Field(child, ("tiab",)), syntax)


# Spellings that differ between British and American English, as a key both share.
_SPELLING_KEYS = ((r"ae", "e"), (r"oe", "e"), (r"is(e|ed|es|ing|ation|ations)\b", r"iz\1"),
                  (r"our\b", "or"), (r"ogue\b", "og"), (r"tre\b", "ter"))


def _spelling_key(word: str) -> str:
    key = fold(word)
    for pattern, replacement in _SPELLING_KEYS:
        key = re.sub(pattern, replacement, key)
    return key


# --- why a record was missed -------------------------------------------------------------------

class _Explainer:
    """Works out why one strategy missed records, from the records and the strategy's parts."""

    def __init__(self, strategy: str, tree: Node, gold: GoldSet, db: PracticeDatabase,
                 traps: dict[str, frozenset[str]] | None, syntax: str = "pubmed") -> None:
        self.strategy, self.tree, self.gold, self.db = strategy, tree, gold, db
        self.syntax = syntax
        self.traps = traps or {}
        self.concepts, self.excluded = concepts_of(tree)
        self._ids: dict[Node, frozenset[str]] = {}
        reference = gold.reference_strategy
        self.reference: list[list[Field]] = []
        if reference:
            try:
                parts, _ = concepts_of(parse(reference))
                self.reference = [_alternatives(part) for part in parts]
            except Exception:  # noqa: BLE001 - a gold set without a usable reference still marks
                self.reference = []

    def ids(self, node: Node) -> frozenset[str]:
        if node not in self._ids:
            try:
                self._ids[node] = frozenset(self.db.search(node).ids)
            except SearchCraftError:
                self._ids[node] = frozenset()
        return self._ids[node]

    def explain(self, record: Record) -> Miss:
        failing = [i for i, concept in enumerate(self.concepts) if record.id not in self.ids(concept)]
        if not failing and self.excluded is not None:
            reason = f"your NOT ({_shown(self.excluded, self.syntax)}) removed it: it matches what you excluded"
            return Miss(record.id, record.title, "", (reason,),
                        ("Check what NOT removes: relevant records can mention the excluded words too.",))
        if not failing:  # cannot happen for a missed record, but never leave a miss unexplained
            return Miss(record.id, record.title, "", ("it matches every part of your strategy "
                                                      "separately but not the whole",))
        index = failing[0]
        concept = self.concepts[index]
        name = f"concept {index + 1} ({_shown(concept, self.syntax)})" if len(self.concepts) > 1 else ""
        reasons, fixes = self._concept_reasons(record, concept, index)
        return Miss(record.id, record.title, name, tuple(reasons), tuple(fixes))

    def _concept_reasons(self, record: Record, concept: Node, index: int
                         ) -> tuple[list[str], list[str]]:
        reasons: list[str] = []
        fixes: list[str] = []
        leaves = _alternatives(concept)
        # 1. the right word, in a field the strategy does not search
        narrowed: set[str] = set()  # words already explained by their field
        for leaf in leaves:
            if not set(leaf.fields) <= {"ti", "ab", "kw"}:
                continue
            wider = Field(leaf.child, ("tiab",))
            if record.id in self.ids(wider):
                narrowed.add(fold(_text(leaf.child)))
                where = self._where(record, leaf.child)
                reasons.append(f"it has {_text(leaf.child)!r} only in its {where}, and your strategy "
                               f"searches it in {_FIELD_WORDS.get(leaf.fields[0], leaf.fields[0])}")
                fixes.append(f"search {_text(leaf.child)!r} in titles and abstracts "
                             f"({_in_tiab(leaf.child, self.syntax)}) as well")
        # 2. a phrase (or proximity) too tight for how the record words it
        for leaf in leaves:
            child = leaf.child
            if isinstance(child, (Phrase, Proximity)) and len(child.text.split()) > 1:
                together = And(tuple(Field(Term(w.rstrip("*")) if not w.endswith("*")
                                           else Truncated(w.rstrip("*")), leaf.fields)
                                     for w in child.text.split()))
                if record.id in self.ids(together):
                    reasons.append(f"it has the words of \"{child.text}\" but not side by side in "
                                   f"that order")
                    fixes.append(f"search \"{child.text}\" with proximity, e.g. "
                                 f"\"{child.text}\"[tiab:~3] (Ovid adj4, CINAHL N3)")
        # 3. what the reference strategy finds it with: the word, heading or spelling it uses
        mine = {self._key(leaf) for leaf in leaves}
        counterpart = self._reference_leaves(concept, index)
        if counterpart is None:
            terms = ", ".join(repr(_text(leaf.child)) for leaf in leaves[:4])
            reasons.append(f"it does not use {terms}, and the question does not ask for this "
                           f"concept: requiring it with AND loses relevant records")
            fixes.append(f"drop the concept {_shown(concept, self.syntax)} unless the question needs it")
            counterpart = []
        for leaf in counterpart:
            if self._key(leaf) in mine or record.id not in self.ids(leaf):
                continue
            if leaf.fields[0] not in _HEADING_FIELDS and fold(_text(leaf.child)) in narrowed:
                continue  # "only in its abstract" already says why this word did not find it
            reason, fix = self._reference_reason(record, leaf, leaves)
            if reason and reason not in reasons:
                reasons.append(reason)
                fixes.append(fix)
        # 4. what the corpus notes about it (no headings yet)
        for trap in sorted(self.traps.get(record.id, ())):
            if trap in _TRAP_REASONS and _TRAP_REASONS[trap] not in reasons:
                reasons.append(_TRAP_REASONS[trap])
        if not reasons:
            reasons.append(self._fallback(record, concept))
        return reasons[:3], fixes[:3]

    def _reference_leaves(self, concept: Node, index: int) -> list[Field] | None:
        """The reference strategy's searches for the concept a learner's concept stands for:
        the reference concept that shares a search or a word stem with it and overlaps most in
        what it finds. None when the reference has no such concept (the learner added one)."""
        if not self.reference:
            return []
        leaves = _alternatives(concept)
        keys = {self._key(leaf) for leaf in leaves}
        stems = {w[:5] for leaf in leaves for w in words(_text(leaf.child).replace("*", ""))}
        found = self.ids(concept)

        def related(group: list[Field]) -> bool:
            if keys & {self._key(leaf) for leaf in group}:
                return True
            theirs = {w[:5] for leaf in group for w in words(_text(leaf.child).replace("*", ""))}
            return bool(stems & theirs)

        def overlap(group: list[Field]) -> float:
            ids = frozenset().union(*(self.ids(leaf) for leaf in group))
            union = len(ids | found)
            return len(ids & found) / union if union else 0.0

        candidates = [group for group in self.reference if related(group)]
        if not candidates:
            return None
        return max(candidates, key=overlap)

    @staticmethod
    def _key(leaf: Field) -> tuple[Any, ...]:
        child = leaf.child
        text = _text(child).lower().rstrip("*")
        return (type(child).__name__, " ".join(words(text)), leaf.fields)

    def _reference_reason(self, record: Record, leaf: Field, mine: list[Field]
                          ) -> tuple[str, str]:
        child, field = leaf.child, leaf.fields[0]
        if field in _CODE_FIELDS:
            return (f"it has the {_CODE_FIELDS[field]} {_text(child)!r}, which your strategy does "
                    f"not search for", f"add {_shown(leaf, self.syntax)}")
        if field in _HEADING_FIELDS:
            heading = _text(child)
            carried = self._carried(record, heading, explode=not field.endswith(":noexp"))
            same = [m for m in mine if m.fields[0] in _HEADING_FIELDS
                    and fold(_text(m.child)) == fold(heading)]
            if same and same[0].fields[0].endswith(":noexp"):
                return (f"it is indexed under {carried!r}, a narrower heading below {heading!r}, "
                        f"which your strategy searches without exploding it",
                        f"explode {heading!r} ({heading}[mh], Ovid exp {heading}/, CINAHL "
                        f"MH \"{heading}+\")")
            where = "" if fold(carried) == fold(heading) else f" (below {heading!r})"
            return (f"it carries the subject heading {carried!r}{where}, which your strategy does "
                    f"not search",
                    f"add the heading {heading!r} ({_shown(leaf, self.syntax)})")
        used = self._word_used(record, child)
        for other in mine:
            if other.fields[0] in _HEADING_FIELDS:
                continue
            theirs = _text(other.child).rstrip("*")
            if used and theirs and _spelling_key(theirs) == _spelling_key(used[: len(theirs)] if
                                                                          isinstance(other.child, Truncated)
                                                                          else used) \
                    and fold(theirs) != fold(used)[: len(theirs)]:
                return (f"it spells it {used!r}, and your strategy searches only {theirs!r}",
                        f"search both spellings ({_shown(leaf, self.syntax)})")
        shown = used or _text(child)
        where = self._where(record, child)
        kind = "words" if len(shown.split()) > 1 else "word"
        return (f"it uses the {kind} {shown!r} (in its {where}), which your strategy does not "
                f"search for", f"add {_shown(leaf, self.syntax)}")

    def _carried(self, record: Record, heading: str, *, explode: bool) -> str:
        """Which of the record's own headings the reference heading finds it by."""
        names = [h.lstrip("*") for h in record.headings]
        if explode:
            try:
                below = {fold(h.heading) for h in self.db.vocabulary.explode(heading)}
            except Exception:  # noqa: BLE001 - a heading not in the tree: its name alone
                below = {fold(heading)}
            for name in names:
                if fold(name) in below:
                    return name
        return next((n for n in names if fold(n) == fold(heading)), heading)

    @staticmethod
    def _texts(record: Record) -> dict[str, str]:
        return {"ti": record.title or "", "ab": record.abstract or "",
                "kw": " ".join(record.keywords or ())}

    def _where(self, record: Record, child: Node) -> str:
        texts = self._texts(record)
        found = [label for code, label in _WHERE if self._mentions(texts[code], child)]
        return " and ".join(found) if found else "headings or publication type"

    @staticmethod
    def _mentions(text: str, child: Node) -> bool:
        have = words(text)
        if isinstance(child, Truncated):
            stem = " ".join(words(child.stem))
            return any(w.startswith(stem) for w in have)
        wanted = words(_text(child).replace("*", ""))
        if not wanted:
            return False
        joined = " " + " ".join(have) + " "
        return (" " + " ".join(wanted) + " ") in joined or all(w in have for w in wanted)

    def _word_used(self, record: Record, child: Node) -> str:
        """The word (or phrase) the record actually has for a reference search."""
        texts = " ".join(self._texts(record).values())
        have = words(texts)
        if isinstance(child, Truncated):
            stem = " ".join(words(child.stem))
            return next((w for w in have if w.startswith(stem)), "")
        if isinstance(child, Term):
            wanted = words(child.text)
            return " ".join(wanted) if all(w in have for w in wanted) else ""
        if isinstance(child, (Phrase, Proximity)):
            return child.text.replace("*", "")
        return ""

    def _fallback(self, record: Record, concept: Node) -> str:
        """No search of the reference explains it: say what the record has instead."""
        terms = [_text(leaf.child) for leaf in _alternatives(concept)][:4]
        headings = ", ".join(h.lstrip("*") for h in record.headings[:4]) or "none yet"
        return (f"none of {', '.join(repr(t) for t in terms)} appears in it; its subject headings "
                f"are: {headings}")


def explain_misses(strategy: str, gold: GoldSet, evaluation: Evaluation, db: PracticeDatabase,
                   traps: dict[str, frozenset[str]] | None = None, *, limit: int = 10,
                   syntax: str = "pubmed", tree: Node | None = None) -> tuple[Miss, ...]:
    """Why each missed relevant record was missed (the first ``limit`` of them, in id order)."""
    missed = list(evaluation.missed)[:limit]
    if not missed:
        return ()
    tree = tree if tree is not None else strategy_tree(strategy, syntax)
    explainer = _Explainer(strategy, tree, gold, db, traps, syntax)
    records = {record.id: record for record in db.fetch(missed)}
    return tuple(explainer.explain(records[i]) for i in missed if i in records)


# --- advice from the strategy itself -----------------------------------------------------------

def _advice(tree: Node, mark_brake: float, misses: tuple[Miss, ...], gold: GoldSet,
            db: PracticeDatabase, syntax: str = "pubmed") -> tuple[str, ...]:
    tips: list[str] = []
    # recall: the fixes the misses share, most useful first
    counts: dict[str, int] = {}
    for miss in misses:
        for fix in miss.fixes:
            counts[fix] = counts.get(fix, 0) + 1
    for fix, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:4]:
        tips.append(f"{fix[0].upper()}{fix[1:]} (it would find {n} of the missed records shown).")
    blamed: dict[str, int] = {}
    for miss in misses:
        if miss.concept:
            blamed[miss.concept] = blamed.get(miss.concept, 0) + 1
    if blamed:
        concept, n = max(blamed.items(), key=lambda item: (item[1], item[0]))
        tips.append(f"{concept[0].upper()}{concept[1:]} lost {n} of the {len(misses)} missed records "
                    f"shown: it is the part to widen first, with synonyms, other spellings and its "
                    f"subject heading.")
    if mark_brake < 1:
        concepts, _ = concepts_of(tree)
        leaves = [leaf for concept in concepts for leaf in _alternatives(concept)]
        loose = [leaf for leaf in leaves if leaf.fields[0] in ("all", "tw")]
        if loose:
            shown = ", ".join(_text(leaf.child) for leaf in loose[:4])
            tips.append(f"{len(loose)} of your terms ({shown}) search "
                        f"{'all fields' if loose[0].fields[0] == 'all' else 'text words'}; "
                        f"searching them in titles and abstracts "
                        f"({_in_tiab(loose[0].child, syntax)}) finds fewer off-topic records.")
        named = [k for k in gold.pico if not k.lower().startswith("comparison")]
        parts = len(named) if gold.pico else 2
        if len(concepts) < min(2, parts):
            tips.append(f"Your strategy has one concept; the question has {parts} parts to search "
                        f"({', '.join(named)}). Add the next most specific one with AND."
                        if gold.pico else "Your strategy has one concept: add another with AND.")
        short = [leaf for leaf in leaves if isinstance(leaf.child, Truncated) and len(leaf.child.stem) < 5]
        for leaf in short[:2]:
            tips.append(f"{_text(leaf.child)!r} is a short stem that matches many different words; "
                        f"lengthen it or list the word forms you mean.")
        if not loose and not short and len(concepts) >= min(2, parts):
            sizes = sorted(((len(frozenset(db.search(leaf).ids)), _shown(leaf, syntax)) for leaf in leaves
                            if leaf.fields[0] not in _HEADING_FIELDS), reverse=True)[:2]
            if sizes:
                tips.append("Your terms are already in titles and abstracts and the concepts are "
                            "combined with AND; the broadest terms are "
                            + ", ".join(f"{text} ({n} records)" for n, text in sizes)
                            + ": a phrase or proximity search in their place finds fewer off-topic "
                              "records.")
    return tuple(tips)


_LIMITED = re.compile(r"\[(dp|pdat|pt|ptyp|la|lang)\]", re.IGNORECASE)  # a limit already applied


def mark_strategy(strategy: str, gold: GoldSet | str, *, out_of: float = 4,
                  purpose: str | SearchPurpose = "systematic-review", syntax: str = "pubmed",
                  db: PracticeDatabase | None = None,
                  precision_floor: float | None = None,
                  holds: Collection[str] | None = None) -> StrategyMark:
    """Mark ``strategy`` against a gold set (by name or object): recall first, with a brake.

    ``purpose`` is the kind of search the task asks for (``"systematic-review"``,
    ``"quick-answer"``, ``"current-awareness"``; see :mod:`searchcraft.practice.purpose`): marks
    are ``out_of`` times recall (as that purpose counts it) times the brake, rounded down to the
    half mark. ``syntax`` is the notation of the strategy (``"pubmed"``, ``"ovid"``,
    ``"cinahl"``); a multi-line strategy is marked by its last line. ``db`` defaults to the
    bundled practice database. ``precision_floor`` is no longer used (marking is recall-first);
    it is accepted, with a warning, so that older notebooks still run.

    ``holds`` plays one database of several on the practice database: the ids of the records that
    database holds (see :mod:`searchcraft.practice.platforms`). The strategy then finds only those,
    recall is out of the relevant records among them, and the brake is scaled to their number, so
    a platform is never blamed for a record it does not index.
    """
    if precision_floor is not None:
        warnings.warn("mark_strategy(precision_floor=...) is no longer used: marks follow recall, "
                      "braked by the kind of search (purpose=...).", DeprecationWarning, stacklevel=2)
    kind = search_purpose(purpose)
    gold = _gold_set(gold)
    if not isinstance(strategy, str) or not strategy.strip():
        raise ExerciseError("There is no strategy to mark", hint="Write your search as text, in quotes.")
    bundled = db is None
    database = db if db is not None else _bundled_database()
    tree = strategy_tree(strategy, syntax)
    retrieved: Collection[str] = database.search(tree).ids
    size = len(database)
    if holds is not None:
        held = frozenset(holds)
        gold = replace(gold, relevant=gold.relevant & held)
        retrieved = [i for i in retrieved if i in held]
        size = len(held)
    evaluation = gold.evaluate(retrieved)
    found = len(evaluation.found)
    ceiling = kind.ceiling_for(database_size=size, relevant=evaluation.relevant,
                               reference_nnr=_reference_nnr(gold, database, holds))
    marks, brake = kind.marks(evaluation.retrieved, found, evaluation.relevant, ceiling, out_of)
    traps = _bundled_traps() if bundled else None
    misses = explain_misses(strategy, gold, evaluation, database, traps, tree=tree, syntax=syntax)
    advice = _advice(tree, brake, misses, gold, database, syntax)
    if kind.brake == "results" and brake < 1 and syntax == "pubmed" and not _LIMITED.search(strategy):
        advice = (f"A quick answer must fit what the requester can read ({kind.describe_brake(ceiling)}): "
                  "keep the concepts searched fully and apply the limits agreed in the interview, such as "
                  "a date range (2020:2026[dp]) or leaving out letters and editorials "
                  "(NOT (letter[pt] OR editorial[pt])), each on a line of its own so it can be reported.",
                  *advice)
    return StrategyMark(strategy, marks, out_of, evaluation, kind, brake, misses, advice, ceiling)


def _gold_set(gold: GoldSet | str) -> GoldSet:
    """The gold set itself, or the bundled one of that name."""
    if isinstance(gold, GoldSet):
        return gold
    from .corpus import load_gold_set

    return load_gold_set(gold)


def _reference_nnr(gold: GoldSet, db: PracticeDatabase,
                   holds: Collection[str] | None = None) -> float | None:
    """The number needed to read of the gold set's reference strategy (None without one), in the
    records ``holds`` names when given."""
    if not gold.reference_strategy:
        return None
    try:
        ids: Collection[str] = db.search(gold.reference_strategy).ids
    except SearchCraftError:
        return None
    if holds is not None:
        held = frozenset(holds)
        ids = [i for i in ids if i in held]
    return gold.evaluate(ids).number_needed_to_read
