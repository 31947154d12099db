import json
import logging

import pytest

pytestmark = pytest.mark.django_db


PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(response):
    """The Content-Security-Policy as {directive: sources}; their order means nothing."""
    policy = response["Content-Security-Policy"]
    named = [part.strip().partition(" ") for part in policy.split(";")]
    assert len(named) == len({name for name, _, _ in named}), policy
    return {name: sources for name, _, sources in named}


def test_public_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    assert directives(response) == PUBLIC_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/interventions/", "/share-practice/", "/api/v1/", "/nowhere/"])
def test_every_public_answer_carries_the_same_policy(client, path):
    assert directives(client.get(path)) == PUBLIC_POLICY


def test_the_admin_allows_inline_style_attributes_and_nothing_more(client, settings):
    response = client.get(f"/{settings.ADMIN_URL}login/")
    assert response.status_code == 200
    assert directives(response) == {**PUBLIC_POLICY, "style-src": "'self' 'unsafe-inline'"}


def test_pages_carry_the_other_protective_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_public_template_contains_inline_script_or_style(client):
    content = client.get("/").content.decode()
    assert "<script>" not in content
    assert "<style" not in content
    assert " style=" not in content


def test_each_request_is_logged_as_one_json_line_with_its_id_and_duration(client, caplog):
    with caplog.at_level(logging.INFO, logger="vvcp.requests"):
        response = client.get("/", HTTP_X_REQUEST_ID="abc12345-trace")
    assert response["X-Request-ID"] == "abc12345-trace"
    line = json.loads(caplog.records[-1].getMessage())
    assert line["request_id"] == "abc12345-trace"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)


def test_a_forged_request_id_is_replaced_not_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="vvcp.requests"):
        response = client.get("/", HTTP_X_REQUEST_ID='x"\n{"event":"forged"}')
    assert len(response["X-Request-ID"]) == 32
    assert "forged" not in caplog.text
