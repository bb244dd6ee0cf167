"""What the bundled corpus knows about itself (gold sets, traps, duplicates), worked out once and shared.

Every fact here follows from how the generator built each record, so finding them means generating all
8,000 records: about a second in CPython, but 10 to 30 seconds in WebAssembly (Pyodide), where a learner
is waiting for an exercise. So the course site works them out at build time into a small JSON file, and
the browser reads that instead. One provider answers every caller (the gold sets, ``mark_strategy``'s
trap notes, the widgets), and takes its facts from, in order:

1. a file the page handed over with :func:`use_facts_file` (the live module pages do this);
2. the copy shipped beside the practice database in the course's JupyterLite
   (``searchcraft_practice_data/corpus-facts.json``, see :func:`shipped_facts_file`);
3. otherwise the corpus itself, generated here (:func:`work_out`).

A file is used only if it was made from this very corpus (the same :func:`fingerprint`), so a stale
file can never give a learner the wrong gold set; it is silently passed over and the facts are worked
out instead.

Example::

    >>> facts = corpus_facts()
    >>> len(facts.gold_sets["falls-exercise"].relevant) > 20, facts.source in ("worked out", "file")
    (True, True)
    >>> CorpusFacts.from_json(facts.to_json()) == facts
    True
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...errors import named
from ...files import SHARED_MODE, write_atomically
from ..goldset import GoldSet
from .generator import CorpusError

FACTS_FILE = "corpus-facts.json"
DATA_PACKAGE = "searchcraft_practice_data"
_PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CorpusFacts:
    """The bundled corpus's exercise gold sets, trap counts, near-duplicate groups and each record's traps."""

    fingerprint: str
    gold_sets: Mapping[str, GoldSet]
    trap_counts: Mapping[str, int]
    duplicate_groups: tuple[frozenset[str], ...]
    record_traps: Mapping[str, frozenset[str]]       # only records that carry a trap
    source: str = field(default="worked out", compare=False)   # "worked out" or "file"

    def to_json(self) -> dict[str, Any]:
        """The facts as plain JSON data (sorted, so the same corpus always gives the same bytes)."""
        return {
            "fingerprint": self.fingerprint,
            "gold_sets": {name: {"name": gold.name, "question": gold.question, "relevant": sorted(gold.relevant),
                                 "pico": dict(gold.pico), "reference_strategy": gold.reference_strategy,
                                 "min_precision": gold.min_precision, "topic": gold.topic}
                          for name, gold in self.gold_sets.items()},
            "trap_counts": dict(self.trap_counts),
            "duplicate_groups": [sorted(group) for group in self.duplicate_groups],
            "record_traps": {record: sorted(traps) for record, traps in sorted(self.record_traps.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = "file") -> CorpusFacts:
        """Facts from :meth:`to_json`'s data; a :class:`CorpusError` naming the missing part if incomplete."""
        try:
            return cls(
                fingerprint=str(data["fingerprint"]),
                gold_sets={name: GoldSet(**fields) for name, fields in data["gold_sets"].items()},
                trap_counts={name: int(count) for name, count in data["trap_counts"].items()},
                duplicate_groups=tuple(frozenset(group) for group in data["duplicate_groups"]),
                record_traps={record: frozenset(names) for record, names in data["record_traps"].items() if names},
                source=source,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise CorpusError(f"The corpus facts are incomplete or malformed ({type(error).__name__}: {error})",
                              hint="Write them again with searchcraft.practice.corpus.facts.write_facts().") from None


def fingerprint() -> str:
    """A short hash of the corpus package's files (code and data): it changes whenever the corpus does."""
    digest = hashlib.sha256()
    for file in sorted(p for p in _PACKAGE.rglob("*") if p.is_file()):
        if "__pycache__" in file.parts or file.suffix in (".pyc", ".pyo"):
            continue
        digest.update(file.relative_to(_PACKAGE).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def work_out() -> CorpusFacts:
    """Generate the bundled corpus and read the facts off its construction notes (seconds in CPython)."""
    from .goldsets import TRAP_NAMES, bundled_entries, select_gold_sets

    entries = bundled_entries()
    counts = Counter(trap for entry in entries for trap in entry.traps)
    groups: dict[str, set[str]] = {}
    for entry in entries:
        if entry.duplicate_of:
            groups.setdefault(entry.duplicate_of, {entry.duplicate_of}).add(entry.record["id"])
    return CorpusFacts(
        fingerprint=fingerprint(),
        gold_sets=select_gold_sets(entries),
        trap_counts={name: counts.get(name, 0) for name in TRAP_NAMES},
        duplicate_groups=tuple(sorted((frozenset(g) for g in groups.values()), key=sorted)),
        record_traps={entry.record["id"]: entry.traps for entry in entries if entry.traps},
    )


def write_facts(path: str | os.PathLike[str]) -> Path:
    """Work the facts out and write them as JSON to ``path`` (what the site build ships); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, json.dumps(work_out().to_json(), sort_keys=True), mode=SHARED_MODE)  # served
    return target


def read_facts(path: str | os.PathLike[str]) -> CorpusFacts | None:
    """The facts in a JSON file, or None when the file was made from a different corpus (stale)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"Cannot read the corpus facts in {path}: {error}",
                          hint="Write them again with searchcraft.practice.corpus.facts.write_facts().") from None
    if not isinstance(data, dict) or data.get("fingerprint") != fingerprint():
        return None
    return CorpusFacts.from_json(data, source="file")


def shipped_facts_file() -> Path | None:
    """The facts file the course's JupyterLite ships beside its practice database, if this Python has one."""
    if sys.platform != "emscripten":
        return None
    from importlib.util import find_spec

    spec = find_spec(DATA_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / FACTS_FILE
    return path if path.is_file() else None


class _Provider:
    handed_over: CorpusFacts | None = None


_provider = _Provider()


def use_facts_file(path: str | os.PathLike[str]) -> bool:
    """Take the facts from ``path`` from now on, if it was made from this corpus; returns whether it was.

    A page calls this once, before any exercise runs, with the file the site build wrote.
    """
    facts = read_facts(path)
    if facts is None:
        return False
    _provider.handed_over = facts
    corpus_facts.cache_clear()
    return True


def forget_facts() -> None:
    """Drop facts handed over or already worked out (the next call to :func:`corpus_facts` finds them again)."""
    _provider.handed_over = None
    corpus_facts.cache_clear()


@lru_cache(maxsize=1)
def corpus_facts() -> CorpusFacts:
    """The facts, from a file handed over, else the shipped file, else worked out from the corpus."""
    if _provider.handed_over is not None:
        return _provider.handed_over
    shipped = shipped_facts_file()
    if shipped is not None:
        facts = read_facts(shipped)
        if facts is not None:
            return facts
    return work_out()


# ---- what the rest of the kit asks -------------------------------------------------------------------------

def gold_sets() -> dict[str, GoldSet]:
    """Every exercise's gold set on the bundled corpus, by name."""
    return dict(corpus_facts().gold_sets)


def load_gold_set(name: str) -> GoldSet:
    """One gold set by name; a clear error listing the names when it does not exist."""
    return named(corpus_facts().gold_sets, name, "gold set", CorpusError)


def naive_strategy(name: str) -> str:
    """The one-line first attempt an exercise expects a learner to improve on."""
    from .goldsets import exercises

    load_gold_set(name)
    return exercises()[name].naive_strategy


def trap_counts() -> dict[str, int]:
    """How many records of the bundled corpus carry each trap (see the data README)."""
    return dict(corpus_facts().trap_counts)


def duplicate_groups() -> list[frozenset[str]]:
    """The near-duplicate truth: each set holds the ids of one study's records."""
    return list(corpus_facts().duplicate_groups)


def record_traps() -> dict[str, frozenset[str]]:
    """The traps each record of the bundled corpus carries (records without one are left out)."""
    return dict(corpus_facts().record_traps)
