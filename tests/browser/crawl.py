"""A bounded crawl of every link a signed-in person is shown, as their browser follows them.

The crawl follows same-site `<a href>` links breadth-first from a start page and opens one page
per URL shape (ids and slugs in the path, and the values of the query, do not make a new shape),
so it stays bounded however many proposals there are. It skips what is no page to look at:
signing out, downloads, the admin site's pages that change or delete. Every response the
pages make (documents, scripts, styles, htmx requests) must answer below 400, and no page may
log an error in the console.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import ConsoleMessage, Error, Page, Response

# Links that lead to no page: signing out, files to download, the admin site's writes.
SKIPPED = re.compile(
    r"""^/accounts/logout/
      | /download/ | /export | /letter/ | /evidence/ | /photo/ | ^/attachments/
      | \.(xlsx|docx|pdf|md|csv|zip)$
      | ^/reports/[^/]+/(docx|pdf|md)/$
      | ^/admin/logout/ | /delete/$ | ^/admin/r/""",
    re.VERBOSE,
)

LINKS = """() => Array.from(document.querySelectorAll("a[href]"))
  .filter((a) => !a.hasAttribute("download"))
  .map((a) => a.href)"""


def shape(path: str) -> str:
    """`path` with its ids and slugs replaced by placeholders, and only the names of its query."""
    parts = urlsplit(path)
    segments = []
    for segment in parts.path.split("/"):
        if segment.isdigit():
            segments.append("{id}")
        elif any(char.isdigit() for char in segment):
            segments.append("{slug}")
        else:
            segments.append(segment)
    # The admin site's lists sort and filter by their query; one of each list is enough.
    query = "" if parts.path.startswith("/admin/") else parts.query
    names = sorted({name for name, _ in parse_qsl(query, keep_blank_values=True)})
    return "/".join(segments) + ("?" + "&".join(names) if names else "")


@dataclass
class Crawl:
    """What a crawl opened (one path per shape) and what went wrong on the way."""

    opened: dict[str, str] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)


def crawl(
    page: Page,
    start: str,
    *,
    limit: int = 80,
    pick: str = "first",
    known: dict[str, str] | None = None,
) -> Crawl:
    """Open `start` and the pages its links lead to, level by level, one page per shape and at
    most `limit` pages. Of the links of one shape met on a level, `pick` says which is opened:
    the "first" or the "last". A second crawl with the other pick checks a second page of many
    shapes at no extra cost. `known` (shape to path) is a first crawl's pages: where a shape
    was opened there, this crawl opens another of its links if it meets one."""
    result = Crawl()
    here = {"path": start}

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            result.problems.append(f"console error on {here['path']}: {message.text}")

    def on_page_error(error: Error) -> None:
        result.problems.append(f"script error on {here['path']}: {error}")

    def on_response(response: Response) -> None:
        if response.status >= 400:
            result.problems.append(f"{response.status} {response.url} (on {here['path']})")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("response", on_response)
    known = known or {}
    level = [start]
    try:
        while level:
            found: dict[str, str] = {}
            for path in level:
                if len(result.opened) >= limit:
                    result.problems.append(f"more than {limit} page shapes; stopped at {path}")
                    return result
                here["path"] = path
                page.goto(path, wait_until="load")
                result.opened[shape(path)] = path
                origin = urlsplit(page.url).netloc
                for href in page.evaluate(LINKS):
                    link = urlsplit(href)
                    if link.scheme not in ("http", "https") or link.netloc != origin:
                        continue
                    target = link.path + (f"?{link.query}" if link.query else "")
                    key = shape(target)
                    if SKIPPED.search(link.path):
                        result.skipped.add(key)
                    elif key in result.opened or known.get(key) == target:
                        continue
                    elif pick == "last" or key not in found:
                        found[key] = target
            level = list(found.values())
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)
        page.remove_listener("response", on_response)
    return result
