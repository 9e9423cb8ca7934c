"""docker-compose.yml cannot run here; keep it honest against the settings."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _settings_variables() -> set[str]:
    text = "".join(p.read_text() for p in (ROOT / "config" / "settings").glob("*.py"))
    return set(re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', text))


def _compose_app_variables() -> set[str]:
    compose = (ROOT / "docker-compose.yml").read_text()
    block = compose.split("environment:", 1)[1].split("volumes:", 1)[0]
    return set(re.findall(r"^\s{4}([A-Z0-9_]+):", block, flags=re.M))


def test_every_compose_variable_is_read_by_the_settings():
    unknown = _compose_app_variables() - _settings_variables() - {"DJANGO_SETTINGS_MODULE"}
    assert not unknown, f"docker-compose.yml sets variables no setting reads: {unknown}"


def test_production_requirements_are_set_in_compose():
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL",
                 "CELERY_BROKER_URL", "PORTAL_URL"):
        assert name in _compose_app_variables()
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "config.settings.production" in compose
    for service in ("postgres:", "redis:", "web:", "worker:", "beat:"):
        assert f"\n  {service}" in compose


def test_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text()
    missing = {v for v in _settings_variables() if v not in readme}
    assert not missing, f"README.md does not mention: {sorted(missing)}"
