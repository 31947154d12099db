import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache

from interventions.models import Force, PublicationState
from tests.factories import make_intervention


@pytest.fixture(autouse=True)
def private_storage_root(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def valid_practice():
    """Everything a complete 'Share your practice' form sends, as the browser sends it."""
    return {
        "submitter_name": "Sam Patel",
        "submitter_role": "Detective Inspector, Safeguarding",
        "submitter_email": "sam.patel@example.police.uk",
        "submitter_phone": "01234 567890",
        "force": "dorset",
        "organisation_name": "",
        "intervention_name": "Operation Harbour",
        "what_it_does": "Youth workers meet young people found carrying knives in custody.",
        "purposes": ["prevention", "diversion"],
        "areas_of_interest": ["knife-crime", "county-lines"],
        "themes": ["county-lines"],
        "target_group": "Young people aged 10 to 17 arrested for knife possession",
        "age_min": "10",
        "age_max": "17",
        "where_it_runs": "Bournemouth and Poole custody suites",
        "running_since": "2019",
        "partners": "Youth offending service",
        "funding": "Home Office Serious Violence Fund",
        "evaluation": "Monthly monitoring of referrals",
        "sensitive_tactics": "no",
        "sensitive_tactics_note": "",
        "consent_to_contact": "on",
        "website": "",
    }


@pytest.fixture
def valid_correction(published_entry):
    return {
        "intervention": published_entry.slug,
        "correction_details": "The project now also runs in Weymouth.",
        "correction_source": "https://example.org/annual-report-2024",
        "submitter_name": "Alex Jones",
        "submitter_role": "Analyst, violence reduction unit",
        "submitter_email": "alex.jones@example.org",
        "submitter_phone": "",
        "consent_to_contact": "on",
        "website": "",
    }


@pytest.fixture
def published_entry(db):
    return make_intervention(name="Operation Published", slug="operation-published")


@pytest.fixture
def draft_entry(db):
    return make_intervention(
        name="Secret draft entry", slug="secret-draft", state=PublicationState.DRAFT
    )


@pytest.fixture
def dorset(db):
    return Force.objects.get(slug="dorset")


def _staff(username, *permissions):
    user = User.objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    for codename in permissions:
        app_label, _, code = codename.partition(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=code)
        )
    return user


# `editor` and `curator` are the real roles, from tests/conftest.py.


@pytest.fixture
def staff_without_file_permission(db):
    return _staff("staff-no-files", "submissions.view_submission")


@pytest.fixture
def member_of_public(db):
    return User.objects.create_user("reader", "reader@example.org", "pw")
