"""Issue 11 §2: the interface names things in Chinese.

Every role of every demo region crawls the pages it can reach from its home page; no page may
show a programme's or a record's English key (levels like ``city``, field keys like
``pledge``, stage and role ids), and applicants are offered no raw JSON.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.db import transaction
from django.test import override_settings

from skillaward.core import chain
from skillaward.demo import build_demo

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
PAGES_PER_ROLE = 14
# Files, not pages: the crawl reads what a reader sees, it does not render documents.
FILES = re.compile(r"\.(docx|xlsx|pdf)$|/files/|/export/|/zip$|/status$|/document-jobs/")

# Keys of the programmes, the records and the chain that must never reach a reader.
KEYS = (
    {
        "city",
        "county",
        "provincial",
        "national",
        "district",
        "ministerial",
        "pledge",
        "photo",
        "unit",
        "self",
        "expert",
        "employer",
        "nomination",
        "identity",
        "eligible",
        "ineligible",
        "pass",
        "fail",
        "warn",
        "review",
        "draft",
        "returned",
        "rejected",
        "not_selected",
        "awarded",
        "None",
        "True",
        "False",
        "null",
    }
    | set(chain.ROLE_NAMES)
    | set(chain.STEP_NAMES)
)
KEY = re.compile(
    r"(?<![A-Za-z0-9_./@-])("
    + "|".join(sorted(KEYS, key=len, reverse=True))
    + r")(?![A-Za-z0-9_@-])"
)
DOTTED = re.compile(r"\b[a-z]+(?:_[a-z]+)*(?:\.\d+)?\.[a-z_]+\b")  # work_history.0.from


class Page(HTMLParser):
    """The text a reader sees (no scripts or styles) and the links to follow."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("title", "placeholder", "aria-label", "alt"):
            if attrs.get(name):
                self.text.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        yield build_demo(TODAY)
        transaction.set_rollback(True)


def _crawl(client):
    """(url, visible text, links) of the HTML pages reachable from home, breadth first."""
    seen, queue = set(), ["/"]
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            yield url, None, []
            continue
        page = Page()
        page.feed(response.content.decode())
        yield url, " ".join(page.text), page.links
        for link in page.links:
            link = urldefrag(link).url
            parts = urlsplit(link)
            if parts.netloc or not parts.path.startswith("/") or link in seen:
                continue
            if parts.path.startswith(("/logout", "/static", "/admin")) or FILES.search(parts.path):
                continue
            queue.append(link)


def _roles(demo):
    chosen = {}
    for item in demo.accounts:
        chosen.setdefault((item.region, item.role), item.account)
    return sorted(chosen.items())


def test_every_role_sees_chinese_names_only(demo, client):
    leaks = []
    for (region, role), account in _roles(demo):
        client.force_login(account)
        for url, text, links in _crawl(client):
            if text is None:
                continue
            for match in {*KEY.findall(text), *DOTTED.findall(text)}:
                leaks.append(f"{region} {role} {url}: {match}")
            if role == "applicant":
                leaks += [
                    f"{region} {role} {url}: JSON {link}" for link in links if "/export/" in link
                ]
        client.logout()
    assert sorted(set(leaks)) == []
