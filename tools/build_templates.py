"""Builds the .docx templates of :mod:`skillaward.documents` from its ``layouts.yaml`` and
``catalogue.yaml``: a development tool, not part of the installed package.

Run it from the repository root, in the development environment (``pip install -e .``), after
changing either file, and commit what it writes into ``skillaward/documents/templates/``::

    .venv/bin/python tools/build_templates.py [DIR]

(``DIR`` writes the templates elsewhere instead, to compare them.) Each Jinja tag is written as
one run, so docxtpl sees it whole. Forms come from ``layouts.yaml``; lists, reports and
publicity notices are generated from their columns in the catalogue, so one piece of code
serves every programme.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

import skillaward.documents
from skillaward.documents import panel
from skillaward.documents.catalogue import Column, catalogue
from skillaward.documents.catalogue import Document as CatalogueDocument

DOCUMENTS = Path(skillaward.documents.__file__).parent
TEMPLATES = DOCUMENTS / "templates"

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
PAPER = {"A4": (Cm(21.0), Cm(29.7)), "A3": (Cm(29.7), Cm(42.0))}
MARGIN = Cm(2.0)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
MERGE_LEFT, MERGE_UP = "<", "^"
DEFAULT_ROW_CM = 0.75


# ----------------------------------------------------------------------------- page and text
def tag(expr: str) -> str:
    """A Jinja output tag, written whole in one run."""
    return "{{ " + expr + " }}"


def _set_fonts(run_or_style: Any, font: str) -> None:
    run_or_style.font.name = font
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)


def new_page(paper: str = "A4", landscape: bool = False) -> Document:
    document = new_document()
    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_FONT)
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = document.sections[0]
    width, height = PAPER[paper]
    if landscape:
        width, height = height, width
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    document.core_properties.author = "skillaward"
    return document


def text_width(document: Document) -> int:
    section = document.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # set by new_page
    return int(width - left - right)


def write(
    paragraph: Paragraph,
    text: str,
    *,
    size: float | None = None,
    bold: bool = False,
    font: str | None = None,
) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    if size:
        run.font.size = Pt(size)
    if font:
        _set_fonts(run, font)


def paragraph(
    container: Any,
    text: str = "",
    *,
    align: str = "left",
    size: float | None = None,
    bold: bool = False,
    font: str | None = None,
    indent: bool = False,
    space_after: float = 0,
) -> Paragraph:
    p: Paragraph = container.add_paragraph()
    p.alignment = ALIGN[align]
    if indent:
        p.paragraph_format.first_line_indent = Pt((size or 10.5) * 2)
    p.paragraph_format.space_after = Pt(space_after)
    if text:
        write(p, text, size=size, bold=bold, font=font)
    return p


def page_break(document: Document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# ----------------------------------------------------------------------------- tables
def _border(table: Table, *, show: bool) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if show else "nil")
        if show:
            element.set(qn("w:sz"), "6")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _fixed_layout(table: Table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _bottom_border(cell: _Cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    tcpr.append(borders)


def new_table(container: Any, widths: Sequence[int], rows: int, *, borders: bool = True) -> Table:
    table: Table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _border(table, show=borders)
    _fixed_layout(table)
    for index, width in enumerate(widths):
        table.columns[index].width = width
        for cell in table.columns[index].cells:
            cell.width = width
    return table


def _cell_lines(cell: _Cell, lines: Sequence[str], align: str, size: float | None = None) -> None:
    first = cell.paragraphs[0]
    for index, line in enumerate(lines):
        p = first if index == 0 else cell.add_paragraph()
        p.alignment = ALIGN[align]
        if line:
            write(p, line, size=size)


def _fill_cell(cell: _Cell, spec: Any) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if isinstance(spec, str):
        _cell_lines(cell, spec.split("\n"), "center")
    elif "v" in spec:
        _cell_lines(cell, [tag(spec["v"])], spec.get("align", "center"))
    elif "t" in spec:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
        _cell_lines(cell, str(spec["t"]).split("\n"), spec.get("align", "left"))
    elif "photo" in spec:
        hint = str(spec["photo"]).split("\n")
        _cell_lines(
            cell, ["{%p if photo %}", "{{ photo }}", "{%p else %}", *hint, "{%p endif %}"], "center"
        )
    elif "opinion" in spec:
        _opinion(cell, spec)
    else:
        raise ValueError(f"unknown cell {spec!r}")


def _opinion(cell: _Cell, spec: dict[str, Any]) -> None:
    """An opinion box: hint, the opinion text, space to write, then seal, signature and date."""
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    key = spec["opinion"]
    lines: list[tuple[str, str]] = []
    if spec.get("hint"):
        lines.append((spec["hint"], "left"))
    lines.append((tag(f"opinions.{key}.text"), "left"))
    lines.append(("", "left"))
    if spec.get("seal"):
        lines.append(("（盖章）　　　　　　", "right"))
    sign = spec.get("sign", "")
    signer = tag(f"opinions.{key}.signer")
    date = tag(f"opinions.{key}.date|sign")
    lines.append((f"{sign}{signer}　　　　{date}　　" if sign else f"{date}　　", "right"))
    first = cell.paragraphs[0]
    for index, (line, align) in enumerate(lines):
        p = first if index == 0 else cell.add_paragraph()
        p.alignment = ALIGN[align]
        if line:
            write(p, line)


def _rows(spec: list[Any]) -> list[tuple[list[Any], float | None, str | None]]:
    rows: list[tuple[list[Any], float | None, str | None]] = []
    for row in spec:
        if isinstance(row, list):
            rows.append((row, None, None))
        else:
            rows.append((row["cells"], row.get("h"), row.get("each")))
    return rows


def _merge(table: Table, cells: list[list[Any]], first_row: int) -> None:
    """Merge each cell with the ``<`` to its right and the ``^`` below it."""
    for r, row in enumerate(cells):
        for c, spec in enumerate(row):
            if spec in (MERGE_LEFT, MERGE_UP):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == MERGE_LEFT:
                right += 1
            down = r
            while down + 1 < len(cells) and cells[down + 1][c] == MERGE_UP:
                down += 1
            if (right, down) != (c, r):
                start = table.cell(first_row + r, c)
                start.merge(table.cell(first_row + down, right))


def grid_table(document: Document, widths_cm: Sequence[float], spec: list[Any]) -> Table:
    rows = _rows(spec)
    physical: list[tuple[list[Any], float | None, str | None]] = []
    for cells, height, each in rows:
        if each:
            physical.append(
                ([f"{{%tr for {each} %}}"] + [MERGE_LEFT] * (len(cells) - 1), None, "tag")
            )
            physical.append((cells, height, None))
            physical.append((["{%tr endfor %}"] + [MERGE_LEFT] * (len(cells) - 1), None, "tag"))
        else:
            physical.append((cells, height, None))
    widths = [Cm(w) for w in widths_cm]
    table = new_table(document, widths, len(physical))
    for r, (cells, height, tag) in enumerate(physical):
        if len(cells) != len(widths):
            raise ValueError(f"row {cells!r} has {len(cells)} cells, grid has {len(widths)}")
        row = table.rows[r]
        if not tag:
            row.height = Cm(height or DEFAULT_ROW_CM)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for c, cell_spec in enumerate(cells):
            if cell_spec not in (MERGE_LEFT, MERGE_UP):
                if tag:
                    _cell_lines(row.cells[c], [cell_spec], "left")
                else:
                    _fill_cell(row.cells[c], cell_spec)
    _merge(table, [cells for cells, _, _ in physical], 0)
    return table


# ----------------------------------------------------------------------------- blocks
def cover(document: Document, spec: dict[str, Any]) -> None:
    for _ in range(4):
        paragraph(document, size=16)
    for line in spec["title"]:
        paragraph(
            document, line, align="center", size=24, bold=True, font=TITLE_FONT, space_after=12
        )
    for _ in range(3):
        paragraph(document, size=16)
    if spec.get("before"):
        paragraph(document, spec["before"], align="center", size=15, space_after=12)
    widths = [Cm(4.0), Cm(7.5)]
    table = new_table(document, widths, len(spec["fields"]), borders=False)
    for row, (label, expr) in zip(table.rows, spec["fields"], strict=True):
        row.height = Cm(1.3)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        label_cell, value_cell = row.cells
        label_cell.vertical_alignment = value_cell.vertical_alignment = (
            WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
        )
        write(label_cell.paragraphs[0], label, size=15)
        label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
        value_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        write(value_cell.paragraphs[0], tag(expr), size=15)
        _bottom_border(value_cell)
    for _ in range(8):
        paragraph(document, size=14)
    paragraph(document, spec["printer"], align="center", size=15, space_after=6)
    paragraph(document, "{{ filled_date or '年　　月　　日' }}", align="center", size=15)
    page_break(document)


def notes(document: Document, spec: dict[str, Any]) -> None:
    paragraph(
        document, spec["title"], align="center", size=16, bold=True, font=TITLE_FONT, space_after=12
    )
    for line in spec["lines"]:
        paragraph(document, line, size=12, indent=True, space_after=4)
    page_break(document)


def build_form(blocks: list[Any]) -> Document:
    document = new_page()
    for block in blocks:
        if block == "page":
            page_break(document)
        elif "cover" in block:
            cover(document, block["cover"])
        elif "notes" in block:
            notes(document, block["notes"])
        elif "h" in block:
            paragraph(document, block["h"], size=14, bold=True, font=TITLE_FONT, space_after=6)
        elif "p" in block:
            spec = block["p"]
            paragraph(
                document,
                spec["text"],
                align=spec.get("align", "left"),
                size=spec.get("size"),
                bold=spec.get("bold", False),
                indent=spec.get("indent", False),
                space_after=6,
            )
        elif "table" in block:
            grid_table(document, block["table"]["widths"], block["table"]["rows"])
            paragraph(document, size=2)
        else:
            raise ValueError(f"unknown block {block!r}")
    return document


# ----------------------------------------------------------------------------- batch documents
def _column_widths(document: Document, columns: Sequence[Column]) -> list[int]:
    total = sum(c.width for c in columns)
    return [int(text_width(document) * c.width / total) for c in columns]


def rows_table(document: Document, doc: CatalogueDocument, *, size: float = 9) -> None:
    """Header row, then one templated row per applicant, section by section, in rank order.

    Every batch document loops over ``sections`` (one untitled section when the list is not
    split); the ``section`` column is merged down each section (CC3-18).
    """
    left = [c.id for c in doc.columns if c.width >= 24]
    loop_table(document, doc.columns, merged=("section",), left=left, size=size)


def loop_table(
    document: Document,
    columns: Sequence[Column],
    *,
    merged: Sequence[str] = (),
    left: Sequence[str] = (),
    footer: str | None = None,
    keep: bool = False,
    size: float = 9,
    row_cm: float = 0.8,
) -> None:
    """A header row repeated on every page, then a row ``r`` per item of ``s.rows`` for each
    ``s`` of ``sections``: the ``merged`` columns merged down each section, the ``left``
    columns left-aligned, ``footer`` (an expression) a row across the table after each; with
    ``keep`` no row is split across pages."""
    widths = _column_widths(document, columns)
    tags = ["{%tr for s in sections %}", "{%tr for r in s.rows %}"]
    closing = ["{%tr endfor %}", "{%tr endfor %}"]
    between = [footer] if footer else []
    table = new_table(document, widths, 2 + len(tags) + len(between) + len(closing))
    header, data = table.rows[0], table.rows[1 + len(tags)]
    for cell, column in zip(header.cells, columns, strict=True):
        _cell_lines(cell, [column.header], "center", size)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeat on every page
    after = list(table.rows[2 + len(tags) :])
    for row, text in zip(
        [table.rows[1 + i] for i in range(len(tags))] + after,
        tags + closing[:1] + between + closing[1:],
        strict=True,
    ):
        _cell_lines(row.cells[0], [text if text in tags + closing else tag(text)], "left")
        row.cells[0].merge(row.cells[-1])
    if footer:
        summary = after[1]
        summary.height = Cm(0.8)
        summary.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        summary.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        if keep:
            _keep_together(summary)
    data.height = Cm(row_cm)
    data.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    if keep:  # rows whole, but no "keep with next" chain: LibreOffice lays those out slowly
        _keep_together(data)
    for cell, column in zip(data.cells, columns, strict=True):
        expr = tag(f"r.{column.id}")
        if column.id in merged:
            expr = "{% vm %}" + expr
        _cell_lines(cell, [expr], "left" if column.id in left else "center", size)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _keep_together(row: Any) -> None:
    """The row is not split across pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def build_list(doc: CatalogueDocument) -> Document:
    document = new_page(doc.paper, landscape=True)
    paragraph(
        document, doc.title, align="center", size=18, bold=True, font=TITLE_FONT, space_after=10
    )
    head = paragraph(
        document,
        f"{doc.recommender_label}：{{{{ batch.recommender }}}}（盖章）",
        size=12,
        space_after=6,
    )
    head.paragraph_format.tab_stops.add_tab_stop(text_width(document), WD_TAB_ALIGNMENT.RIGHT)
    write(head, "\t{{ batch.date|sign }}", size=12)
    rows_table(document, doc)
    paragraph(document, size=6)
    paragraph(document, "　　　　".join(doc.footer), size=12)
    if doc.note:
        paragraph(document, doc.note, size=10.5)
    return document


def _signature(document: Document) -> None:
    paragraph(document, size=14)
    paragraph(document, "{{ batch.recommender }}（盖章）　　", align="right", size=14)
    paragraph(document, "{{ batch.date|sign }}　　", align="right", size=14)


def titled_page() -> Document:
    """A new page headed by the document's title, as reports and notices begin."""
    document = new_page()
    paragraph(
        document,
        "{{ doc.title }}",
        align="center",
        size=20,
        bold=True,
        font=TITLE_FONT,
        space_after=16,
    )
    return document


def build_report(doc: CatalogueDocument) -> Document:
    document = titled_page()
    body: dict[str, Any] = {"size": 14, "indent": True, "space_after": 6}
    paragraph(document, doc.addressee or "", size=14, space_after=6)
    paragraph(
        document,
        "根据{{ program.authority }}关于{{ program.name }}工作的要求，"
        "{{ batch.recommender }}组织开展了推荐工作。{{ batch.work_summary }}",
        **body,
    )
    paragraph(document, "专家评议情况：{{ batch.expert_review }}", **body)
    paragraph(
        document,
        "公示情况：{% if publicity %}推荐人选于{{ publicity.start }}至"
        "{{ publicity.end }}{% if batch.publicity_place %}在{{ batch.publicity_place }}"
        "{% endif %}进行了为期{{ publicity.days }}个工作日的公示。{% endif %}",
        **body,
    )
    paragraph(document, "经研究，现推荐以下{{ rows|length }}名同志（按推荐顺序排列）：", **body)
    rows_table(document, doc)
    paragraph(document, size=6)
    paragraph(document, "涉密情况：{{ batch.classified_note }}", **body)
    if doc.attachments:
        listed = "　".join(f"{i}.{name}" for i, name in enumerate(doc.attachments, start=1))
        paragraph(document, f"附件：{listed}", **body)
    paragraph(document, "联系人：{{ batch.contact }}　　联系电话：{{ batch.phone }}", **body)
    _signature(document)
    return document


def build_notice(doc: CatalogueDocument) -> Document:
    document = titled_page()
    body: dict[str, Any] = {"size": 14, "indent": True, "space_after": 6}
    paragraph(
        document,
        "根据{{ program.authority }}关于{{ program.name }}工作的要求，经"
        "{{ batch.recommender }}研究，拟推荐以下{{ rows|length }}名同志为"
        "{{ program.honour }}推荐人选，现予以公示。",
        **body,
    )
    rows_table(document, doc)
    paragraph(document, size=6)
    paragraph(
        document,
        "公示期为{{ publicity.days }}个工作日（{{ publicity.start }}至"
        "{{ publicity.end }}）。公示期间，任何单位和个人对公示人选有异议的，可以书面形式向"
        "{{ batch.objection_contact or batch.recommender }}反映。反映情况应实事求是，"
        "并署真实姓名和联系方式。",
        **body,
    )
    paragraph(document, "联系人：{{ batch.contact }}　　联系电话：{{ batch.phone }}", **body)
    _signature(document)
    return document


BUILDERS = {"list": build_list, "report": build_report, "notice": build_notice}
PANEL_LEFT = ("criteria", "note", "comment", "remarks", "unit")


def build_panel(kind: panel.Kind, method: panel.Method) -> Document:
    """A panel round's document (:mod:`skillaward.documents.panel`): its head, its table, the
    notes under it, then the signature lines, kept on the page together."""
    document = new_page(landscape=panel.LANDSCAPE[kind])
    paragraph(document, "{{ head.campaign }}", align="center", size=12, font=TITLE_FONT)
    paragraph(
        document,
        "{{ head.title }}",
        align="center",
        size=18,
        bold=True,
        font=TITLE_FONT,
        space_after=8,
    )
    paragraph(document, "{{ head.info }}", size=11, space_after=6)
    if (kind, method) == ("statistics", "score"):
        paragraph(document, "{{ criteria_order }}", size=10.5, space_after=4)
    loop_table(
        document,
        panel.COLUMNS[kind][method],
        left=PANEL_LEFT,
        footer="s.summary" if kind == "statistics" else None,
        keep=True,
        row_cm=0.6 if kind == "statistics" else 0.8,
    )
    paragraph(document, size=4)
    for text in ("{%p for line in notes %}", "{{ line }}", "{%p endfor %}"):
        paragraph(document, text, size=10.5, space_after=3)
    if kind == "sheet":
        _keep_next(paragraph(document, size=12))
        paragraph(
            document,
            "评审专家（签字）：{{ head.expert }}　　　　　　　　　　{{ head.date|sign }}　　",
            align="right",
            size=12,
        )
        return document
    heading = paragraph(document, "评审专家签字：", size=12, bold=True, space_after=4)
    heading.paragraph_format.tab_stops.add_tab_stop(text_width(document), WD_TAB_ALIGNMENT.RIGHT)
    write(heading, "\t评审日期：{{ head.date|sign }}", size=12)
    _keep_next(heading)
    signature_table(document)
    return document


def signature_table(document: Document) -> None:
    """A row per two members: 序号, 姓名 and a blank to sign, twice; no row split."""
    columns = panel.SIGNATURE_COLUMNS * panel.SIGN_PAIRS
    widths = _column_widths(document, columns)
    table = new_table(document, widths, 4)
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        _cell_lines(cell, [column.header], "center", 10.5)
    for row, text in (
        (table.rows[1], "{%tr for g in signatures %}"),
        (table.rows[3], "{%tr endfor %}"),
    ):
        _cell_lines(row.cells[0], [text], "left")
        row.cells[0].merge(row.cells[-1])
    data = table.rows[2]
    data.height = Cm(1.0)
    data.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for index, cell in enumerate(data.cells):
        pair, place = divmod(index, len(panel.SIGNATURE_COLUMNS))
        _cell_lines(cell, [tag(f"g.{panel.SIGNATURE_COLUMNS[place].id}{pair + 1}")], "center", 10.5)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for row in table.rows:
        _keep_together(row)
        for cell in row.cells:
            for p in cell.paragraphs:
                _keep_next(p)


def _keep_next(p: Paragraph) -> Paragraph:
    p.paragraph_format.keep_with_next = True
    return p


def build_all(directory: Path) -> list[Path]:
    """Write every template into ``directory``; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    layouts = yaml.safe_load((DOCUMENTS / "layouts.yaml").read_text(encoding="utf-8"))
    written = []
    for name, blocks in layouts.items():
        path = directory / f"{name}.docx"
        build_form(blocks).save(str(path))
        written.append(path)
    for program in catalogue().values():
        for doc in program.documents.values():
            if doc.kind in BUILDERS:
                path = directory / doc.template
                BUILDERS[doc.kind](doc).save(str(path))
                written.append(path)
    for kind in panel.COLUMNS:
        for method in panel.COLUMNS[kind]:
            path = directory / panel.template_name(kind, method)
            build_panel(kind, method).save(str(path))
            written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    target = Path(args[0]) if args else TEMPLATES
    for path in build_all(target):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
