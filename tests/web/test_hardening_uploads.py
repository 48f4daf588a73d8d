"""Hostile and broken uploads (issue 13 §2): refused with a Chinese message, never a 500,
never half a save; photos stored upright and without their EXIF."""

from __future__ import annotations

import io
import os
import struct
import time
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from skillaward.base.errors import ActionRefused
from skillaward.campaigns import services
from skillaward.campaigns.services import (
    applicant_materials,
    application_attachments,
    application_photo,
)
from tests.web.factories import PASSWORD, draft, jpeg, pdf_bytes, world

pytestmark = pytest.mark.django_db
BLUE = (67, 142, 219)
RED = (200, 30, 40)


def png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A few hundred bytes of PNG whose header claims ``width`` × ``height`` pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), RED).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return SimpleUploadedFile("photo.png", bytes(data), content_type="image/png")


def jpeg_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A small JPEG whose frame header (SOF0) claims ``width`` × ``height`` pixels."""
    data = bytearray(jpeg().read())
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return SimpleUploadedFile("photo.jpg", bytes(data), content_type="image/jpeg")


def photo_refusal(program_id: str, upload: SimpleUploadedFile) -> str:
    w = world(program_id)
    with pytest.raises(ActionRefused) as refused:
        application_photo(application=draft(w), actor=w.account("applicant"), upload=upload)
    return str(refused.value)


def test_xa24_10_png_claiming_20000_by_20000_pixels_is_refused_not_a_500():
    assert "照片像素过多" in photo_refusal("xingan-expert-2024", png_claiming(20000, 20000))


def test_xa24_10_png_of_9600_by_14400_is_refused_from_its_header_before_decoding():
    # The file holds one pixel of data: decoding it would fail as "damaged" instead.
    message = photo_refusal("xingan-expert-2024", png_claiming(9600, 14400))
    assert message.startswith("照片为9600×14400像素，照片像素过多")


def test_bj24_10_jpeg_header_claiming_60000_by_40000_is_refused():
    assert "照片像素过多" in photo_refusal("beijing-allowance-2024", jpeg_claiming(60000, 40000))


def phone_photo() -> SimpleUploadedFile:
    """A portrait taken on a phone: pixels stored landscape, EXIF says turn 90°, with a
    camera make and a GPS position."""
    image = Image.new("RGB", (480, 330), BLUE)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (39.0, 54.0, 27.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_bj24_10_portrait_phone_photo_is_turned_upright_and_stored_without_exif():
    upload = phone_photo()
    assert Image.open(io.BytesIO(upload.read())).getexif()[0x010F] == "PhoneMaker"
    upload.seek(0)
    w = world("beijing-allowance-2024")
    application = application_photo(
        application=draft(w), actor=w.account("applicant"), upload=upload
    )
    stored = Image.open(application.photo.open("rb"))
    assert stored.size == (330, 480)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info


# --- supporting files -----------------------------------------------------------------------


def upload_files(w, application, material_id, *files):
    return application_attachments(
        application=application,
        actor=w.account("applicant"),
        material_id=material_id,
        uploads=list(files),
    )


@pytest.fixture
def w():
    return world("beijing-allowance-2024")


@pytest.fixture
def material(w):
    return applicant_materials(w.campaign.program)[0].id


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_bj24_10_an_exe_named_file_is_refused_whatever_its_content(w, material):
    with pytest.raises(ActionRefused) as refused:
        upload_files(w, draft(w), material, SimpleUploadedFile("证书.exe", pdf_bytes()))
    assert str(refused.value) == "文件“证书.exe”的扩展名不可接受，只接受.pdf文件"


def test_bj24_10_a_pdf_that_does_not_open_is_refused(w, material):
    broken = SimpleUploadedFile("证书.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 50)
    with pytest.raises(ActionRefused) as refused:
        upload_files(w, draft(w), material, broken)
    assert "不是能打开的PDF文件" in str(refused.value)


def test_three_files_with_the_last_one_empty_save_nothing(client, w, material, settings):
    application = draft(w)
    client.login(username=w.account("applicant").username, password=PASSWORD)
    files = [
        SimpleUploadedFile("a.pdf", pdf_bytes()),
        SimpleUploadedFile("b.pdf", pdf_bytes()),
        SimpleUploadedFile("c.pdf", b""),
    ]
    response = client.post(
        reverse("application_attachment", args=[application.pk]),
        {"material": material, "file": files},
    )
    assert response.status_code == 400  # the form page, the refusal beside its material
    assert "文件“c.pdf”是空文件" in response.content.decode()
    assert application.attachments.count() == 0
    assert stored_files(settings) == []


def test_a_failure_while_storing_removes_the_files_already_written(w, material, settings):
    application = draft(w)
    original = services.Attachment.save
    calls = []

    def fail_second(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise RuntimeError("killed")
        return original(self, *args, **kwargs)

    services.Attachment.save = fail_second
    try:
        with pytest.raises(RuntimeError):
            upload_files(
                w,
                application,
                material,
                SimpleUploadedFile("a.pdf", pdf_bytes()),
                SimpleUploadedFile("b.pdf", pdf_bytes()),
            )
    finally:
        services.Attachment.save = original
    assert application.attachments.count() == 0
    assert stored_files(settings) == []


def test_per_application_file_limit_refuses_the_batch_that_exceeds_it(w, material, monkeypatch):
    monkeypatch.setattr(services, "MAX_FILES_PER_APPLICATION", 3)
    application = draft(w)
    upload_files(
        w, application, material, *(SimpleUploadedFile(f"{i}.pdf", pdf_bytes()) for i in range(2))
    )
    with pytest.raises(ActionRefused) as refused:
        upload_files(
            w,
            application,
            material,
            *(SimpleUploadedFile(f"{i}.pdf", pdf_bytes()) for i in range(2)),
        )
    assert str(refused.value).startswith("每份申报最多上传3个证明材料文件，已有2个，本次又选了2个")
    upload_files(w, application, material, SimpleUploadedFile("last.pdf", pdf_bytes()))
    assert application.attachments.count() == 3


def test_files_a_killed_request_left_without_a_row_are_swept(w, material, settings):
    application = draft(w)
    (kept,) = upload_files(w, application, material, SimpleUploadedFile("a.pdf", pdf_bytes()))
    orphan = settings.MEDIA_ROOT / "materials" / "2026" / "killed-request.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(pdf_bytes())
    fresh = orphan.with_name("still-uploading.pdf")
    fresh.write_bytes(pdf_bytes())
    an_hour_ago = time.time() - 2 * 3600
    os.utime(orphan, (an_hour_ago, an_hour_ago))
    os.utime(settings.MEDIA_ROOT / kept.file.name, (an_hour_ago, an_hour_ago))
    out = io.StringIO()
    call_command("sweep_uploads", stdout=out)
    assert not orphan.exists()
    assert fresh.exists() and (settings.MEDIA_ROOT / kept.file.name).exists()
    assert "共删除1个没有对应记录的上传文件" in out.getvalue()
