"""The practice vocabulary: a MeSH-like heading tree that the generator's data agrees with."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchcraft.errors import DataFileError
from searchcraft.practice.corpus import vocabulary
from searchcraft.practice.corpus.sources import background, topics
from searchcraft.practice.corpus.vocabulary import parse_outline
from searchcraft.practice.tokenise import normalise_name
from searchcraft.practice.vocabulary import Vocabulary

DATA_README = Path(__file__).resolve().parents[3] / "src" / "searchcraft" / "practice" / "corpus" / "README.md"


@pytest.fixture(scope="module")
def headings() -> list[dict]:
    return vocabulary()


def test_the_vocabulary_has_at_least_three_hundred_headings_with_all_their_parts(headings):
    assert len(headings) >= 300
    for heading in headings:
        assert set(heading) >= {"heading", "tree_numbers", "entry_terms", "scope_note"}
        assert heading["tree_numbers"] and heading["scope_note"].endswith(".")


def test_tree_numbers_are_unique_and_every_parent_exists(headings):
    numbers = [n for h in headings for n in h["tree_numbers"]]
    assert len(numbers) == len(set(numbers))
    known = set(numbers)
    for number in numbers:
        if "." in number:
            assert number.rsplit(".", 1)[0] in known, number


def test_tree_numbers_look_like_mesh(headings):
    falls = next(h for h in headings if h["heading"] == "Accidental Falls")
    assert all(part.isdigit() for part in falls["tree_numbers"][0][1:].split("."))
    assert falls["tree_numbers"][0][0] == "N"


def test_a_heading_can_sit_in_two_places_in_the_tree(headings):
    telemedicine = next(h for h in headings if h["heading"] == "Telemedicine")
    assert {n[0] for n in telemedicine["tree_numbers"]} == {"L", "N"}


def test_entry_terms_lead_to_one_heading_only(headings):
    owners: dict[str, str] = {}
    names = {normalise_name(h["heading"]): h["heading"] for h in headings}
    for heading in headings:
        for term in heading["entry_terms"]:
            key = normalise_name(term)
            assert key not in owners, f"{term!r} is an entry term of {owners.get(key)} and {heading['heading']}"
            assert key not in names or names[key] == heading["heading"], term
            owners[key] = heading["heading"]


def test_the_practice_database_vocabulary_accepts_it_and_explodes_headings(headings):
    vocab = Vocabulary(headings)
    assert vocab.lookup("Falls").heading == "Accidental Falls"
    exploded = {h.heading for h in vocab.explode("Hand Hygiene")}
    assert exploded == {"Hand Hygiene", "Hand Disinfection"}


def test_every_heading_the_generator_uses_is_in_the_vocabulary(headings):
    names = {h["heading"] for h in headings}
    areas, friends = background()
    used = set()
    for topic in list(topics().values()) + list(areas.values()):
        for facets in topic.concepts.values():
            for facet in facets:
                used.update(h.lstrip("*") for h in facet.headings)
    for friend in friends:
        used.update(h.lstrip("*") for h in friend["headings"])
    assert used - names == set()


def test_the_data_readme_names_the_headings_that_are_not_mesh_names(headings):
    own = [h["heading"] for h in headings if not h["mesh_name"]]
    text = DATA_README.read_text(encoding="utf-8")
    assert own and all(name in text for name in own)


def test_an_outline_line_without_three_fields_is_reported_with_its_line_number():
    with pytest.raises(DataFileError, match="line 3"):
        parse_outline("[C] Diseases\nInfections | Infection | Invasion by organisms.\n  Sepsis | no note\n")


def test_an_outline_heading_indented_too_deep_is_reported():
    with pytest.raises(DataFileError, match="deeper than its parent"):
        parse_outline("[C] Diseases\nInfections | | Invasion.\n      Sepsis | | Organ failure.\n")


def test_a_repeated_heading_name_adds_a_tree_position():
    parsed = parse_outline("[C] Diseases\nA | | One.\n  B | | Two.\n[N] Care\nB\n")
    assert [h["tree_numbers"] for h in parsed] == [["C01"], ["C01.100", "N01"]]


def test_the_data_readme_states_the_trap_counts_and_gold_sets_of_the_bundled_corpus():
    import re

    from searchcraft.practice.corpus import gold_sets, trap_counts

    text = DATA_README.read_text(encoding="utf-8")
    counts = trap_counts()
    for row in re.findall(r"^\| `(spelling_\w+)` / `(spelling_\w+)` \| ([\d,]+) / ([\d,]+) \|", text, re.M):
        assert [counts[row[0]], counts[row[1]]] == [int(row[2].replace(",", "")), int(row[3].replace(",", ""))]
    for name in ("synonym_only_in_abstract", "heading_only", "unindexed", "near_duplicate", "false_friend"):
        stated = re.search(rf"^\| `{name}` \| ([\d,]+) \|", text, re.M)
        assert stated and int(stated.group(1).replace(",", "")) == counts[name], name
    from searchcraft.practice.corpus import exercises

    for name, gold in gold_sets().items():
        figures = exercises()[name].figures
        stated = re.search(rf"^\| `{name}` \| (\d+) \| (\d+) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \| "
                           rf"(\d+) / (\d+) \|", text, re.M)
        assert stated, name
        assert int(stated.group(1)) == len(gold.relevant) == figures["relevant"]
        assert int(stated.group(2)) == figures["retrieved"]
        assert float(stated.group(3)) == round(figures["recall"], 2)
        assert float(stated.group(4)) == figures["precision"]
        assert float(stated.group(5)) == gold.min_precision
        assert [int(stated.group(6)), int(stated.group(7))] == [figures["naive_found"], figures["naive_missed"]]


def test_the_data_readme_states_the_mix_of_records_and_designs():
    import re
    from collections import Counter

    from searchcraft.practice.corpus import bundled_entries, vocabulary

    text = " ".join(DATA_README.read_text(encoding="utf-8").split())
    number = lambda s: int(s.replace(",", ""))  # noqa: E731
    kinds = Counter(e.kind for e in bundled_entries())
    stated = re.search(r"About half of the records \(([\d,]+)\).*?one in twenty-five \(([\d,]+)\).*?"
                       r"one in eighty \(([\d,]+)\).*?the rest \(([\d,]+)\)", text)
    assert stated
    assert [number(g) for g in stated.groups()] == [kinds["topic"], kinds["duplicate"],
                                                   kinds["false_friend"], kinds["background"]]
    designs = Counter(e.design for e in bundled_entries() if e.kind == "topic")
    listed = re.search(r"Topic records by design: ([^;]*);", text).group(1)
    assert sum(number(n) for n in re.findall(r"(\d[\d,]*) ", listed)) == sum(designs.values())
    assert f"{designs['erratum']} errata" in listed and f"{designs['protocol']} protocols" in listed
    assert re.search(rf"\b{len(vocabulary())} headings in 15 categories", text)
