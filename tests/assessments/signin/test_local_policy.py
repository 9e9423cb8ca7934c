"""AUTH_LOCAL_PASSWORDS: whether portal passwords still work once a directory is set."""

import pytest
from django.urls import reverse

from tests.factories import EmployeeFactory, HrOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # UserFactory's


def _signs_in(client, user) -> bool:
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    signed_in = client.session.get("_auth_user_id") == str(user.pk)
    client.logout()
    return signed_in


@pytest.fixture
def people():
    return {
        "employee": EmployeeFactory().user,
        "hr": HrOfficerFactory().user,
        "staff": UserFactory(is_staff=True),
    }


@pytest.mark.parametrize(("policy", "allowed"), [
    ("on", {"employee", "hr", "staff"}),
    ("hr", {"hr", "staff"}),
    ("off", set()),
])
def test_local_passwords_follow_the_policy(client, settings, people, policy, allowed):
    settings.AUTH_LOCAL_PASSWORDS = policy

    signed_in = {name for name, user in people.items() if _signs_in(client, user)}

    assert signed_in == allowed


def test_a_refused_local_password_still_counts_as_a_failed_attempt(client, settings, people):
    from axes.models import AccessAttempt

    settings.AUTH_LOCAL_PASSWORDS = "hr"

    _signs_in(client, people["employee"])

    assert AccessAttempt.objects.filter(username=people["employee"].username).exists()
