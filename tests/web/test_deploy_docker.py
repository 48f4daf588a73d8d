"""The Dockerfile and compose.yaml (issue 13 §4) cannot be run here (no docker); they are read
and checked: PostgreSQL, LibreOffice and the CJK fonts, the secret key required, one command."""

from __future__ import annotations

import importlib
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
INSTRUCTIONS = {"FROM", "ENV", "RUN", "COPY", "WORKDIR", "USER", "VOLUME", "EXPOSE", "CMD"}


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(maxsplit=1)[0], line.split(maxsplit=1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def test_dockerfile_installs_libreoffice_the_fonts_and_their_aliases():
    instructions = dockerfile()
    assert {name for name, _ in instructions} <= INSTRUCTIONS
    assert instructions[0][0] == "FROM" and "python:3.11" in instructions[0][1]
    installed = " ".join(args for name, args in instructions if name == "RUN")
    for package in ("libreoffice-writer-nogui", "fonts-noto-cjk", "postgresql-client"):
        assert package in installed
    copies = [args.split() for name, args in instructions if name == "COPY"]
    assert ["deploy/65-skillaward-cjk.conf", "/etc/fonts/conf.d/65-skillaward-cjk.conf"] in copies
    for source, _ in (c for c in copies if len(c) == 2):
        assert (ROOT / source).exists(), source


def test_dockerfile_serves_the_wsgi_application_with_gunicorn():
    (cmd,) = [args for name, args in dockerfile() if name == "CMD"]
    shell = yaml.safe_load(cmd)[-1]  # the JSON array form
    assert "gunicorn" in shell and "skillaward.web.wsgi:application" in shlex.split(shell)
    assert "migrate" in shell and "collectstatic" in shell
    assert importlib.util.find_spec("gunicorn") is not None


def test_compose_starts_postgresql_the_web_server_and_the_document_worker():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "web", "worker"}
    assert services["db"]["image"].startswith("postgres:")
    for name in ("web", "worker"):
        environment = services[name]["environment"]
        assert (
            environment["DATABASE_URL"].startswith("postgres://")
            and "@db:5432/" in (environment["DATABASE_URL"])
        )
        assert environment["SKILLAWARD_SECRET_KEY"].startswith("${SKILLAWARD_SECRET_KEY:?")
        assert services[name]["build"] == "."
        assert "data:/data" in services[name]["volumes"]
    assert services["web"]["ports"] == ["8000:8000"]
    assert services["worker"]["command"] == ["skillaward", "manage", "db_worker"]
    assert services["web"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_worker_command_exists():
    """`skillaward manage db_worker` is django-tasks-db's command, installed with the app."""
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "django_tasks_db"
