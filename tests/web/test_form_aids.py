"""Issue 11 §2: the long application form helps its applicant.

A refused upload's error stands beside its input and the photo section no longer shows the
old picture as if it were the new one; gender and birth date come from the ID number; the
form has a section menu and shows how far it is filled.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from skillaward.campaigns.services import application_photo, application_save
from skillaward.core.idnumber import parse_id_number
from tests.builders import applicant
from tests.web.factories import PASSWORD, draft, jpeg, world

pytestmark = pytest.mark.django_db

BJ24 = "beijing-allowance-2024"


def _login(client, w):
    client.login(username=w.account("applicant").username, password=PASSWORD)
    return client


def test_bj24_10_a_refused_photo_is_explained_beside_its_input_and_the_old_one_not_shown(client):
    w = world(BJ24)
    application = draft(w)
    application_photo(application=application, actor=w.account("applicant"), upload=jpeg())
    wrong = jpeg(colour=(250, 250, 250))  # white background: refused (BJ24-10)
    response = _login(client, w).post(
        reverse("application_photo", args=[application.pk]), {"photo": wrong}
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<p class="error" id="f-photo-error">([^<]+)</p>', html)
    assert error and "背景" in error.group(1)
    photo = html.split('id="photo"', 1)[1].split("</section>", 1)[0]
    assert '<img class="photo"' not in photo
    assert "照片未更换" in photo
    assert 'class="messages"' not in html  # not printed at the top of the page


def test_a_refused_file_is_explained_beside_its_material(client):
    w = world(BJ24)
    application = draft(w)
    material = application.campaign.program.materials[0].id
    fake = SimpleUploadedFile("证书.pdf", b"not a pdf at all", content_type="application/pdf")
    response = _login(client, w).post(
        reverse("application_attachment", args=[application.pk]),
        {"material": material, "file": fake},
    )
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(rf'<p class="error" id="f-file-{material}-error"[^>]*>([^<]+)</p>', html)
    assert error and error.group(1).strip()


def test_gender_and_birth_date_are_read_from_the_id_number_when_left_blank():
    w = world(BJ24)
    record = applicant(BJ24)
    identity = parse_id_number(record["id_number"])
    application = draft(w, data=record | {"gender": "", "birth_date": ""})
    assert application.data["gender"] == identity.gender
    assert application.data["birth_date"] == identity.birth_date.isoformat()


def test_a_typed_gender_is_kept_even_if_the_id_number_says_otherwise():
    w = world(BJ24)
    identity = parse_id_number(applicant(BJ24)["id_number"])
    record = applicant(BJ24) | {"gender": "女" if identity.gender == "男" else "男"}
    application = application_save(application=draft(w), actor=w.account("applicant"), data=record)
    assert application.data["gender"] == record["gender"]


def test_the_form_has_a_section_menu_and_shows_how_far_it_is_filled(client):
    w = world(BJ24)
    application = draft(w, data={"name": "张三"})
    html = (
        _login(client, w).get(reverse("application_edit", args=[application.pk])).content.decode()
    )
    menu = html.split('id="section-menu"', 1)[1].split("</nav>", 1)[0]
    sections = re.findall(r'<section class="card" id="(section-[^"]+)"', html)
    assert sections and all(f'href="#{s}"' in menu for s in sections)
    filled, total = map(int, re.search(r'id="progress-text">(\d+)/(\d+)', menu).groups())
    assert filled == 1 and total > 5
    history = [{"from": "1996-07", "unit": "某机械有限公司"}]
    full = draft(w, who="other_applicant", data=applicant(BJ24) | {"work_history": history})
    client.force_login(w.account("other_applicant"))
    html = client.get(reverse("application_edit", args=[full.pk])).content.decode()
    more, same_total = map(int, re.search(r'id="progress-text">(\d+)/(\d+)', html).groups())
    assert more == same_total == total  # all filled: the rows begun count, not the blank one
