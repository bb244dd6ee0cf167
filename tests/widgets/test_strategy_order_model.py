"""The StrategyOrder puzzles: shuffled, fixable by moving lines, and solved only by a working order."""

from __future__ import annotations

import pytest

from searchcraft.widgets.models.strategy_order import (
    StrategyOrderError,
    StrategyOrderModel,
    strategy_puzzle,
    strategy_puzzles,
)

PUZZLES = list(strategy_puzzles())


def test_there_are_at_least_three_puzzles_each_on_a_corpus_gold_set():
    from searchcraft.practice.corpus.goldsets import exercises

    assert len(PUZZLES) >= 3
    for puzzle in strategy_puzzles().values():
        assert puzzle.gold_set in exercises()
        assert any(p.distractor for p in puzzle.pieces) and any("#" in p.text for p in puzzle.pieces)


@pytest.mark.parametrize("puzzle_id", PUZZLES)
def test_the_shuffled_start_is_not_a_working_order(puzzle_id):
    model = StrategyOrderModel(puzzle_id)
    assert [k for k in model.order if k.startswith("L")] != model.puzzle.solution()
    assert model.included == {p.key for p in model.puzzle.pieces}


@pytest.mark.slow
@pytest.mark.parametrize("puzzle_id", PUZZLES)
def test_the_written_order_finds_the_whole_gold_set_and_each_distractor_spoils_it(puzzle_id):
    model = StrategyOrderModel(puzzle_id)
    solution = model.puzzle.solution()
    model.arrange(solution)
    run = model.run()
    assert run.solved and run.recall == 1.0, run.messages
    assert [line.count is not None for line in run.lines] == [True] * len(solution)
    for distractor in (p.key for p in model.puzzle.pieces if p.distractor):
        model.arrange(solution + [distractor])
        spoilt = model.run()
        assert not spoilt.solved
        assert any(m.startswith("Hint:") for m in spoilt.messages)


@pytest.mark.slow
def test_a_reference_to_a_line_below_stops_the_run_at_that_line():
    model = StrategyOrderModel("hand-hygiene-feedback")
    solution = model.puzzle.solution()
    model.arrange([solution[2], *solution[:2], *solution[3:]])  # "#1 OR #2" first
    assert model.reference_problems()[0].startswith("Line 1 (#1 OR #2) refers to #1")
    run = model.run()
    assert not run.solved and run.lines[0].count is None and run.lines[0].problem
    assert run.messages[0].startswith("Line 1 could not be run")


@pytest.mark.slow
def test_swapping_two_lines_of_one_concept_still_works_but_moving_a_combined_line_does_not():
    model = StrategyOrderModel("falls-exercise")
    model.arrange(["L2", "L1", "L3", "L4", "L5", "L6", "L7"])
    assert model.run().solved
    model.arrange(["L1", "L2", "L4", "L3", "L5", "L6", "L7"])  # #3 now points at the exercise headings
    assert not model.run().solved


def test_moving_stops_at_the_top_and_bottom_and_numbers_follow_the_lines_in_use():
    model = StrategyOrderModel("falls-medication-review")
    first = model.order[0]
    model.move_up(first)
    assert model.order[0] == first
    model.move(first, 100)
    assert model.order[-1] == first
    model.include(first, False)
    assert first not in model.numbers() and sorted(model.numbers().values()) == list(range(1, len(model.order)))


def test_state_round_trips_and_a_foreign_state_is_refused():
    model = StrategyOrderModel("falls-exercise")
    model.move_down(model.order[0])
    model.include("D1", False)
    again = StrategyOrderModel("falls-exercise", seed=99)
    again.restore(model.to_state())
    assert again.order == model.order and again.included == model.included
    with pytest.raises(StrategyOrderError):
        again.restore(StrategyOrderModel("hand-hygiene-feedback").to_state())


def test_an_unknown_puzzle_names_the_known_ones():
    with pytest.raises(StrategyOrderError) as caught:
        strategy_puzzle("nope")
    assert "falls-exercise" in caught.value.hint
