"""The unit picker (承办单位选择): the units one may assign, grouped by department type, with
the proposal committee's proposed units first ("提案委建议"), then the routing suggestion's,
then each type of the table in its order, and units of no type last.

It renders as a plain <select> with <optgroup>s, which submits without script;
static/tian/unit-picker.js makes it searchable by name, short name or alias, by keyboard too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tian.directory.models import Unit
from tian.directory.unit_types import UNIT_TYPE_NAMES
from tian.handling.hooks import unit_suggestions
from tian.handling.models import Assignment
from tian.proposals.models import Proposal

PROPOSED_GROUP = "提案委建议"
SUGGESTED_GROUP = "系统建议"
UNTYPED_GROUP = "其他单位"

Choices = list[tuple[Any, Any]]

_ROLE_ORDER = {Assignment.Role.LEAD: 0, Assignment.Role.CO: 1, Assignment.Role.JOINT: 2}


def active_units() -> QuerySet[Unit]:
    """The units one may choose in a form: the active ones, by name."""
    return Unit.objects.filter(is_active=True).order_by("name")


def proposed_assignments(proposal: Proposal) -> list[Assignment]:
    """The committee's proposed units (拟交办) of `proposal`, lead first, then co, then joint
    (from prefetched assignments where the page fetched them)."""
    if "assignments" in getattr(proposal, "_prefetched_objects_cache", {}):
        rows = [a for a in proposal.assignments.all() if a.status == Assignment.Status.PROPOSED]
    else:
        rows = list(proposal.assignments.proposed().select_related("unit"))
    return sorted(rows, key=lambda a: (_ROLE_ORDER[a.role], a.pk))


def proposed_units(proposal: Proposal) -> list[Unit]:
    """The units the committee proposed for `proposal`, lead first."""
    return [a.unit for a in proposed_assignments(proposal)]


def suggested_units(proposal: Proposal) -> list[Unit]:
    """The units the routing suggestion proposes for `proposal`, best first: what the
    `unit_suggestions` hook returns (nothing until a routing model registers there)."""
    found: list[Unit] = []
    for suggest in unit_suggestions:
        for unit in suggest(proposal):
            if unit not in found:
                found.append(unit)
    return found


def initial_units(assignments: Iterable[Assignment]) -> dict[str, Any]:
    """A unit form's first values from a proposal's assignment rows: lead, co and joint."""
    rows = list(assignments)
    lead = next((a.unit for a in rows if a.role == Assignment.Role.LEAD), None)
    return {
        "lead": lead,
        "co": [a.unit for a in rows if a.role == Assignment.Role.CO],
        "joint": [a.unit for a in rows if a.role == Assignment.Role.JOINT],
    }


class UnitOptions:
    """Every active unit, read once for a page, and the grouped choices for one proposal."""

    def __init__(self) -> None:
        self.queryset = active_units()
        self.units = list(self.queryset)
        self.by_pk = {unit.pk: unit for unit in self.units}
        # What a search finds a unit by besides its name: its short name and aliases.
        self.search_keys = {
            str(unit.pk): " ".join(n for n in unit.all_names() if n != unit.name)
            for unit in self.units
        }

    def choices(self, proposed: Sequence[Unit] = (), suggested: Sequence[Unit] = ()) -> Choices:
        """Optgroups: the proposed units, the suggested ones, then every type in turn."""
        groups: Choices = []
        taken: set[int] = set()
        for label, units in ((PROPOSED_GROUP, proposed), (SUGGESTED_GROUP, suggested)):
            units = [u for u in units if u.pk in self.by_pk and u.pk not in taken]
            if units:
                groups.append((label, [(u.pk, u.name) for u in units]))
                taken |= {u.pk for u in units}
        by_type: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.pk not in taken:
                by_type.setdefault(unit.department_type, []).append(unit)
        for type_name in (*UNIT_TYPE_NAMES, ""):
            if by_type.get(type_name):
                label = type_name or UNTYPED_GROUP
                groups.append((label, [(u.pk, u.name) for u in by_type[type_name]]))
        return groups

    def offer(self, form: forms.Form, proposal: Proposal | None, names: Sequence[str]) -> None:
        """Give `form`'s unit fields `names` these units, grouped for `proposal`."""
        proposed = proposed_units(proposal) if proposal is not None else []
        suggested = suggested_units(proposal) if proposal is not None else []
        grouped = self.choices(proposed, suggested)
        for name in names:
            field = form.fields[name]
            field.queryset = self.queryset
            multiple = isinstance(field, forms.ModelMultipleChoiceField)
            field.choices = ([] if multiple else [("", field.empty_label)]) + grouped
        # The other names a search finds each unit by, sent once a page (unit-search-keys).
        form.unit_search_keys = self.search_keys  # type: ignore[attr-defined]


class _PickerMixin:
    """Marks the <select> for the picker script, and draws it as plain HTML: the batch page
    draws a hundred of them, which Django's template for each option made take a second."""

    allow_multiple_selected: bool

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"data-unit-picker": "", **(attrs or {})})  # type: ignore[call-arg]

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        if self.allow_multiple_selected:
            final["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}  # type: ignore[attr-defined]
        parts = [format_html('<select name="{}"{}>', name, flatatt(final))]
        for key, label in self.choices:  # type: ignore[attr-defined]
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', key))
                parts += [_option(v, text, chosen) for v, text in label]
                parts.append(SafeString("</optgroup>"))
            else:
                parts.append(_option(key, label, chosen))
        parts.append(SafeString("</select>"))
        # Every part is already escaped (format_html); joined without escaping them again.
        return format_html("{}" * len(parts), *parts)

    class Media:
        js = [forms.Script("tian/unit-picker.js", defer=True)]


def _option(value: Any, label: Any, chosen: set[str]) -> SafeString:
    value = "" if value is None else str(value)
    if value in chosen:
        return format_html('<option value="{}" selected>{}</option>', value, label)
    return format_html('<option value="{}">{}</option>', value, label)


class UnitSelect(_PickerMixin, forms.Select):
    """One unit (主办单位), chosen in the unit picker."""


class UnitSelectMultiple(_PickerMixin, forms.SelectMultiple):
    """Any number of units (协办、会办单位), chosen in the unit picker."""
