"""The vocabulary of titles (data/titles.yaml) and the division list (GB/T 2260)."""

from __future__ import annotations

import pytest

from skillaward.core.program import ProgramFileError, load_program_file
from skillaward.core.regions import divisions, region_code
from skillaward.core.titles import lexicon, read_title


@pytest.mark.parametrize(
    ("title", "canonical", "family", "issuer"),
    [
        ("第五批北京市有突出贡献的高技能人才", "北京市有突出贡献的高技能人才", None, None),
        ("享受国务院颁发政府特殊津贴", "国务院政府特殊津贴", None, None),
        ("“国务院特殊津贴”", "国务院政府特殊津贴", None, None),
        ("山东省青年技术能手", None, "青年技术能手", "山东省"),  # the longest family decides
        ("山东省有突出贡献的技师", None, "突出贡献技师", "山东省"),
        ("聊城市交通运输局首席技师", None, "首席技师", "山东省聊城市交通运输局"),
        ("大兴安岭地区林业行业技术能手", None, "行业技术能手", "黑龙江省大兴安岭地区林业"),
    ],
)
def test_recorded_title_is_read_by_meaning(
    title: str, canonical: str | None, family: str | None, issuer: str | None
) -> None:
    read = read_title(title)
    if canonical is not None:
        assert read.canonical == canonical
        return
    assert read.canonical is None
    assert read.family == family
    assert read.issuer is not None
    assert lexicon().issuer_name(read.issuer) == issuer


def test_issuer_read_from_the_authority_when_the_title_names_none() -> None:
    read = read_title("技术能手", "山东省人力资源和社会保障厅")
    assert read.issuer is not None and read.issuer.code == "370000"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("临清市", "371581"),
        ("山东省聊城市临清市", "371581"),
        ("漠河县", "232701"),  # renamed 2018
        ("四平市公主岭市", "220184"),  # moved to 长春市 in 2020
        ("朝阳区", None),  # 北京 and 长春 both have one
        ("北京经济技术开发区", None),
    ],
)
def test_region_code_of_a_name(text: str, code: str | None) -> None:
    assert region_code(text) == code


def test_old_code_lies_where_its_successor_lies() -> None:
    assert divisions().within("220381", "220100")  # 公主岭市's old code, now 长春
    assert not divisions().within("220184", "220300")


def test_programme_naming_a_title_outside_the_vocabulary_is_refused(tmp_path) -> None:
    from tests.core.test_operator_programs import city_programme, write

    data = city_programme()
    data["rules"][1]["checks"][0]["match"] = [{"title": "技术能手", "issuer": "火星"}]
    with pytest.raises(ProgramFileError, match="“火星”不是全国，也不是行政区划名称"):
        load_program_file(write(tmp_path, data))
