import pytest
from django.contrib.auth.models import User


@pytest.fixture
def staff_user(db):
    return User.objects.create_user("curator", "curator@example.org", "pw", is_staff=True)
