"""Deduplicating two exported result sets by hand, with the evidence for every suggested pair.

A searcher who ran the same search in two databases has two exports holding many of the same
articles, each copy written a little differently. The model lists the pairs worth a look: the pairs
:func:`searchcraft.report.compare_records` calls duplicates (same DOI, same PMID, or alike title,
year, author and pages), and look-alikes it keeps apart (titles nearly the same, but a different
DOI, year or part number). The learner accepts or rejects each; accepted pairs are merged (a chain
of accepted pairs is one article), and the merged count is what PRISMA reports as records after
duplicates were removed.

Example::

    >>> from searchcraft.records import Record
    >>> a = [Record("m1", title="Tai chi and falls", doi="10.1/x", source="MEDLINE")]
    >>> b = [Record("e1", title="Tai chi and falls.", doi="10.1/X", source="Embase")]
    >>> lab = DedupLabModel(a, b)
    >>> [p.evidence.rule for p in lab.pairs]
    ['DOI']
    >>> lab.decide(0, "accept")
    >>> lab.merged_count()
    1
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import SearchCraftError
from ...records import Record
from ...report import compare_records
from ...report.normalise import title_words

DECISIONS = ("accept", "reject")
#: Titles at least this alike (0-1, after normalising) make a pair worth a look even when the
#: records are kept apart.
LOOKALIKE = 0.95


class DedupLabError(SearchCraftError):
    """Result sets the lab cannot compare, or a decision on a pair it does not have."""


@dataclass(frozen=True)
class CandidatePair:
    """Two records that may be one article, and what :func:`compare_records` says about them."""

    first: Record
    second: Record
    evidence: Any  # searchcraft.report.MatchEvidence
    title_similarity: float

    @property
    def key(self) -> str:
        return f"{self.first.id}|{self.second.id}"

    @property
    def suggested(self) -> bool:
        """Does the kit's deduplication call them one article?"""
        return bool(self.evidence.is_duplicate)


def _as_records(records: Iterable[Record | dict] | str | Path, label: str) -> list[Record]:
    if isinstance(records, (str, Path)):
        from ...export import read_ris

        return read_ris(records)
    found = [r if isinstance(r, Record) else Record.from_dict(r) for r in records]
    if not found:
        raise DedupLabError(f"The {label} result set is empty", hint="Give a set with at least one record.")
    return found


def candidate_pairs(records: Sequence[Record], *, lookalike: float = LOOKALIKE) -> list[CandidatePair]:
    """Every pair of ``records`` that is a suggested duplicate or a close look-alike.

    Suggested duplicates come first (highest score first), then look-alikes (most alike first).
    """
    titles = [" ".join(title_words(r.title)) for r in records]
    found = []
    for i in range(len(records)):
        for j in range(i + 1, len(records)):
            a, b = records[i], records[j]
            if a.id == b.id:
                continue
            matcher = difflib.SequenceMatcher(None, titles[i], titles[j], autojunk=False)
            similar = (matcher.real_quick_ratio() >= lookalike and matcher.quick_ratio() >= lookalike
                       and matcher.ratio() >= lookalike)
            evidence = compare_records(a, b)
            if evidence.is_duplicate or similar:
                found.append(CandidatePair(a, b, evidence, round(matcher.ratio(), 3)))
    found.sort(key=lambda p: (not p.suggested, -p.evidence.score, -p.title_similarity, p.key))
    return found


class DedupLabModel:
    """Two result sets, the candidate pairs between and within them, and the learner's decisions."""

    def __init__(self, first: Iterable[Record | dict] | str | Path, second: Iterable[Record | dict] | str | Path,
                 *, names: tuple[str, str] = ("First export", "Second export"),
                 truth: Iterable[Iterable[str]] | None = None, lookalike: float = LOOKALIKE) -> None:
        self.first = _as_records(first, names[0])
        self.second = _as_records(second, names[1])
        self.names = names
        first_ids = {r.id for r in self.first}
        # A record in both sets with the same id is the same record: keep one copy.
        self.records = self.first + [r for r in self.second if r.id not in first_ids]
        self.pairs = candidate_pairs(self.records, lookalike=lookalike)
        self.truth = [frozenset(group) for group in truth] if truth is not None else None
        self.decisions: dict[str, str] = {}

    @property
    def before(self) -> int:
        """Records in both exports together."""
        return len(self.first) + len(self.second)

    def set_of(self, record: Record) -> str:
        return self.names[0] if any(r is record for r in self.first) else self.names[1]

    def decide(self, index: int, decision: str | None) -> None:
        """Accept or reject pair ``index`` (``None`` clears the decision)."""
        if not 0 <= index < len(self.pairs):
            raise DedupLabError(f"There is no pair {index + 1}",
                                hint=f"Pairs run from 1 to {len(self.pairs)}.")
        if decision is None:
            self.decisions.pop(self.pairs[index].key, None)
            return
        if decision not in DECISIONS:
            raise DedupLabError(f"Unknown decision {decision!r}", hint="Use 'accept' or 'reject'.")
        self.decisions[self.pairs[index].key] = decision

    def decision(self, index: int) -> str | None:
        return self.decisions.get(self.pairs[index].key)

    def accept_suggestions(self) -> None:
        """Take the kit's verdict on every undecided pair (as automatic deduplication would)."""
        for pair in self.pairs:
            if pair.key not in self.decisions:
                self.decisions[pair.key] = "accept" if pair.suggested else "reject"

    def merged_groups(self) -> list[frozenset[str]]:
        """Articles formed by the accepted pairs (a chain a=b, b=c is one article)."""
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for pair in self.pairs:
            if self.decisions.get(pair.key) == "accept":
                parent[find(pair.first.id)] = find(pair.second.id)
        groups: dict[str, set[str]] = {}
        for record_id in parent:
            groups.setdefault(find(record_id), set()).add(record_id)
        return sorted((frozenset(g) for g in groups.values() if len(g) > 1), key=sorted)

    def merged_count(self) -> int:
        """Records left once the accepted pairs are merged."""
        removed = sum(len(g) - 1 for g in self.merged_groups()) + (self.before - len(self.records))
        return self.before - removed

    def removed(self) -> int:
        return self.before - self.merged_count()

    def progress(self) -> tuple[int, int]:
        return sum(1 for p in self.pairs if p.key in self.decisions), len(self.pairs)

    def check(self) -> dict[str, list[int]] | None:
        """With the known truth, which decided pairs were right and wrong (pair indexes), else None."""
        if self.truth is None:
            return None
        same = {frozenset((a, b)) for group in self.truth for a in group for b in group if a != b}
        right: list[int] = []
        wrong: list[int] = []
        for index, pair in enumerate(self.pairs):
            decision = self.decisions.get(pair.key)
            if decision is None:
                continue
            duplicate = frozenset((pair.first.id, pair.second.id)) in same
            (right if (decision == "accept") == duplicate else wrong).append(index)
        return {"right": right, "wrong": wrong}

    def summary(self) -> str:
        done, total = self.progress()
        accepted = sum(1 for d in self.decisions.values() if d == "accept")
        return (f"{self.before} records ({len(self.first)} + {len(self.second)}); {done} of {total} pairs decided, "
                f"{accepted} accepted as duplicates. After merging: {self.merged_count()} records "
                f"({self.removed()} duplicate{'' if self.removed() == 1 else 's'} removed).")

    def to_state(self) -> dict[str, Any]:
        return {"decisions": dict(self.decisions)}

    def restore(self, state: dict[str, Any]) -> None:
        decisions = state.get("decisions") or {}
        if not isinstance(decisions, dict) or any(d not in DECISIONS for d in decisions.values()):
            raise DedupLabError("The saved decisions are not in the expected form")
        keys = {p.key for p in self.pairs}
        self.decisions = {k: v for k, v in decisions.items() if k in keys}


def practice_exports(query: str = "falls[tiab] AND exercise[tiab]", *, db=None,
                     ) -> tuple[list[Record], list[Record], list[frozenset[str]]]:
    """Two exports of one search from the practice database: its MEDLINE-like records, and its
    Embase-like records (the corpus's second source) with the Embase-like copies of the first set's
    records. Also returns the known duplicate groups, so a learner's decisions can be checked."""
    from ...practice import PracticeDatabase
    from ...practice.corpus import duplicate_groups

    database = db or PracticeDatabase.bundled()
    groups = duplicate_groups()
    partners: dict[str, set[str]] = {}
    for group in groups:
        for member in group:
            partners.setdefault(member, set()).update(group - {member})
    found = database.fetch(database.search(query).ids)
    first = [r for r in found if r.source != "embase-like"]
    second_ids = [r.id for r in found if r.source == "embase-like"]
    copies = sorted({p for r in first for p in partners.get(r.id, ())} - set(second_ids))
    second = [r for r in found if r.source == "embase-like"] + [
        r for r in database.fetch(copies) if r.source == "embase-like"]
    if not first or not second:
        raise DedupLabError(f"The search {query!r} does not give two exports to compare",
                            hint="Try a broader search, e.g. falls[tiab] AND exercise[tiab].")
    return first, second, groups
