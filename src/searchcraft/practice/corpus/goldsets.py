"""Exercise questions, and their gold sets selected from the corpus by construction.

The generator notes how it built each record (topic, facets, traps), so the records that answer an
exercise question are *selected*, never searched for: a gold set cannot inherit the blind spots of
the strategy it is meant to judge. The bundled corpus's gold sets are worked out once (8,000
records, about a second) by :mod:`.facts`, which also takes them from a file the site build wrote.

Example::

    >>> gold = select_gold_sets(bundled_entries())["falls-exercise"]
    >>> gold.topic, len(gold.relevant) > 20
    ('Falls prevention in older adults', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..goldset import GoldSet
from .generator import BUNDLED_SEED, BUNDLED_SIZE, CorpusError, Entry, generate_entries
from .sources import CONCEPTS, read_yaml, topics

TRAP_NAMES = (
    "spelling_randomised", "spelling_randomized", "spelling_paediatric", "spelling_pediatric",
    "spelling_haemoglobin", "spelling_hemoglobin", "synonym_only_in_abstract", "heading_only",
    "unindexed", "near_duplicate", "false_friend",
)


@dataclass(frozen=True)
class Exercise:
    """One exercise question as written in ``data/exercises.yaml``."""

    name: str
    topic: str
    question: str
    pico: Mapping[str, str]
    relevant: Mapping[str, tuple[str, ...]]
    designs: tuple[str, ...]
    naive_strategy: str
    reference_strategy: str
    min_precision: float
    figures: Mapping[str, float] = field(default_factory=dict)
    since: int | None = None

    def matches(self, entry: Entry) -> bool:
        """True when the generated record answers this question.

        ``since`` is a publication year agreed with the requester (a quick answer on apps wants
        the evidence on apps in use now): older records do not answer the question as framed.
        """
        if entry.kind not in ("topic", "duplicate") or entry.topic != self.topic:
            return False
        if self.designs and entry.design not in self.designs:
            return False
        if self.since is not None and int(entry.record["year"]) < self.since:
            return False
        return all(entry.facets.get(concept) in keys for concept, keys in self.relevant.items())


@lru_cache(maxsize=1)
def exercises() -> dict[str, Exercise]:
    """The exercise questions, by name, in file order."""
    return parse_exercises(read_yaml("exercises.yaml"))


def parse_exercises(questions: Mapping[str, Mapping[str, Any]]) -> dict[str, Exercise]:
    """Exercise questions from the data of ``exercises.yaml``; a clear error for a bad entry."""
    known_topics = topics()
    found: dict[str, Exercise] = {}
    for name, data in questions.items():
        topic = data.get("topic")
        if topic not in known_topics:
            raise CorpusError(f"Exercise {name!r} names an unknown topic {topic!r}",
                              hint=f"Use one of: {', '.join(known_topics)}.")
        relevant = dict(data.get("relevant") or {})
        designs = tuple(relevant.pop("designs", ()))
        since = relevant.pop("since", None)
        if since is not None and not (isinstance(since, int) and 1900 <= since <= 2100):
            raise CorpusError(f"Exercise {name!r}: 'since' must be a publication year, not {since!r}",
                              hint="Write e.g. since: 2020 under relevant.")
        unknown = [c for c in relevant if c not in CONCEPTS]
        if unknown:
            raise CorpusError(f"Exercise {name!r}: unknown concept(s) {', '.join(unknown)}",
                              hint=f"Concepts are {', '.join(CONCEPTS)}.")
        found[name] = Exercise(
            name=name, topic=topic, question=data["question"], pico=dict(data["pico"]),
            relevant={c: tuple(keys) for c, keys in relevant.items()}, designs=designs,
            naive_strategy=" ".join(str(data["naive_strategy"]).split()),
            reference_strategy=" ".join(str(data["reference_strategy"]).split()),
            min_precision=float(data["min_precision"]),
            figures=dict(data.get("figures") or {}),
            since=since,
        )
    return found


def select_gold_sets(entries: Iterable[Entry]) -> dict[str, GoldSet]:
    """Gold sets for every exercise over any stream of entries (not only the bundled corpus)."""
    questions = exercises()
    relevant: dict[str, set[str]] = {name: set() for name in questions}
    for entry in entries:
        for name, exercise in questions.items():
            if exercise.matches(entry):
                relevant[name].add(entry.record["id"])
    return {
        name: GoldSet(
            name=name, question=ex.question, relevant=frozenset(relevant[name]), pico=dict(ex.pico),
            reference_strategy=ex.reference_strategy, min_precision=ex.min_precision,
            topic=topics()[ex.topic].label,
        )
        for name, ex in questions.items()
    }


@lru_cache(maxsize=1)
def bundled_entries() -> tuple[Entry, ...]:
    """Every entry of the bundled corpus (records with their construction notes), built once."""
    return tuple(generate_entries(BUNDLED_SIZE, BUNDLED_SEED))
