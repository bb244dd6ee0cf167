"""The course roster (deploy/jupyterhub/course.yml) and the hub settings worked out from it, and the
Kubernetes files that must say the same thing. The end-to-end test runs these settings on a real hub;
these tests pin the rules and catch the Kubernetes values drifting away from them."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest
import yaml

from support import REPO

DEPLOY = REPO / "deploy"


def load_course_hub():
    """deploy/ is not a package: load the module the hub's config imports, from its file."""
    spec = importlib.util.spec_from_file_location("course_hub", DEPLOY / "jupyterhub" / "course_hub.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("course_hub", module)
    spec.loader.exec_module(module)
    return module


course_hub = load_course_hub()
CourseRoster, CourseRosterError = course_hub.CourseRoster, course_hub.CourseRosterError


@pytest.fixture
def shipped_roster():
    return CourseRoster.from_file(DEPLOY / "jupyterhub" / "course.yml")


def roster(**changes):
    data = {"course_id": "searchcraft", "course_dir": "/srv/course", "exchange_dir": "/srv/exchange",
            "tutors": ["tess"], "learners": ["ada", "ben"]}
    data.update(changes)
    return CourseRoster.from_dict(data)


# --- reading the roster --------------------------------------------------------------------------

def test_the_shipped_roster_names_tutors_learners_and_the_grader_account(shipped_roster):
    assert shipped_roster.course_id == "searchcraft"
    assert shipped_roster.tutors and shipped_roster.learners
    assert shipped_roster.grader_account == "grader-searchcraft"
    assert shipped_roster.grader_system_account is True


def test_the_shipped_roster_names_the_course_the_assessments_folder_configures(shipped_roster):
    course_config = (REPO / "assessments" / "nbgrader_config.py").read_text()
    configured = re.search(r"CourseDirectory\.course_id\s*=\s*[\"']([^\"']+)", course_config).group(1)
    assert shipped_roster.course_id == configured


def test_the_grader_account_defaults_to_grader_and_the_course_id():
    assert roster().grader_account == "grader-searchcraft"


def test_a_roster_without_an_exchange_says_what_is_missing():
    with pytest.raises(CourseRosterError, match="exchange_dir") as error:
        CourseRoster.from_dict({"course_id": "searchcraft", "course_dir": "/srv/course"})
    assert "course_id, course_dir and exchange_dir" in error.value.hint


def test_a_person_cannot_be_both_tutor_and_learner():
    with pytest.raises(CourseRosterError, match="tess listed as both tutor and learner"):
        roster(tutors=["tess"], learners=["tess", "ada"])


def test_a_course_id_with_a_plus_sign_is_refused_because_the_exchange_uses_it_as_a_separator():
    with pytest.raises(CourseRosterError, match="course_id 'search\\+craft'"):
        roster(course_id="search+craft")


def test_learners_must_be_a_list_of_names():
    with pytest.raises(CourseRosterError, match="learners must be a list of user names"):
        roster(learners="ada, ben")


def test_a_missing_roster_file_points_at_the_setting_that_names_it(tmp_path):
    with pytest.raises(CourseRosterError, match="Cannot read the course roster") as error:
        CourseRoster.from_file(tmp_path / "absent.yml")
    assert "SEARCHCRAFT_COURSE_FILE" in error.value.hint


def test_a_roster_that_is_not_yaml_is_refused_with_its_path(tmp_path):
    broken = tmp_path / "course.yml"
    broken.write_text("course_id: [searchcraft\n")
    with pytest.raises(CourseRosterError, match="is not valid YAML"):
        CourseRoster.from_file(broken)


# --- what the hub is told ------------------------------------------------------------------------

def test_tutors_and_the_grader_account_form_the_formgrade_group_nbgrader_reads():
    groups = course_hub.hub_groups(roster())
    assert set(groups["formgrade-searchcraft"]["users"]) == {"tess", "grader-searchcraft"}


def test_learners_and_tutors_form_the_nbgrader_group_so_both_see_released_assignments():
    groups = course_hub.hub_groups(roster())
    assert set(groups["nbgrader-searchcraft"]["users"]) == {"ada", "ben", "tess"}


def test_everyone_on_the_roster_and_the_grader_account_may_log_in():
    assert course_hub.hub_users(roster()) == {"tess", "ada", "ben", "grader-searchcraft"}


def test_the_course_team_listed_as_admins_run_the_hub():
    assert course_hub.hub_admins(roster(admins=["tess"])) == {"tess"}
    assert course_hub.hub_admins(roster()) == set()


def test_only_the_tutors_group_may_use_the_formgrader_service():
    roles = {role["name"]: role for role in course_hub.hub_roles(roster())}
    with_access = [name for name, role in roles.items()
                   if any(scope.startswith("access:services") for scope in role["scopes"])]
    assert with_access == ["formgrade-searchcraft"]
    assert roles["formgrade-searchcraft"]["groups"] == ["formgrade-searchcraft"]
    assert "access:services!service=searchcraft" in roles["formgrade-searchcraft"]["scopes"]


def test_the_formgrader_may_change_only_its_own_course_group():
    roles = {role["name"]: role for role in course_hub.hub_roles(roster())}
    writes = [s for s in roles["formgrader-searchcraft"]["scopes"] if s.startswith("groups")]
    assert writes == ["groups!group=nbgrader-searchcraft"]


def test_the_formgrader_runs_in_the_course_folder_as_the_grader_account():
    service = course_hub.formgrader_service(roster(formgrader_port=9123), {"A": "1"})
    assert service["name"] == "searchcraft"
    assert service["url"] == "http://127.0.0.1:9123"
    assert service["cwd"] == "/srv/course"
    assert service["user"] == "grader-searchcraft"
    assert service["environment"]["JUPYTERHUB_USER"] == "grader-searchcraft"
    assert service["environment"]["A"] == "1"


def test_without_a_system_account_the_formgrader_runs_as_the_hub_user():
    service = course_hub.formgrader_service(roster(grader_system_account=False), {})
    assert "user" not in service
    assert service["environment"]["JUPYTERHUB_USER"] == "grader-searchcraft"


# --- the Kubernetes files agree with the tested rules ----------------------------------------------

@pytest.fixture
def helm_values():
    return yaml.safe_load((DEPLOY / "kubernetes" / "values.yaml").read_text())


def test_kubernetes_groups_and_users_match_the_roster_rules(helm_values, shipped_roster):
    config = helm_values["hub"]["config"]
    groups = config["JupyterHub"]["load_groups"]
    expected = course_hub.hub_groups(shipped_roster)
    assert {name: set(group["users"]) for name, group in groups.items()} == \
           {name: set(group["users"]) for name, group in expected.items()}
    assert set(config["Authenticator"]["allowed_users"]) == course_hub.hub_users(shipped_roster)
    assert set(config["Authenticator"]["admin_users"]) == course_hub.hub_admins(shipped_roster)


def test_kubernetes_roles_match_the_roster_rules(helm_values, shipped_roster):
    expected = {role.pop("name"): role for role in course_hub.hub_roles(shipped_roster)}
    assert helm_values["hub"]["loadRoles"] == expected


def test_kubernetes_servers_get_the_same_token_scopes(helm_values):
    scopes = helm_values["hub"]["config"]["KubeSpawner"]["server_token_scopes"]
    assert scopes == course_hub.SERVER_TOKEN_SCOPES


def test_the_kubernetes_formgrader_is_the_course_service_acting_as_the_grader_account(helm_values,
                                                                                    shipped_roster):
    documents = list(yaml.safe_load_all((DEPLOY / "kubernetes" / "formgrader.yaml").read_text()))
    deployment = next(d for d in documents if d["kind"] == "Deployment")
    env = {item["name"]: item.get("value") for item in
           deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == shipped_roster.course_id
    assert env["JUPYTERHUB_USER"] == shipped_roster.grader_account
    assert shipped_roster.course_id in helm_values["hub"]["services"]
    service = next(d for d in documents if d["kind"] == "Service")
    assert helm_values["hub"]["services"][shipped_roster.course_id]["url"] == \
           f"http://{service['metadata']['name']}:{service['spec']['ports'][0]['port']}"


def test_the_image_reads_the_hub_settings_shipped_in_the_kit():
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    config_path = re.search(r"JUPYTER_CONFIG_PATH=(\S+)", dockerfile).group(1)
    for folder in config_path.split(":"):
        assert folder.startswith("/opt/searchcraft/")
        assert (REPO / folder.removeprefix("/opt/searchcraft/")).is_dir(), folder
    assert "-r requirements.txt" in dockerfile
