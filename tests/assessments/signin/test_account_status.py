"""HR's account status: a person who signs in through the directory shows as such."""

import pytest
from django.utils import timezone

from assessments.accounts.status import AccountStatus, account_status, employees_with_status
from assessments.models import DirectoryIdentity, Employee
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def _bound(employee):
    DirectoryIdentity.objects.create(user=employee.user, source="oidc", issuer="https://id",
                                     subject=employee.employee_number, last_at=timezone.now())


def test_with_a_directory_bound_and_passwordless_people_sign_in_through_it(settings):
    settings.ACCOUNT_DIRECTORY_SIGN_IN = True
    bound = EmployeeFactory()  # has a local password too, but uses the directory
    _bound(bound)
    passwordless = EmployeeFactory()
    passwordless.user.set_unusable_password()
    passwordless.user.save()
    local = EmployeeFactory()
    left = EmployeeFactory(is_active=False)
    _bound(left)

    assert account_status(employee=bound) == AccountStatus.DIRECTORY
    assert account_status(employee=passwordless) == AccountStatus.DIRECTORY
    assert account_status(employee=local) == AccountStatus.ACTIVE
    assert account_status(employee=left) == AccountStatus.DEACTIVATED


def test_without_a_directory_nobody_shows_as_signing_in_through_one(settings):
    settings.ACCOUNT_DIRECTORY_SIGN_IN = False
    bound = EmployeeFactory()
    _bound(bound)
    passwordless = EmployeeFactory()
    passwordless.user.set_unusable_password()
    passwordless.user.save()

    assert account_status(employee=bound) == AccountStatus.ACTIVE
    assert account_status(employee=passwordless) == AccountStatus.NOT_ACTIVATED


def test_the_list_reads_directory_sign_ins_in_one_query(settings, django_assert_num_queries):
    settings.ACCOUNT_DIRECTORY_SIGN_IN = True
    for _ in range(3):
        _bound(EmployeeFactory())
    EmployeeFactory()
    people = list(Employee.objects.select_related("user").order_by("pk"))

    with django_assert_num_queries(2):  # the lockouts, the directory sign-ins
        listed = employees_with_status(people)

    assert [e.account_status for e in listed] == [AccountStatus.DIRECTORY] * 3 + [
        AccountStatus.ACTIVE]
