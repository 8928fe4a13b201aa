"""Telling namesakes apart (同名委员): two 王伟 of one body are shown with their 界别 and 党派,
and where even those coincide, with their number in the directory (编号)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from tian.directory.models import Proposer


def details(proposer: Proposer) -> str:
    """What the directory says of a proposer besides the name: 经济界 · 民建."""
    return " · ".join(part for part in (proposer.sector, proposer.party) if part)


def repeated_names(body_id: int, names: Iterable[str]) -> set[str]:
    """Those of `names` that more than one proposer of the body bears."""
    return set(
        Proposer.objects.filter(body_id=body_id, name__in=set(names))
        .values("name")
        .annotate(bearers=Count("id"))
        .filter(bearers__gt=1)
        .values_list("name", flat=True)
    )


def picker_details(proposers: Iterable[Proposer]) -> dict[int, str]:
    """For each proposer of a list of one body, the details a picker shows beside the name:
    界别 · 党派, and 编号 where namesakes in the list have the same (or no) details."""
    proposers = list(proposers)
    seen: dict[tuple[str, str], int] = {}
    for proposer in proposers:
        key = (proposer.name, details(proposer))
        seen[key] = seen.get(key, 0) + 1
    shown = {}
    for proposer in proposers:
        text = details(proposer)
        if seen[(proposer.name, text)] > 1 or not text:
            text = " · ".join(part for part in (text, f"编号{proposer.pk}") if part)
        shown[proposer.pk] = text
    return shown


def namesake_labels(proposers: Iterable[Proposer]) -> dict[int, str]:
    """Each proposer's name as a list of names shows it: 李红, or 王伟(经济界) where the body
    has another 王伟."""
    proposers = list(proposers)
    if not proposers:
        return {}
    by_body: dict[int, list[Proposer]] = {}
    for proposer in proposers:
        by_body.setdefault(proposer.body_id, []).append(proposer)
    labels: dict[int, str] = {}
    for body_id, members in by_body.items():
        repeated = repeated_names(body_id, (p.name for p in members))
        if not repeated:
            labels.update((p.pk, p.name) for p in members)
            continue
        namesakes = list(Proposer.objects.filter(body_id=body_id, name__in=repeated))
        shown = picker_details(namesakes)
        for proposer in members:
            text = shown.get(proposer.pk)
            labels[proposer.pk] = f"{proposer.name}({text})" if text else proposer.name
    return labels
