import pytest
from django.core.exceptions import ValidationError

from partners import services
from partners.identifiers import name_key
from partners.models import Institution
from tests.factories import InstitutionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def create(**fields):
    fields.setdefault("name", "University of Testing")
    fields.setdefault("country", "GB")
    return services.institution_create(**fields)


def errors_of(excinfo):
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    "typed",
    ["https://ror.org/052gg0110", "http://ror.org/052gg0110/", "ror.org/052GG0110", " 052gg0110 "],
)
def test_ror_id_is_stored_bare_whatever_form_it_was_pasted_in(typed):
    assert create(ror_id=typed).ror_id == "052gg0110"


def test_ror_url_is_derived_from_the_stored_id():
    assert create(ror_id="052gg0110").ror_url == "https://ror.org/052gg0110"


@pytest.mark.parametrize(
    "bad", ["052gg011", "152gg0110", "052gg0111", "https://example.org/052gg0110"]
)
def test_malformed_or_mistyped_ror_id_is_refused(bad):
    with pytest.raises(ValidationError) as excinfo:
        create(ror_id=bad)
    assert "ror_id" in errors_of(excinfo)
    assert not Institution.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("UK LONDON104", "UK LONDON104"),
        ("i  bologna01", "I  BOLOGNA01"),
        (" D  BERLIN01 ", "D  BERLIN01"),
    ],
)
def test_erasmus_code_keeps_its_inner_spacing(typed, stored):
    assert create(erasmus_code=typed).erasmus_code == stored


@pytest.mark.parametrize("bad", ["I BOLOGNA01", "UK LONDON 104", "UK LONDON", "UK LONDON1045"])
def test_erasmus_code_of_the_wrong_shape_is_refused(bad):
    with pytest.raises(ValidationError) as excinfo:
        create(erasmus_code=bad)
    assert "erasmus_code" in errors_of(excinfo)


def test_schac_code_is_a_lower_case_domain():
    assert create(schac_code="OX.AC.UK").schac_code == "ox.ac.uk"
    with pytest.raises(ValidationError) as excinfo:
        create(name="Other", schac_code="not a domain")
    assert "schac_code" in errors_of(excinfo)


def test_pic_is_nine_digits():
    assert create(pic="999 986 096").pic == "999986096"
    for bad in ["12345678", "1234567890", "99998609x"]:
        with pytest.raises(ValidationError) as excinfo:
            create(name=f"Other {bad}", pic=bad)
        assert "pic" in errors_of(excinfo)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ror_id", "052gg0110"),
        ("erasmus_code", "UK OXFORD01"),
        ("schac_code", "ox.ac.uk"),
        ("pic", "999986096"),
    ],
)
def test_identifiers_are_unique_when_set(field, value):
    create(name="University of Oxford", **{field: value})
    with pytest.raises(ValidationError) as excinfo:
        create(name="Another University", country="FR", **{field: value})
    assert field in errors_of(excinfo)
    assert Institution.objects.count() == 1


def test_blank_identifiers_do_not_clash():
    create(name="One")
    create(name="Two")
    assert Institution.objects.filter(ror_id="", pic="").count() == 2


@pytest.mark.parametrize(
    "twin",
    [
        "The University of Oxford",
        "university of  oxford.",
        "UNIVERSITY OF OXFORD",
        "Universíty of Öxford",
    ],
)
def test_same_normalised_name_in_the_same_country_is_refused_naming_the_existing_record(twin):
    existing = create(name="University of Oxford")
    with pytest.raises(ValidationError) as excinfo:
        create(name=twin)
    [message] = errors_of(excinfo)["name"]
    assert "University of Oxford" in message
    assert str(existing.pk) in message


def test_same_name_in_another_country_is_allowed():
    create(name="University of Cambridge", country="GB")
    create(name="University of Cambridge", country="US")
    assert Institution.objects.count() == 2


def test_ampersand_and_and_are_the_same_name():
    assert name_key("Cheshire College South & West") == name_key("Cheshire College South and West")


def test_chinese_names_are_compared_as_written():
    assert name_key("贵州大学") == "贵州大学"
    assert name_key("贵州大学") != name_key("贵州财经大学")


def test_renaming_an_institution_to_its_own_name_is_not_a_duplicate():
    oxford = create(name="University of Oxford")
    services.institution_update(institution=oxford, name="The University of Oxford")
    oxford.refresh_from_db()
    assert oxford.name == "The University of Oxford"


def test_an_institution_cannot_be_its_own_parent():
    oxford = create(name="University of Oxford")
    with pytest.raises(ValidationError) as excinfo:
        services.institution_update(institution=oxford, parent=oxford)
    assert "parent" in errors_of(excinfo)


def test_an_institution_cannot_sit_under_its_own_descendant():
    oxford = create(name="University of Oxford")
    centre = create(name="Oxford Suzhou Centre", country="CN", parent=oxford)
    lab = create(name="Centre Lab", country="CN", parent=centre)
    with pytest.raises(ValidationError) as excinfo:
        services.institution_update(institution=oxford, parent=lab)
    assert "parent" in errors_of(excinfo)
    oxford.refresh_from_db()
    assert oxford.parent is None


def test_website_and_contact_email_are_validated():
    with pytest.raises(ValidationError) as excinfo:
        create(website="not a url")
    assert "website" in errors_of(excinfo)
    institution = InstitutionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.contact_create(institution=institution, full_name="Li Lin", email="li@")
    assert "email" in errors_of(excinfo)


def test_a_contact_unit_must_belong_to_the_contact_institution():
    unit = UnitFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.contact_create(institution=InstitutionFactory(), full_name="Gan Lin", unit=unit)
    assert "unit" in errors_of(excinfo)


def test_changes_are_kept_in_history():
    oxford = create(name="University of Oxford")
    services.institution_update(institution=oxford, status=Institution.Status.DORMANT)
    assert [h.status for h in oxford.history.order_by("history_date")] == ["prospect", "dormant"]
