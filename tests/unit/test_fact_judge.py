"""The fact-hit judge of bench/facts.py: what counts as the first message containing the answer."""

from __future__ import annotations

import pytest

from bench.facts import _contains


@pytest.mark.parametrize(
    ("text", "wanted", "found"),
    [
        ("臺灣捐款協助安置烏克蘭難民", "难民", True),  # written in Simplified, answered in Traditional
        ("臺灣捐款協助安置烏克蘭難民", "難民", True),
        ("共 50 萬美元", "50萬", True),
        ("於 2021 年", "21", False),
        ("17,000 人", "7,000", False),
        ("台灣的計畫", "臺灣", True),
    ],
)
def test_an_expected_string_is_found_as_a_reader_would_find_it(text: str, wanted: str, found: bool) -> None:
    assert _contains(text, wanted) is found
