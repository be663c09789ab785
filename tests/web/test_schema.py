"""The API under random requests generated from its own OpenAPI schema (schemathesis): no
request, however odd, makes the server fail, and every answer matches the documented shapes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from jixiao.storage import Store
from jixiao.web.app import create_app

from .conftest import Browser, add_user, import_example, log_in

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

CHECKS = [not_a_server_error, response_schema_conformance]


def exercise(operation: Any, admin: Browser) -> None:
    """Send generated requests to one operation as a logged-in admin and check every answer."""
    auth = {"headers": {"X-CSRF-Token": admin.csrf}, "cookies": dict(admin.client.cookies)}

    @given(operation.as_strategy())
    @settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        case.validate_response(case.call(**auth), checks=CHECKS)

    run()


def test_no_generated_request_makes_the_server_fail(store: Store) -> None:
    import_example(store)
    add_user(store, "root", "admin")
    admin = log_in(store, "root")
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(store))
    operations = [result.ok() for result in schema.get_all_operations()]
    # Logging out or in again would change who the rest of the run is.
    exercised = [op for op in operations if op.path != "/api/session"]
    for operation in exercised:
        exercise(operation, admin)
    assert len(exercised) >= 10
