"""build/clock.py: SOURCE_DATE_EPOCH, else the briefing's date, else a fixed time; no clock."""

from __future__ import annotations

import datetime as dt

import pytest

from deckgen.build import clock


def test_build_time_is_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1491004800")
    assert clock.time_of("1999-09-09") == dt.datetime(2017, 4, 1)
    assert clock.epoch_warning() is None


def test_build_time_is_else_the_contents_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert clock.time_of("2017-04-12") == dt.datetime(2017, 4, 12)
    assert clock.time_of("2017-04") == dt.datetime(2017, 4, 1)
    assert clock.time_of("2017") == dt.datetime(2017, 1, 1)
    assert clock.time_of("") == clock.DEFAULT_TIME


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "99999999999", "9" * 40])
def test_an_unusable_source_date_epoch_is_passed_over_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert clock.time_of("2017-04-12") == dt.datetime(2017, 4, 12)
    warning = clock.epoch_warning()
    assert warning is not None and warning.severity == "warning"
    assert "SOURCE_DATE_EPOCH=" in warning.message and len(warning.message) < 300
