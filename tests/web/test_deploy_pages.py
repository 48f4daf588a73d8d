"""Error pages in Chinese, a server error's traceback written down, and pages with personal
data kept out of caches (issue 13 §4)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import include, path, reverse

from tests.web.factories import PASSWORD, world

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug the log must show")


urlpatterns = [path("broken/", broken), path("", include("skillaward.web.urls"))]


def test_an_unknown_page_is_a_chinese_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.urls("tests.web.test_deploy_pages")
def test_a_server_error_is_a_chinese_500_and_its_traceback_is_logged_to_a_file(tmp_path):
    file_handler = next(
        h for h in logging.getLogger("django").handlers if isinstance(h, logging.FileHandler)
    )
    assert Path(file_handler.baseFilename) == Path(settings.DATA_DIR) / "skillaward-errors.log"
    log = tmp_path / "errors.log"
    file_handler.baseFilename = str(log)  # the configured handler, writing to this test's file
    file_handler.close()
    try:
        response = Client(raise_request_exception=False).get("/broken/")
    finally:
        file_handler.close()
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()
    written = log.read_text(encoding="utf-8")
    assert "Internal Server Error: /broken/" in written
    assert "RuntimeError: a bug the log must show" in written and "Traceback" in written


def test_a_signed_in_page_is_never_stored(client):
    w = world("beijing-allowance-2024")
    client.login(username=w.account("unit_staff").username, password=PASSWORD)
    response = client.get(reverse("campaign_list"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_public_page_for_anonymous_visitors_is_not_marked_no_store(client):
    assert "no-store" not in client.get(reverse("publicity_index")).get("Cache-Control", "")


def test_the_error_log_makes_its_directory_and_never_breaks_a_request(tmp_path):
    from skillaward.web.logfile import DataDirectoryFileHandler

    handler = DataDirectoryFileHandler(str(tmp_path / "new" / "errors.log"))
    logger = logging.getLogger("skillaward.test-log")
    logger.addHandler(handler)
    try:
        logger.error("first error")
        blocked = DataDirectoryFileHandler(str(tmp_path / "new" / "errors.log" / "x.log"))
        logger.addHandler(blocked)
        logger.error("cannot be written: reported, not raised")
    finally:
        logger.handlers.clear()
        handler.close()
    assert "first error" in (tmp_path / "new" / "errors.log").read_text(encoding="utf-8")
