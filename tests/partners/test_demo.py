import pytest
from django.core.management import call_command

from partners.models import Contact, Institution, Unit

pytestmark = pytest.mark.django_db


def counts():
    return Institution.objects.count(), Unit.objects.count(), Contact.objects.count()


def test_load_demo_creates_the_story_partners_once():
    call_command("load_demo")
    first = counts()
    assert first[0] >= 15
    guizhou = Institution.objects.get(name="Guizhou University")
    assert guizhou.native_name == "贵州大学"
    centre = Institution.objects.get(name="Oxford Suzhou Centre for Advanced Research")
    assert centre.parent.name == "University of Oxford"
    assert Contact.objects.get(full_name="Stelios Yalarakis").institution.name == (
        "Cheshire College South & West"
    )
    assert Institution.objects.filter(is_home=True).count() == 1

    call_command("load_demo")
    assert counts() == first


def test_ensure_demo_superuser_creates_it_once(capsys):
    from django.contrib.auth import get_user_model

    call_command("ensure_demo_superuser")
    assert "admin / international-office" in capsys.readouterr().out
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password("international-office")
    call_command("ensure_demo_superuser")
    assert "exists already" in capsys.readouterr().out
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_the_owner_of_the_demo_data_becomes_the_demo_login(capsys):
    from django.contrib.auth import get_user_model

    call_command("load_demo")
    owner = get_user_model().objects.get(username="admin")
    assert not owner.has_usable_password()
    call_command("ensure_demo_superuser")
    owner.refresh_from_db()
    assert owner.is_superuser and owner.check_password("international-office")
    assert "admin / international-office" in capsys.readouterr().out
