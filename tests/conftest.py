import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing passwords the production way takes most of a test's time; tests need no secrecy."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def office_user(db):
    return UserFactory(username="office", groups=["office"])


@pytest.fixture
def viewer_user(db):
    return UserFactory(username="viewer", groups=["viewer"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def api_client():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def client_for():
    """``client_for(user)``: an API client signed in as ``user``."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def office_client(client_for, office_user):
    return client_for(office_user)


@pytest.fixture
def viewer_client(client_for, viewer_user):
    return client_for(viewer_user)
