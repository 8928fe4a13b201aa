"""Extension points (挂接点): how a lower layer lets higher layers add to it.

A page or a rule in a lower app sometimes shows or allows more once a higher app is
installed: the proposal page shows handling and commitments, a worklist gains the handling
boxes. The lower app names a `Hook`; each higher app registers into it from its
`AppConfig.ready()`. Imports then run only downwards, which import-linter checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar, overload

T = TypeVar("T")


class Hook(Generic[T]):
    """A named, ordered list of contributions. Registering the same name twice replaces it,
    so a module imported again (tests, autoreload) does not add a second copy."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, tuple[int, T]] = {}

    @overload
    def register(self, item: T, *, order: int = 100, key: str | None = None) -> T: ...

    @overload
    def register(
        self, item: None = None, *, order: int = 100, key: str | None = None
    ) -> Callable[[T], T]: ...

    def register(
        self, item: T | None = None, *, order: int = 100, key: str | None = None
    ) -> T | Callable[[T], T]:
        """Add `item` (or decorate it); lower `order` comes first."""

        def add(value: T) -> T:
            name = key or _key_of(value)
            self._items[name] = (order, value)
            return value

        return add if item is None else add(item)

    def __iter__(self) -> Iterator[T]:
        for _order, item in sorted(self._items.values(), key=lambda pair: pair[0]):
            yield item

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self)}>"


def _key_of(value: object) -> str:
    module = getattr(value, "__module__", "")
    name = getattr(value, "__qualname__", None) or getattr(value, "key", None) or repr(value)
    return f"{module}.{name}"
