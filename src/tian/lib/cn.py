"""Chinese numerals (中文数字), read and written in one place.

`parse_numeral` reads what ledgers and session names contain: 十二, 一百零二, 两千零三, and
numbers written digit by digit (一〇二); `numeral` writes the form headings use (十二, 一百零二).
"""

from __future__ import annotations

import unicodedata

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {char: value for value, char in enumerate(DIGITS)} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "〇" + DIGITS + "两" + "".join(_UNITS)


def parse_numeral(text: str) -> int:
    """The value of a number in ASCII or full-width digits or Chinese numerals below 10,000.

    十二 → 12, 一百零二 → 102, 一〇二 → 102 (digit by digit without 十百千), "１２" → 12.
    Raises ValueError for anything else.
    """
    text = unicodedata.normalize("NFKC", text).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(char not in NUMERAL_CHARS for char in text):
        raise ValueError(f"不是数字:{text}")
    if not any(char in _UNITS for char in text):
        return int("".join(str(_DIGIT_VALUES[char]) for char in text))
    total, digit, last_unit = 0, 0, 10_000
    for char in text:
        unit = _UNITS.get(char)
        if unit is None:
            digit = _DIGIT_VALUES[char]
            continue
        if unit >= last_unit:
            raise ValueError(f"不是数字:{text}")
        total += (digit or 1) * unit
        digit, last_unit = 0, unit
    return total + digit


def numeral(n: int) -> str:
    """0 → 零, 10 → 十, 12 → 十二, 20 → 二十, 102 → 一百零二, 1010 → 一千零一十 (n < 10,000)."""
    if not 0 <= n < 10_000:
        raise ValueError(f"超出范围:{n}")
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    parts: list[str] = []
    pending_zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            if pending_zero:
                parts.append("零")
            parts.append(DIGITS[digit] + name)
            pending_zero = False
        elif parts:
            pending_zero = True
    return "".join(parts)
