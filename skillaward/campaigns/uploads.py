"""Checks of uploaded files: the 2-inch photo (BJ6-18, BJ24-10, XA24-10) and supporting files.

A file's type is judged from its content, never from its name or the browser's word; a file
whose name says one type and whose content is another is refused. Each refusal is a Chinese
sentence that tells the applicant what to change.
"""

from __future__ import annotations

import colorsys
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from skillaward.base.errors import ActionRefused
from skillaward.core.program import Material, Photo

# 35 × 53 mm is 0.66; phones and studios crop a little differently.
PHOTO_RATIO = (0.62, 0.70)
PHOTO_MIN_WIDTH = 200
# A 2-inch photo needs far less; anything larger is refused from its header, before decoding
# (a 20000×20000 PNG is 389 KB on disk and 1.2 GB in memory).
PHOTO_MAX_PIXELS = 4000 * 6000
# Supporting files one application may hold, all materials together.
MAX_FILES_PER_APPLICATION = 30

FORMAT_NAMES = {"jpeg": "JPG", "png": "PNG", "pdf": "PDF"}
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
EXTENSIONS = {"jpeg": (".jpg", ".jpeg"), "png": (".png",), "pdf": (".pdf",)}
BACKGROUND_NAMES = {"blue": "蓝色", "red": "红色", "white": "白色", "other": "杂色"}


@dataclass(frozen=True)
class Checked:
    """What a file turned out to be: its format (``jpeg``/``png``/``pdf``) and MIME type."""

    format: str
    content_type: str
    # What to store instead of the upload: the photo turned upright, without its EXIF (GPS).
    content: bytes | None = None


def _head(upload: UploadedFile[bytes]) -> bytes:
    upload.seek(0)
    head: bytes = upload.read(8192)
    upload.seek(0)
    return head


def sniff(upload: UploadedFile[bytes], allowed: Iterable[str]) -> Checked:
    """The upload's format from its content; refused unless one of ``allowed`` (format ids)."""
    allowed = tuple(allowed)
    wanted = "、".join(FORMAT_NAMES.get(f, f.upper()) for f in allowed)
    limit = settings.SKILLAWARD_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise ActionRefused(
            f"文件“{upload.name}”大小为{upload.size / 1048576:.1f}MB，"
            f"超过{limit / 1048576:.0f}MB上限"
        )
    if not upload.size:
        raise ActionRefused(f"文件“{upload.name}”是空文件")
    kind = filetype.guess(_head(upload))
    found = next((f for f, mime in MIME_TYPES.items() if kind and kind.mime == mime), None)
    if found is None or found not in allowed:
        what = kind.extension.upper() if kind else "无法识别的格式"
        raise ActionRefused(f"文件“{upload.name}”的内容是{what}，只接受{wanted}格式")
    name = (upload.name or "").lower()
    named = next((f for f, exts in EXTENSIONS.items() if name.endswith(exts)), None)
    if named is None:
        known = "、".join(e for f in allowed for e in EXTENSIONS.get(f, ()))
        raise ActionRefused(f"文件“{upload.name}”的扩展名不可接受，只接受{known}文件")
    if named != found:
        raise ActionRefused(
            f"文件“{upload.name}”的扩展名与内容不符：内容是{FORMAT_NAMES[found]}，"
            "请改正扩展名或重新导出"
        )
    if found == "pdf":
        _require_pdf_opens(upload)
    return Checked(found, MIME_TYPES[found])


def _require_pdf_opens(upload: UploadedFile[bytes]) -> None:
    """A PDF that a reader can open and that has at least one page."""
    try:
        pages = len(PdfReader(upload).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        pages = 0
    finally:
        upload.seek(0)
    if not pages:
        raise ActionRefused(
            f"文件“{upload.name}”不是能打开的PDF文件（已损坏或没有页面），请重新导出后上传"
        )


def background_of(image: Image.Image) -> str:
    """The background colour of a portrait, judged from patches at its top corners and edges.

    ``blue``, ``red``, ``white`` or ``other``: the colour most of the patches agree on
    (at least three of four), else ``other``.
    """
    rgb = image.convert("RGB")
    width, height = rgb.size
    side = max(2, min(width, height) // 10)
    boxes = [
        (0, 0, side, side),  # top left
        (width - side, 0, width, side),  # top right
        (0, height // 4, side, height // 4 + side),  # left edge, upper quarter
        (width - side, height // 4, width, height // 4 + side),  # right edge, upper quarter
    ]
    colours = [_colour_name(rgb.crop(box).resize((1, 1), Image.Resampling.BOX)) for box in boxes]
    best = max(set(colours), key=colours.count)
    return best if colours.count(best) >= 3 else "other"


def _colour_name(pixel: Image.Image) -> str:
    rgb = cast(tuple[int, int, int], pixel.getpixel((0, 0)))  # one pixel of an RGB image
    red, green, blue = (value / 255 for value in rgb)
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    degrees = hue * 360
    if saturation < 0.15 and value > 0.75:
        return "white"
    if saturation >= 0.25 and value >= 0.3:
        if 185 <= degrees <= 250:
            return "blue"
        if degrees <= 15 or degrees >= 340:
            return "red"
    return "other"


def check_photo(upload: UploadedFile[bytes], photo: Photo) -> Checked:
    """A 2-inch photo in the programme's format and background colour, or ActionRefused."""
    checked = sniff(upload, photo.formats)
    try:
        image: Image.Image = Image.open(io.BytesIO(upload.read()))  # reads the header only
        _require_pixels_within_limit(image)
        image.load()
        image = ImageOps.exif_transpose(image)  # a portrait phone photo stands upright
    except Image.DecompressionBombError:  # the header claims more than Pillow will open
        raise ActionRefused(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError):
        raise ActionRefused("照片文件已损坏，无法打开，请重新导出后上传") from None
    finally:
        upload.seek(0)
    width, height = image.size
    ratio = width / height
    low, high = PHOTO_RATIO
    if not low <= ratio <= high:
        raise ActionRefused(
            f"照片为{width}×{height}像素（宽高比{ratio:.2f}），不是二寸照片的比例"
            f"（35×53毫米，宽高比应在{low:.2f}至{high:.2f}之间）（{photo.clause}）"
        )
    if width < PHOTO_MIN_WIDTH:
        raise ActionRefused(
            f"照片宽度只有{width}像素，太小，请上传至少{PHOTO_MIN_WIDTH}像素宽的照片"
        )
    if photo.background != "any":
        found = background_of(image)
        if found != photo.background:
            raise ActionRefused(
                f"照片背景应为{BACKGROUND_NAMES[photo.background]}，上传的照片背景为"
                f"{BACKGROUND_NAMES[found]}（{photo.clause}）"
            )
    return Checked(checked.format, checked.content_type, _without_metadata(image, checked.format))


TOO_MANY_PIXELS = (
    f"照片像素过多，请缩小到{PHOTO_MAX_PIXELS // 10000}万像素以内后上传（二寸照片有几百像素宽即可）"
)


def _require_pixels_within_limit(image: Image.Image) -> None:
    width, height = image.size
    if width * height > PHOTO_MAX_PIXELS:
        raise ActionRefused(f"照片为{width}×{height}像素，{TOO_MANY_PIXELS}")


def _without_metadata(image: Image.Image, format: str) -> bytes:
    """The photo re-encoded from its pixels alone: no EXIF (GPS, camera), no comments."""
    buffer = io.BytesIO()
    if format == "png":
        image.save(buffer, "PNG")
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


UPLOAD_FORMATS = ("pdf", "jpeg", "png")
# The recommending unit's own papers about its whole batch, never an applicant's upload.
BATCH_MATERIALS = frozenset({"list", "summary", "report"})


def uploadable(material: Material) -> bool:
    """Whether applicants upload this material themselves (PDF or image files)."""
    return material.id not in BATCH_MATERIALS and any(f in UPLOAD_FORMATS for f in material.formats)


def check_attachment(upload: UploadedFile[bytes], material: Material) -> Checked:
    """A supporting file of one of the material's formats, within the size limit."""
    return sniff(upload, [f for f in material.formats if f in UPLOAD_FORMATS])
