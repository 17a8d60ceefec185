"""The working-day clock, at the dates where it is easiest to get wrong."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.common.working_days import (
    add_working_days,
    bank_holiday_name,
    is_working_day,
    working_days_between,
)

EW, SCOT, NI = "england_wales", "scotland", "northern_ireland"
D = datetime.date


@pytest.mark.parametrize("nation", [EW, SCOT, NI])
def test_weekends_are_not_working_days(nation):
    assert not is_working_day(D(2026, 11, 21), nation)  # Saturday
    assert not is_working_day(D(2026, 11, 22), nation)  # Sunday
    assert is_working_day(D(2026, 11, 23), nation)


def test_christmas_to_new_year_in_england_and_wales_2026():
    # Christmas Day is a Friday; Boxing Day a Saturday, so its substitute is Monday 28th.
    assert not is_working_day(D(2026, 12, 25), EW)
    assert bank_holiday_name(D(2026, 12, 28), EW) == "Boxing Day (observed)"
    assert is_working_day(D(2026, 12, 29), EW)
    # From Christmas Eve: 29, 30, 31 December, then 1 January is a holiday, then 4 January.
    assert add_working_days(D(2026, 12, 24), 4, EW) == D(2027, 1, 4)


def test_christmas_to_new_year_in_scotland_adds_2_january():
    # 2027: 1 January is a Friday, 2 January a Saturday, so Scotland takes Monday 4th too.
    assert bank_holiday_name(D(2027, 1, 4), SCOT) == "New Year Holiday (observed)"
    assert is_working_day(D(2027, 1, 4), EW)
    assert add_working_days(D(2026, 12, 31), 1, EW) == D(2027, 1, 4)
    assert add_working_days(D(2026, 12, 31), 1, SCOT) == D(2027, 1, 5)


def test_2_january_on_a_weekday_is_a_holiday_only_in_scotland():
    assert not is_working_day(D(2026, 1, 2), SCOT)
    assert is_working_day(D(2026, 1, 2), EW)
    assert is_working_day(D(2026, 1, 2), NI)


def test_st_andrews_day_is_a_holiday_in_scotland_only():
    assert bank_holiday_name(D(2026, 11, 30), SCOT) == "Saint Andrew's Day"
    assert is_working_day(D(2026, 11, 30), EW)
    # Friday 27 November 2026 + 1 working day: Monday in England, Tuesday in Scotland.
    assert add_working_days(D(2026, 11, 27), 1, EW) == D(2026, 11, 30)
    assert add_working_days(D(2026, 11, 27), 1, SCOT) == D(2026, 12, 1)


def test_st_andrews_day_on_a_weekend_has_a_substitute():
    # 30 November 2025 is a Sunday; Scotland takes Monday 1 December.
    assert bank_holiday_name(D(2025, 12, 1), SCOT) is not None
    assert is_working_day(D(2025, 12, 1), EW)


@pytest.mark.parametrize(
    ("nation", "easter_monday_is_holiday"), [(EW, True), (SCOT, False), (NI, True)]
)
def test_easter_in_each_nation(nation, easter_monday_is_holiday):
    good_friday, easter_monday = D(2027, 3, 26), D(2027, 3, 29)
    assert not is_working_day(good_friday, nation)
    assert is_working_day(easter_monday, nation) is not easter_monday_is_holiday
    # Thursday before Easter + 1 working day.
    expected = D(2027, 3, 30) if easter_monday_is_holiday else D(2027, 3, 29)
    assert add_working_days(D(2027, 3, 25), 1, nation) == expected


def test_northern_ireland_has_st_patricks_day_and_the_boyne():
    assert not is_working_day(D(2027, 3, 17), NI)
    assert is_working_day(D(2027, 3, 17), EW)
    # 12 July 2026 is a Sunday: Monday 13th is the substitute day.
    assert bank_holiday_name(D(2026, 7, 13), NI) == "Battle of the Boyne (observed)"
    assert is_working_day(D(2026, 7, 13), SCOT)


def test_substitute_days_for_christmas_on_a_weekend():
    # 2021: Christmas Day Saturday, Boxing Day Sunday: Monday 27 and Tuesday 28 are off.
    for nation in (EW, SCOT, NI):
        assert not is_working_day(D(2021, 12, 27), nation)
        assert not is_working_day(D(2021, 12, 28), nation)
        assert is_working_day(D(2021, 12, 29), nation)


def test_one_off_bank_holidays():
    # The State Funeral of Queen Elizabeth II, 19 September 2022, in every nation.
    for nation in (EW, SCOT, NI):
        assert not is_working_day(D(2022, 9, 19), nation)


def test_a_twenty_day_stage_across_christmas_in_each_nation():
    start = D(2026, 12, 4)  # a Friday
    # 14 working days to Christmas Eve, 29-31 December, then 1 January is off.
    assert add_working_days(start, 20, EW) == D(2027, 1, 6)
    assert add_working_days(start, 20, NI) == D(2027, 1, 6)
    # Scotland also keeps 2 January, which falls on a Saturday: Monday 4th is off.
    assert add_working_days(start, 20, SCOT) == D(2027, 1, 7)


def test_counting_is_the_inverse_of_adding():
    start = D(2026, 12, 1)
    for nation in (EW, SCOT, NI):
        for days in (0, 1, 5, 20, 60):
            end = add_working_days(start, days, nation)
            assert working_days_between(start, end, nation) == days


def test_days_left_goes_negative_after_a_deadline():
    assert working_days_between(D(2026, 11, 27), D(2026, 11, 23), EW) == -4


def test_zero_days_from_a_holiday_moves_to_the_next_working_day():
    assert add_working_days(D(2026, 12, 25), 0, EW) == D(2026, 12, 29)
    assert add_working_days(D(2026, 11, 23), 0, EW) == D(2026, 11, 23)


def test_negative_days_count_backwards():
    assert add_working_days(D(2027, 1, 4), -1, EW) == D(2026, 12, 31)


def test_an_unknown_nation_is_refused():
    with pytest.raises(ValueError, match="Unknown nation"):
        is_working_day(D(2026, 1, 5), "wales-ish")


def _counted_day_by_day(start, end, nation):
    """The working days after `start` up to `end`, one day at a time."""
    if end < start:
        return -_counted_day_by_day(end, start, nation)
    span = (end - start).days
    return sum(
        is_working_day(start + datetime.timedelta(days=n), nation) for n in range(1, span + 1)
    )


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2019, 1, 1), max_value=D(2031, 12, 31)),
    length=st.integers(min_value=-800, max_value=800),
    nation=st.sampled_from([EW, SCOT, NI]),
)
def test_counting_by_weeks_agrees_with_counting_day_by_day(start, length, nation):
    """The count by whole weeks less weekday holidays is the count of each day, over spans
    from a day to years either way, across the new year and every nation's holidays."""
    end = start + datetime.timedelta(days=length)
    assert working_days_between(start, end, nation) == _counted_day_by_day(start, end, nation)
