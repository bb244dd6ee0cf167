"""Searching two databases on the practice database: Ovid MEDLINE, then CINAHL, and what the second added.

A review search runs its strategy in several databases, each on its own platform and in its own
notation, then puts the results together and removes the duplicates (PRISMA-S asks for each
database's search and count, and the number of duplicates removed). The practice database plays
both databases here. Each :class:`Platform` has

* its **notation**: Ovid MEDLINE numbered lines (``1 or 2``, ``.ti,ab.``, ``exp Heading/``,
  ``adj3``) or EBSCOhost CINAHL ``S`` lines (``S1 AND S2``, ``TI``/``AB``, ``MH``, ``N3``), run
  through :class:`~searchcraft.practice.SearchHistory` with that platform's history, explosion
  default and error messages;
* its **coverage**: the journals it indexes. As with the real databases, most journals are in both,
  and some nursing journals only in CINAHL: the kit's MEDLINE holds every practice record except
  those in :data:`CINAHL_ONLY`; its CINAHL holds the nursing, allied health, infection-control,
  health-services and patient-safety journals of :data:`CINAHL_JOURNALS` and one general medical
  journal. (The split is the kit's teaching choice, not a list of real titles: every journal in
  the practice corpus is invented.)

Each platform's search is marked recall first against the relevant records *that database holds*
(:func:`~searchcraft.practice.exercise.mark_strategy` with ``holds=``), so a platform is never
blamed for a record it does not index. Then the two result sets are put together, the records both
found are counted once (here the same record has the same id in both; module 9 shows how real
exports are matched), and the combined set is marked against the whole gold set: the records the
second database added, and the relevant records among them, are what it was searched for.

Example::

    >>> two = mark_two_databases(OVID, CINAHL, "hand-hygiene-feedback")   # doctest: +SKIP
    >>> two.combined.recall, len(two.added_relevant)                      # doctest: +SKIP
    (1.0, 9)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import QueryError, QuerySyntaxError, SearchCraftError
from ..query import Field, Or, Phrase
from ..query.strategy import numbered_lines
from .exercise import (
    Miss,
    StrategyMark,
    _bundled_database,
    _gold_set,
    _reference_nnr,
    explain_misses,
    mark_strategy,
)
from .goldset import Evaluation, GoldSet
from .history import SearchHistory
from .purpose import SearchPurpose, search_purpose

if TYPE_CHECKING:  # pragma: no cover
    from .database import PracticeDatabase

#: Nursing journals only the kit's CINAHL indexes (the kit's MEDLINE leaves them out).
CINAHL_ONLY = ("Journal of Clinical Nursing Practice", "Nursing Older People Today")
#: Every journal the kit's CINAHL indexes: nursing and allied health, infection control, patient
#: safety, health services and patient education, a German nursing journal, and one general
#: medical journal that both databases index.
CINAHL_JOURNALS = CINAHL_ONLY + (
    "International Review of Nursing Research", "Infection Prevention in Practice Quarterly",
    "Patient Safety and Quality Review", "International Journal of Physiotherapy Practice",
    "Health Services Research and Policy Journal", "Patient Education and Understanding",
    "Midwifery and Maternal Health", "Zeitschrift fur Versorgungsforschung und Pflege",
    "British Journal of General Medicine",
)


class PlatformError(SearchCraftError):
    """A platform the kit does not play, or a strategy that cannot be run on one."""


@dataclass(frozen=True)
class Platform:
    """One database on one platform, as the practice database plays it.

    ``journals`` are the journals it indexes (empty: every journal except ``leaves_out``).
    """

    key: str
    name: str
    database: str
    syntax: str
    journals: tuple[str, ...] = ()
    leaves_out: tuple[str, ...] = ()
    coverage: str = ""
    example: str = ""

    def holds(self, db: PracticeDatabase) -> frozenset[str]:
        """The ids of the practice records this database indexes."""
        return _holds(self, db)


def _journals(names: tuple[str, ...]) -> Or:
    return Or(tuple(Field(Phrase(name), ("ta",)) for name in names))


@lru_cache(maxsize=8)
def _holds(platform: Platform, db: PracticeDatabase) -> frozenset[str]:
    if platform.journals:
        return frozenset(db.search(_journals(platform.journals)).ids)
    everything = frozenset(db.search("1000:3000[dp]").ids)
    if not platform.leaves_out:
        return everything
    return everything - frozenset(db.search(_journals(platform.leaves_out)).ids)


PLATFORMS: dict[str, Platform] = {
    "ovid": Platform(
        "ovid", "Ovid MEDLINE", "MEDLINE", "ovid", leaves_out=CINAHL_ONLY,
        coverage=f"every practice journal except the {len(CINAHL_ONLY)} nursing journals only "
                 "CINAHL indexes",
        example="Hand Hygiene/\n(hand hygiene or handwashing).ti,ab.\n1 or 2"),
    "cinahl": Platform(
        "cinahl", "CINAHL (EBSCOhost)", "CINAHL", "cinahl", journals=CINAHL_JOURNALS,
        coverage=f"{len(CINAHL_JOURNALS)} nursing, allied health and health services journals, "
                 f"{len(CINAHL_ONLY)} of them not in MEDLINE",
        example='MH "Hand Hygiene"\nTI hand hygiene OR AB hand hygiene\nS1 OR S2'),
}


def platform(key: str | Platform) -> Platform:
    """The platform ``key`` (``"ovid"`` or ``"cinahl"``); a clear error naming them otherwise."""
    if isinstance(key, Platform):
        return key
    name = str(key).strip().lower()
    if name in PLATFORMS:
        return PLATFORMS[name]
    raise PlatformError(f"The practice database does not play a platform called {key!r}",
                        hint=f"Use one of: {', '.join(PLATFORMS)}.")


# --- running a strategy on one platform ---------------------------------------------------------

def run_strategy(text: str, where: str | Platform, db: PracticeDatabase | None = None) -> SearchHistory:
    """Run a line-by-line strategy as numbered searches on ``where``, in its own notation.

    Lines may be typed bare or with their numbers (``1 Hand Hygiene/``, ``S1 MH "Hand Hygiene"``).
    A line that cannot be run raises the platform's error, naming the line as the platform does
    (``Line 3`` in Ovid, ``S3`` in CINAHL) with the position in that line::

        >>> run_strategy("falls.ti,ab.\\n(exercise adj3 balance.ti,ab.", "ovid")  # doctest: +SKIP
        QuerySyntaxError: Line 2: Unbalanced bracket at position 0 ...
    """
    where = platform(where)
    db = db if db is not None else _bundled_database()
    if not isinstance(text, str) or not text.strip():
        raise PlatformError(f"There is no {where.name} strategy to run",
                            hint=f"Type one search a line, e.g.\n{where.example}")
    lines = numbered_lines(text)
    numbers = [number for number, _ in lines]
    if numbers != list(range(1, len(lines) + 1)):
        raise PlatformError(
            f"The lines are numbered {', '.join(map(str, numbers))}: a search history numbers its "
            f"lines 1, 2, 3 ... without gaps",
            hint="Renumber the lines (and the lines that refer to them), or leave the numbers out.")
    history = SearchHistory(db, syntax=where.syntax)
    for number, line in lines:
        name = history.notation.label(number) if history.notation.prefix else f"Line {number}"
        try:
            history.add(line)
        except QuerySyntaxError as error:
            raise QuerySyntaxError(f"{name}: {error.reason}", query=error.query,
                                   position=error.position, hint=error.hint) from None
        except QueryError as error:
            raise type(error)(f"{name}: {error.message}", hint=error.hint) from None
    return history


@dataclass(frozen=True)
class PlatformSearch:
    """One platform's search: its numbered history, the records it found there, and its mark."""

    platform: Platform
    history: SearchHistory
    found: tuple[str, ...]
    mark: StrategyMark
    counts: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        return len(self.found)

    def rows(self) -> list[tuple[str, str, int]]:
        """Each line as the platform shows it: label (``1`` or ``S1``), search, and its count in
        this database (the records of the practice database it indexes)."""
        label = self.history.notation.label
        return [(label(line.number), line.query, count)
                for line, count in zip(self.history.lines, self.counts, strict=False)]

    def history_text(self) -> str:
        """The numbered history in the platform's notation, with this database's counts."""
        return "\n".join(f"{label} {query} ({count:,} result{'' if count == 1 else 's'})"
                         for label, query, count in self.rows())


def search_platform(text: str, where: str | Platform, gold: GoldSet | str, *,
                    purpose: str | SearchPurpose = "systematic-review", out_of: float = 4,
                    db: PracticeDatabase | None = None) -> PlatformSearch:
    """Run ``text`` on ``where`` and mark it against the relevant records that database holds."""
    where = platform(where)
    gold = _gold_set(gold)
    database = db if db is not None else _bundled_database()
    history = run_strategy(text, where, database)
    holds = where.holds(database)
    counts = tuple(sum(1 for i in history.result(line.number).ids if i in holds)
                   for line in history.lines)
    found = tuple(i for i in history.result(history.lines[-1].number).ids if i in holds)
    mark = mark_strategy(text, gold, out_of=out_of, purpose=purpose, syntax=where.syntax,
                         db=None if db is None else database, holds=holds)
    return PlatformSearch(where, history, found, mark, counts)


# --- putting the two together -------------------------------------------------------------------

@dataclass(frozen=True)
class TwoDatabaseMark:
    """Two platforms' searches, each marked, and the combined, deduplicated set marked as one."""

    first: PlatformSearch
    second: PlatformSearch
    gold: GoldSet
    purpose: SearchPurpose
    combined: Evaluation
    marks: float
    out_of: float
    brake: float
    ceiling: float
    duplicates: tuple[str, ...]
    added: tuple[str, ...]
    added_relevant: tuple[str, ...]
    misses: tuple[tuple[Miss, str], ...]

    @property
    def recall(self) -> float:
        return self.combined.recall

    @property
    def feedback(self) -> str:
        lines = [f"Question: {self.gold.question}", f"This task asks for {self.purpose.label}.", ""]
        for search in (self.first, self.second):
            p, m = search.platform, search.mark
            e = m.evaluation
            lines += [f"{p.name} ({p.database} here holds {p.coverage}):",
                      *(f"  {row}" for row in search.history_text().splitlines()),
                      f"It found {len(e.found)} of the {e.relevant} relevant records {p.database} "
                      f"holds (recall {e.recall:.0%}) among {e.retrieved:,} results: "
                      f"{m.marks:g} of {m.out_of:g} marks for this database."]
            if m.misses:
                lines.append(f"Relevant records in {p.database} that it missed, and why:")
                lines += [f"- {miss}" for miss in m.misses]
                rest = len(e.missed) - len(m.misses)
                if rest > 0:
                    lines.append(f"- and {rest} more.")
            lines.append("")
        lines += ["Together, with duplicates removed:", *self.together()]
        if self.misses:
            lines.append("Relevant records neither search found, and why:")
            lines += [f"- in {where}: {miss}" for miss, where in self.misses]
            rest = len(self.combined.missed) - len(self.misses)
            if rest > 0:
                lines.append(f"- and {rest} more.")
        elif self.combined.relevant:
            lines.append("Together they found every relevant record.")
        return "\n".join(lines)

    def together(self) -> list[str]:
        """The combined set in sentences: duplicates removed, what the second database added,
        the combined recall and marks, and the brake if it applied."""
        a, b = self.first, self.second
        e = self.combined
        nnr = e.number_needed_to_read
        read = f"{nnr:.0f} read for each relevant one" if math.isfinite(nnr) else "none relevant"
        lines = [
            f"{a.platform.database} {a.count:,} + {b.platform.database} {b.count:,} = "
            f"{a.count + b.count:,} records; {len(self.duplicates):,} were found in both "
            f"(duplicates removed), leaving {e.retrieved:,} to screen.",
            f"{b.platform.database} added {len(self.added):,} records that the {a.platform.database} "
            f"search did not find, {len(self.added_relevant)} of them relevant"
            + (f": {', '.join(self.added_relevant)}." if self.added_relevant else "."),
            f"Combined: {len(e.found)} of the {e.relevant} relevant records (recall {e.recall:.0%}), "
            f"{read}. Marks: {self.marks:g} out of {self.out_of:g}.",
        ]
        if self.brake < 1:
            value = self.purpose.value(e.retrieved, len(e.found))
            shown = f"{value:.0f}" if math.isfinite(value) else "no limit"
            lines.append(f"Together they find more than {self.purpose.label} allows "
                         f"({self.purpose.describe_brake(self.ceiling)}; yours: {shown}), so they "
                         f"keep {self.brake:.0%} of the recall marks.")
        return lines


def mark_two_databases(first_text: str, second_text: str, gold: GoldSet | str, *,
                       first: str | Platform = "ovid", second: str | Platform = "cinahl",
                       purpose: str | SearchPurpose = "systematic-review", out_of: float = 4,
                       db: PracticeDatabase | None = None) -> TwoDatabaseMark:
    """Run and mark a strategy in each of two databases, then mark what they find together.

    ``marks`` (out of ``out_of``) follow the combined recall against the whole gold set, braked
    by the purpose on the combined, deduplicated set; each platform's own mark is in
    ``first.mark`` and ``second.mark``.
    """
    kind = search_purpose(purpose)
    gold = _gold_set(gold)
    database = db if db is not None else _bundled_database()
    a = search_platform(first_text, first, gold, purpose=kind, out_of=out_of, db=db)
    b = search_platform(second_text, second, gold, purpose=kind, out_of=out_of, db=db)
    seen = set(a.found)
    duplicates = tuple(i for i in b.found if i in seen)
    added = tuple(i for i in b.found if i not in seen)
    combined = gold.evaluate(a.found + added)
    added_relevant = tuple(sorted(gold.relevant & set(added)))
    found = len(combined.found)
    ceiling = kind.ceiling_for(database_size=len(database), relevant=combined.relevant,
                               reference_nnr=_reference_nnr(gold, database))
    marks, brake = kind.marks(combined.retrieved, found, combined.relevant, ceiling, out_of)
    misses = _why_neither(combined.missed, ((a, first_text), (b, second_text)), gold, database)
    return TwoDatabaseMark(a, b, gold, kind, combined, marks, out_of, brake, ceiling, duplicates,
                           added, added_relevant, misses)


def _why_neither(missed: tuple[str, ...], searches: tuple[tuple[PlatformSearch, str], ...],
                 gold: GoldSet, db: PracticeDatabase, limit: int = 10
                 ) -> tuple[tuple[Miss, str], ...]:
    """Why each relevant record neither search found was missed, by the platform that holds it."""
    explained: list[tuple[Miss, str]] = []
    for record in missed[:limit]:
        for search, text in searches:
            if record not in search.platform.holds(db):
                continue
            known = {miss.id: miss for miss in search.mark.misses}
            miss = known.get(record)
            if miss is None:
                lost = Evaluation(retrieved=0, relevant=0, found=(), missed=(record,))
                found = explain_misses(text, gold, lost, db, syntax=search.platform.syntax)
                miss = found[0] if found else None
            if miss is not None:
                explained.append((miss, search.platform.database))
                break
    return tuple(explained)
