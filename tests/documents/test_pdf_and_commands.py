"""PDF through LibreOffice, the command line, and the committed templates."""

from __future__ import annotations

import argparse
import json
import subprocess
import zipfile
from pathlib import Path

import pytest

from skillaward.cli import documents as commands
from skillaward.documents.api import render_documents
from skillaward.documents.context import parse_context
from skillaward.documents.errors import DocumentError
from skillaward.documents.pdf import MISSING, convert_to_pdf
from tests.documents.fixtures import RARE_NAME, applicant_context
from tests.documents.helpers import BATCH
from tests.documents.test_lists import BJ24, CC3, LC19, batch
from tools.build_templates import TEMPLATES, build_all

EVERY_DOCX = [
    (BJ24, ["application", "list", "publicity"]),
    ("beijing-outstanding-6", ["recommendation", "list", "publicity"]),
    ("xingan-expert-2024", ["approval", "publicity"]),
    (CC3, ["recommendation", "summary", "bag-cover", "report", "publicity"]),
    (LC19, ["application", "pledge", "list", "report", "publicity"]),
]


def test_every_docx_converts_to_pdf_and_keeps_the_rare_name(tmp_path: Path, photo: Path) -> None:
    """Every .docx becomes a PDF (one LibreOffice run); 𡃁 survives in each; LC19-14 list A3."""
    context = parse_context({"batch": BATCH, "applicants": {"A-1": applicant_context(str(photo))}})
    docx: list[Path] = []
    for program_id, names in EVERY_DOCX:
        awards = (
            ("grand-award", "technical-expert", "grand-award") if program_id == CC3 else (None,) * 3
        )
        records = batch(program_id, awards)[:1] if program_id != CC3 else batch(program_id, awards)
        for name in names:
            out = tmp_path / program_id / name
            docx += render_documents(
                program_id,
                name,
                records[:1]
                if name in ("application", "recommendation", "approval", "bag-cover", "pledge")
                else records,
                out,
                context=context,
            )
    pdfs = convert_to_pdf(docx, tmp_path / "pdf")
    assert len(pdfs) == len(docx) == 18
    for pdf in pdfs:
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert (pdf.name, RARE_NAME in text) == (pdf.name, True)
    lc19_list = next(p for p in pdfs if p.name == "聊城市首席技师申报人员基本情况一览表.pdf")
    info = subprocess.run(
        ["pdfinfo", str(lc19_list)], capture_output=True, text=True, check=True
    ).stdout
    assert "1190.55 x 841.89 pts (A3)" in info


def test_pdf_without_libreoffice_is_a_chinese_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILLAWARD_SOFFICE", str(tmp_path / "no-soffice"))
    with pytest.raises(DocumentError) as error:
        convert_to_pdf([tmp_path / "a.docx"], tmp_path)
    assert str(error.value) == MISSING


def namespace(**values: object) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers())
    defaults = {"output": ".", "pdf": False, "context": None, "context_out": None}
    return argparse.Namespace(**(defaults | values))


def test_forms_command_lists_name_then_chinese_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert commands.forms(namespace(program=LC19)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "application",
        "pledge",
        "list",
        "list-xlsx",
        "report",
        "publicity",
    ]
    assert lines[0] == "application\t首席技师申报表（每人一份，Word）"
    assert (
        lines[3]
        == "list-xlsx\t聊城市首席技师申报人员基本情况一览表（Excel，可由 skillaward import 读回）"
    )


def test_forms_command_unknown_programme_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.forms(namespace(program="nowhere")) == 2
    assert capsys.readouterr().err.startswith("错误：未知的评选项目“nowhere”；可用：")


def test_render_command_one_file_per_applicant_or_one_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in batch(BJ24)))
    status = commands.render(
        namespace(
            program=BJ24, form="application", output=str(tmp_path / "f"), records=[str(records)]
        )
    )
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "f").iterdir()) == [
        "001-张𡃁-2024年享受北京市政府技师特殊津贴人员申报表.docx",
        "002-钱二-2024年享受北京市政府技师特殊津贴人员申报表.docx",
        "003-孙三-2024年享受北京市政府技师特殊津贴人员申报表.docx",
    ]
    status = commands.render(
        namespace(
            program=BJ24, form="list-xlsx", output=str(tmp_path / "l"), records=[str(records)]
        )
    )
    assert status == 0
    assert [p.name for p in (tmp_path / "l").iterdir()] == [
        "2024年推荐享受北京市政府技师特殊津贴人员情况一览表.xlsx"
    ]


def test_render_command_rejects_bad_records_by_line_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = batch(BJ24)[:2]
    bad["gender"] = "M"
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(bad) + "\n{oops")
    status = commands.render(
        namespace(program=BJ24, form="application", output=str(tmp_path), records=[str(records)])
    )
    assert status == 3
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0]
        == "错误：记录有误，未生成：第2行（A-2）：gender：取值“M”不在允许范围内：'男' or '女'"
    )
    assert err[1].startswith("错误：记录有误，未生成：第3行：记录：JSON格式错误：")


def test_render_command_unknown_form_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = commands.render(namespace(program=BJ24, form="nope", records=["x"]))
    assert status == 2
    assert capsys.readouterr().err == (
        "错误：项目beijing-allowance-2024没有名为“nope”的表格；"
        "可用：application、list、list-xlsx、publicity\n"
    )


def test_render_command_pdf_without_libreoffice_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILLAWARD_SOFFICE", str(tmp_path / "no-soffice"))
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(batch(BJ24)[0], ensure_ascii=False))
    status = commands.render(
        namespace(
            program=BJ24, form="application", output=str(tmp_path), pdf=True, records=[str(records)]
        )
    )
    assert (status, capsys.readouterr().err) == (2, f"错误：{MISSING}\n")


def test_import_command_prints_json_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in batch(BJ24)))
    commands.render(
        namespace(program=BJ24, form="list-xlsx", output=str(tmp_path), records=[str(records)])
    )
    capsys.readouterr()
    xlsx = next(tmp_path.glob("*.xlsx"))
    status = commands.import_(
        namespace(program=BJ24, file=str(xlsx), context_out=str(tmp_path / "ctx.yaml"))
    )
    assert status == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in lines] == [RARE_NAME, "钱二", "孙三"]
    assert (tmp_path / "ctx.yaml").read_text(encoding="utf-8") == (
        "batch:\n  recommender: 北京市朝阳区人力资源和社会保障局\n"
    )


def test_committed_templates_are_what_the_builder_makes(tmp_path: Path) -> None:
    """The .docx templates are reproducible from layouts.yaml and catalogue.yaml."""
    built = build_all(tmp_path)
    assert sorted(p.name for p in built) == sorted(p.name for p in TEMPLATES.glob("*.docx"))
    for path in built:
        with zipfile.ZipFile(path) as new, zipfile.ZipFile(TEMPLATES / path.name) as old:
            assert (path.name, new.read("word/document.xml")) == (
                path.name,
                old.read("word/document.xml"),
            )
