"""The curated source data in ``data/``, loaded once into small frozen structures.

Example::

    >>> topics()["falls"].label
    'Falls prevention in older adults'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ...datafiles import read_yaml as _read_yaml_file
from ...errors import DataFileError

CONCEPTS = ("problem", "population", "intervention", "setting", "outcome")
TRAP_CONCEPTS = ("problem", "intervention")


@dataclass(frozen=True)
class Facet:
    """One option of a concept: the words for it and the headings an indexer would give."""

    key: str
    terms: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    weight: float = 1.0
    settings: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    interventions: tuple[str, ...] = ()
    reserved: bool = False
    designs: tuple[str, ...] = ()

    @property
    def searchable(self) -> tuple[str, ...]:
        """Every wording a searcher could type for this facet (terms and synonyms)."""
        return self.terms + self.synonyms


@dataclass(frozen=True)
class Topic:
    """A course topic (or a background area): its concepts, designs, journals and title forms."""

    name: str
    label: str
    years: tuple[int, int]
    designs: dict[str, float]
    journals: tuple[str, ...]
    keywords: tuple[str, ...]
    concepts: dict[str, tuple[Facet, ...]]
    titles: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Journal:
    key: str
    name: str
    abbreviation: str
    spelling: str
    doi: str
    language: str = "eng"


def read_yaml(name: str) -> Any:
    """Parse one file of ``data/`` (from its JSON twin when up to date); a clear error if it is broken."""
    path = Path(str(resources.files(__package__).joinpath("data").joinpath(name)))
    try:
        return _read_yaml_file(path)
    except DataFileError as error:
        raise DataFileError(f"Corpus data file {name} cannot be read: {error.message}",
                            hint=error.hint or "Check the YAML syntax near the line shown.") from error


def _facets(concept: str, items: list[dict[str, Any]], where: str) -> tuple[Facet, ...]:
    facets = []
    for position, item in enumerate(items):
        if not item.get("terms"):
            raise DataFileError(f"{where}: {concept} option {position + 1} has no terms",
                                hint="Give every option at least one term.")
        terms = tuple(item["terms"])
        facets.append(Facet(
            key=str(item.get("key", f"{concept}{position + 1}")),
            terms=terms,
            synonyms=tuple(item.get("synonyms", ())),
            hidden=tuple(item.get("hidden", ())) or terms,
            neutral=tuple(item.get("neutral", ())) or terms,
            headings=tuple(item.get("headings", ())),
            weight=float(item.get("weight", 1.0)),
            settings=tuple(item.get("settings", ())),
            outcomes=tuple(item.get("outcomes", ())),
            interventions=tuple(item.get("interventions", ())),
            reserved=bool(item.get("reserved", False)),
            designs=tuple(item.get("designs", ())),
        ))
    return tuple(facets)


def _topic(name: str, data: dict[str, Any], defaults: dict[str, Any] | None = None) -> Topic:
    defaults = defaults or {}
    concepts = data.get("concepts", {k: data.get(k) for k in CONCEPTS})
    missing = [c for c in CONCEPTS if not concepts.get(c)]
    if missing:
        raise DataFileError(f"Corpus topic {name!r} lacks concepts: {', '.join(missing)}",
                            hint=f"Every topic needs {', '.join(CONCEPTS)}.")
    return Topic(
        name=name,
        label=data.get("label", name.replace("_", " ")),
        years=tuple(data.get("years", defaults.get("years", (1995, 2026)))),
        designs=dict(data.get("designs", defaults.get("designs", {}))),
        journals=tuple(data.get("journals", defaults.get("journals", ()))),
        keywords=tuple(data.get("keywords", ())),
        concepts={c: _facets(c, concepts[c], f"topic {name}") for c in CONCEPTS},
        titles={d: tuple(t) for d, t in data.get("titles", defaults.get("titles", {})).items()},
    )


@lru_cache(maxsize=1)
def topics() -> dict[str, Topic]:
    """The eight course topics, in file order."""
    return {name: _topic(name, data) for name, data in read_yaml("topics.yaml").items()}


@lru_cache(maxsize=1)
def background() -> tuple[dict[str, Topic], tuple[dict[str, Any], ...]]:
    """Background areas (as :class:`Topic`) and the false-friend templates."""
    data = read_yaml("background.yaml")
    bib = read_yaml("bibliographic.yaml")
    defaults = {"designs": data["designs"], "titles": data["titles"],
                "journals": bib["background_journals"], "years": (1990, 2026)}
    areas = {name: _topic(name, area, defaults) for name, area in data["areas"].items()}
    return areas, tuple(data["false_friends"])


@lru_cache(maxsize=1)
def abstracts() -> dict[str, Any]:
    """Abstract sentence templates by design, plus qualitative themes."""
    data: dict[str, Any] = read_yaml("abstracts.yaml")
    return data


@lru_cache(maxsize=1)
def bibliographic() -> tuple[dict[str, Journal], tuple[str, ...], str, tuple[str, ...]]:
    """Journals by key, surnames, initials and the non-English journal keys."""
    data = read_yaml("bibliographic.yaml")
    journals = {key: Journal(key=key, **value) for key, value in data["journals"].items()}
    return journals, tuple(data["surnames"]), str(data["initials"]), tuple(data["foreign_journals"])
