"""The seeded record generator: one record per index, each from its own random stream.

Record ``i`` depends only on ``(seed, i)``: its random stream is seeded with a string naming both,
so the corpus streams in constant memory, two runs give the same bytes, and a near-duplicate can
regenerate the record it copies without keeping earlier records. Each record comes with an
:class:`Entry` describing how it was built (topic, facets, traps), which is how gold sets and trap
counts are known by construction rather than by searching.

Example::

    >>> first = next(generate_records(1))
    >>> first["id"], first["source"] in {"medline-like", "embase-like"}
    ('SC000001', True)
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import DataFileError
from .sources import CONCEPTS, TRAP_CONCEPTS, Facet, Journal, Topic, abstracts, background, bibliographic, topics
from .spelling import TRACKED_PAIRS, americanise

DEFAULT_SEED = 2026
#: The shipped corpus: this many records from the default seed.
BUNDLED_SIZE = 8000
BUNDLED_SEED = DEFAULT_SEED
_NAMESPACE = "searchcraft-corpus-v1"

# Shares of the corpus by kind of record (the rest is background from other areas of health).
TOPIC_SHARE = 0.52
DUPLICATE_SHARE = 0.04
FALSE_FRIEND_SHARE = 0.012

# How often a trap concept is written in a way a first search misses.
HEADING_ONLY_RATE = 0.06
SYNONYM_ONLY_RATE = 0.10
UNINDEXED_RATE = 0.07

PUBLICATION_TYPES: dict[str, tuple[str, ...]] = {
    "rct": ("Journal Article", "Randomized Controlled Trial"),
    "cohort": ("Journal Article", "Observational Study"),
    "cross_sectional": ("Journal Article",),
    "qualitative": ("Journal Article",),
    "evaluation": ("Journal Article", "Evaluation Study"),
    "systematic_review": ("Journal Article", "Systematic Review"),
    "protocol": ("Journal Article", "Clinical Trial Protocol"),
    "narrative_review": ("Journal Article", "Review"),
    "editorial": ("Editorial",),
    "letter": ("Letter", "Comment"),
    "erratum": ("Published Erratum",),
}
DESIGN_HEADINGS: dict[str, tuple[tuple[str, ...], ...]] = {
    "cohort": (("Cohort Studies",), ("Prospective Studies",), ("Retrospective Studies",)),
    "cross_sectional": (("Cross-Sectional Studies", "Surveys and Questionnaires"), ("Cross-Sectional Studies",)),
    "qualitative": (("Qualitative Research", "Interviews as Topic"), ("Qualitative Research", "Focus Groups")),
    "evaluation": (("Evaluation Studies as Topic",), ("Program Evaluation",), ()),
    "rct": ((), ("Pilot Projects",)),
}
_UNSTRUCTURED = ("editorial", "letter", "erratum")
# Designs whose records carry no abstract and no subject headings (PubMed indexes errata with none).
_BARE = ("erratum",)
_TITLE_SUFFIXES = ("", "", ": a pilot study", ": results from a multicentre study",
                   ": a replication", ": lessons from a regional programme")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_IF_NULL = "_IF_NULL"
_SLOT = re.compile(r"\{(\w+)\}")
_ARTICLE = re.compile(r"^(a|an|the) ", re.IGNORECASE)
_COUNTED = re.compile(r"(\d|\{n\}|\{k\}) $")


class CorpusError(DataFileError):
    """A request the corpus generator cannot satisfy (for example a negative record count)."""


@dataclass(frozen=True)
class Entry:
    """A generated record and how it was made.

    ``kind`` is ``topic``, ``background``, ``false_friend`` or ``duplicate``; ``facets`` maps each
    concept to the facet key used; ``modes`` says how each trap concept was written (``text``,
    ``synonym`` = only as a synonym in the abstract, ``heading`` = only in the headings);
    ``traps`` names the traps the record carries.
    """

    record: dict[str, Any]
    kind: str
    topic: str
    design: str
    facets: Mapping[str, str] = field(default_factory=dict)
    modes: Mapping[str, str] = field(default_factory=dict)
    traps: frozenset[str] = frozenset()
    duplicate_of: str = ""


def record_id(index: int) -> str:
    """The stable id of the record at ``index`` (0-based): ``SC000001`` for the first."""
    return f"SC{index + 1:06d}"


def _stream(seed: int, index: int) -> random.Random:
    return random.Random(f"{_NAMESPACE}:{seed}:{index}")


def _check_request(count: int, seed: int) -> None:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise CorpusError(f"The number of records must be a whole number of 0 or more, not {count!r}",
                          hint="Ask for e.g. generate_records(8000).")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise CorpusError(f"The seed must be a whole number, not {seed!r}",
                          hint="Use the default seed (2026) or any integer.")


def generate_entries(count: int, seed: int = DEFAULT_SEED) -> Iterator[Entry]:
    """Stream ``count`` entries (record plus construction notes) in index order."""
    _check_request(count, seed)
    for index in range(count):
        yield entry_at(index, seed)


def generate_records(count: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """Stream ``count`` practice records as dicts (the :class:`~searchcraft.records.Record` keys).

    Deterministic (same ``count`` and ``seed``, same records) and in bounded memory: nothing is
    kept between records, so a million records cost no more memory than ten.
    """
    _check_request(count, seed)
    return (entry.record for entry in generate_entries(count, seed))


def entry_at(index: int, seed: int = DEFAULT_SEED) -> Entry:
    """The entry at ``index``, built from its own random stream."""
    rng = _stream(seed, index)
    roll = rng.random()
    if roll < TOPIC_SHARE:
        return _topic_entry(index, rng)
    if roll < TOPIC_SHARE + DUPLICATE_SHARE:
        target = _duplicate_target(index, seed, rng)
        if target is not None:
            return _duplicate_entry(index, rng, entry_at(target, seed))
    elif roll < TOPIC_SHARE + DUPLICATE_SHARE + FALSE_FRIEND_SHARE:
        return _false_friend_entry(index, rng)
    return _background_entry(index, rng)


# --- choosing -----------------------------------------------------------------------------------

def _weighted(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


def _facet(rng: random.Random, facets: Sequence[Facet]) -> Facet:
    return rng.choices(facets, weights=[f.weight for f in facets])[0]


def bibliographic_keys() -> tuple[str, ...]:
    """Journal keys for background and false-friend records."""
    return next(iter(background()[0].values())).journals


def _journal(rng: random.Random, keys: Sequence[str]) -> Journal:
    journals, _, _, foreign = bibliographic()
    if rng.random() < 0.04:
        return journals[rng.choice(foreign)]
    return journals[rng.choice(keys)]


def _uses_british(rng: random.Random, journal: Journal) -> bool:
    share = {"uk": 0.85, "us": 0.1}.get(journal.spelling, 0.5)
    return rng.random() < share


def _year(rng: random.Random, years: Sequence[int]) -> int:
    low, high = int(years[0]), int(years[1])
    return min(high, low + int((high - low + 1) * rng.random() ** 0.6))


def _authors(rng: random.Random, design: str) -> list[str]:
    _, surnames, initials, _ = bibliographic()
    if design in _UNSTRUCTURED:
        count = rng.randint(1, 3)
    else:
        count = rng.choice((2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9))
    names: list[str] = []
    while len(names) < count:
        letters = "".join(rng.choice(initials) for _ in range(rng.choice((1, 2, 2))))
        name = f"{rng.choice(surnames)} {letters}"
        if name not in names:
            names.append(name)
    return names


def _pages(rng: random.Random) -> str:
    start = rng.randint(1, 2400)
    end = str(start + rng.randint(3, 14))
    first = str(start)
    if len(end) == len(first):
        keep = next((i for i, (a, b) in enumerate(zip(first, end, strict=False)) if a != b), len(end) - 1)
        end = end[keep:]
    return f"{first}-{end}"


# Plausible sizes by study design: (participants n, sites/studies/groups k). Qualitative studies
# interview tens of people, cohorts follow thousands, reviews pool tens of studies.
_SIZES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "rct": ((60, 2400), (2, 40)),
    "protocol": ((80, 1200), (2, 30)),
    "cohort": ((400, 250_000), (3, 120)),
    "cross_sectional": ((80, 6000), (2, 60)),
    "qualitative": ((8, 40), (3, 10)),
    "evaluation": ((30, 600), (2, 24)),
    "systematic_review": ((300, 40_000), (4, 60)),
    "narrative_review": ((300, 40_000), (4, 60)),
}


def _size(rng: random.Random, low: int, high: int) -> int:
    """A whole number between ``low`` and ``high``, spread evenly on a log scale."""
    return int(round(math.exp(rng.uniform(math.log(low), math.log(high)))))


def _p_value(z: float) -> str:
    """``p<0.001`` or ``p=0.04``: the two-sided p value of a normal deviate, as abstracts print it."""
    p = math.erfc(abs(z) / math.sqrt(2))
    if p < 0.001:
        return "p<0.001"
    return f"p={p:.3f}" if p < 0.01 else f"p={p:.2f}"


def _ratio(rng: random.Random, significant: bool) -> tuple[str, str, str, str]:
    """A ratio with its 95% confidence interval and p value that agree with one another.

    A significant ratio has an interval that excludes 1 and p below 0.05; a null one has an
    interval that spans 1 and p of 0.05 or more.
    """
    while True:
        if significant:
            log_ratio = math.log(rng.uniform(0.5, 0.88))
            se = rng.uniform(0.03, abs(log_ratio) / 2.1)
        else:
            log_ratio = math.log(rng.uniform(0.86, 1.12))
            se = rng.uniform(max(0.06, abs(log_ratio) / 1.8), 0.35)
        ratio, low, high = (math.exp(log_ratio + k * 1.96 * se) for k in (0, -1, 1))
        rounded = [f"{v:.2f}" for v in (ratio, low, high)]
        below = float(rounded[2]) < 1.0
        if (significant and below and float(rounded[1]) < float(rounded[0]) < float(rounded[2])) or \
                (not significant and float(rounded[1]) < 1.0 < float(rounded[2])):
            return rounded[0], rounded[1], rounded[2], _p_value(log_ratio / se)


def _numbers(rng: random.Random, design: str, year: int) -> dict[str, str]:
    (n_low, n_high), (k_low, k_high) = _SIZES.get(design, _SIZES["rct"])
    k = rng.randint(k_low, k_high)
    n = max(_size(rng, n_low, n_high), k * (3 if design == "qualitative" else 12))
    if design == "qualitative":
        n = min(n, n_high)
    pct = rng.randint(55, 96)
    before = rng.randint(30, 80)
    themes = rng.sample(abstracts()["themes"], 3)
    rr, lo, hi, p = _ratio(rng, significant=True)
    rr0, lo0, hi0, p0 = _ratio(rng, significant=False)
    smd = rng.uniform(0.15, 0.6)
    smd_se = rng.uniform(0.03, smd / 2.1)
    # A review searches before it is published: to an earlier year, or early in the same year.
    searched = year - rng.choice((0, 1, 1, 1, 2))
    month = rng.choice(_MONTHS[:6] if searched == year else _MONTHS)
    return {
        "n": str(n), "k": str(k), "months": str(rng.choice((3, 6, 12, 18, 24, 36))),
        "pct": str(pct), "pct2": str(rng.randint(15, 90)),
        "pct_before": str(before), "pct_after": str(min(99, before + rng.randint(5, 20))),
        "rr": rr, "lo": lo, "hi": hi, "p": p, "rr0": rr0, "lo0": lo0, "hi0": hi0, "p0": p0,
        "i2": str(rng.randint(0, 88)), "smd": f"{-smd:.2f}",
        "smd_lo": f"{-smd - 1.96 * smd_se:.2f}", "smd_hi": f"{-smd + 1.96 * smd_se:.2f}",
        "year": str(searched), "month": month,
        "theme1": themes[0], "theme2": themes[1], "theme3": themes[2],
    }


# --- writing ------------------------------------------------------------------------------------

def _capitalise(text: str) -> str:
    if not text or not text[0].islower() or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].upper() + text[1:]


def _pool(facet: Facet, concept: str, modes: Mapping[str, str], part: str) -> tuple[str, ...]:
    """The wordings a slot may use in the title or abstract, given how the concept is written."""
    if concept in TRAP_CONCEPTS:
        mode = modes.get(concept, "text")
        if mode == "text":
            return facet.terms if part == "title" else facet.terms + facet.synonyms
        if mode == "synonym" and part == "abstract":
            return facet.synonyms
        return facet.hidden
    if concept == "outcome" and modes.get("problem", "text") != "text":
        return facet.neutral
    return facet.terms


def _fill(template: str, rng: random.Random, pools: Mapping[str, Sequence[str]],
          numbers: Mapping[str, str], used: dict[str, set[str]]) -> str:
    def pick(match: re.Match[str]) -> str:
        name = match.group(1)
        concept = name.lower()
        if concept in pools:
            phrase = rng.choice(pools[concept])
            used.setdefault(concept, set()).add(phrase)
            if _COUNTED.search(match.string, 0, match.start()):
                phrase = _ARTICLE.sub("", phrase)  # "40 the oldest old" reads "40 oldest old"
            return _capitalise(phrase) if name[0].isupper() else phrase
        if name in numbers:
            return numbers[name]
        raise CorpusError(f"Unknown slot {{{name}}} in template {template!r}",
                          hint="Slots are problem, population, intervention, setting, outcome and numbers.")
    return _SLOT.sub(pick, template)


def _abstract(rng: random.Random, design: str, fill: Callable[[str], str]) -> str:
    sections = abstracts()[design]
    labelled = design not in _UNSTRUCTURED and "TEXT" not in sections and rng.random() < 0.8
    parts = []
    null_result = False
    for label, variants in sections.items():
        if label.endswith(_IF_NULL):
            continue
        if null_result and f"{label}{_IF_NULL}" in sections:
            variants = sections[f"{label}{_IF_NULL}"]
        template = rng.choice(variants)
        null_result = null_result or "{rr0}" in template
        text = fill(template)
        parts.append(f"{label}: {text}" if labelled else text)
    return " ".join(parts)


def _title(rng: random.Random, templates: Sequence[str], fill: Callable[[str], str], language: str) -> str:
    title = _capitalise(fill(rng.choice(templates)))
    if not title.endswith("?"):
        title += "."
    return f"[{title}]" if language != "eng" else title


def _merge_headings(headings: Sequence[str]) -> list[str]:
    """Headings in order, each once; a major mark wins over a minor mention."""
    merged: dict[str, bool] = {}
    for heading in headings:
        name = heading.lstrip("*")
        merged[name] = merged.get(name, False) or heading.startswith("*")
    return [("*" if major else "") + name for name, major in merged.items()]


def _present(phrase: str, text: str) -> bool:
    core = _ARTICLE.sub("", phrase.lower())
    return re.search(r"(?<![a-z0-9])" + re.escape(core) + r"(?![a-z0-9])", text) is not None


def _effective_mode(facet: Facet, title: str, abstract: str, keywords: Sequence[str], british: bool) -> str:
    """How the concept really appears in the finished text: text, synonym (abstract only) or heading."""
    convert = (lambda s: s) if british else americanise
    terms = [convert(t) for t in facet.terms]
    synonyms = [convert(s) for s in facet.synonyms]
    title, abstract = title.lower(), abstract.lower()
    keyword_text = " | ".join(keywords).lower()
    if any(_present(p, title) or _present(p, keyword_text) for p in terms + synonyms):
        return "text"
    if any(_present(t, abstract) for t in terms):
        return "text"
    if any(_present(s, abstract) for s in synonyms):
        return "synonym"
    return "heading"


def _keywords(rng: random.Random, used: Mapping[str, set[str]], modes: Mapping[str, str],
              extra: Sequence[str]) -> list[str]:
    pool: list[str] = []
    for concept in ("problem", "intervention", "population", "outcome"):
        if modes.get(concept, "text") != "text":
            continue
        pool.extend(sorted(used.get(concept, ())))
    if modes.get("problem", "text") == "text":
        pool.extend(extra)
    cleaned: list[str] = []
    for phrase in pool:
        phrase = _ARTICLE.sub("", phrase)
        if phrase not in cleaned:
            cleaned.append(phrase)
    rng.shuffle(cleaned)
    return cleaned[: rng.randint(3, 6)]


_TRACKED = re.compile(r"\b(" + "|".join(form for pair in TRACKED_PAIRS for form in pair) + ")")


def _spelling_traps(title: str, abstract: str) -> set[str]:
    """``spelling_<form>`` for each tracked spelling the text uses."""
    return {f"spelling_{form}" for form in _TRACKED.findall(f"{title} {abstract}".lower())}


def _choose_facets(rng: random.Random, topic: Topic, design: str) -> dict[str, Facet]:
    """One facet per concept; a population that only makes sense in some settings limits the setting.

    (No paediatric intensive care staff in care homes, no community-dwelling people on hospital wards.)
    """
    facets: dict[str, Facet] = {}
    for concept in CONCEPTS:
        options = topic.concepts[concept]
        population = facets.get("population")
        limits = {"setting": population.settings, "outcome": population.outcomes,
                  "intervention": population.interventions}.get(concept) if population else None
        if limits:
            options = tuple(f for f in options if f.key in limits)
        elif concept in ("setting", "outcome"):
            options = tuple(f for f in options if not f.reserved)
        # An outcome some designs cannot measure (readability is a property of a text, not of
        # randomised patients) is kept for the designs that can.
        options = tuple(f for f in options if not f.designs or design in f.designs) or options
        if not options:
            raise CorpusError(f"Topic {topic.name!r}: no {concept} fits population "
                              f"{facets['population'].key!r}",
                              hint="Check the population's settings/outcomes keys in topics.yaml.")
        facets[concept] = _facet(rng, options)
    return facets


def _titles(topic: Topic, design: str) -> Sequence[str]:
    titles = topic.titles.get(design) or abstracts()["titles"].get(design)
    if not titles:
        raise CorpusError(f"Topic {topic.name!r} has no title forms for design {design!r}",
                          hint="Add titles for the design to the topic, or shared ones to abstracts.yaml.")
    return titles


def _compose(index: int, rng: random.Random, topic: Topic, *, kind: str, traps_allowed: bool) -> Entry:
    design = _weighted(rng, topic.designs)
    facets = _choose_facets(rng, topic, design)
    journal = _journal(rng, topic.journals)
    british = _uses_british(rng, journal)
    structured = design not in _UNSTRUCTURED
    bare = design in _BARE
    unindexed = traps_allowed and structured and rng.random() < UNINDEXED_RATE
    has_abstract = structured or (not bare and rng.random() < 0.4)
    modes: dict[str, str] = {}
    for concept in TRAP_CONCEPTS:
        roll = rng.random()
        mode = "text"
        if traps_allowed and roll < HEADING_ONLY_RATE and not unindexed and not bare:
            mode = "heading"
        elif traps_allowed and roll < HEADING_ONLY_RATE + SYNONYM_ONLY_RATE and has_abstract \
                and facets[concept].synonyms:
            mode = "synonym"
        modes[concept] = mode
    year = rng.choice((2025, 2026)) if unindexed else _year(rng, topic.years)
    numbers = _numbers(rng, design, year)
    used: dict[str, set[str]] = {}
    title_pools = {c: _pool(facets[c], c, modes, "title") for c in CONCEPTS}
    abstract_pools = {c: _pool(facets[c], c, modes, "abstract") for c in CONCEPTS}
    for concept in CONCEPTS:
        # Plain concepts keep one wording through a record; trap concepts vary as authors do.
        if concept not in TRAP_CONCEPTS or not traps_allowed:
            title_pools[concept] = abstract_pools[concept] = (rng.choice(title_pools[concept]),)
    title = _title(rng, _titles(topic, design), lambda t: _fill(t, rng, title_pools, numbers, used),
                   journal.language)
    abstract = _abstract(rng, design, lambda t: _fill(t, rng, abstract_pools, numbers, used)) \
        if has_abstract else ""
    keywords = _keywords(rng, used, modes, topic.keywords) if rng.random() < 0.75 and not bare else []
    if not british:
        title, abstract = americanise(title), americanise(abstract)
        keywords = [americanise(k) for k in keywords]

    headings: list[str] = []
    if not unindexed and not bare:
        headings = ["Humans"]
        for concept in CONCEPTS:
            if design in _UNSTRUCTURED and concept not in TRAP_CONCEPTS:
                continue
            headings.extend(facets[concept].headings)
        for extra in rng.choice(DESIGN_HEADINGS.get(design, ((),))):
            headings.append(extra)
        if structured and rng.random() < 0.7:
            headings.extend(rng.choice((["Female", "Male"], ["Female"], ["Male"])))
        headings = _merge_headings(headings)

    if traps_allowed:
        effective = {c: _effective_mode(facets[c], title, abstract, keywords, british) for c in TRAP_CONCEPTS}
    else:
        effective = {c: "text" for c in TRAP_CONCEPTS}
    # A plain concept counts only if the record expresses it, in words or in headings.
    given = {h.lstrip("*") for h in headings}
    expressed = {c: facets[c].key for c in CONCEPTS
                 if used.get(c) and (c not in TRAP_CONCEPTS or effective[c] != "heading")
                 or any(h.lstrip("*") in given for h in facets[c].headings)}
    traps = _spelling_traps(title, abstract)
    if traps_allowed:
        if unindexed:
            traps.add("unindexed")
        if "synonym" in effective.values():
            traps.add("synonym_only_in_abstract")
        if headings and "heading" in effective.values():
            traps.add("heading_only")
    record = {
        "id": record_id(index),
        "pmid": str(31_000_001 + index),
        "title": title,
        "abstract": abstract,
        "authors": _authors(rng, design),
        "journal": journal.name,
        "journal_abbreviation": journal.abbreviation,
        "year": year,
        "volume": str(max(1, year - 1979)),
        "issue": str(rng.randint(1, 12)),
        "pages": _pages(rng),
        "language": journal.language,
        "publication_types": list(PUBLICATION_TYPES[design]),
        "keywords": keywords,
        "headings": headings,
        "doi": f"{journal.doi}.{year}.{index + 1:06d}",
        "source": "medline-like",
    }
    return Entry(record=record, kind=kind, topic=topic.name, design=design,
                 facets=expressed, modes=effective, traps=frozenset(traps))


def _topic_entry(index: int, rng: random.Random) -> Entry:
    topic = rng.choice(list(topics().values()))
    return _compose(index, rng, topic, kind="topic", traps_allowed=True)


def _background_entry(index: int, rng: random.Random) -> Entry:
    areas, _ = background()
    area = rng.choice(list(areas.values()))
    return _compose(index, rng, area, kind="background", traps_allowed=False)


def _false_friend_entry(index: int, rng: random.Random) -> Entry:
    _, friends = background()
    friend = friends[index % len(friends)]  # cycling spreads every template through the corpus
    journals, _, _, _ = bibliographic()
    journal = journals[rng.choice(bibliographic_keys())]
    british = _uses_british(rng, journal)
    design = "systematic_review" if "review" in friend["title"].lower() else "cross_sectional"
    year = _year(rng, (1995, 2026))
    numbers = _numbers(rng, design, year)
    title = friend["title"] + rng.choice(_TITLE_SUFFIXES) + "."
    abstract = _fill(friend["abstract"], rng, {}, numbers, {})
    keywords = list(friend.get("keywords", ()))
    if not british:
        title, abstract = americanise(title), americanise(abstract)
        keywords = [americanise(k) for k in keywords]
    record = {
        "id": record_id(index), "pmid": str(31_000_001 + index), "title": title,
        "abstract": abstract, "authors": _authors(rng, design), "journal": journal.name,
        "journal_abbreviation": journal.abbreviation, "year": year,
        "volume": str(max(1, year - 1979)), "issue": str(rng.randint(1, 12)), "pages": _pages(rng),
        "language": "eng", "publication_types": ["Journal Article"], "keywords": keywords,
        "headings": _merge_headings(friend["headings"]),
        "doi": f"{journal.doi}.{year}.{index + 1:06d}", "source": "medline-like",
    }
    traps = {"false_friend"} | _spelling_traps(title, abstract)
    return Entry(record=record, kind="false_friend", topic=friend["topic"], design=design,
                 traps=frozenset(traps))


# --- near-duplicates ----------------------------------------------------------------------------

def _duplicate_target(index: int, seed: int, rng: random.Random) -> int | None:
    """An earlier topic record to copy, or None (the record then becomes background)."""
    if index == 0:
        return None
    for _ in range(12):
        candidate = rng.randrange(max(0, index - 300), index)
        if _stream(seed, candidate).random() < TOPIC_SHARE:
            return candidate
    return None


def _full_pages(pages: str) -> str:
    first, _, end = pages.partition("-")
    if not end or len(end) >= len(first):
        return pages
    return f"{first}-{first[: len(first) - len(end)]}{end}"


def _vary_title(rng: random.Random, title: str) -> str:
    changed = americanise(title)
    if changed != title and rng.random() < 0.7:
        return changed.rstrip(".")
    options: tuple[Callable[[str], str], ...] = (
        lambda t: t.rstrip("."),
        lambda t: t.replace(": ", ". ", 1),
        lambda t: t.replace(": ", " - ", 1).rstrip("."),
        lambda t: t[0] + t[1:].lower() if not t.startswith("[") else t.rstrip("."),
    )
    for option in rng.sample(options, len(options)):
        varied = option(title)
        if varied != title:
            return varied
    return title.rstrip(".") + " (abstract)"


def _drop_middle_initials(name: str) -> str:
    surname, _, initials = name.rpartition(" ")
    return f"{surname} {initials[:1]}" if surname else name


def _duplicate_entry(index: int, rng: random.Random, original: Entry) -> Entry:
    """The same study as exported from a second database, with the small differences that causes."""
    source = original.record
    record = dict(source)
    record["id"] = record_id(index)
    record["pmid"] = ""
    record["source"] = "embase-like"
    record["title"] = _vary_title(rng, source["title"])
    record["authors"] = [_drop_middle_initials(a) for a in source["authors"]]
    record["pages"] = _full_pages(source["pages"])
    record["doi"] = source["doi"].upper()
    record["keywords"] = list(source["keywords"])
    record["headings"] = list(source["headings"])
    record["publication_types"] = list(source["publication_types"])
    if rng.random() < 0.3 and source["abstract"]:
        record["abstract"] = re.sub(r"\b([A-Z]+): ", lambda m: m.group(1).capitalize() + ": ",
                                    source["abstract"])
    if rng.random() < 0.2 and source["year"] < 2026:
        record["year"] = source["year"] + 1  # online first in one database, in print in the other
    traps = {"near_duplicate"} | _spelling_traps(record["title"], record["abstract"])
    return Entry(record=record, kind="duplicate", topic=original.topic, design=original.design,
                 facets=original.facets, modes=original.modes, traps=frozenset(traps),
                 duplicate_of=source["id"])
