"""Text cleaning on entry: characters that cannot be seen but change what is shown."""

from __future__ import annotations

import unicodedata
from typing import Any

# Zero-width space, non-joiner and joiner; word joiner; byte-order mark (zero-width no-break).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Bidirectional embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI):
# with them a title can read backwards or hide part of itself.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = str.maketrans(dict.fromkeys(ZERO_WIDTH + BIDI_CONTROLS))


def clean_text(value: str) -> str:
    """`value` without zero-width and direction-control characters."""
    return value.translate(_INVISIBLE)


def normalised(value: str) -> str:
    """`value` in NFKC form (full-width letters and digits as ASCII), stripped: how names typed
    on a console or in a spreadsheet are compared."""
    return unicodedata.normalize("NFKC", value).strip()


class CleanTextMixin:
    """A form mixin: the submitted text loses its invisible characters before any field
    validates it (so a title of zero-width spaces alone is still an empty title)."""

    data: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not getattr(self, "is_bound", False):
            return
        if hasattr(self.data, "setlist"):
            data = self.data.copy()
            for key, values in self.data.lists():
                data.setlist(key, [_cleaned(v) for v in values])
        else:
            data = {key: _cleaned(value) for key, value in self.data.items()}
        self.data = data


def _cleaned(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value
