"""Exercise gold sets, proved on the bundled practice database built from the shipped corpus.

Each reference strategy must find every relevant record with at least its stated precision, and
each naive one-line strategy must miss some, so that every exercise teaches something.
"""

from __future__ import annotations

import os

import pytest

from searchcraft.practice import PracticeDatabase
from searchcraft.practice.bundled import ENVIRONMENT_VARIABLE
from searchcraft.practice.corpus import (
    BUNDLED_SIZE,
    CorpusError,
    bundled_entries,
    exercises,
    gold_sets,
    load_gold_set,
    naive_strategy,
)
from searchcraft.practice.corpus.sources import topics
from searchcraft.practice.goldset import GoldSet
from searchcraft.query import parse

NAMES = list(exercises())


@pytest.fixture(scope="module")
def database_file(tmp_path_factory):
    return tmp_path_factory.mktemp("bundled") / "practice.sqlite"


@pytest.fixture(scope="module")
def database(database_file):
    """PracticeDatabase.bundled(), built once into a temporary file for this module."""
    path = database_file
    previous = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = str(path)
    try:
        db = PracticeDatabase.bundled()
    finally:
        if previous is None:
            os.environ.pop(ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[ENVIRONMENT_VARIABLE] = previous
    yield db
    db.close()


def test_the_bundled_database_opens_the_full_corpus(database, database_file):
    assert len(database) == BUNDLED_SIZE
    # Small enough for the published site to fetch and open in the browser (Pyodide).
    assert database_file.stat().st_size < 20_000_000
    first = database.fetch(["SC000001"])[0]
    assert first.id == "SC000001" and first.title


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_strategy_finds_the_gold_set_at_the_stated_precision(database, name):
    gold = load_gold_set(name)
    score = gold.evaluate(database.search(gold.reference_strategy))
    assert score.recall >= 0.95, f"{name}: recall {score.recall:.3f}, missed {score.missed}"
    assert score.precision >= gold.min_precision, f"{name}: precision {score.precision:.3f}"


@pytest.fixture(scope="module")
def measured(database):
    from searchcraft.practice.figures import exercise_figures

    return exercise_figures(database)


@pytest.mark.parametrize("name", NAMES)
def test_each_exercise_states_the_figures_its_strategies_reach_on_the_built_database(measured, name):
    from dataclasses import asdict

    stated = exercises()[name].figures
    assert stated, f"{name}: exercises.yaml states no figures (python -m searchcraft.practice.figures --write)"
    assert {k: stated[k] for k in stated} == {k: v for k, v in asdict(measured[name]).items() if k in stated}
    assert set(stated) == {"relevant", "retrieved", "recall", "precision", "naive_found", "naive_missed"}
    assert load_gold_set(name).min_precision == measured[name].min_precision


def test_reference_strategies_see_the_precision_real_review_searches_see(measured):
    """Sensitive searches find what they must among many near misses: a few to a few tens of per cent."""
    precisions = sorted(f.precision for f in measured.values())
    assert all(0.02 <= p <= 0.5 for p in precisions), precisions
    assert precisions[len(precisions) // 2] <= 0.35
    assert all(f.recall >= 0.95 for f in measured.values())


def test_one_word_of_the_question_alone_is_far_from_precise(database):
    gold = load_gold_set("falls-exercise")
    assert gold.evaluate(database.search("exercise*[tiab]")).precision < 0.15


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_strategy_retrieves_near_misses_of_each_kind(database, name):
    """Records on the question's topic that fail it only by design, or only by population/setting/outcome."""
    exercise = exercises()[name]
    entries = {e.record["id"]: e for e in bundled_entries()}
    retrieved = set(database.search(exercise.reference_strategy).ids)
    other_design = other_framing = 0
    for record_id in retrieved - load_gold_set(name).relevant:
        entry = entries[record_id]
        if entry.kind != "topic" or entry.topic != exercise.topic:
            continue
        facets_fit = all(entry.facets.get(c) in keys for c, keys in exercise.relevant.items())
        other_design += facets_fit and entry.design not in exercise.designs
        other_framing += entry.design in exercise.designs and not facets_fit
    assert other_design >= 3 and other_framing >= 3, (other_design, other_framing)


@pytest.mark.parametrize("name", NAMES)
def test_gold_sets_hold_only_the_designs_the_question_asks_for(name):
    exercise = exercises()[name]
    entries = {e.record["id"]: e for e in bundled_entries()}
    designs = {entries[i].design for i in load_gold_set(name).relevant}
    assert designs and designs <= set(exercise.designs)
    assert not designs & {"letter", "editorial", "erratum", "protocol", "narrative_review"}
    if set(exercise.designs) <= {"rct", "systematic_review"}:  # effectiveness questions
        assert "qualitative" not in designs
        types = {t for i in load_gold_set(name).relevant for t in entries[i].record["publication_types"]}
        assert types & {"Randomized Controlled Trial", "Systematic Review"}
        assert not types & {"Letter", "Comment", "Editorial", "Published Erratum", "Clinical Trial Protocol"}


@pytest.mark.parametrize("name", NAMES)
def test_the_naive_one_line_strategy_misses_part_of_the_gold_set(database, name):
    gold = load_gold_set(name)
    naive = naive_strategy(name)
    assert "\n" not in naive and len(naive) < len(gold.reference_strategy)
    score = gold.evaluate(database.search(naive))
    assert score.found, f"{name}: the naive strategy should find something"
    assert score.missed, f"{name}: the naive strategy finds everything, so the exercise teaches nothing"


def test_false_friends_cost_some_reference_strategies_precision(database):
    friends = {e.record["id"] for e in bundled_entries() if e.kind == "false_friend"}
    tempted = [name for name, gold in gold_sets().items()
               if set(database.search(gold.reference_strategy).ids) & friends]
    assert len(tempted) >= 4, tempted


def test_there_are_at_least_twelve_questions_across_all_eight_topics():
    sets = gold_sets()
    assert len(sets) >= 12
    assert {g.topic for g in sets.values()} == {t.label for t in topics().values()}


@pytest.mark.parametrize("name", NAMES)
def test_each_gold_set_states_its_question_pico_and_a_valid_strategy(name):
    gold = load_gold_set(name)
    assert isinstance(gold, GoldSet) and gold.name == name
    assert gold.question.endswith("?") and len(gold.relevant) >= 20
    assert {"Population", "Outcome"} <= set(gold.pico)
    assert 0 < gold.min_precision <= 1
    parse(gold.reference_strategy)
    parse(naive_strategy(name))


def test_an_unknown_gold_set_name_is_a_clear_error_listing_the_names():
    with pytest.raises(CorpusError) as caught:
        load_gold_set("falls-prevention")
    assert "falls-exercise" in caught.value.hint


def test_near_duplicates_of_relevant_records_are_relevant_too():
    entries = {e.record["id"]: e for e in bundled_entries()}
    for gold in gold_sets().values():
        for record_id in gold.relevant:
            original = entries[record_id].duplicate_of
            if original:
                assert original in gold.relevant


def test_every_trap_is_met_by_at_least_one_exercise(database):
    """A relevant record with the trap that the naive strategy misses and the reference strategy finds
    (for false friends: one the reference strategy retrieves, costing precision)."""
    from searchcraft.practice.corpus.goldsets import TRAP_NAMES

    traps = {e.record["id"]: e.traps for e in bundled_entries()}
    friends = {i for i, t in traps.items() if "false_friend" in t}
    met: dict[str, list[str]] = {trap: [] for trap in TRAP_NAMES}
    for name in NAMES:
        gold = load_gold_set(name)
        found = set(database.search(gold.reference_strategy).ids)
        missed = gold.relevant - set(database.search(naive_strategy(name)).ids)
        for record_id in missed & found:
            for trap in traps[record_id]:
                met[trap].append(name)
        if found & friends:
            met["false_friend"].append(name)
    assert [trap for trap, names in met.items() if not names] == []


def test_a_quick_answer_question_counts_only_the_years_agreed_with_the_requester(database):
    """diabetes-apps-recent is diabetes-apps as a GP trainee framed it: trials and reviews since 2020,
    so older trials are near misses, and a search that keeps to the agreed years stays readable."""
    recent, every_year = load_gold_set("diabetes-apps-recent"), load_gold_set("diabetes-apps")
    entries = {e.record["id"]: e for e in bundled_entries()}
    assert recent.relevant < every_year.relevant
    assert all(entries[i].record["year"] >= 2020 for i in recent.relevant)
    assert all(entries[i].record["year"] < 2020 for i in every_year.relevant - recent.relevant)
    retrieved = database.search(recent.reference_strategy)
    assert retrieved.count <= 50   # a quick answer: what can be read in about half an hour
    assert recent.evaluate(retrieved).recall >= 0.95


def test_an_exercise_whose_since_is_not_a_year_is_a_clear_error():
    from searchcraft.practice.corpus.goldsets import parse_exercises
    from searchcraft.practice.corpus.sources import read_yaml

    entry = dict(read_yaml("exercises.yaml")["diabetes-apps-recent"])
    assert parse_exercises({"recent": entry})["recent"].since == 2020
    entry["relevant"] = {**entry["relevant"], "since": "recent"}
    with pytest.raises(CorpusError, match="'since' must be a publication year"):
        parse_exercises({"recent": entry})
