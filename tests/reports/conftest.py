import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _reports_media_and_eager(request, settings, tmp_path):
    """Each test writes PDFs to its own folder; tasks run in-process unless the
    test goes through the real worker (``pipeline`` marker)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.node.get_closest_marker("pipeline"):
        yield
        return
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old
