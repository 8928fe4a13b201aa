"""Who may do what (权限): the rules table, and the one way to ask it.

Views, actions, imports, exports and the admin all call `require()` or `can()` with a
rule's name. The table is filled by each app's own `policy` module, which holds the rules
about what that app owns (`tian.proposals.policy` who reads a proposal, `tian.handling.policy`
who replies, …); `tian rules` prints the whole table. An app on a higher floor may widen a
rule from below with `grant()` — the units handling a proposal may read it, a leader their
key proposal — so that every rule reads only downwards.

A rule is a predicate `(user, obj) -> bool`; a rule with several grants allows when any
allows. A refusal carries the rule's reason in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.module_loading import autodiscover_modules

Rule = Callable[[Any, Any], bool]

DEFAULT_DENIAL = "您没有权限执行此操作。"


@dataclass
class Entry:
    """One row of the table: a rule's name, where it is decided, its grants, its refusal."""

    name: str
    module: str
    grants: list[Rule] = field(default_factory=list)
    denied: str = DEFAULT_DENIAL
    widened_by: list[str] = field(default_factory=list)


_TABLE: dict[str, Entry] = {}


def rules(owner: str, table: dict[str, Rule], denied: dict[str, str] | None = None) -> None:
    """Define the rules of module `owner` (the app that owns what they guard), with their
    refusals. A name is defined once; loading the same module again changes nothing."""
    denied = denied or {}
    for name, predicate in table.items():
        entry = _TABLE.get(name)
        if entry is not None and entry.module != owner:
            raise ValueError(f"Rule {name!r} is already defined in {entry.module}.")
        _TABLE[name] = Entry(name, owner, [predicate], denied.get(name, DEFAULT_DENIAL))


def grant(owner: str, name: str, predicate: Rule) -> Rule:
    """Widen rule `name` from module `owner` on a higher floor: it now also allows whom
    `predicate` allows. Rules load lowest floor first (INSTALLED_APPS order)."""
    entry = _TABLE.get(name)
    if entry is None:
        raise LookupError(f"Rule {name!r} is not defined; define it before granting more.")
    if owner not in entry.widened_by:
        entry.widened_by.append(owner)
        entry.grants.append(predicate)
    return predicate


def active(user: Any) -> bool:
    """A signed-in, active account: nobody else may do anything."""
    return bool(user and user.is_authenticated and user.is_active)


def has(*roles: str) -> Rule:
    """A rule that allows holders of any of `roles`, whatever the object."""

    def allowed(user: Any, obj: Any = None) -> bool:
        return user.has_role(*roles)

    return allowed


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """True when `user` may do `permission` (to `obj`, if the rule is about one)."""
    entry = _TABLE[permission]
    if not active(user):
        return False
    return any(predicate(user, obj) for predicate in entry.grants)


def require(user: Any, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied, with a reason in Chinese, unless `can()` allows it."""
    if not can(user, permission, obj):
        raise PermissionDenied(denial(permission))


def denial(permission: str) -> str:
    """The reason in Chinese given when `permission` is refused."""
    return _TABLE[permission].denied


def table() -> Iterator[Entry]:
    """Every rule, by name."""
    for name in sorted(_TABLE):
        yield _TABLE[name]


def autodiscover() -> None:
    """Load every installed app's `policy` module, which fills the table (run at start-up)."""
    autodiscover_modules("policy")
