"""Resident identity card numbers (GB 11643-1999): parsing, validation, upgrade, masking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Final, Literal

_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARACTERS: Final = "10X98765432"
_ODD_DIGITS: Final = "13579"


class IdNumberError(ValueError):
    """An invalid resident ID number; ``str(e)`` tells the user what is wrong, in Chinese."""


@dataclass(frozen=True, slots=True)
class IdNumber:
    number: str
    birth_date: date
    gender: Literal["男", "女"]
    area_code: str


def _is_ascii_digits(text: str) -> bool:
    # str.isdigit alone would accept full-width and superscript digits.
    return text.isascii() and text.isdigit()


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits."""
    if len(first17) != 17 or not _is_ascii_digits(first17):
        raise IdNumberError(f"计算校验位需要17位数字，实为“{first17}”")
    total = sum(map(mul, _WEIGHTS, map(int, first17)))
    return _CHECK_CHARACTERS[total % 11]


def upgrade_15_to_18(raw15: str) -> str:
    """Legacy 15-digit number → 18 digits: the year gains "19" and a check character is added."""
    if len(raw15) != 15 or not _is_ascii_digits(raw15):
        raise IdNumberError(f"旧式15位身份证号码应为15位数字，实为“{raw15}”")
    first17 = f"{raw15[:6]}19{raw15[6:]}"
    return first17 + check_character(first17)


def _bad_character_message(text: str) -> str:
    """Names the first character that is neither a digit nor the final X of 18 characters."""
    final_x_position = 18 if len(text) == 18 else 0
    position, char = next(
        (position, char)
        for position, char in enumerate(text, start=1)
        if not ("0" <= char <= "9" or (position == final_x_position and char == "X"))
    )
    expected = "数字或X" if position == final_x_position else "数字"
    return f"身份证号码第{position}位应为{expected}，实为“{char}”"


def _normalise(raw: str) -> str:
    """The 18-character form of ``raw``, or IdNumberError for a wrong length or character."""
    text = raw.strip().upper()
    if len(text) == 18:
        if _is_ascii_digits(text[:17]) and (text[17] == "X" or _is_ascii_digits(text[17])):
            return text
        raise IdNumberError(_bad_character_message(text))
    if len(text) == 15:
        if _is_ascii_digits(text):
            return upgrade_15_to_18(text)
        raise IdNumberError(_bad_character_message(text))
    raise IdNumberError(f"身份证号码应为18位（或旧式15位），实为{len(text)}位")


def _birth_date(number: str, today: date) -> date:
    digits = number[6:14]
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise IdNumberError(f"出生日期{digits}不是有效日期") from None
    if birth > today:
        raise IdNumberError(f"出生日期{digits}晚于当前日期{today:%Y%m%d}")
    return birth


def parse_id_number(raw: str, *, today: date | None = None) -> IdNumber:
    """Validate an 18-digit (or legacy 15-digit) number; raises IdNumberError naming the fault."""
    number = _normalise(raw)
    birth = _birth_date(number, today if today is not None else date.today())
    expected = check_character(number[:17])
    if number[17] != expected:
        raise IdNumberError(f"身份证号码校验位应为{expected}，实为{number[17]}")
    return IdNumber(
        number=number,
        birth_date=birth,
        gender="男" if number[16] in _ODD_DIGITS else "女",
        area_code=number[:6],
    )


def mask_id_number(number: str) -> str:
    """Keep the first 6 and last 4 characters; a string too short to hide anything is all '*'."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
