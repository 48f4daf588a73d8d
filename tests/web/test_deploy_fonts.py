"""Official forms print in serif (issue 13 §4): the project's fontconfig aliases map the
Windows font names of the templates to the Noto CJK faces."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ALIASES = Path(__file__).resolve().parents[2] / "deploy" / "65-skillaward-cjk.conf"

pytestmark = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig missing")


def fc_match(family: str, tmp_path: Path, *, aliases: bool = True) -> str:
    """What fontconfig picks for ``family`` from the installed fonts with only the project's
    aliases file as configuration (so the file in the repository is tested, not a copy
    installed in /etc/fonts)."""
    config = tmp_path / "fonts.conf"
    include = f"<include>{ALIASES}</include>" if aliases else ""
    config.write_text(
        '<?xml version="1.0"?><fontconfig><dir>/usr/share/fonts</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir>{include}</fontconfig>",
        encoding="utf-8",
    )
    matched = subprocess.run(
        ["fc-match", "--format=%{family[0]}", family],
        env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return matched.stdout


def test_without_the_aliases_simsun_is_not_a_noto_serif_face(tmp_path):
    """The control: the alias file is what makes the difference."""
    assert fc_match("SimSun", tmp_path, aliases=False) != "Noto Serif CJK SC"


@pytest.mark.parametrize("family", ["SimSun", "宋体", "仿宋", "FangSong_GB2312", "楷体"])
def test_song_and_fangsong_print_in_noto_serif_cjk(family, tmp_path):
    assert fc_match(family, tmp_path) == "Noto Serif CJK SC"


@pytest.mark.parametrize("family", ["SimHei", "黑体", "微软雅黑"])
def test_hei_prints_in_noto_sans_cjk(family, tmp_path):
    assert fc_match(family, tmp_path) == "Noto Sans CJK SC"
