"""Dates and numbers written the Chinese way: 2022年10月27日, 第69号."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.year}年{value.month}月{value.day}日"
