"""The published site comes alive in the learner's browser: Python on Pyodide, served by the site itself.

Every test drives Debian's Chromium against the built site (``built_site``) served by a plain static
HTTP server on 127.0.0.1, records every request the pages make, and checks that none left
127.0.0.1 and none failed. Expected figures come from the same searchcraft code run here in CPython.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from support import REPO, Recorder, require

pytestmark = [pytest.mark.browser, pytest.mark.notebook, pytest.mark.slow]

BOOLEAN = "modules/search-05-boolean-logic/boolean-operators.html"
KM_QUIZ = "modules/km-02-learning-before/learning-before-doing.html"
REFLECTION = "modules/cpd-01-reflective-practice/reflective-practice.html"
GALLERY = "book/widget-gallery.html"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
START = "Start Python on this page"
STARTUP_MS = 240_000


@pytest.fixture(scope="module")
def live_site(built_site):
    require((built_site / "_static" / "wheels" / "manifest.json").is_file(),
            "the live files (run `make vendor`, which fills _live/)")
    require((built_site / "_static" / "pyodide" / "pyodide.asm.wasm").is_file(), "Pyodide under _static/")
    import zipfile

    [wheel] = (built_site / "_static" / "wheels").glob("searchcraft-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        stale = [name for name in archive.namelist() if name.startswith("searchcraft/") and name.endswith(".py")
                 and archive.read(name) != (REPO / "src" / name).read_bytes()]
    assert stale == [], "the site's searchcraft wheel is older than the source: run `make vendor`"
    return built_site


@pytest.fixture
def context(browser, live_site, site_url):
    context = browser.new_context(service_workers="block")
    context.recorder = Recorder(context, site_url)
    yield context
    context.close()


def start_python(page) -> None:
    if page.evaluate("window.searchcraftLive.state") == "static":
        page.get_by_role("button", name=START).click()
    page.wait_for_function("['live', 'failed', 'refused'].includes(window.searchcraftLive.state)",
                           timeout=STARTUP_MS)
    status = page.locator(".sc-live-status").inner_text()
    assert page.evaluate("window.searchcraftLive.state") == "live", status
    assert "every exercise on this page now works" in status
    assert page.locator(".sc-live-error").count() == 0, page.locator(".sc-live-error").first.inner_text()


def open_live(context, site_url: str, path: str):
    page = context.new_page()
    page.goto(f"{site_url}/{path}", wait_until="domcontentloaded")
    start_python(page)
    return page


def test_before_python_starts_each_widget_says_it_is_a_picture_and_cannot_be_used(context, site_url):
    page = context.new_page()
    page.goto(f"{site_url}/{BOOLEAN}", wait_until="networkidle")
    assert page.get_by_role("button", name=START).is_visible()
    notice = page.locator(".sc-live-notice").first
    assert "not working yet" in notice.inner_text()
    assert page.locator(".sc-live-notice button").first.inner_text() == "Start Python to use it"
    dead = page.locator(".cell_output[inert]").first
    assert dead.locator(".widget-toggle-buttons").count() >= 1   # the picture is there, and inert
    context.recorder.assert_clean()


def test_boolean_page_comes_alive_and_not_redraws_the_venn_with_the_right_count(context, site_url):
    from searchcraft.widgets.models.venn import VennModel

    sets = {"falls": {"R1", "R2", "R3", "R4"}, "exercise": {"R3", "R4", "R5", "R6"},
            "older adults": {"R2", "R4", "R7"}}
    before, after = VennModel(sets), VennModel(sets)
    before.set_operators(["AND", "OR"])
    after.set_operators(["AND", "NOT"])
    assert len(before.result()) != len(after.result())

    page = open_live(context, site_url, BOOLEAN)
    venn = page.locator(".sc-live-widget").first
    assert page.locator(".sc-live-notice").count() == 0
    expected_before = before.summary().split(" NOT removed")[0]
    assert expected_before in venn.inner_text()
    second_chooser = venn.locator(".widget-toggle-buttons").nth(1)
    second_chooser.get_by_role("button", name="NOT").click()
    expected_after = after.summary().split(" NOT removed")[0]
    page.wait_for_function("([el, text]) => el.innerText.includes(text)",
                           arg=[venn.element_handle(), expected_after], timeout=10_000)
    title = venn.locator("svg[role=img] title").first.text_content()
    assert f"finds {len(after.result())} record" in title
    assert expected_before not in venn.inner_text()
    context.recorder.assert_clean()


def test_a_km_quiz_gives_feedback_and_the_answer_survives_a_reload(context, site_url):
    page = open_live(context, site_url, KM_QUIZ)
    quiz = page.locator(".sc-live-widget").filter(has_text="Check answer 1").first
    quiz.get_by_role("radio").first.check()
    quiz.get_by_role("button", name="Check answer 1").click()
    feedback = quiz.locator("[role=status]").filter(has_text="you chose this").first
    feedback.wait_for(timeout=10_000)
    verdict = feedback.inner_text()

    page.reload(wait_until="domcontentloaded")
    start_python(page)
    quiz = page.locator(".sc-live-widget").filter(has_text="Check answer 1").first
    assert quiz.get_by_role("radio").first.is_checked()
    assert verdict in quiz.inner_text()
    assert "Restored your saved work from this browser." in quiz.inner_text()
    context.recorder.assert_clean()


def test_a_reflection_is_exported_as_a_download_and_still_there_after_a_reload(context, site_url):
    page = open_live(context, site_url, REFLECTION)
    log = page.locator(".sc-live-widget").filter(has_text="Add to log").first
    log.get_by_label("Activity:").fill("Journal club on falls prevention")
    log.locator("textarea").first.fill("We compared two strategies for the same question.")
    log.get_by_role("button", name="Add to log").click()
    log.locator("table").filter(has_text="Journal club on falls prevention").wait_for(timeout=10_000)
    with page.expect_download(timeout=20_000) as download:
        log.get_by_role("button", name="Export Markdown").click()
    exported = download.value
    assert exported.suggested_filename.endswith(".md")
    assert "Journal club on falls prevention" in open(exported.path(), encoding="utf-8").read()

    page.reload(wait_until="domcontentloaded")
    start_python(page)
    log = page.locator(".sc-live-widget").filter(has_text="Add to log").first
    assert "Journal club on falls prevention" in log.locator("table").first.inner_text()
    context.recorder.assert_clean()


def test_saved_work_is_exported_to_a_file_cleared_and_imported_back(context, site_url, tmp_path):
    import json

    page = open_live(context, site_url, KM_QUIZ)
    quiz = page.locator(".sc-live-widget").filter(has_text="Check answer 1").first
    quiz.get_by_role("radio").first.check()
    quiz.get_by_role("button", name="Check answer 1").click()
    quiz.locator("[role=status]").filter(has_text="you chose this").first.wait_for(timeout=10_000)
    with page.expect_download(timeout=20_000) as download:
        page.get_by_role("button", name="Export my work").click()
    exported = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert exported["format"] == "searchcraft-saved-work"
    [key] = [k for k in exported["items"] if k.endswith("/Quiz-1")]
    assert exported["items"][key]["kind"] == "Quiz"
    (tmp_path / "mine.json").write_text(json.dumps(exported), encoding="utf-8")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear my data").click()
    page.locator(".sc-live-status").get_by_text("Cleared").wait_for(timeout=5_000)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('searchcraft:'))") == []

    page.get_by_label("Import my work").set_input_files(str(tmp_path / "mine.json"))
    items = len(exported["items"])   # the quiz, and the learner's record it updates
    page.locator(".sc-live-status").get_by_text(f"Imported {items} saved item").wait_for(timeout=5_000)
    page.reload(wait_until="domcontentloaded")
    start_python(page)
    quiz = page.locator(".sc-live-widget").filter(has_text="Check answer 1").first
    assert quiz.get_by_role("radio").first.is_checked()
    context.recorder.assert_clean()


def test_a_strategy_gets_a_live_count_a_history_line_and_marking_that_names_a_missed_record(context, site_url):
    from searchcraft.practice import PracticeDatabase
    from searchcraft.practice.exercise import mark_strategy

    db = PracticeDatabase.bundled()
    query = '"hand hygiene"[tiab] AND nurs*[tiab]'
    page = open_live(context, site_url, GALLERY)
    builder = page.locator(".sc-live-widget").filter(has_text="Add to history").first
    builder.get_by_label("Search line:").fill(query)
    count = db.count(query)
    builder.get_by_text(f"would find {count:,} record").wait_for(timeout=10_000)
    builder.get_by_role("button", name="Add to history").click()
    builder.get_by_text(f"Added #1: {count:,} result").wait_for(timeout=10_000)
    assert query in builder.inner_text()

    # The Boolean page's "edit this strategy" exercise: a text box, then mark_strategy's feedback.
    page = open_live(context, site_url, BOOLEAN)
    mine = "falls[tiab] AND exercise[tiab]"
    box = page.get_by_label(re.compile("Your version of strategy")).last
    box.fill(mine)
    box.locator("xpath=..").get_by_role("button", name="Run with my version").click()
    mark = mark_strategy(mine, "falls-exercise", out_of=4, precision_floor=0.8)
    missed_line = next(line for line in mark.feedback.splitlines() if line.strip().startswith("-"))
    output = page.locator(".sc-live-output").filter(has_text="Relevant records it missed").last
    output.wait_for(timeout=20_000)
    assert f"{db.count(mine)} results" in output.inner_text()
    assert missed_line.strip() in output.inner_text()
    context.recorder.assert_clean()


def test_a_search_with_a_syntax_error_shows_the_positioned_message(context, site_url):
    from searchcraft.errors import SearchCraftError
    from searchcraft.query import parse

    broken = "falls[tiab] AND (exercise[tiab] OR"
    with pytest.raises(SearchCraftError) as raised:
        parse(broken, "pubmed")
    page = open_live(context, site_url, GALLERY)
    builder = page.locator(".sc-live-widget").filter(has_text="Add to history").first
    builder.get_by_label("Search line:").fill(broken)
    builder.get_by_text("Not a complete search yet").wait_for(timeout=10_000)
    text = builder.inner_text()
    assert raised.value.message.split(":")[0] in text
    assert "^" in text   # the caret under the position, as in JupyterLab
    context.recorder.assert_clean()


@pytest.mark.parametrize("disable, expected", [
    ("delete window.WebAssembly;", "does not run WebAssembly"),
    ("Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});",
     "does not let the site keep data"),
], ids=["no-webassembly", "no-storage"])
def test_a_browser_that_cannot_run_python_gets_a_clear_message_and_the_static_page(
        browser, live_site, site_url, disable, expected):
    context = browser.new_context(service_workers="block")
    recorder = Recorder(context, site_url)
    context.add_init_script(disable)
    page = context.new_page()
    page.goto(f"{site_url}/{BOOLEAN}", wait_until="networkidle")
    page.get_by_role("button", name=START).click()
    status = page.locator(".sc-live-status")
    status.get_by_text(expected).wait_for(timeout=5_000)
    assert "picture" in status.inner_text()
    assert page.locator(".cell_output[inert] .widget-toggle-buttons").count() >= 1   # the static page stays
    assert not any("/_static/pyodide/" in url for url in recorder.requested)
    recorder.assert_clean()
    context.close()


def kept_for_offline(page) -> None:
    """Wait until the offline copy holds Python's files and this page."""
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
    page.wait_for_function("""async () => {
        const cache = await caches.open('searchcraft-site-v1');
        const keys = (await cache.keys()).map(r => r.url);
        return keys.some(u => u.endsWith('practice.sqlite.gz')) && keys.some(u => u.endsWith('bundled-facts.json'))
            && keys.some(u => u.endsWith('pyodide.asm.wasm')) && keys.includes(location.href.split('#')[0]);
    }""", timeout=180_000, polling=1_000)


def test_after_one_visit_every_check_passes_with_the_network_cut_off(browser, live_site, cut_off_site):
    """A learner on a train: pages opened once keep working, live, with no network at all."""
    from searchcraft.practice import PracticeDatabase
    from searchcraft.practice.exercise import mark_strategy
    from searchcraft.widgets.models.venn import VennModel

    site_url = cut_off_site.url
    context = browser.new_context()                     # service workers allowed: the offline copy
    recorder = Recorder(context, site_url)
    page = open_live(context, site_url, BOOLEAN)        # the first visit, online
    kept_for_offline(page)
    for path in (KM_QUIZ, GALLERY, REFLECTION):
        page.goto(f"{site_url}/{path}", wait_until="load")
        kept_for_offline(page)

    cut_off_site.cut_off()
    context.set_offline(True)
    served_before = len(recorder.requested)

    # Boolean logic: NOT redraws the Venn diagram and its caption
    page.goto(f"{site_url}/{BOOLEAN}", wait_until="domcontentloaded")
    start_python(page)
    after = VennModel({"falls": {"R1", "R2", "R3", "R4"}, "exercise": {"R3", "R4", "R5", "R6"},
                       "older adults": {"R2", "R4", "R7"}})
    after.set_operators(["AND", "NOT"])
    venn = page.locator(".sc-live-widget").first
    venn.locator(".widget-toggle-buttons").nth(1).get_by_role("button", name="NOT").click()
    page.wait_for_function("([el, text]) => el.innerText.includes(text)",
                           arg=[venn.element_handle(), after.summary().split(" NOT removed")[0]], timeout=20_000)
    assert f"finds {len(after.result())} record" in venn.locator("svg[role=img] title").first.text_content()

    # ... and mark_strategy's feedback names a record the learner's version missed
    db = PracticeDatabase.bundled()
    mine = "falls[tiab] AND exercise[tiab]"
    box = page.get_by_label(re.compile("Your version of strategy")).last
    box.fill(mine)
    box.locator("xpath=..").get_by_role("button", name="Run with my version").click()
    mark = mark_strategy(mine, "falls-exercise", out_of=4, purpose="systematic-review")
    missed_line = next(line for line in mark.feedback.splitlines() if line.strip().startswith("-"))
    output = page.locator(".sc-live-output").filter(has_text="Relevant records it missed").last
    output.wait_for(timeout=30_000)
    assert missed_line.strip() in output.inner_text()

    # A KM quiz: an answer gets its feedback
    page.goto(f"{site_url}/{KM_QUIZ}", wait_until="domcontentloaded")
    start_python(page)
    quiz = page.locator(".sc-live-widget").filter(has_text="Check answer 1").first
    quiz.get_by_role("radio").nth(1).check()
    quiz.get_by_role("button", name="Check answer 1").click()
    feedback = quiz.locator("[role=status]").filter(has_text="you chose this").first
    feedback.wait_for(timeout=20_000)
    verdict = feedback.inner_text()

    # A searching page: a strategy's live count, then a line in the history
    query = '"hand hygiene"[tiab] AND nurs*[tiab]'
    count = db.count(query)
    page.goto(f"{site_url}/{GALLERY}", wait_until="domcontentloaded")
    start_python(page)
    builder = page.locator(".sc-live-widget").filter(has_text="Add to history").first
    builder.get_by_label("Search line:").fill(query)
    builder.get_by_text(f"would find {count:,} record").wait_for(timeout=20_000)
    builder.get_by_role("button", name="Add to history").click()
    builder.get_by_text(f"Added #1: {count:,} result").wait_for(timeout=20_000)

    # A reflection, then both it and the quiz answer are still there after a reload
    page.goto(f"{site_url}/{REFLECTION}", wait_until="domcontentloaded")
    start_python(page)
    log = page.locator(".sc-live-widget").filter(has_text="Add to log").first
    log.get_by_label("Activity:").fill("Searching on the train")
    log.locator("textarea").first.fill("No signal between stations, and the exercises still worked.")
    log.get_by_role("button", name="Add to log").click()
    log.locator("table").filter(has_text="Searching on the train").wait_for(timeout=20_000)
    page.reload(wait_until="domcontentloaded")
    start_python(page)
    log = page.locator(".sc-live-widget").filter(has_text="Add to log").first
    assert "Searching on the train" in log.locator("table").first.inner_text()
    page.goto(f"{site_url}/{KM_QUIZ}", wait_until="domcontentloaded")
    start_python(page)
    quiz = page.locator(".sc-live-widget").filter(has_text="Check answer 1").first
    assert quiz.get_by_role("radio").nth(1).is_checked()
    assert verdict in quiz.inner_text()

    assert len(recorder.requested) > served_before        # the pages did ask, and the offline copy answered
    elsewhere = [u for u in recorder.requested if urlparse(u).scheme in ("http", "https")
                 and urlparse(u).netloc != recorder.host]
    assert elsewhere == []
    context.close()


def test_live_pages_have_no_serious_accessibility_violation(context, site_url):
    """(Every module page is also checked once live, below, after each widget has been used.)"""
    require(AXE.is_file(), "axe-core from npm (run `npm ci`)")
    report = {}
    for path in (BOOLEAN, KM_QUIZ):
        page = open_live(context, site_url, path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                               ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
        found = [f"{v['id']}: {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:3])
                 for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if found:
            report[path] = found
        page.close()
    assert report == {}
    context.recorder.assert_clean()


# --- every module page comes alive, and every widget on it answers -----------------------------------------

# Every module page with code, and the gallery, which shows every widget the kit has.
MODULE_PAGES = sorted(path.relative_to(REPO).with_suffix(".html").as_posix()
                      for path in (REPO / "modules").glob("*/*.ipynb")) + [GALLERY]
WIDGET_VIEW_SCRIPT = 'script[type="application/vnd.jupyter.widget-view+json"]'
# How a widget is tried: its plain buttons are pressed in turn until one gets an answer from Python (a
# button that only redraws what is already shown gets none), else a box gets a search word, a list moves
# on, a toggle or a choice is picked (then Python must have taken the message).
ANSWER_ONE_CONTROL = """async (widget) => {
    const live = window.searchcraftLive;
    const before = {...live.messages};
    const usable = (el) => !el.disabled && el.offsetParent !== null;
    const settled = async () => {         // until every message the page sent has been handled
        let sent;
        do {
            sent = live.messages.toPython;
            await live.idle();
            await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
        } while (sent !== live.messages.toPython);
    };
    const buttons = () => [...widget.querySelectorAll('button')].filter(usable)
        .filter(b => !/export|download|clear|delete|remove|reset/i.test(b.innerText));
    const pressed = [];
    for (let tries = 0; tries < 4 && live.messages.fromPython === before.fromPython; tries++) {
        const plain = buttons().find(b => !b.closest('.widget-toggle-buttons') && !pressed.includes(b.innerText));
        if (!plain) break;
        pressed.push(plain.innerText);
        plain.click();
        await settled();
    }
    let did = pressed.length ? 'pressed ' + JSON.stringify(pressed) : '';
    if (!did) {
        const toggle = buttons().find(b => b.closest('.widget-toggle-buttons') && !b.classList.contains('mod-active'));
        const box = [...widget.querySelectorAll('input[type=text], textarea')].filter(usable)[0];
        const select = [...widget.querySelectorAll('select')].filter(usable).find(s => s.options.length > 1);
        const choice = [...widget.querySelectorAll('input[type=radio], input[type=checkbox]')].filter(usable)[0];
        if (box) {
            box.value = 'falls'; box.dispatchEvent(new Event('input', {bubbles: true}));
            box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
            box.dispatchEvent(new Event('change', {bubbles: true})); did = 'typed';
        } else if (select) {
            select.selectedIndex = (select.selectedIndex + 1) % select.options.length;
            select.dispatchEvent(new Event('change', {bubbles: true})); did = 'chose';
        } else if (toggle) { toggle.click(); did = 'toggled ' + JSON.stringify(toggle.innerText); }
        else if (choice) { choice.click(); did = 'ticked'; }
        else return {did: 'nothing to use', toPython: 0, fromPython: 0};
        await settled();
    }
    return {did, toPython: live.messages.toPython - before.toPython,
            fromPython: live.messages.fromPython - before.fromPython};
}"""


@pytest.fixture(scope="module")
def shared_context(browser, live_site, site_url):
    """One context for the module pages a worker checks, so Pyodide and the wheels come from its cache."""
    context = browser.new_context(service_workers="block")
    yield context
    context.close()


@pytest.mark.parametrize("path", MODULE_PAGES, ids=lambda p: p.rsplit("/", 1)[1].removesuffix(".html"))
def test_every_module_page_comes_alive_and_each_widget_answers(shared_context, site_url, path):
    recorder = Recorder(shared_context, site_url)
    page = shared_context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" or "Traceback" in message.text or "Exception" in message.text else None)
    page.goto(f"{site_url}/{path}", wait_until="domcontentloaded")
    page.wait_for_function("window.searchcraftLive && window.searchcraftLive.cells.length > 0")
    pictures = page.evaluate(f"""() => window.searchcraftLive.cells.map((cell, i) => {{
        cell.node.dataset.testCell = i;
        return cell.node.querySelectorAll('{WIDGET_VIEW_SCRIPT}').length;
    }})""")
    assert page.locator(".sc-live-dead").count() == sum(1 for n in pictures if n), "a widget says it is live too early"

    start = page.evaluate("performance.now()")
    page.get_by_role("button", name=START).click()
    page.wait_for_function("['live', 'failed', 'refused'].includes(window.searchcraftLive.state)",
                           timeout=STARTUP_MS)
    seconds = (page.evaluate("performance.now()") - start) / 1000
    state = page.evaluate("window.searchcraftLive.state")
    status = page.locator(".sc-live-status").inner_text()
    python_errors = [page.locator(".sc-live-error").nth(n).inner_text().strip().splitlines()[-1]
                     for n in range(page.locator(".sc-live-error").count())]
    assert (state, python_errors) == ("live", []), f"{path}: {status}"
    assert "every exercise on this page now works" in status
    warnings = [text for text in page.locator(".sc-stream-stderr").all_inner_texts()
                if re.search(r"Traceback|Error|Warning", text)]
    assert warnings == [], f"{path}: a cell wrote a warning or an error on Pyodide"

    # Every cell that showed a picture of a widget now shows that many live widgets, and nothing is inert.
    live_counts = page.evaluate("""() => window.searchcraftLive.cells.map(cell =>
        cell.node.querySelectorAll('.sc-live-widget[data-live=true]').length)""")
    dead = [n for n, (before, after) in enumerate(zip(pictures, live_counts, strict=True)) if after < before]
    assert dead == [], f"{path}: cells {dead} still show dead widgets ({pictures} -> {live_counts})"
    assert page.locator(".sc-live-dead, .sc-live-notice, .cell_output[inert]").count() == 0
    assert page.locator(".sc-live-widget:not([data-live=true])").count() == 0

    # Each live widget answers: its first control goes to Python and Python sends something back.
    silent = []
    widgets = page.locator(".sc-live-widget[data-live=true]")
    for n in range(widgets.count()):
        outcome = widgets.nth(n).evaluate(ANSWER_ONE_CONTROL)
        answered = outcome["fromPython"] if outcome["did"].startswith("pressed") else outcome["toPython"]
        if outcome["did"] != "nothing to use" and not answered:
            silent.append(f"widget {n}: {outcome}")
    errors = page.locator(".sc-live-error")
    python_errors = [errors.nth(n).inner_text() for n in range(errors.count())]
    assert python_errors == [] and problems == [] and silent == [], (
        f"{path} (live in {seconds:.0f} s): errors {python_errors}, console {problems}, no answer from {silent}")

    # The live page, with every widget used once, is still accessible (WCAG 2.2 AA, axe-core).
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    found = [f"{v['id']}: {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:3])
             for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert found == [], f"{path} once live: {found}"
    page.close()
    recorder.assert_clean()
