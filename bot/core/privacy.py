"""What the question log may keep: no e-mail address, phone number or document number."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Document numbers: a letter or two then 6+ digits (passports, IDs), or long digit runs.
DOCUMENT = re.compile(r"\b[A-Za-z]{1,2}\d{6,}\b")
# Phone numbers: 7 or more digits, with spaces, dots, dashes, brackets or a leading +.
PHONE = re.compile(r"(?<![\w])\+?\(?\d(?:[\d\s().-]{5,}\d)(?![\w])")
MIN_PHONE_DIGITS = 7


def scrub(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = DOCUMENT.sub("[number]", text)

    def phone(match: re.Match[str]) -> str:
        digits = sum(c.isdigit() for c in match.group())
        return "[phone]" if digits >= MIN_PHONE_DIGITS else match.group()

    return PHONE.sub(phone, text)
