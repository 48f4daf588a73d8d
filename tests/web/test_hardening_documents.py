"""Documents on the web hold no web worker for long (issue 13 §6): a single document's PDF is
given up past ``PDF_WEB_TIMEOUT`` with a Chinese "please retry"; bulk PDFs are jobs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from skillaward import downloads
from tests.web.chain_helpers import at_stage, submitted
from tests.web.factories import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck_soffice(tmp_path, monkeypatch, settings):
    """A LibreOffice that never finishes, and a one-second bound for web PDFs."""
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nexec sleep 60\n")
    soffice.chmod(0o755)
    monkeypatch.setenv("SKILLAWARD_SOFFICE", str(soffice))
    settings.PDF_WEB_TIMEOUT = 1


def test_s6_a_form_pdf_past_the_web_timeout_is_a_chinese_please_retry(client, stuck_soffice):
    w = world("liaocheng-chief-2019")
    application = submitted(w)
    client.force_login(w.account("applicant"))
    url = reverse("document_application", args=[application.pk, "pledge", "pdf"])
    response = client.get(url)
    assert response.status_code == 503
    assert "LibreOffice 转换PDF超时（超过1秒），请稍后重试" in response.content.decode()


def test_s6_a_list_pdf_is_bounded_the_same_way(client, stuck_soffice):
    w = world("beijing-allowance-2024")
    at_stage(w, "recommender_submit")
    client.force_login(w.account("recommender_staff"))
    url = reverse("document_batch", args=[w.campaign.pk, "list", "pdf"])
    response = client.get(url)
    assert response.status_code == 503
    assert "超时（超过1秒）" in response.content.decode()


def test_s6_the_downloads_modules_import_one_another_only_at_the_top():
    """No import hidden inside a function (views and jobs used to import each other there)."""
    for module in Path(downloads.__file__).parent.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                nested = [
                    n for n in ast.walk(function) if isinstance(n, ast.Import | ast.ImportFrom)
                ]
                assert not nested, f"{module.name}: {function.name} imports inside"
