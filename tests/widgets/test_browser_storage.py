"""Saved work on the published site goes to browser storage through the same SaveSlot the widgets use
under CPython; the bridge runs a page's cells and carries widget messages both ways."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from searchcraft.widgets import browser_storage
from searchcraft.widgets.browser_storage import BrowserSavedState, MemoryStore
from searchcraft.widgets.in_browser import editable_strings
from searchcraft.widgets.saving import SaveSlot


@pytest.fixture
def store():
    memory = MemoryStore()
    browser_storage.use(memory, page="modules/km-02/learning-before-doing")
    yield memory
    browser_storage.use(None)


def test_a_slot_without_save_to_is_kept_in_the_browser_under_page_and_cell(store):
    browser_storage.start_cell("cell-7")
    slot = SaveSlot(None, kind="Quiz")
    assert slot.save({"answers": {"q1": [2]}}) == "Saved in this browser."
    [key] = store.items
    assert key == "searchcraft:page:modules/km-02/learning-before-doing#cell-7/Quiz-1"
    browser_storage.start_cell("cell-7")  # the same cell run again (a reload) finds the same work
    state, message = SaveSlot(None, kind="Quiz").restore()
    assert state == {"answers": {"q1": [2]}}
    assert message == "Restored your saved work from this browser."


def test_a_slot_with_save_to_uses_the_path_as_its_key_and_the_file_format(store):
    SaveSlot("my-work/cpd-log.json", kind="ReflectionLog").save({"entries": []})
    document = json.loads(store.items["searchcraft:file:my-work/cpd-log.json"])
    assert document == {"kind": "ReflectionLog", "version": 1, "state": {"entries": []}}


def test_corrupt_browser_state_is_kept_aside_and_the_learner_told(store):
    store.setItem("searchcraft:file:quiz.json", "{not json")
    state, message = SaveSlot("quiz.json", kind="Quiz").restore()
    assert state is None
    assert "could not be loaded" in message and "searchcraft:file:quiz.json.corrupt" in message
    assert store.getItem("searchcraft:file:quiz.json.corrupt") == "{not json"
    assert store.getItem("searchcraft:file:quiz.json") is None


def test_a_refused_write_becomes_a_message_not_an_exception(store):
    class Full(MemoryStore):
        def setItem(self, key, value):  # noqa: N802
            raise RuntimeError("QuotaExceededError")

    browser_storage.use(Full(), page="p")
    message = SaveSlot(None, kind="Quiz").save({"a": 1})
    assert message.startswith("Could not save your work to this browser")
    assert "QuotaExceededError" in message


def test_browser_documents_use_the_saved_state_file_format_version():
    from searchcraft.widgets.models.state import FORMAT_VERSION

    assert browser_storage.FORMAT_VERSION == FORMAT_VERSION


def test_under_cpython_slots_still_write_files(tmp_path):
    assert browser_storage.current() is None
    slot = SaveSlot(tmp_path / "quiz.json", kind="Quiz")
    assert slot.save({"a": 1}) == "Saved to quiz.json."
    assert json.loads((tmp_path / "quiz.json").read_text())["state"] == {"a": 1}
    assert isinstance(BrowserSavedState(MemoryStore(), "k", kind="Quiz").path.name, str)


def test_strategy_strings_are_offered_for_editing_but_not_other_assignments():
    source = 'strategy = ("falls[tiab] AND "\n            "exercise[tiab]")\nout_of = 4\nname = "x"\n'
    assert editable_strings(source) == [{"name": "strategy", "value": "falls[tiab] AND exercise[tiab]",
                                         "line": 1}]
    assert editable_strings("strategy = f'{a}'") == []
    assert editable_strings("def (") == []


BRIDGE_SCRIPT = textwrap.dedent('''
    import json, sys
    sent, shown = [], []
    from searchcraft.widgets import in_browser
    from searchcraft.widgets.browser_storage import MemoryStore
    in_browser.start(lambda message, buffers: sent.append(json.loads(message)),
                     lambda cell, kind, payload: shown.append((cell, kind, json.loads(payload))),
                     page="test/page", store=MemoryStore())
    ok = in_browser.run_cell("cell-0", "import ipywidgets as w\\nbox = w.Text(value='a')\\n"
                             "box.observe(lambda change: print('now', change['new']), names='value')\\nbox")
    opened = [m for m in sent if m["msg_type"] == "comm_open"]
    view = [p for c, k, p in shown if k == "display"][0]
    model_id = view["application/vnd.jupyter.widget-view+json"]["model_id"]
    in_browser._page.cell = "cell-0"
    in_browser.deliver(model_id, json.dumps({"method": "update", "state": {"value": "falls"}, "buffer_paths": []}))
    in_browser.run_cell("cell-2", "b = w.Button()\\ndef press(_):\\n    raise ValueError('the handler broke')\\n"
                        "b.on_click(press)\\nb")
    button_id = [p for c, k, p in shown if k == "display"][-1]["application/vnd.jupyter.widget-view+json"]["model_id"]
    in_browser.deliver(button_id, json.dumps({"method": "custom", "content": {"event": "click"}}))
    bad = in_browser.run_cell("cell-1", "x = (1,\\n  2")
    errors = [p for c, k, p in shown if k == "error"]
    streams = "".join(p["text"] for c, k, p in shown if k == "stream")
    print(json.dumps({"ok": ok, "bad": bad, "opened": len(opened), "model": model_id,
                      "state_value": opened[-1]["data"]["state"]["value"], "streams": streams,
                      "error": errors[0]["traceback"], "ipython_real": hasattr(sys.modules["IPython"], "__file__")}))
''')


def test_the_bridge_runs_a_cell_opens_its_widget_and_applies_updates_from_the_page():
    done = subprocess.run([sys.executable, "-c", BRIDGE_SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"] is True and result["bad"] is False
    assert result["opened"] >= 1 and result["state_value"] == "a"
    assert "now falls" in done.stdout                # the observer ran on the page's update
    assert result["streams"] == ""                   # (callbacks print to the console, as in JupyterLab)
    assert result["ipython_real"] is False           # the stand-in, not IPython, served ipywidgets
    assert "a widget callback failed" in done.stderr and "ValueError: the handler broke" in done.stderr
    assert '"<cell-1>", line 1' in result["error"] and "    x = (1,\n        ^" in result["error"]
    assert "SyntaxError" in result["error"]
