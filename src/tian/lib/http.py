"""Small helpers for reading requests.

Query-string values come from anyone: an id is ASCII digits within range or the request is
refused with a 400 (a clear message, never a 500 from `int("²")` or a 20-digit number the
database cannot hold); free text is cleaned and capped before it reaches a query.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader

from tian.lib.text import clean_text

# The largest value a BigAutoField (signed 64-bit) can hold.
ID_MAX = 2**63 - 1
PAGE_MAX = 100_000
SEARCH_MAX = 100
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class BadParameter(BadRequest):
    """A query-string value that is not what the page reads; its message is shown to people."""


def posted_version(request: HttpRequest) -> int:
    """The record version the form was rendered with (0 when missing, which never matches)."""
    value = str(request.POST.get("version", ""))
    return int(value) if _is_ascii_number(value, 1, ID_MAX) else 0


def is_id(value: str) -> bool:
    """Whether `value` is a row id as a form posts it: ASCII digits, within range."""
    return _is_ascii_number(value, 1, ID_MAX)


def int_param(request: HttpRequest, name: str, lo: int = 1, hi: int = ID_MAX) -> int | None:
    """The integer in `?name=`, None when absent or empty; anything else than ASCII digits
    between `lo` and `hi` is refused with a 400."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    if not _is_ascii_number(value, lo, hi):
        raise BadParameter(f"地址中的参数“{name}”应为 {lo} 至 {hi} 之间的整数。")
    return int(value)


def page_param(request: HttpRequest) -> int:
    """The page number in `?page=` (1 when absent); a paginator clamps it to the last page."""
    return int_param(request, "page", 1, PAGE_MAX) or 1


def slug_param(request: HttpRequest, name: str) -> str | None:
    """The slug in `?name=` (a session's, say), None when absent; anything else is a 400."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    if not _SLUG.fullmatch(value):
        raise BadParameter(f"地址中的参数“{name}”不是有效的代号。")
    return value


def date_param(request: HttpRequest, name: str) -> date | None:
    """The date in `?name=` written YYYY-MM-DD (as a date field sends it), None when absent;
    anything else is a 400."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"地址中的参数“{name}”应为日期,写作 2022-10-27。") from None


def choice_param(request: HttpRequest, name: str, choices: Collection[str]) -> str:
    """The value of `?name=` when it is one of `choices`, "" when absent; else a 400."""
    value = request.GET.get(name, "").strip()
    if value and value not in choices:
        raise BadParameter(f"地址中的参数“{name}”不是可选的值。")
    return value


def search_param(
    request: HttpRequest, name: str = "q", limit: int = SEARCH_MAX
) -> tuple[str, bool]:
    """The search text in `?name=`: control and invisible characters removed, at most `limit`
    characters; the flag says whether it was cut (the page tells the person)."""
    value = "".join(
        c for c in clean_text(request.GET.get(name, "")) if unicodedata.category(c) != "Cc"
    ).strip()
    return value[:limit], len(value) > limit


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page: says what was wrong with the address when it is one of our own checks."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    body = loader.render_to_string("400.html", {"message": message}, request)
    return HttpResponseBadRequest(body)


def _is_ascii_number(value: str, lo: int, hi: int) -> bool:
    return (
        value.isascii()
        and value.isdigit()
        and len(value) <= len(str(hi)) + 2
        and lo <= int(value) <= hi
    )
