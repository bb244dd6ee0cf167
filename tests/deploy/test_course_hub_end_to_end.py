"""The course hub in deploy/jupyterhub/, run for real on 127.0.0.1: a tutor releases an assessment
through the shared formgrader, two learners fetch, answer and submit it from their own servers, the
tutor collects, autogrades and returns feedback, and each learner gets back only their own.

The hub runs the shipped ``jupyterhub_config.py`` unchanged; a small test file loads it and swaps
only what a test machine needs: ports on 127.0.0.1, a shared test password, users as local
processes of the test (allowed to run as root) with their own home folders under a temporary
directory, and an admin service token for the test to drive the hub's REST API.

Run it alone with ``.venv/bin/python -m pytest tests/deploy -q``; it needs ``jupyterhub`` in the
kit's environment, configurable-http-proxy from npm (``node_modules/.bin``, or the path in
$CONFIGURABLE_HTTP_PROXY) and Chromium. It takes about a minute and a half.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import REPO, require, require_executable, tool_env

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.nbgrader]

COURSE = "searchcraft"
ASSIGNMENT = "search-05-boolean-logic"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
TUTOR = "tutor-tess"
GOOD = "learner-ada"
BAD = "learner-ben"
PASSWORD = secrets.token_urlsafe(12)
SCREENSHOTS = REPO / "test-results"


# --- processes -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes_of(process: subprocess.Popen, root: Path) -> set[int]:
    """Every process this hub started (Linux /proc): its descendants, and anything still running
    from the test's temporary folder (its cwd, HOME or arguments name the folder), which catches the
    proxy, the formgrader, learners' servers and kernels even if the hub died and left them orphaned."""
    marker = str(root).encode()
    children: dict[int, list[int]] = {}
    ours: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
            if (marker in (entry / "cmdline").read_bytes() or marker in (entry / "environ").read_bytes()
                    or os.readlink(entry / "cwd").startswith(str(root))):
                ours.add(int(entry.name))
        except OSError:
            continue
    todo = [process.pid]
    while todo:
        for child in children.get(todo.pop(), []):
            ours.add(child)
            todo.append(child)
    ours.discard(process.pid)
    return ours


def stop(process: subprocess.Popen, root: Path) -> None:
    """Ask the hub to stop (it stops the servers it started), then end anything left over."""
    family = processes_of(process, root)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for pid in family | processes_of(process, root):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- talking to the hub ----------------------------------------------------------------------

@dataclass
class CourseHub:
    """The running hub, reached the way a browser reaches it: through the proxy."""

    url: str
    admin_token: str
    process: subprocess.Popen
    log: Path
    homes: Path
    course_dir: Path

    def call(self, method: str, path: str, token: str, expect: int | tuple[int, ...] = 200, **kwargs):
        import requests

        response = requests.request(method, f"{self.url}{path}",
                                    headers={"Authorization": f"token {token}"}, timeout=120, **kwargs)
        allowed = expect if isinstance(expect, tuple) else (expect,)
        assert response.status_code in allowed, (
            f"{method} {path} answered {response.status_code}: {response.text[:1500]}\n"
            f"hub log:\n{self.log_tail()}")
        return response

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]

    def token_for(self, user: str) -> str:
        """An API token for ``user``, made by the test's admin service as a hub admin would."""
        made = self.call("POST", f"/hub/api/users/{user}/tokens", self.admin_token, expect=201,
                         json={"note": "course hub test", "expires_in": 3600})
        return made.json()["token"]

    def start_server(self, user: str) -> None:
        self.call("POST", f"/hub/api/users/{user}/server", self.admin_token, expect=(201, 202))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            model = self.call("GET", f"/hub/api/users/{user}", self.admin_token).json()
            server = model.get("servers", {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.5)
        raise AssertionError(f"{user}'s server did not start\n{self.log_tail()}")


@dataclass
class Person:
    """One hub user with an API token, acting on their own server or on the formgrader."""

    hub: CourseHub
    name: str
    token: str

    def server(self, method: str, path: str, expect=200, **kwargs):
        return self.hub.call(method, f"/user/{self.name}{path}", self.token, expect=expect, **kwargs)

    def formgrader(self, method: str, path: str, expect=200, **kwargs):
        return self.hub.call(method, f"/services/{COURSE}/formgrader/api{path}", self.token,
                             expect=expect, **kwargs)

    def assignment_action(self, action: str) -> list[dict]:
        """nbgrader's Assignments list buttons (Fetch, Submit, Fetch Feedback) through its own
        server extension, exactly as the JupyterLab panel calls them."""
        answer = self.server("POST", f"/assignments/{action}",
                             data={"course_id": COURSE, "assignment_id": ASSIGNMENT}).json()
        assert answer["success"], f"{self.name}: {action} failed: {answer['value']}\n{self.hub.log_tail()}"
        return answer["value"]

    def assignments(self) -> list[dict]:
        """What nbgrader's Assignments list shows this person for the course."""
        answer = self.server("GET", "/assignments", params={"course_id": COURSE}).json()
        assert answer["success"], f"{self.name}: listing failed: {answer['value']}"
        return answer["value"]

    def read(self, path: str) -> dict:
        return self.server("GET", f"/api/contents/{path}", params={"content": 1}).json()

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.server("PUT", f"/api/contents/{path}", json={"type": "notebook", "format": "json",
                                                            "content": notebook})


# --- the hub fixture -------------------------------------------------------------------------

def write_test_config(state: Path, *, proxy_command: str, ports: dict[str, int], homes: Path,
                      admin_token: str) -> Path:
    """A config that loads the shipped one and changes only what a test machine needs."""
    shipped = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    config = state / "jupyterhub_test_config.py"
    config.write_text(f"""
c = get_config()
load_subconfig({str(shipped)!r})

c.JupyterHub.bind_url = "http://127.0.0.1:{ports['proxy']}/"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{ports['hub']}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [{proxy_command!r}]
c.JupyterHub.db_url = "sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(state / 'jupyterhub_cookie_secret')!r}
c.JupyterHub.pid_file = {str(state / 'jupyterhub.pid')!r}

# Users are local processes of this test, each with a home folder under the temporary directory.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes)!r} + "/{{username}}"
# Here they all run as this test's user, which may be root (a container): let Jupyter allow it.
c.Spawner.args = ["--allow-root"]
for service in c.JupyterHub.services:
    if "command" in service:
        service["command"].append("--allow-root")

# Everyone on the roster logs in with one test password.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = {PASSWORD!r}

# The test drives the hub as an admin service would.
c.JupyterHub.services.append({{"name": "course-test", "api_token": {admin_token!r}}})
c.JupyterHub.load_roles.append({{"name": "course-test-admin", "services": ["course-test"],
    "scopes": ["admin:users", "admin:servers", "tokens", "read:users", "read:servers"]}})
""")
    return config


@pytest.fixture(scope="module")
def course_hub(tmp_path_factory):
    jupyterhub = require_executable("jupyterhub")
    require_executable("jupyterhub-singleuser")
    require_executable("nbgrader")
    # package.json's devDependencies install it; a developer may point elsewhere for a trial run.
    proxy = Path(os.environ.get("CONFIGURABLE_HTTP_PROXY",
                                REPO / "node_modules" / ".bin" / "configurable-http-proxy"))
    require(proxy.is_file(), f"configurable-http-proxy from npm ({proxy}; run npm ci)")

    root = tmp_path_factory.mktemp("course-hub")
    state, homes, course_dir, exchange = (root / "hub", root / "home", root / "course", root / "exchange")
    for folder in (state, homes, exchange):
        folder.mkdir()
    exchange.chmod(0o1777)
    shutil.copytree(REPO / "assessments", course_dir,
                    ignore=shutil.ignore_patterns("release", "submitted", "autograded", "feedback",
                                                  "gradebook.db", ".ipynb_checkpoints"))
    ports = {name: free_port() for name in ("proxy", "proxy_api", "hub", "formgrader")}
    roster = root / "course.yml"
    roster.write_text(json.dumps({
        "course_id": COURSE, "course_dir": str(course_dir), "exchange_dir": str(exchange),
        "formgrader_port": ports["formgrader"], "grader_system_account": False,
        "tutors": [TUTOR], "learners": [GOOD, BAD]}))  # JSON is YAML
    admin_token = secrets.token_hex(32)
    config = write_test_config(state, proxy_command=str(proxy), ports=ports, homes=homes,
                               admin_token=admin_token)

    env = tool_env()
    env["SEARCHCRAFT_COURSE_FILE"] = str(roster)
    env.pop("JUPYTERHUB_API_TOKEN", None)
    log = state / "jupyterhub.log"
    with log.open("w") as output:
        process = subprocess.Popen([jupyterhub, "-f", str(config)], cwd=state, env=env,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    hub = CourseHub(url=f"http://127.0.0.1:{ports['proxy']}", admin_token=admin_token,
                    process=process, log=log, homes=homes, course_dir=course_dir)
    try:
        wait_until_up(hub)
        yield hub
    finally:
        stop(process, root)


def wait_until_up(hub: CourseHub) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise AssertionError(f"JupyterHub exited with {hub.process.returncode}\n{hub.log_tail()}")
        try:
            if requests.get(f"{hub.url}/hub/api/", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"JupyterHub did not answer within a minute\n{hub.log_tail()}")



# --- the course, run once from release to returned feedback -----------------------------------

WRONG_ANSWERS = {
    "q1-answer": 'falls_and_exercise = {"R1"}\nfalls_or_older = {"R3"}\nfalls_not_exercise = {"R5"}',
    "q2-answer": 'pubmed_finds = {"R7"}',
    "q3-answer": "It makes the search shorter, so it is fine.",
}


def signature(learner: str) -> str:
    return f"Answered by {learner}"


def model_answers(course_dir: Path) -> dict[str, str]:
    """The tutor's solutions from the source notebook, without nbgrader's solution markers."""
    source = json.loads((course_dir / "source" / ASSIGNMENT / NOTEBOOK).read_text())
    answers = {}
    for cell in source["cells"]:
        grading = cell["metadata"].get("nbgrader", {})
        if grading.get("solution"):
            lines = "".join(cell["source"]).splitlines()
            answers[grading["grade_id"]] = "\n".join(
                line for line in lines if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
    return answers


def answered(notebook: dict, answers: dict[str, str], learner: str) -> dict:
    """The released notebook with each answer cell filled in and signed by the learner."""
    filled = 0
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            mark = f"# {signature(learner)}\n" if cell["cell_type"] == "code" else f"*{signature(learner)}*\n\n"
            cell["source"] = mark + answers[grade_id]
            filled += 1
    assert filled == len(answers), f"the released notebook has {filled} of {len(answers)} answer cells"
    return notebook


@dataclass
class CourseRun:
    hub: CourseHub
    tutor: Person
    learners: dict[str, Person]
    released_listing: dict[str, list[dict]]
    scores: dict[str, dict]
    feedback: dict[str, dict[str, str]]  # learner -> {path in their home: text}


@pytest.fixture(scope="module")
def course_run(course_hub) -> CourseRun:
    hub = course_hub
    tutor = Person(hub, TUTOR, hub.token_for(TUTOR))

    # The tutor makes the learners' version and releases it to the exchange, in the formgrader.
    for step in ("assign", "release"):
        done = tutor.formgrader("POST", f"/assignment/{ASSIGNMENT}/{step}").json()
        assert done["success"], f"formgrader {step} failed: {done}"

    learners, listing = {}, {}
    for name, answers in ((GOOD, model_answers(hub.course_dir)), (BAD, WRONG_ANSWERS)):
        hub.start_server(name)
        learner = learners[name] = Person(hub, name, hub.token_for(name))
        listing[name] = learner.assignments()
        learner.assignment_action("fetch")
        path = f"{COURSE}/{ASSIGNMENT}/{NOTEBOOK}"
        notebook = learner.read(path)["content"]
        learner.write_notebook(path, answered(notebook, answers, name))
        learner.assignment_action("submit")

    # The tutor collects, autogrades each submission, and returns feedback.
    collected = tutor.formgrader("POST", f"/assignment/{ASSIGNMENT}/collect").json()
    assert collected["success"], f"collect failed: {collected}"
    scores = {}
    for name in learners:
        graded = tutor.formgrader("POST", f"/submission/{ASSIGNMENT}/{name}/autograde").json()
        assert graded["success"], f"autograde {name} failed: {graded}"
        scores[name] = tutor.formgrader("GET", f"/submission/{ASSIGNMENT}/{name}").json()
    for step in ("generate_feedback", "release_feedback"):
        done = tutor.formgrader("POST", f"/assignment/{ASSIGNMENT}/{step}").json()
        assert done["success"], f"formgrader {step} failed: {done}"

    feedback = {}
    for name, learner in learners.items():
        learner.assignment_action("fetch_feedback")
        feedback[name] = {path: learner.read(path)["content"]
                          for path in files_in(learner, f"{COURSE}/{ASSIGNMENT}/feedback")}
    return CourseRun(hub, tutor, learners, listing, scores, feedback)


def files_in(person: Person, folder: str) -> list[str]:
    """Every file under ``folder`` of the person's home, through the Jupyter contents API."""
    found, todo = [], [folder]
    while todo:
        listing = person.read(todo.pop())
        for item in listing["content"]:
            (todo if item["type"] == "directory" else found).append(item["path"])
    return sorted(found)


def feedback_text(run: CourseRun, learner: str) -> str:
    """The words of the one feedback page the learner fetched, without HTML tags."""
    pages = [text for path, text in run.feedback[learner].items() if path.endswith(".html")]
    assert len(pages) == 1, f"{learner} fetched {sorted(run.feedback[learner])}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", pages[0])).split())


def autograded_cells(page: str) -> dict[str, tuple[float, float]]:
    """{grade cell id: (earned, available)} for the autograded test cells on a feedback page."""
    return {cell: (float(earned), float(available)) for cell, earned, available in
            re.findall(r"Grade cell: (\S+-tests) Score: ([\d.]+) / ([\d.]+)", page)}


# --- what the course team relies on ------------------------------------------------------------

def test_learners_see_the_released_assessment_for_their_course(course_run):
    for learner in (GOOD, BAD):
        listed = [(item["course_id"], item["assignment_id"], item["status"])
                  for item in course_run.released_listing[learner]]
        assert listed == [(COURSE, ASSIGNMENT, "released")]


def test_the_good_learner_gets_every_automatic_mark(course_run):
    score = course_run.scores[GOOD]
    assert score["max_code_score"] > 0
    assert score["code_score"] == score["max_code_score"]


def test_the_poor_answers_get_no_automatic_marks(course_run):
    score = course_run.scores[BAD]
    assert score["max_code_score"] > 0
    assert score["code_score"] == 0


def test_returned_feedback_shows_the_good_learner_full_automatic_marks(course_run):
    cells = autograded_cells(feedback_text(course_run, GOOD))
    assert cells, "the feedback page shows no autograded test cells"
    assert all(earned == available for earned, available in cells.values())
    assert sum(available for _, available in cells.values()) == course_run.scores[GOOD]["max_code_score"]


def test_returned_feedback_shows_the_poor_answers_no_automatic_marks(course_run):
    cells = autograded_cells(feedback_text(course_run, BAD))
    assert cells, "the feedback page shows no autograded test cells"
    assert all(earned == 0 for earned, _ in cells.values())
    assert sum(available for _, available in cells.values()) == course_run.scores[BAD]["max_code_score"]


def test_each_learner_fetches_only_their_own_feedback(course_run):
    good, bad = feedback_text(course_run, GOOD), feedback_text(course_run, BAD)
    goods_answer, bads_answer = 'pubmed_finds = {"R2", "R4"}', 'pubmed_finds = {"R7"}'
    assert signature(GOOD) in good and goods_answer in good
    assert signature(BAD) in bad and bads_answer in bad
    assert BAD not in good and bads_answer not in good
    assert GOOD not in bad and goods_answer not in bad


def test_learners_cannot_open_each_others_servers_or_the_formgrader(course_run):
    ada, ben = course_run.learners[GOOD], course_run.learners[BAD]
    course_run.hub.call("GET", f"/user/{BAD}/api/contents/{COURSE}", ada.token, expect=403)
    course_run.hub.call("GET", f"/user/{GOOD}/api/contents/{COURSE}", ben.token, expect=403)
    ben.formgrader("GET", "/status", expect=403)
    ben.server("GET", "/formgrader/api/status", expect=404)
    assert course_run.tutor.formgrader("GET", "/status").json()["status"] is True



def test_a_tutor_finds_the_shared_formgrader_in_their_course_list(course_run):
    course_run.hub.start_server(TUTOR)
    answer = course_run.tutor.server("GET", "/formgraders").json()
    assert answer["success"], answer
    assert [(course["course_id"], course["kind"]) for course in answer["value"]] == [(COURSE, "jupyterhub")]
    assert f"/services/{COURSE}/" in answer["value"][0]["url"]


def test_a_tutor_opens_the_shared_formgrader_in_the_browser(course_run, browser):
    """Tutors open the formgrader as a page of its own (JupyterHub 4.1 and later stop it loading
    inside JupyterLab's frame), and see the assessment with both learners' submissions."""
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, course_run.hub, TUTOR)
        page.goto(f"{course_run.hub.url}/services/{COURSE}/formgrader")
        row = page.locator("tr", has_text=ASSIGNMENT)
        expect(row).to_contain_text("2", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "course-hub-formgrader.png"))
        page.goto(f"{course_run.hub.url}/services/{COURSE}/formgrader/manage_students")
        expect(page.get_by_text(GOOD)).to_be_visible(timeout=30_000)
        expect(page.get_by_text(BAD)).to_be_visible()
    finally:
        context.close()


def log_in(page, hub: CourseHub, user: str) -> None:
    """Through the hub's own login page, as a person would."""
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(re.compile(r"/(user|hub)/"), timeout=60_000)


def test_a_learner_logs_in_and_finds_the_assessment_in_the_assignments_list(course_run, browser):
    """The learner's side in a real browser: the hub's login page, then nbgrader's Assignments list
    in JupyterLab, which shows the assessment they submitted and the feedback that came back."""
    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        log_in(page, course_run.hub, GOOD)
        page.wait_for_url(re.compile(f"/user/{GOOD}/lab"), timeout=60_000)
        page.get_by_text("Nbgrader", exact=True).click()
        page.get_by_text("Assignment List", exact=True).click()
        submitted = page.locator("#submitted_assignments_list")
        expect(submitted).to_contain_text(ASSIGNMENT, timeout=30_000)
        expect(submitted).to_contain_text(COURSE)
        expect(submitted).to_contain_text("view feedback")
        # Grading tools are the formgrader's, not the learner's.
        expect(page.get_by_text("Create Assignment", exact=True)).to_have_count(0)
        expect(page.get_by_text("official Jupyter news")).to_have_count(0)
        page.screenshot(path=str(SCREENSHOTS / "course-hub-assignments-list.png"))
    finally:
        context.close()
