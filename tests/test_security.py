"""The security baseline every endpoint inherits."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.factories import UserFactory
from tests.factories.users import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


def test_token_login_gives_a_token_that_authenticates(api_client, office_user):
    response = api_client.post(TOKEN_URL, {"username": "office", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/institutions/").status_code == 200


def test_wrong_password_gets_no_token(api_client, office_user):
    response = api_client.post(TOKEN_URL, {"username": "office", "password": "wrong"})
    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_bad_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get("/api/v1/institutions/").status_code == 401


def test_session_login_works_for_the_api(client, office_user):
    client.force_login(office_user)
    assert client.get("/api/v1/institutions/").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_username_out_even_with_the_right_password(
    api_client, office_user
):
    for _ in range(3):
        api_client.post(TOKEN_URL, {"username": "office", "password": "guess"})
    response = api_client.post(TOKEN_URL, {"username": "office", "password": PASSWORD})
    assert response.status_code in (400, 403, 429)
    assert "token" not in response.json()


@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_is_per_username_so_colleagues_can_still_sign_in(api_client, office_user):
    UserFactory(username="colleague")
    for _ in range(3):
        api_client.post(TOKEN_URL, {"username": "office", "password": "guess"})
    response = api_client.post(TOKEN_URL, {"username": "colleague", "password": PASSWORD})
    assert response.status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3)
def test_admin_login_is_locked_out_after_repeated_failures(client, office_user):
    for _ in range(3):
        client.post("/admin/login/", {"username": "office", "password": "guess"})
    response = client.post("/admin/login/", {"username": "office", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_need_at_least_12_characters():
    with pytest.raises(ValidationError):
        validate_password("Gz#7kq!pLm2")
    validate_password("Gz#7kq!pLm2x")


def test_sessions_expire_after_30_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_a_session_ends_12_hours_after_login_however_active(client, office_user, monkeypatch):
    client.force_login(office_user)
    assert client.get("/api/v1/institutions/").status_code == 200
    import config.middleware

    real_time = config.middleware.time.time
    monkeypatch.setattr(
        config.middleware.time,
        "time",
        lambda: real_time() + timedelta(hours=12, minutes=1).total_seconds(),
    )
    assert client.get("/api/v1/institutions/").status_code == 401


def test_responses_carry_a_content_security_policy(client, office_user):
    client.force_login(office_user)
    policy = client.get("/admin/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_api_docs_and_schema_need_a_login(client, office_user):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code == 302
    client.force_login(office_user)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
