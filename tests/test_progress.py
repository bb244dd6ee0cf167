"""The one progress reporter the command line uses (practice build, record fetching, grading)."""

from __future__ import annotations

import io

from searchcraft.practice.database import PracticeDatabase
from searchcraft.progress import ProgressLine


class Clock:
    """A clock the test moves by hand, so rates and redraw limits are exact."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def drawn(out: io.StringIO) -> list[str]:
    """Each state the line was drawn in, as the terminal shows it (trailing padding removed)."""
    return [part.rstrip() for part in out.getvalue().replace("\n", "").split("\r") if part]


def test_a_bar_with_a_total_shows_the_empty_bar_at_once_then_each_item_and_ends_its_line():
    out = io.StringIO()
    bar = ProgressLine("Grading search-01", total=4, stream=out, width=8)
    bar.advance("ana")
    bar.advance("benedict-the-longest-named-learner-of-all")
    bar.advance("cy")
    assert not out.getvalue().endswith("\n")
    bar.advance("di")
    assert drawn(out) == ["Grading search-01 [--------] 0/4",
                          "Grading search-01 [##------] 1/4 ana",
                          "Grading search-01 [####----] 2/4 benedict-the-longest-named-lea",
                          "Grading search-01 [######--] 3/4 cy",
                          "Grading search-01 [########] 4/4 di"]
    assert out.getvalue().endswith("\n") and out.getvalue().count("\n") == 1


def test_a_shorter_line_is_padded_over_what_the_longer_one_before_it_left():
    out = io.StringIO()
    bar = ProgressLine("Feedback", total=2, stream=out, width=2)
    bar.advance("a-long-name")
    bar.advance("b")
    last = out.getvalue().split("\r")[-1].rstrip("\n")
    assert last.startswith("Feedback [##] 2/2 b") and len(last) == len("Feedback [#-] 1/2 a-long-name")


def test_a_disabled_reporter_writes_nothing_at_all():
    out = io.StringIO()
    bar = ProgressLine("Grading", total=3, stream=out, enabled=False)
    for name in ("a", "b", "c"):
        bar.advance(name)
    bar.note("done")
    bar.finish()
    assert out.getvalue() == "" and bar.done == 3


def test_without_a_total_it_counts_with_a_rate_and_redraws_at_most_once_per_interval():
    out, clock = io.StringIO(), Clock()
    line = ProgressLine("Indexing records", unit="records", every=1.0, stream=out, clock=clock)
    clock.now += 0.5
    line.update(1_000)          # too soon after the start: not drawn
    assert out.getvalue() == ""
    clock.now += 0.5
    line.update(2_000)          # a second in: 2,000 records in 1 s
    clock.now += 0.2
    line.update(2_500)          # too soon after the last drawing
    clock.now += 0.3
    line.update(3_000, final=True)  # the last count is always drawn, and ends the line
    assert drawn(out) == ["Indexing records: 2,000 (2,000 records/s)",
                          "Indexing records: 3,000 (2,000 records/s)"]
    assert out.getvalue().endswith("\n")


def test_as_a_done_total_callable_it_is_what_a_source_fetch_reports_to():
    out = io.StringIO()
    progress = ProgressLine("Fetching records", stream=out, width=10)
    assert out.getvalue() == ""  # no total yet, nothing to draw
    for done in (200, 400, 500):
        progress(done, 500)
    progress.finish()  # the fetch already reached its total: no second newline
    assert drawn(out) == ["Fetching records [####------] 200/500",
                          "Fetching records [########--] 400/500",
                          "Fetching records [##########] 500/500"]
    assert out.getvalue().count("\n") == 1


def test_finish_and_note_end_a_drawn_line_once_and_finish_alone_writes_nothing():
    out = io.StringIO()
    ProgressLine("Nothing yet", stream=out).finish()
    assert out.getvalue() == ""
    clock = Clock()
    line = ProgressLine("Indexing records", stream=out, clock=clock)
    clock.now += 2.0
    line.update(10)
    line.note("Finishing the index...")
    line.finish()
    assert out.getvalue() == "\rIndexing records: 10 (5 items/s)\nFinishing the index...\n"


def test_an_empty_batch_draws_no_bar():
    out = io.StringIO()
    ProgressLine("Grading", total=0, stream=out).finish()
    assert out.getvalue() == ""


def test_building_a_practice_database_reports_its_progress_on_stderr_only(capsys):
    records = [{"id": f"r{i}", "title": f"Falls in care homes {i}"} for i in range(30)]
    PracticeDatabase.from_records(records, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Indexing records: 30 (" in captured.err and "records/s)" in captured.err
    assert "Finishing the index..." in captured.err
