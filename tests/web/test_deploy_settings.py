"""A real deployment (issue 13 §4): the secret key, HTTPS settings from the environment and
`manage check --deploy`, each run as the operator runs it, in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REAL_KEY = "k8Q2vR7xL0pW4sN9cT1yH6bJ3mF5gD8zA2eU7iO0qX4wS9nV1rC6tY3hK5jP8lM0"


def run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -c code`` with a clean environment of the platform's variables plus ``env``."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SKILLAWARD_", "DATABASE_", "DJANGO_ALLOW_ASYNC"))
    }
    base |= {"SKILLAWARD_DATA": str(tmp_path), "DJANGO_SETTINGS_MODULE": "skillaward.web.settings"}
    return subprocess.run(
        [sys.executable, "-c", code], env=base | env, capture_output=True, text=True, timeout=120
    )


def manage(tmp_path: Path, *arguments: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run(
        f"import sys; from skillaward.cli import main; sys.exit(main(['manage', *{arguments!r}]))",
        tmp_path,
        **env,
    )


PRODUCTION = {
    "SKILLAWARD_SECRET_KEY": REAL_KEY,
    "SKILLAWARD_ALLOWED_HOSTS": "pingxuan.example.gov.cn",
    "SKILLAWARD_HTTPS": "1",
    "SKILLAWARD_PROXY_SSL_HEADER": "1",
}


def test_check_deploy_is_clean_in_a_production_environment(tmp_path):
    checked = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert checked.returncode == 0, checked.stderr + checked.stdout
    assert "no issues" in checked.stdout


def test_without_a_secret_key_the_platform_refuses_to_start_in_chinese_and_english(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SKILLAWARD_SECRET_KEY"}
    checked = manage(tmp_path, "check", **env)
    assert checked.returncode != 0
    assert "未设置正式的密钥" in checked.stderr
    assert "SKILLAWARD_SECRET_KEY is not set to a real secret key" in checked.stderr


def test_a_short_secret_key_is_refused(tmp_path):
    checked = manage(tmp_path, "check", **PRODUCTION | {"SKILLAWARD_SECRET_KEY": "secret"})
    assert checked.returncode != 0
    assert "至少50个字符" in checked.stderr


def test_the_wsgi_application_refuses_to_load_without_a_secret_key(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SKILLAWARD_SECRET_KEY"}
    loaded = run("import skillaward.web.wsgi", tmp_path, **env)
    assert loaded.returncode != 0
    assert "ImproperlyConfigured" in loaded.stderr and "未设置正式的密钥" in loaded.stderr
    assert run("import skillaward.web.wsgi", tmp_path, **PRODUCTION).returncode == 0


@pytest.mark.parametrize("env", [{"SKILLAWARD_DEBUG": "1"}, {"SKILLAWARD_DEMO": "1"}])
def test_debug_and_the_demo_run_without_a_secret_key(tmp_path, env):
    assert manage(tmp_path, "check", **env).returncode == 0


def test_https_settings_come_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    assert run(code, tmp_path, **PRODUCTION).stdout.strip().split(maxsplit=4) == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO', 'https')",
    ]
    plain = run(code, tmp_path, SKILLAWARD_DEBUG="1").stdout.split()
    assert plain == ["False", "False", "False", "0", "None"]


def test_gunicorn_serves_the_platform_and_its_static_files(tmp_path):
    """The documented server command: `gunicorn skillaward.web.wsgi:application`, static files
    through whitenoise after collectstatic."""
    assert manage(tmp_path, "collectstatic", "--noinput", **PRODUCTION).returncode == 0
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SKILLAWARD_")}
    env |= PRODUCTION | {"SKILLAWARD_DATA": str(tmp_path), "SKILLAWARD_HTTPS": "0"}
    env["SKILLAWARD_ALLOWED_HOSTS"] = "127.0.0.1"
    server = subprocess.Popen(
        [str(gunicorn), "--bind", "127.0.0.1:18613", "skillaward.web.wsgi:application"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        import time
        import urllib.request

        for _ in range(100):
            try:
                response = urllib.request.urlopen(
                    "http://127.0.0.1:18613/static/skillaward/site.css"
                )
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer")
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        server.wait(timeout=10)
