"""Deduplication: find the records that several searches (or one database) hold more than once.

A search across databases finds the same article several times, each copy written a little
differently. PRISMA asks how many duplicates were removed, and a searcher must be able to say
*why* two records were treated as one. :func:`deduplicate` compares records in three steps:

1. the same DOI (ignoring case and ``https://doi.org/``) means the same article;
2. the same PubMed ID means the same article;
3. otherwise titles are compared after normalisation (case, accents, punctuation, British and
   American spelling), together with year, first author and first page. A score from 0 to 1
   weighs them (the title counts four times as much as each of the others); records whose
   score reaches ``threshold`` are duplicates.

Some differences always keep two records apart however alike their titles are, because they are
the classic traps: two *different* DOIs or PubMed IDs; years more than one apart (an update, not
a copy); different numbers in the title ("Part 1" and "Part 2"); a notice about an article
(erratum, retraction, comment, reply, protocol) and the article itself. When titles are not
identical, the first author or the first page must agree as well.

Example::

    >>> a = Record("pm1", title="Falls in care homes: a randomised trial", authors=["Smith J"],
    ...            year=2019, pages="123-9", source="PubMed")
    >>> b = Record("em7", title="Falls in care homes: a randomized trial.", authors=["Smith, John"],
    ...            year=2019, pages="123-129", source="Embase")
    >>> result = deduplicate([a, b])
    >>> result.before, result.after, result.groups[0].evidence[0].rule
    (2, 1, 'title, year, author, pages')
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from ..records import Record
from .errors import ReportError
from .normalise import normalise_author, normalise_doi, normalise_pages, normalise_pmid, title_words

DEFAULT_THRESHOLD = 0.9
"""Default score above which two records are one: see :func:`compare_records` for the arithmetic."""

# Words that make a record a notice about another article rather than a copy of it.
_NOTICE_WORDS = frozenset({"erratum", "errata", "correction", "corrigendum", "retraction",
                           "retracted", "withdrawn", "comment", "commentary", "reply", "response",
                           "protocol", "update", "updated", "addendum", "expression", "concern"})
_NOTICE_TYPES = frozenset({"erratum", "published erratum", "comment", "retraction notice",
                           "retraction of publication", "retracted publication", "letter",
                           "editorial", "expression of concern"})
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})
_TITLE_WEIGHT = 4.0
_MIN_TITLE_SIMILARITY = 0.8
_MAX_BLOCK = 150  # a blocking key shared by more records than this is too common to help


@dataclass(frozen=True)
class MatchEvidence:
    """Why two records are, or are not, the same article.

    ``rule`` names what decided (``"DOI"``, ``"PMID"``, ``"title, year, author, pages"``);
    ``score`` runs from 0 (nothing alike) to 1; ``reasons`` are short sentences for the searcher.
    """

    first: Record
    second: Record
    is_duplicate: bool
    score: float
    rule: str
    reasons: tuple[str, ...]

    def explain(self) -> str:
        """One line for a person: ``"pm1 = em7 (score 0.99; same DOI ...)"``."""
        sign = "=" if self.is_duplicate else "≠"
        return (f"{self.first.id} {sign} {self.second.id} (score {self.score:.2f}; "
                f"{'; '.join(self.reasons)})")


@dataclass(frozen=True)
class DuplicateGroup:
    """Records found to be one article: the one kept, the ones merged into it, and the evidence."""

    kept: Record
    merged: tuple[Record, ...]
    evidence: tuple[MatchEvidence, ...]

    @property
    def records(self) -> tuple[Record, ...]:
        return (self.kept, *self.merged)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.records)


@dataclass(frozen=True)
class SourceCount:
    """One source's figures: records identified, records kept after deduplication, and records
    found in that source only (its unique contribution)."""

    source: str
    identified: int
    kept: int
    unique: int


@dataclass(frozen=True)
class Deduplication:
    """The outcome of :func:`deduplicate`, with the figures PRISMA asks for.

    ``records`` are the records kept (one per article, in the order first met); ``groups`` are
    the articles found more than once.
    """

    records: tuple[Record, ...]
    groups: tuple[DuplicateGroup, ...]
    before: int
    threshold: float
    per_source: Mapping[str, SourceCount]

    def __repr__(self) -> str:   # a notebook shows the figures, not thousands of records
        return (f"Deduplication(before={self.before}, after={self.after}, removed={self.removed}, "
                f"groups={len(self.groups)}, threshold={self.threshold})")

    @property
    def after(self) -> int:
        return len(self.records)

    @property
    def removed(self) -> int:
        """Duplicate records removed (PRISMA 2020: "Duplicate records removed")."""
        return self.before - self.after

    def id_groups(self) -> list[frozenset[str]]:
        """The ids of each group of duplicates, e.g. to compare with a known answer."""
        return [group.ids for group in self.groups]

    def to_table(self) -> list[dict]:
        """One row per merged record: which record it was merged into, by which rule, and why."""
        rows = []
        for group in self.groups:
            for evidence in group.evidence:
                rows.append({"kept": group.kept.id, "kept_source": group.kept.source,
                             "first": evidence.first.id, "first_source": evidence.first.source,
                             "second": evidence.second.id, "second_source": evidence.second.source,
                             "rule": evidence.rule,
                             "score": round(evidence.score, 3),
                             "reasons": "; ".join(evidence.reasons)})
        return rows

    def summary(self) -> str:
        """A sentence for a methods section or a PRISMA-S report."""
        sources = ", ".join(f"{c.source} {c.identified:,}" for c in self.per_source.values())
        def many(n: int, word: str) -> str:
            return f"{n:,} {word}{'' if n == 1 else 's'}"

        remain = "remains" if self.after == 1 else "remain"
        return (f"{many(self.before, 'record')} ({sources}); {many(self.removed, 'duplicate')} removed; "
                f"{self.after:,} unique {'record' if self.after == 1 else 'records'} {remain}.")


@dataclass(frozen=True)
class DetectionScore:
    """How well found duplicate groups agree with the known answer, counted over pairs of records."""

    true_pairs: int
    found_pairs: int
    correct_pairs: int

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0


class _Prepared:
    """A record's normalised identifying fields, computed once."""

    __slots__ = ("record", "index", "doi", "pmid", "words", "word_set", "title", "numbers", "notice", "year",
                 "author", "pages", "volume")

    def __init__(self, record: Record, index: int) -> None:
        self.record = record
        self.index = index
        self.doi = normalise_doi(record.doi)
        self.pmid = normalise_pmid(record.pmid)
        self.words = title_words(record.title)
        self.word_set = frozenset(self.words)
        self.title = " ".join(self.words)
        self.numbers = frozenset(w for w in self.words if w.isdigit() or w in _ROMAN)
        types = {t.lower() for t in record.publication_types}
        self.notice = frozenset(w for w in self.words if w in _NOTICE_WORDS) | (types & _NOTICE_TYPES)
        self.year = record.year
        self.author = normalise_author(record.authors[0]) if record.authors else ("", "")
        self.pages = normalise_pages(record.pages)
        self.volume = re.sub(r"\D", "", record.volume or "")


def _compare(a: _Prepared, b: _Prepared, threshold: float, *, exact: bool = False) -> MatchEvidence:
    """Compare two prepared records. Without ``exact``, a pair that cannot reach ``threshold`` is
    turned down before its titles are compared, and its score is then only an upper bound."""
    def verdict(duplicate: bool, score: float, rule: str, *reasons: str) -> MatchEvidence:
        return MatchEvidence(a.record, b.record, duplicate, score, rule, tuple(reasons))

    if a.doi and a.doi == b.doi:
        return verdict(True, 1.0, "DOI", f"same DOI {a.doi}")
    if a.pmid and a.pmid == b.pmid:
        return verdict(True, 1.0, "PMID", f"same PMID {a.pmid}")
    if a.doi and b.doi:
        return verdict(False, 0.0, "DOI", f"different DOIs ({a.doi}, {b.doi})")
    if a.pmid and b.pmid:
        return verdict(False, 0.0, "PMID", f"different PMIDs ({a.pmid}, {b.pmid})")
    if not a.title or not b.title:
        return verdict(False, 0.0, "title", "a title is missing")

    shared = len(a.word_set & b.word_set) / min(len(a.word_set), len(b.word_set))
    if shared < 0.6:  # cheap test first: copies of one title share most of their words
        return verdict(False, 0.0, "title", f"titles share only {shared:.0%} of their words")
    # Year, first author, pages and volume first: they are cheap, and often settle the matter.
    reasons: list[str] = []
    parts = ["title"]
    vetoes: list[str] = []
    if a.numbers != b.numbers:
        vetoes.append("the titles hold different numbers "
                      f"({', '.join(sorted(a.numbers)) or 'none'} vs {', '.join(sorted(b.numbers)) or 'none'})")
    if a.notice != b.notice:
        vetoes.append(f"one is a notice ({', '.join(sorted(a.notice ^ b.notice))}), not the article")
    weight, others = _TITLE_WEIGHT, 0.0
    supports = 0
    if a.year and b.year:
        parts.append("year")
        gap = abs(a.year - b.year)
        if gap == 0:
            others, weight = others + 1, weight + 1
            reasons.append(f"same year {a.year}")
        elif gap == 1:
            others, weight = others + 0.5, weight + 1
            reasons.append(f"years one apart ({a.year}, {b.year}: online and print dates?)")
        else:
            vetoes.append(f"years {a.year} and {b.year} are too far apart")
    if a.author[0] and b.author[0]:
        parts.append("author")
        weight += 1
        if a.author == b.author or (a.author[0] == b.author[0] and not (a.author[1] and b.author[1])):
            others += 1
            supports += 1
            reasons.append(f"same first author ({a.author[0]})")
        else:
            alike = (difflib.SequenceMatcher(None, a.author[0], b.author[0]).ratio()
                     if a.author[1] == b.author[1] else 0.0)   # a spelling slip in the surname?
            if alike >= 0.8:
                others += alike
                supports += 1
                reasons.append(f"first authors alike ({a.author[0]}, {b.author[0]})")
            else:
                reasons.append(f"different first authors ({a.author[0]}, {b.author[0]})")
    if a.pages[0] and b.pages[0]:
        parts.append("pages")
        weight += 1
        if a.pages[0] == b.pages[0]:
            others += 1
            supports += 1
            reasons.append(f"same first page ({a.pages[0]})")
        else:
            reasons.append(f"different pages ({a.pages[0]}, {b.pages[0]})")
    if a.volume and b.volume and a.volume != b.volume:
        vetoes.append(f"different volumes ({a.volume}, {b.volume})")
    rule = ", ".join(parts)
    if vetoes:
        return verdict(False, 0.0, rule, *reasons, *vetoes)
    best_possible = (_TITLE_WEIGHT + others) / weight
    if best_possible < threshold and not exact:
        return verdict(False, best_possible, rule, *reasons,
                       f"even identical titles would score only {best_possible:.2f}, below the "
                       f"threshold {threshold:.2f}")

    if a.title == b.title:
        title_score, title_reason = 1.0, "same title"
    else:
        title_score = difflib.SequenceMatcher(None, a.title, b.title, autojunk=False).ratio()
        title_reason = f"titles {title_score:.0%} alike"
        shorter, longer = sorted((a.words, b.words), key=len)
        if len(shorter) >= 5 and longer[: len(shorter)] == shorter and title_score < 0.95:
            title_score, title_reason = 0.95, "one title is the other without its subtitle"
    reasons.insert(0, title_reason)
    score = (_TITLE_WEIGHT * title_score + others) / weight
    if title_score < _MIN_TITLE_SIMILARITY:
        return verdict(False, score, rule, *reasons, "titles too different")
    if title_score < 1.0 and supports == 0:
        return verdict(False, score, rule, *reasons,
                       "titles differ and neither first author nor pages confirm the match")
    if score < threshold:
        return verdict(False, score, rule, *reasons, f"score below the threshold {threshold:.2f}")
    return verdict(True, score, rule, *reasons)


def _worth_comparing(a: _Prepared, b: _Prepared) -> bool:
    """A cheap first look, so that large blocks cost little: could these two be one article?"""
    if (a.doi and a.doi == b.doi) or (a.pmid and a.pmid == b.pmid):
        return True
    if (a.doi and b.doi) or (a.pmid and b.pmid) or not a.word_set or not b.word_set:
        return False
    return len(a.word_set & b.word_set) >= 0.6 * min(len(a.word_set), len(b.word_set))


def compare_records(first: Record, second: Record, *, threshold: float = DEFAULT_THRESHOLD) -> MatchEvidence:
    """Whether two records are the same article, with the evidence either way.

    Useful for teaching: show a learner why two near-identical records were (not) merged.

    Example::

        >>> a = Record("1", title="Hand hygiene in nursing homes", year=2018, authors=["Ng K"])
        >>> b = Record("2", title="Hand hygiene in nursing homes", year=2021, authors=["Ng K"])
        >>> compare_records(a, b).is_duplicate
        False
    """
    _check_threshold(threshold)
    return _compare(_Prepared(first, 0), _Prepared(second, 1), threshold, exact=True)


def _check_threshold(threshold: float) -> None:
    if not isinstance(threshold, (int, float)) or not 0 < threshold <= 1:
        raise ReportError(f"The deduplication threshold must be a number above 0 and at most 1; got {threshold!r}",
                          hint="Use about 0.9: lower finds more duplicates but merges more records wrongly.")


def _blocking_keys(p: _Prepared, frequency: Counter) -> list[tuple]:
    """Cheap keys that near-duplicates are likely to share; only records sharing one are compared.

    Pairs of a title's rarest words (not "randomized controlled trial", which half the records
    share) survive a typing error in any one word; first author with year, and first page with
    year, catch titles that changed more.
    """
    keys: list[tuple] = []
    if p.doi:
        keys.append(("doi", p.doi))
    if p.pmid:
        keys.append(("pmid", p.pmid))
    rare = sorted((w for w in p.word_set if len(w) > 3), key=lambda w: (frequency[w], w))[:4]
    keys += [("words", pair) for pair in combinations(sorted(rare), 2)]
    if p.author[0] and p.year:
        keys.append(("author-year", p.author[0], p.year))
    if p.pages[0] and p.year:
        keys.append(("page-year", p.pages[0], p.year))
    return keys


def _completeness(record: Record) -> int:
    return sum(bool(getattr(record, name)) for name in
               ("title", "abstract", "authors", "journal", "year", "volume", "issue", "pages",
                "doi", "pmid", "headings", "keywords", "publication_types"))


def deduplicate(records: Iterable[Record | dict], *, threshold: float = DEFAULT_THRESHOLD) -> Deduplication:
    """Group the records that are the same article and keep one of each.

    The record kept is the most complete one of its group (ties: the first met), so screening
    sees the fullest version; the others are reported as merged into it, with the evidence.
    ``threshold`` (0–1, default 0.9) is the score a title-based match must reach; DOI and PMID
    matches do not depend on it.

    Raises :class:`~searchcraft.report.errors.ReportError` for a threshold outside (0, 1].
    """
    _check_threshold(threshold)
    prepared = [_Prepared(r if isinstance(r, Record) else Record.from_dict(r), i)
                for i, r in enumerate(records)]
    frequency = Counter(w for p in prepared for w in p.word_set)
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for p in prepared:
        for key in _blocking_keys(p, frequency):
            blocks[key].append(p.index)

    parent = list(range(len(prepared)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    known = [(p.doi, p.pmid) for p in prepared]   # each group's DOI and PMID, by its root
    compared: set[tuple[int, int]] = set()
    evidence: list[MatchEvidence] = []
    evidence_pairs: list[tuple[int, int]] = []
    # identifiers first, so that title matches meet groups that already know their DOI and PMID
    ordered = sorted(blocks.items(), key=lambda item: item[0][0] not in ("doi", "pmid"))
    for key, members in ordered:
        if len(members) < 2 or (len(members) > _MAX_BLOCK and key[0] not in ("doi", "pmid")):
            continue
        for i, j in combinations(members, 2):
            if (i, j) in compared:
                continue
            compared.add((i, j))
            if not _worth_comparing(prepared[i], prepared[j]):
                continue
            match = _compare(prepared[i], prepared[j], threshold)
            if not match.is_duplicate:
                continue
            root_i, root_j = find(i), find(j)
            if root_i == root_j:
                continue
            # A title match must not chain two records with different DOIs or PMIDs into one group.
            if any(a and b and a != b for a, b in zip(known[root_i], known[root_j], strict=True)):
                continue
            evidence.append(match)
            evidence_pairs.append((i, j))
            parent[root_j] = root_i
            known[root_i] = (known[root_i][0] or known[root_j][0], known[root_i][1] or known[root_j][1])

    members_of: dict[int, list[int]] = defaultdict(list)
    for p in prepared:
        members_of[find(p.index)].append(p.index)
    evidence_of: dict[int, list[MatchEvidence]] = defaultdict(list)
    for match, (i, _) in zip(evidence, evidence_pairs, strict=True):
        evidence_of[find(i)].append(match)

    kept_index: dict[int, int] = {}
    groups: list[DuplicateGroup] = []
    for root, members in sorted(members_of.items(), key=lambda item: min(item[1])):
        best = max(members, key=lambda i: (_completeness(prepared[i].record), -i))
        kept_index[root] = best
        if len(members) > 1:
            groups.append(DuplicateGroup(
                kept=prepared[best].record,
                merged=tuple(prepared[i].record for i in members if i != best),
                evidence=tuple(evidence_of[root]),
            ))
    kept = tuple(prepared[i].record for i in sorted(kept_index.values()))
    return Deduplication(records=kept, groups=tuple(groups), before=len(prepared),
                         threshold=float(threshold),
                         per_source=_per_source(prepared, members_of, kept_index))


def _per_source(prepared: list[_Prepared], members_of: dict[int, list[int]],
                kept_index: dict[int, int]) -> dict[str, SourceCount]:
    def name(p: _Prepared) -> str:
        return p.record.source or "unnamed source"

    identified = Counter(name(p) for p in prepared)
    kept = Counter(name(prepared[i]) for i in kept_index.values())
    unique: Counter[str] = Counter()
    for members in members_of.values():
        sources = {name(prepared[i]) for i in members}
        if len(sources) == 1:
            unique[sources.pop()] += 1
    return {source: SourceCount(source, identified[source], kept[source], unique[source])
            for source in identified}


def score_detection(found: Iterable[Iterable[str]], truth: Iterable[Iterable[str]]) -> DetectionScore:
    """Pairwise recall and precision of found duplicate groups against known groups.

    Every pair of ids in one group is a duplicate pair; recall is the share of true pairs found,
    precision the share of found pairs that are true.

    Example::

        >>> s = score_detection([{"a", "b", "c"}], [{"a", "b"}, {"d", "e"}])
        >>> s.true_pairs, s.found_pairs, s.correct_pairs
        (2, 3, 1)
    """
    def pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
        return {frozenset(p) for g in groups for p in combinations(sorted(set(g)), 2)}

    true, got = pairs(truth), pairs(found)
    return DetectionScore(len(true), len(got), len(true & got))
