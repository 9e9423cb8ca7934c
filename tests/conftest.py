import pytest
from django.core.management import call_command


@pytest.fixture
def service_mind(db):
    """The shipped Service Mind catalogue, loaded from the real fixture."""
    from competency.models import Competency

    call_command("loaddata", "service_mind_th", "expected_levels", verbosity=0)
    return Competency.objects.get(code="102")


@pytest.fixture(autouse=True)
def _thai_by_default():
    """Each test starts in Thai, whatever language an earlier request activated."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield
