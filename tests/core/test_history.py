"""BJ24-16: work history periods are continuous, no gaps and no overlaps."""

from __future__ import annotations

from skillaward.core.history import work_history_problems
from skillaward.core.record import FieldError


def period(start: str, end: str | None, unit: str = "某厂") -> dict[str, object]:
    return {"from": start, "to": end, "unit": unit}


def test_bj24_16_consecutive_months_and_shared_month_are_continuous():
    periods = [period("2000-07", "2005-06"), period("2005-07", "2010-03"), period("2010-03", None)]
    assert work_history_problems(periods) == []


def test_bj24_16_order_of_rows_does_not_matter():
    periods = [period("2005-07", None), period("2000-07", "2005-06")]
    assert work_history_problems(periods) == []


def test_bj24_16_gap_of_one_month_is_named_at_the_later_start():
    periods = [period("2000-07", "2005-06"), period("2005-08", None)]
    assert work_history_problems(periods) == [
        FieldError(
            "work_history.1.from", "工作经历不连续：2005年6月至2005年8月之间有空档（BJ24-16）"
        )
    ]


def test_bj24_16_overlap_is_named():
    periods = [period("2000-07", "2005-06"), period("2005-05", None)]
    assert work_history_problems(periods) == [
        FieldError(
            "work_history.1.from",
            "工作经历有重叠：2005年5月开始的经历与截至2005年6月的经历时间交叉（BJ24-16）",
        )
    ]


def test_bj24_16_only_the_last_period_is_open():
    periods = [period("2000-07", None), period("2005-07", None)]
    assert work_history_problems(periods) == [
        FieldError("work_history.0.to", "只有最后一段经历可以填“至今”，其后还有2005年7月开始的经历")
    ]


def test_bj24_16_reversed_period_and_invalid_dates():
    periods = [period("2005-07", "2005-01"), period("2005-13", None)]
    assert work_history_problems(periods) == [
        FieldError("work_history.0.to", "截止年月早于起始年月（2005年7月）")
    ]
