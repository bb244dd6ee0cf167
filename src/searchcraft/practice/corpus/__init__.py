"""The bundled practice corpus: generated records, a MeSH-like vocabulary and exercise gold sets.

Everything here is original and generated from the curated data in ``data/`` by a seeded,
deterministic generator, so the shipped SQLite file never needs committing: ``make book`` rebuilds
it in seconds, and the same generator streams a million records for the benchmark.

Example::

    >>> records, headings = bundled_corpus()
    >>> next(records)["id"], len(headings) >= 300
    ('SC000001', True)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .facts import (
    CorpusFacts,
    corpus_facts,
    duplicate_groups,
    gold_sets,
    load_gold_set,
    naive_strategy,
    record_traps,
    trap_counts,
    use_facts_file,
)
from .generator import (
    BUNDLED_SEED,
    BUNDLED_SIZE,
    DEFAULT_SEED,
    CorpusError,
    Entry,
    entry_at,
    generate_entries,
    generate_records,
)
from .goldsets import Exercise, bundled_entries, exercises
from .vocabulary import vocabulary


def bundled_corpus() -> tuple[Iterator[dict[str, Any]], list[dict[str, Any]]]:
    """The shipped corpus: a stream of its records and the vocabulary they are indexed with."""
    return generate_records(BUNDLED_SIZE, BUNDLED_SEED), vocabulary()


__all__ = [
    "BUNDLED_SEED", "BUNDLED_SIZE", "CorpusError", "CorpusFacts", "DEFAULT_SEED", "Entry", "Exercise",
    "bundled_corpus", "bundled_entries", "corpus_facts", "duplicate_groups", "entry_at", "exercises",
    "generate_entries", "generate_records", "gold_sets", "load_gold_set", "naive_strategy", "record_traps",
    "trap_counts", "use_facts_file", "vocabulary",
]
