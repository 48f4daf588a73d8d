"""Work history continuity (BJ24-16): the periods of a career follow one another.

Each period runs from a year-month to a year-month (or to now, ``None``). Sorted by their
start, each period must begin in the month the previous one ended or in the month after it:
a later start is a gap, an earlier start an overlap. Only the last period may be open.
Periods whose dates are not valid year-months are left to the record's own validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from skillaward.core.record import FieldError


def _month(value: object) -> int | None:
    """Months since year 0 of a ``YYYY-MM`` string, or None when it is not one."""
    if not isinstance(value, str):
        return None
    year, dash, month = value.partition("-")
    if not (dash and len(year) == 4 and year.isdigit() and month.isdigit() and len(month) == 2):
        return None
    if not 1 <= int(month) <= 12:
        return None
    return int(year) * 12 + int(month) - 1


def _name(months: int) -> str:
    return f"{months // 12}年{months % 12 + 1}月"


def work_history_problems(periods: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    """Gaps, overlaps and reversed periods of a work history, each at the field to correct."""
    problems: list[FieldError] = []
    spans: list[tuple[int, int | None, int]] = []  # start, end (None: to now), index
    for index, period in enumerate(periods):
        start = _month(period.get("from"))
        end = _month(period.get("to"))
        if start is None or (period.get("to") not in (None, "") and end is None):
            continue
        if end is not None and end < start:
            problems.append(
                FieldError(f"work_history.{index}.to", f"截止年月早于起始年月（{_name(start)}）")
            )
            continue
        spans.append((start, end, index))
    spans.sort(key=lambda span: span[0])
    for (_, before_end, before), (start, _, index) in pairwise(spans):
        if before_end is None:
            problems.append(
                FieldError(
                    f"work_history.{before}.to",
                    f"只有最后一段经历可以填“至今”，其后还有{_name(start)}开始的经历",
                )
            )
        elif start > before_end + 1:
            problems.append(
                FieldError(
                    f"work_history.{index}.from",
                    f"工作经历不连续：{_name(before_end)}至{_name(start)}之间有空档（BJ24-16）",
                )
            )
        elif start < before_end:
            problems.append(
                FieldError(
                    f"work_history.{index}.from",
                    f"工作经历有重叠：{_name(start)}开始的经历与截至{_name(before_end)}的经历"
                    "时间交叉（BJ24-16）",
                )
            )
    return problems
