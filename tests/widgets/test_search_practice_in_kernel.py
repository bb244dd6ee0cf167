"""Translator, ScreeningDesk, DedupLab and StrategyOrder in real Jupyter kernels (nbclient): driven
from a notebook, their saved work surviving a kernel restart, and a corrupt file kept aside."""

from __future__ import annotations

import json

import pytest

from support import printed, run_in_kernel

pytestmark = [pytest.mark.notebook, pytest.mark.slow]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


SETUP = """
from searchcraft.widgets import DedupLab, ScreeningDesk, StrategyOrder, Translator
translator = Translator('falls.ti.', from_='ovid', to='pubmed', save_to='work/translator.json')
translator.to.value = 'cinahl'
desk = ScreeningDesk(query='leaflet*[tiab] AND readability[tiab]', limit=6, save_to='work/screening.json')
desk.include.click()
desk.reason.value = 'Wrong study design'
desk.shortcuts.value = 'e'
lab = DedupLab(save_to='work/dedup.json')
lab.choice.value = 'accept'
lab.next.click()
lab.choice.value = 'reject'
order = StrategyOrder('hand-hygiene-feedback', save_to='work/order.json')
order.downs[0].click()
order.use[1].value = False
print(translator.outcome().text)
print(desk.model.tally())
print(lab.model.merged_count(), lab.model.before)
print(order.model.order, sorted(order.model.included))
"""

CHECK = """
from searchcraft.widgets import DedupLab, ScreeningDesk, StrategyOrder, Translator
translator = Translator(save_to='work/translator.json')
desk = ScreeningDesk(query='leaflet*[tiab] AND readability[tiab]', limit=6, save_to='work/screening.json')
lab = DedupLab(save_to='work/dedup.json')
order = StrategyOrder(save_to='work/order.json')
print(translator.outcome().text)
print(desk.model.tally())
print(lab.model.merged_count(), lab.model.before)
print(order.model.order, sorted(order.model.included))
print(order.puzzle.value, desk.model.decision_for(desk.model.records[1].id))
print(ScreeningDesk(query='leaflet*[tiab]', limit=3, save_to='work/broken.json').status.value)
"""


def test_driven_from_a_notebook_then_restored_in_a_new_kernel_with_a_corrupt_file_kept_aside(tmp_path):
    first = run_in_kernel([SETUP, "order"], tmp_path)
    before = printed(first.cells[0]).splitlines()
    assert before[0] == "TI falls"
    assert before[1] == "{'include': 1, 'exclude': 1, 'maybe': 0}"
    merged, total = map(int, before[2].split())
    assert merged == total - 1
    # The executed notebook carries the widgets' state, which the published site renders from.
    assert any(WIDGET_VIEW in o.get("data", {}) for o in first.cells[1].outputs)
    state = first.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    assert any(m["state"].get("description") == "Run the strategy" for m in state.values())

    (tmp_path / "work" / "broken.json").write_text("{oops", encoding="utf-8")
    second = run_in_kernel([CHECK], tmp_path)          # a new kernel: nothing shared but the files
    *after, restored, message = printed(second.cells[0]).splitlines()
    assert after == before
    assert restored.startswith("hand-hygiene-feedback Decision(decision='exclude', reason='Wrong study design')")
    assert "could not be loaded" in message and "broken.corrupt-1.json" in message
    assert (tmp_path / "work" / "broken.corrupt-1.json").read_text() == "{oops"
    kinds = {p.name: json.loads(p.read_text())["kind"] for p in (tmp_path / "work").glob("*.json")
             if "corrupt" not in p.name}
    assert kinds == {"translator.json": "Translator", "screening.json": "ScreeningDesk",
                     "dedup.json": "DedupLab", "order.json": "StrategyOrder"}
