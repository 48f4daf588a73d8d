from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    """A 2-inch (413 × 579 px) blue-background JPEG."""
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (413, 579), (60, 110, 200)).save(path)
    return path
