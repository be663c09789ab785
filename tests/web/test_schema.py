"""The API under random requests generated from its own OpenAPI schema (schemathesis): no
request, however odd, makes the server fail, and every answer matches the documented shapes.

Random requests alone mostly stop at the door: a random project number is a 404 and a random
version a 409, so the fuzzed bodies never reached an edit. Here most generated requests are
pointed at a project that exists, at its current version, and most edits at a path the project
has; each operation is run as an admin and as a budget unit's user (whose score adjustments must
be refused, not crash), with bodies both valid (positive) and broken (negative).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.storage import CLI, STATUSES, Store
from jixiao.storage import projects as store_projects
from jixiao.web.app import create_app

from .conftest import Browser, add_user, example_text, import_example, log_in

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 10  # per operation, person and generation mode: the whole test runs in about 20 s per database
PATHS = ("facts.信访群众满意度.complaints", "facts.信访群众满意度", "facts.资金分配合理性.override",
         "facts.资金分配合理性.override.score", "facts.立项依据充分性.answers", "facts.立项依据充分性.answers.0",
         "facts.省一体化信访信息系统运维服务验收通过率.actual", "funds.spent", "funds.budget", "goals.0.actual",
         "project.name", "project.year", "narrative.summary")
VALUES = ("4", "-1", "1e999999999", "9" * 40, "是", "[是, 否]", "{score: 1, reason: 复核}", "!x {score: 1}",
          "&a [*a]", "", "~", "[[[[[[[[[[]]]]]]]]]]", "\"\\u0000\"", "100%", "2023-13-45")
EXAMPLE_EDITS = (  # (old, new) in the example project file: valid, hostile and smuggled variants
    ("", ""), ("department: 甲局", "department: 乙局"), ("complaints: 0", "complaints: 99999999999999999999999999999999999"),
    ("complaints: 0", "complaints: 1e999999999"), ("complaints: 0", "complaints: !x 3"),
    ("  资金分配合理性:\n    answers: [是, 是]", "  资金分配合理性:\n    answers: [是, 是]\n    override: {score: 1, reason: 复核}"),
    ("jixiao: 1", "jixiao: 1\nx: &a [a, a, a]\ny: &b [*a, *a, *a]\nz: [*b, *b, *b]"), ("spent: 61.71", "spent: [[[[[[1]]]]]]"))


@st.composite
def aimed(draw: st.DrawFn, case: Any, store: Store, projects: list[int]) -> Any:
    """``case`` pointed, most of the time, at a project its person may read, its current
    version, a status that exists, a project file that reads, and the paths it has."""
    if "project_id" in (case.path_parameters or {}) and draw(st.integers(0, 4)):
        case.path_parameters = {**case.path_parameters, "project_id": draw(st.sampled_from(projects))}
    if not draw(st.integers(0, 4)):
        return case
    if "yaml" in (case.media_type or ""):  # sent as it is (the API takes text/plain as YAML too)
        case.media_type, case.body = "text/plain", draw(project_texts())
    if not isinstance(case.body, dict):
        return case
    body = case.body = dict(case.body)  # a copy: hypothesis may draw the same object again
    if "version" in body:
        body["version"] = current_version(store, case.path_parameters.get("project_id"))
    if "status" in body:
        body["status"] = draw(st.sampled_from(sorted(STATUSES)))
    if "text" in body:
        body["text"] = draw(project_texts())
    if isinstance(body.get("changes"), dict):
        keys = draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3, unique=True))
        values = st.one_of(st.sampled_from(VALUES), st.text(max_size=30))
        body["changes"] = {key: draw(values) for key in keys}
        body["reason"] = draw(st.sampled_from(("", "复核调整")))
    return case


def project_texts() -> st.SearchStrategy[str]:
    """The example project of 甲局 (where the unit user works), as it is or changed by one edit."""
    text = example_text().replace("深圳市盐田区信访局", "甲局")
    return st.sampled_from(EXAMPLE_EDITS).map(lambda edit: text.replace(*edit, 1) if edit[0] else text)


def current_version(store: Store, project_id: Any) -> int:
    try:
        with store.reading() as db:
            return store_projects.readable(db, CLI, int(project_id)).version
    except Exception:  # a project the case does not name, or one that does not exist
        return 1


def exercise(operation: Any, person: Browser, store: Store, projects: list[int]) -> None:
    """Send generated requests to one operation as ``person`` and check every answer."""
    auth = {"headers": {"X-CSRF-Token": person.csrf}, "cookies": dict(person.client.cookies)}
    cases = st.one_of(*(operation.as_strategy(generation_mode=mode) for mode in GenerationMode))

    @given(cases.flatmap(lambda case: aimed(case, store, projects)))
    @settings(max_examples=EXAMPLES * 2, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.validate_response(case.call(**auth), checks=CHECKS)

    run()


def test_no_generated_request_makes_the_server_fail(store: Store) -> None:
    other, own = import_example(store), import_example(store, "甲局")
    add_user(store, "root", "admin")
    add_user(store, "jia", "unit", "甲局")
    people = [(log_in(store, "root"), [other, own]), (log_in(store, "jia"), [own, own, other])]
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(store))
    operations = [result.ok() for result in schema.get_all_operations()]
    # Logging out would change who the rest of the run is.
    exercised = [op for op in operations if (op.method.upper(), op.path) != ("DELETE", "/api/session")]
    for operation in exercised:
        for person, projects in people:
            exercise(operation, person, store, projects)
    assert len(exercised) >= 15
