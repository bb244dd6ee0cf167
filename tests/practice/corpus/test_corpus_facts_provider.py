"""The corpus's facts provider: one answer for gold sets and traps, from a file the site built or worked out.

Each test runs in a fresh interpreter (the provider keeps what it found for the life of the process),
with the real corpus: the file written at build time must give exactly what generating the corpus gives.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from searchcraft.practice.corpus import CorpusError, CorpusFacts, corpus_facts
from searchcraft.practice.corpus.facts import read_facts, work_out, write_facts


def run_python(code: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_facts_survive_the_round_trip_through_json():
    facts = work_out()
    again = CorpusFacts.from_json(json.loads(json.dumps(facts.to_json())))
    assert again == facts
    assert again.source == "file" and facts.source == "worked out"
    assert facts.gold_sets["falls-exercise"].relevant
    assert all(traps for traps in facts.record_traps.values())


def test_a_file_from_this_corpus_is_used_and_gives_the_same_answers_as_generating_it(tmp_path):
    path = write_facts(tmp_path / "facts.json")
    result = run_python('''
        import json, sys
        from searchcraft.practice import corpus, exercise
        used = corpus.use_facts_file(sys.argv[1])
        from searchcraft.practice.corpus import goldsets
        # the corpus was not generated: the gold sets, traps and marking came from the file
        generated = goldsets.bundled_entries.cache_info().currsize
        mark = exercise.mark_strategy("falls[tiab] AND exercise[tiab]", "falls-exercise")
        print(json.dumps({"used": used, "source": corpus.corpus_facts().source, "generated": generated,
                          "relevant": sorted(corpus.load_gold_set("falls-exercise").relevant),
                          "traps": corpus.trap_counts(), "feedback": mark.feedback}))
    ''', str(path))
    from searchcraft.practice.corpus import load_gold_set, trap_counts
    from searchcraft.practice.exercise import mark_strategy

    assert result["used"] is True and result["source"] == "file" and result["generated"] == 0
    assert result["relevant"] == sorted(load_gold_set("falls-exercise").relevant)
    assert result["traps"] == trap_counts()
    assert result["feedback"] == mark_strategy("falls[tiab] AND exercise[tiab]", "falls-exercise").feedback


def test_a_file_from_another_corpus_is_passed_over_and_the_facts_are_worked_out(tmp_path):
    stale = dict(work_out().to_json(), fingerprint="0000000000000000")
    stale["gold_sets"]["falls-exercise"]["relevant"] = ["SC999999"]
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(stale), encoding="utf-8")
    assert read_facts(path) is None
    result = run_python('''
        import json, sys
        from searchcraft.practice import corpus
        used = corpus.use_facts_file(sys.argv[1])
        print(json.dumps({"used": used, "source": corpus.corpus_facts().source,
                          "relevant": sorted(corpus.load_gold_set("falls-exercise").relevant)}))
    ''', str(path))
    assert result["used"] is False and result["source"] == "worked out"
    assert "SC999999" not in result["relevant"] and len(result["relevant"]) > 20


def test_a_damaged_file_gets_a_clear_error(tmp_path):
    broken = tmp_path / "facts.json"
    broken.write_text('{"fingerprint": ', encoding="utf-8")
    with pytest.raises(CorpusError, match="Cannot read the corpus facts"):
        read_facts(broken)
    incomplete = dict(work_out().to_json())
    del incomplete["record_traps"]
    broken.write_text(json.dumps(incomplete), encoding="utf-8")
    with pytest.raises(CorpusError, match="incomplete") as raised:
        read_facts(broken)
    assert "write_facts" in raised.value.hint


def test_without_a_file_the_facts_are_worked_out_from_the_corpus():
    assert corpus_facts() == work_out()
