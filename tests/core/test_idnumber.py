from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillaward.core.idnumber import (
    IdNumber,
    IdNumberError,
    check_character,
    mask_id_number,
    parse_id_number,
    upgrade_15_to_18,
)

TODAY = date(2025, 6, 30)
# The worked examples of GB 11643-1999.
STANDARD_FEMALE = "11010519491231002X"
STANDARD_MALE = "440524188001010014"


def mod_11_2_holds(number: str) -> bool:
    """ISO 7064 MOD 11-2 in its defining form: sum of a_i * 2^(18-i) over all 18 ≡ 1 (mod 11)."""
    values = [10 if char == "X" else int(char) for char in number]
    return sum(value * pow(2, 17 - index, 11) for index, value in enumerate(values)) % 11 == 1


def with_check_character(first17: str) -> str:
    """Completes 17 digits using the defining form, independently of check_character."""
    return next(first17 + c for c in "0123456789X" if mod_11_2_holds(first17 + c))


areas = st.integers(min_value=0, max_value=999_999).map(lambda n: f"{n:06d}")
sequences = st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}")


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, date, str]:
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(sequences)
    number = with_check_character(f"{draw(areas)}{birth:%Y%m%d}{sequence}")
    return number, birth, sequence


def test_check_character_matches_standard_examples() -> None:
    assert check_character(STANDARD_FEMALE[:17]) == "X"
    assert check_character(STANDARD_MALE[:17]) == "4"


@pytest.mark.parametrize("first17", ["1101051949123100", "1101051949123100A", "１1010519491231002"])
def test_check_character_rejects_anything_but_17_ascii_digits(first17: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        check_character(first17)
    assert str(caught.value) == f"计算校验位需要17位数字，实为“{first17}”"


@given(first17=st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_satisfies_mod_11_2(first17: str) -> None:
    assert mod_11_2_holds(first17 + check_character(first17)) is True


def test_parse_id_number_reads_all_fields() -> None:
    assert parse_id_number(STANDARD_FEMALE, today=TODAY) == IdNumber(
        number=STANDARD_FEMALE,
        birth_date=date(1949, 12, 31),
        gender="女",
        area_code="110105",
    )


def test_parse_id_number_odd_17th_digit_is_male() -> None:
    assert parse_id_number(STANDARD_MALE, today=TODAY).gender == "男"


def test_parse_id_number_normalises_lower_case_x_and_whitespace() -> None:
    parsed = parse_id_number(" \t11010519491231002x\u3000\n", today=TODAY)
    assert parsed.number == STANDARD_FEMALE


def test_parse_id_number_accepts_unknown_area_code() -> None:
    number = with_check_character("99999919800101001")
    assert parse_id_number(number, today=TODAY).area_code == "999999"


def test_parse_id_number_upgrades_legacy_15_digits() -> None:
    parsed = parse_id_number("110105491231002", today=TODAY)
    assert parsed.number == STANDARD_FEMALE
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "女"


def test_parse_id_number_uses_current_date_by_default() -> None:
    today = date.today()
    born_today = with_check_character(f"110105{today:%Y%m%d}001")
    born_tomorrow = with_check_character(f"110105{today + timedelta(days=1):%Y%m%d}001")
    assert parse_id_number(born_today).birth_date == today
    with pytest.raises(IdNumberError):
        parse_id_number(born_tomorrow)


def test_parse_id_number_accepts_birth_on_today() -> None:
    number = with_check_character(f"110105{TODAY:%Y%m%d}001")
    assert parse_id_number(number, today=TODAY).birth_date == TODAY


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("110105194912310023", "身份证号码校验位应为X，实为3"),
        ("11010519900230002X", "出生日期19900230不是有效日期"),
        ("11010519491331002X", "出生日期19491331不是有效日期"),
        ("11010520250701002X", "出生日期20250701晚于当前日期20250630"),
        ("1101051949123100", "身份证号码应为18位（或旧式15位），实为16位"),
        ("", "身份证号码应为18位（或旧式15位），实为0位"),
        ("1101051949123100AX", "身份证号码第17位应为数字，实为“A”"),
        ("X10105194912310023", "身份证号码第1位应为数字，实为“X”"),
        ("11010519491231002Y", "身份证号码第18位应为数字或X，实为“Y”"),
        ("１10105194912310023", "身份证号码第1位应为数字，实为“１”"),
        ("11010549123100X", "身份证号码第15位应为数字，实为“X”"),
        ("110105-91231002", "身份证号码第7位应为数字，实为“-”"),
    ],
)
def test_parse_id_number_names_each_problem(raw: str, message: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        parse_id_number(raw, today=TODAY)
    assert str(caught.value) == message


def test_id_number_error_is_a_value_error() -> None:
    assert issubclass(IdNumberError, ValueError) is True


def test_upgrade_15_to_18_inserts_century_and_check_character() -> None:
    assert upgrade_15_to_18("110105491231002") == STANDARD_FEMALE


@pytest.mark.parametrize("raw15", ["11010549123100", "11010549123100X", "11010519491231002X"])
def test_upgrade_15_to_18_rejects_anything_but_15_digits(raw15: str) -> None:
    with pytest.raises(IdNumberError) as caught:
        upgrade_15_to_18(raw15)
    assert str(caught.value) == f"旧式15位身份证号码应为15位数字，实为“{raw15}”"


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        (STANDARD_FEMALE, "110105********002X"),
        ("110105491231002", "110105*****1002"),
        ("12345678901", "123456*8901"),
        ("1234567890", "**********"),
        ("", ""),
    ],
)
def test_mask_id_number_keeps_first_6_and_last_4(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


@given(valid_numbers())
def test_parse_id_number_round_trips_generated_numbers(generated: tuple[str, date, str]) -> None:
    number, birth, sequence = generated
    parsed = parse_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.gender == ("男" if int(sequence[-1]) % 2 == 1 else "女")
    assert parsed.area_code == number[:6]


@given(valid_numbers(), st.data())
def test_parse_id_number_detects_any_single_changed_character(
    generated: tuple[str, date, str], data: st.DataObject
) -> None:
    number = generated[0]
    position = data.draw(st.integers(min_value=0, max_value=17))
    alphabet = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from(alphabet.replace(number[position], "")))
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id_number(changed, today=TODAY)


@given(
    areas,
    st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)),
    sequences,
)
def test_upgrade_15_to_18_preserves_birth_date_and_gender(
    area: str, birth: date, sequence: str
) -> None:
    raw15 = f"{area}{birth:%y%m%d}{sequence}"
    from_legacy = parse_id_number(raw15, today=TODAY)
    assert from_legacy.birth_date == birth
    assert from_legacy.gender == ("男" if int(sequence[-1]) % 2 == 1 else "女")
    assert from_legacy == parse_id_number(upgrade_15_to_18(raw15), today=TODAY)
