"""Matching a parsed ledger against what Tian holds, under the live-session rules.

The rules are those of the `tian.ledgers` package docstring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from django.db.models import Q

from tian.directory.models import Leader, Proposer, Session, Unit
from tian.directory.namesakes import picker_details
from tian.directory.unit_types import guess_unit_type
from tian.handling.models import Assignment, Feedback, Grade, StatClass
from tian.ledgers.cells import (
    PLACEHOLDER_PROPOSER,
    ROLE_RANK,
    Progress,
    ProposerName,
    guess_collective_kind,
    is_organisation,
    leader_organisation,
    unit_key,
    unit_name_variants,
    verdict_text,
)
from tian.ledgers.export import final_accepted_replies
from tian.ledgers.parse import Ledger, ParsedRow, column_error, parse_rows, read_ledger
from tian.ledgers.report import numbers_text
from tian.lib.sheets import CellError, LedgerError, RowError, Source, clean_text
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.supervision.models import KeyProposal

# --------------------------------------------------------------------------- the directory


@dataclass
class Existing:
    """What Tian holds for a numbered proposal, as ids, to compare a row against."""

    id: int | None = None
    title: str = ""
    category_id: int | None = None
    lead_id: int | None = None
    status: str = Status.FILED
    version: int = 1
    cosignatures: dict[int, tuple[int, str]] = field(default_factory=dict)
    # unit → (id, role, assigned_on, status, deadline_from), whatever the status
    assignments: dict[int, tuple[int, str, date | None, str, date | None]] = field(
        default_factory=dict
    )
    reply: tuple[int, int, int | None, date | None] | None = None  # the final accepted one
    feedback: tuple[int, str, str, bool] | None = None  # the lead proposer's latest
    key: tuple[int, int | None] | None = None
    supervisors: set[int] = field(default_factory=set)

    def active_units(self) -> dict[int, str]:
        """The units handling the proposal now, with their roles."""
        active = Assignment.Status.ACTIVE
        return {unit: held[1] for unit, held in self.assignments.items() if held[3] == active}

    @property
    def has_verdict(self) -> bool:
        return bool(self.feedback is not None and self.feedback[3] and any(self.feedback[1:3]))


def _load_existing(session: Session) -> dict[int, Existing]:
    by_id: dict[int, Existing] = {}
    by_number: dict[int, Existing] = {}
    rows = Proposal.objects.filter(session=session, number__isnull=False).values_list(
        "id", "number", "title", "category_id", "lead_proposer_id", "status", "version"
    )
    for pk, number, title, category_id, lead_id, status, version in rows:
        existing = Existing(pk, title, category_id, lead_id, status, version)
        by_id[pk] = by_number[number] = existing
    if not by_id:
        return by_number
    in_session = {"proposal__session": session, "proposal__number__isnull": False}
    for pk, proposal_id, proposer_id, status in CoSignature.objects.filter(
        **in_session
    ).values_list("id", "proposal_id", "proposer_id", "status"):
        by_id[proposal_id].cosignatures[proposer_id] = (pk, status)
    for pk, proposal_id, unit_id, *held in (
        Assignment.objects.filter(**in_session)
        .order_by("id")
        .values_list(
            "id", "proposal_id", "unit_id", "role", "assigned_on", "status", "deadline_from"
        )
    ):
        by_id[proposal_id].assignments[unit_id] = (pk, *held)
    for proposal_id, reply in final_accepted_replies(session).items():
        by_id[proposal_id].reply = (reply.id, reply.unit_id, reply.grade_id, reply.replied_on)
    for pk, proposal_id, proposer_id, attitude, result, responded in (
        Feedback.objects.filter(**in_session)
        .order_by("round", "id")
        .values_list("id", "proposal_id", "proposer_id", "attitude", "result", "responded")
    ):
        if proposer_id == by_id[proposal_id].lead_id:
            by_id[proposal_id].feedback = (pk, attitude, result, responded)
    keys: dict[int, Existing] = {}
    for pk, proposal_id, leader_id in KeyProposal.objects.filter(**in_session).values_list(
        "id", "proposal_id", "lead_leader_id"
    ):
        by_id[proposal_id].key = (pk, leader_id)
        keys[pk] = by_id[proposal_id]
    through = KeyProposal.supervisors.through
    for key_id, leader_id in through.objects.filter(
        keyproposal__proposal__session=session
    ).values_list("keyproposal_id", "leader_id"):
        if key_id in keys:
            keys[key_id].supervisors.add(leader_id)
    return by_number


class Directory:
    """The session's categories and grades, and the units, proposers and leaders, in memory.

    Names not found are registered as new, unsaved objects, saved in bulk when importing.
    """

    def __init__(self, session: Session, *, create_units: bool) -> None:
        self.session = session
        self.create_units = create_units
        self.categories: dict[str, Category] = {}
        for category in Category.objects.filter(session=session):
            key = unit_key(category.name)
            self.categories[key] = category
            self.categories.setdefault(key.removesuffix("类"), category)
        self.grades = list(Grade.objects.filter(session=session))
        self.grade_index: dict[str, Grade] = {}
        for grade in self.grades:
            code = unit_key(grade.code).upper()
            for key in (
                code,
                f"{code}类",
                unit_key(grade.label),
                f"{code}类{unit_key(grade.label)}",
            ):
                self.grade_index.setdefault(key, grade)
        for stat_class in StatClass:
            matching = [g for g in self.grades if g.stat_class == stat_class]
            if len(matching) == 1:
                self.grade_index.setdefault(unit_key(str(stat_class.label)), matching[0])
        self.units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.all():
            self._index_unit(unit)
        self.proposers: dict[str, Proposer] = {}
        proposers = list(Proposer.objects.filter(body_id=session.body_id))
        for proposer in proposers:
            if proposer.full_name:
                self.proposers[unit_key(proposer.full_name)] = proposer
        # A name two members bear (two 王伟) cannot say which of them a row means.
        self.namesakes: dict[str, list[Proposer]] = {}
        for proposer in proposers:
            key = unit_key(proposer.name)
            if key in self.proposers and self.proposers[key].name == proposer.name:
                self.namesakes.setdefault(key, [self.proposers[key]]).append(proposer)
            self.proposers[key] = proposer
        self.leaders = {unit_key(leader.name): leader for leader in Leader.objects.all()}
        self.new_units: list[Unit] = []
        self.new_proposers: list[Proposer] = []
        self.new_leaders: list[Leader] = []
        self._placeholder: Proposer | None = None
        self._found_units: dict[str, Unit] = {}
        self.unknown_units: dict[str, None] = {}
        self._found_proposers: dict[str, Proposer] = {}

    def _index_unit(self, unit: Unit) -> None:
        for name in unit.all_names():
            known = self.units.setdefault(unit_key(name), [])
            if all(unit is not other for other in known):
                known.append(unit)

    def category(self, name: str) -> Category:
        key = unit_key(name)
        found = self.categories.get(key) or self.categories.get(key.removesuffix("类"))
        if found is None:
            names = "、".join(c.name for c in {c.pk: c for c in self.categories.values()}.values())
            raise CellError(
                f"找不到类别“{name}”,本次会议的类别有:{names}"
                if names
                else f"找不到类别“{name}”,本次会议还没有设置类别"
            )
        return found

    def grade(self, text: str) -> Grade:
        key = unit_key(text).upper()
        found = self.grade_index.get(key) or self.grade_index.get(key.removesuffix("类"))
        if found is None:
            match = re.match(r"([A-Z])类?(?:[\s(:、.\-]|$)", key)
            found = self.grade_index.get(match.group(1)) if match else None
        if found is None:
            choices = "、".join(f"{g.code}={g.label}" for g in self.grades)
            raise CellError(
                f"找不到办理结果“{text}”,本次会议的分类有:{choices}"
                if choices
                else f"找不到办理结果“{text}”,本次会议还没有设置办理结果分类"
            )
        return found

    def unit(self, name: str) -> Unit:
        found = self._found_units.get(name)
        if found is None:
            found = self._found_units[name] = self._find_unit(name)
        return found

    def _find_unit(self, name: str) -> Unit:
        matches: list[Unit] = []
        for variant in unit_name_variants(name):
            found = self.units.get(variant, [])
            matches.extend(unit for unit in found if all(unit is not m for m in matches))
            if found and variant == unit_key(name):
                break
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = "、".join(sorted(unit.name for unit in matches))
            raise CellError(f"“{name}”可能是多个承办单位({names}),请写全称")
        if not self.create_units:
            self.unknown_units.setdefault(name)
            raise CellError(f"找不到承办单位“{name}”(可用 --create-units 自动创建)")
        if len(name) > 80:
            raise CellError(f"承办单位名称“{name}”超过80个字")
        kind = Unit.Kind.TOWNSHIP if re.search(r"(镇|乡|街道|街道办事处)$", name) else None
        unit = Unit(
            name=name, kind=kind or Unit.Kind.DEPARTMENT, department_type=guess_unit_type(name)
        )
        self.new_units.append(unit)
        self._index_unit(unit)
        return unit

    def proposer(self, person: ProposerName) -> Proposer:
        found = self._found_proposers.get(person.name)
        if found is None:
            found = self._found_proposers[person.name] = self._find_proposer(person)
        return found

    def _find_proposer(self, person: ProposerName) -> Proposer:
        namesakes = self.namesakes.get(unit_key(person.name))
        if namesakes:
            shown = picker_details(namesakes)
            raise CellError(
                f"名录中有{len(namesakes)}位“{person.name}”("
                + "、".join(shown[p.pk] for p in namesakes)
                + "),表格不能区分,请在系统中录入"
            )
        found = self.proposers.get(unit_key(person.name))
        if found is not None:
            return found
        if person.collective or is_organisation(person.name):
            proposer = Proposer(
                body_id=self.session.body_id,
                kind=Proposer.Kind.COLLECTIVE,
                name=person.name,
                collective_kind=guess_collective_kind(person.name),
            )
        else:
            proposer = Proposer(
                body_id=self.session.body_id, kind=Proposer.Kind.MEMBER, name=person.name
            )
        self.new_proposers.append(proposer)
        self.proposers[unit_key(person.name)] = proposer
        return proposer

    def placeholder(self) -> Proposer:
        if self._placeholder is None:
            self._placeholder = self.proposer(ProposerName(PLACEHOLDER_PROPOSER, collective=True))
        return self._placeholder

    def leader(self, title: str, name: str) -> Leader:
        found = self.leaders.get(unit_key(name))
        if found is not None:
            return found
        leader = Leader(name=name, title=title[:60], organisation=leader_organisation(title))
        self.new_leaders.append(leader)
        self.leaders[unit_key(name)] = leader
        return leader


@dataclass
class Target:
    """A row resolved against the directory: what the proposal should hold. None: not stated."""

    row: int
    number: int
    title: str
    category: Category | None
    lead: Proposer | None
    co: list[Proposer] | None
    units: list[tuple[Unit, str]] | None
    assigned_on: date | None
    grade: Grade | None
    replied_on: date | None
    verdict: tuple[str, str] | None
    is_key: bool | None
    lead_leader: Leader | None
    supervisors: list[Leader] | None


@dataclass
class Plan:
    """A ledger matched against the session: each row's target, the directory, the errors."""

    ledger: Ledger
    targets: list[Target]
    errors: list[RowError]
    skipped: list[int]
    directory: Directory | None = None
    existing: dict[int, Existing] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    live: bool = False


# --------------------------------------------------------------------------- live sessions


# Audit events that only Tian's workflow writes: their presence on any proposal of a session
# makes the session live (see the module docstring).
WORKFLOW_EVENT_PREFIXES = (
    "proposal.",
    "cosign.",
    "transition.",
    "assignment.",
    "objection.",
    "contact.",
    "co_opinion.",
    "reply.",
    "deadline.",
    "feedback.",
)


def session_is_live(session: Session) -> bool:
    """True once any proposal of the session has been through Tian's workflow."""
    from tian.audit.models import AuditEvent

    through_workflow = Q()
    for prefix in WORKFLOW_EVENT_PREFIXES:
        through_workflow |= Q(event_type__startswith=prefix)
    return AuditEvent.objects.filter(through_workflow, proposal__session=session).exists()


class Names:
    """The names behind the ids a ledger compares, for errors and audit events."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self._maps: dict[str, dict[int, str]] = {}
        self._roles = {role.value: str(role.label) for role in Assignment.Role}

    def _build(self, kind: str) -> dict[int, str]:
        directory = self.directory
        objects: Any
        if kind == "proposer":
            objects = directory.proposers.values()
        elif kind == "unit":
            objects = (unit for units in directory.units.values() for unit in units)
        elif kind == "leader":
            objects = directory.leaders.values()
        elif kind == "category":
            objects = directory.categories.values()
        else:
            return {grade.pk: grade.code for grade in directory.grades}
        return {item.pk: item.name for item in objects if item.pk is not None}

    def __call__(self, kind: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        names = self._maps.get(kind)
        if names is None or pk not in names:
            # Objects saved since the map was built have their ids now.
            names = self._maps[kind] = self._build(kind)
            names.setdefault(pk, f"#{pk}")  # outside the directory: never look again
        return names[pk]

    def many(self, kind: str, pks: Iterable[int]) -> list[str]:
        return sorted(str(self(kind, pk)) for pk in pks)

    def units(self, held: dict[int, str]) -> list[str]:
        ranked = sorted(held.items(), key=lambda item: (ROLE_RANK[item[1]], item[0]))
        return [f"{self('unit', pk)}({self._roles[role]})" for pk, role in ranked]


def verdict_held(current: Existing) -> tuple[str, str] | None:
    """The verdict Tian holds for a proposal, as (attitude, result), or None."""
    if not current.has_verdict or current.feedback is None:
        return None
    attitude, result = current.feedback[1:3]
    return attitude or result, result or attitude


_IN_WORKFLOW = "本次会议已在平台办理,"


def _live_conflicts(target: Target, current: Existing, names: Names) -> list[tuple[str, str]]:
    """(field, message) for each cell of a row that would change a live proposal."""
    found: list[tuple[str, str]] = []
    if current.id is None:
        workflow_cells = (
            ("lead_units", target.units, "交办承办单位须经政府办督查室交办"),
            ("assigned_on", target.assigned_on, "交办日期由交办流程产生"),
            ("grade", target.grade, "办理结果随承办单位报送、督查室审核的答复产生"),
            ("verdict", target.verdict, "满意度只能由提案人本人在征询意见中填写"),
            ("is_key", target.is_key or None, "重点提案请在重点提案页面确定"),
            ("lead_leader", target.lead_leader, "领办领导请在重点提案页面确定"),
            ("supervisors", target.supervisors, "督办领导请在重点提案页面确定"),
            ("replied_on", target.replied_on, "答复日期随督查室审核通过的答复产生"),
        )
        for name, value, reason in workflow_cells:
            if value is not None:
                found.append((name, f"{_IN_WORKFLOW}新增的提案只能是已立案的,{reason}。"))
        return found

    def refuse(name: str, what: str, held: Any, reason: str = "") -> None:
        shown = "、".join(held) if isinstance(held, list) else held
        now = f"(现为“{shown}”)" if shown else "(现在没有)"
        found.append((name, f"第{target.number}号已在办理流程中,台账不能更改{what}{now}{reason}。"))

    if target.title != clean_text(current.title):
        refuse("title", "题目", current.title, ",提交后的题目以提案者所写为准")
    if target.category is not None and current.category_id not in (None, target.category.pk):
        refuse("category", "类别", names("category", current.category_id))
    if target.lead is not None and target.lead.pk != current.lead_id:
        refuse("lead_proposer", "提案人", names("proposer", current.lead_id))
    confirmed = CoSignature.Status.CONFIRMED
    have = {pid for pid, (_, status) in current.cosignatures.items() if status == confirmed}
    if target.co is not None:
        wanted = {p.pk for p in target.co if p.pk is None or p.pk != current.lead_id}
        if wanted != have:
            refuse("co_proposers", "联名人", names.many("proposer", have), ",联名须本人确认")
    active = current.active_units()
    if target.units is not None and {u.pk: role for u, role in target.units} != active:
        refuse("lead_units", "承办单位", names.units(active), ",交办和调整须走交办流程")
    active_dates = [
        held[2]
        for held in current.assignments.values()
        if held[3] == Assignment.Status.ACTIVE and held[2]
    ]
    if target.assigned_on is not None and target.assigned_on != min(active_dates, default=None):
        refuse("assigned_on", "交办日期", str(min(active_dates)) if active_dates else "")
    held_grade, held_date = (current.reply[2], current.reply[3]) if current.reply else (None, None)
    if target.grade is not None and target.grade.pk != held_grade:
        refuse("grade", "办理结果", names("grade", held_grade), ",答复须经承办单位报送、督查室审核")
    if target.replied_on is not None and target.replied_on != held_date:
        refuse("replied_on", "答复日期", str(held_date or ""), ",答复须经督查室审核")
    held_verdict = verdict_held(current)
    if target.verdict is not None and target.verdict != held_verdict:
        text = verdict_text(*held_verdict) if held_verdict else ""
        refuse("verdict", "满意度", text, ",满意度只能由提案人本人在征询意见中填写")
    key_reason = ",请在重点提案页面办理"
    if target.is_key is not None and target.is_key != (current.key is not None):
        refuse("is_key", "是否重点提案", "是" if current.key else "否", key_reason)
    held_leader = current.key[1] if current.key else None
    if target.lead_leader is not None and target.lead_leader.pk != held_leader:
        refuse("lead_leader", "领办领导", names("leader", held_leader), key_reason)
    supervisors = {leader.pk for leader in target.supervisors or []}
    if target.supervisors is not None and supervisors != current.supervisors:
        held = names.many("leader", current.supervisors)
        refuse("supervisors", "督办领导", held, key_reason)
    return found


def _as_live(target: Target, current: Existing) -> Target:
    """What a checked row of a live session may still write: a proposal's missing category."""
    if current.id is None:
        return target
    return Target(
        row=target.row,
        number=target.number,
        title=current.title,
        category=target.category if current.category_id is None else None,
        lead=None,
        co=None,
        units=None,
        assigned_on=None,
        grade=None,
        replied_on=None,
        verdict=None,
        is_key=None,
        lead_leader=None,
        supervisors=None,
    )


def _add_error(
    sink: list[RowError], headers: dict[str, str], row: int, name: str, message: str
) -> None:
    sink.append(column_error(headers, row, name, message))


def _resolve(
    session: Session, ledger: Ledger, parsed: list[ParsedRow], create_units: bool, live: bool
) -> tuple[list[Target], list[RowError], Directory, dict[int, Existing], list[str]]:
    directory = Directory(session, create_units=create_units)
    existing = _load_existing(session)
    names = Names(directory)
    headers = ledger.headers
    errors: list[RowError] = []
    targets: list[Target] = []
    without_proposer: list[int] = []

    for row in parsed:
        row_errors: list[RowError] = []
        fail = partial(_add_error, row_errors, headers, row.row)

        category = grade = None
        if row.category:
            try:
                category = directory.category(row.category)
            except CellError as error:
                fail("category", str(error))
        if row.grade:
            try:
                grade = directory.grade(row.grade)
            except CellError as error:
                fail("grade", str(error))
        units: list[tuple[Unit, str]] = []
        for name, role, column in row.units:
            try:
                unit = directory.unit(name)
            except CellError as error:
                fail(column, str(error))
                continue
            if all(unit is not chosen for chosen, _ in units):
                units.append((unit, role))
        current = (existing.get(row.number) if row.number else None) or Existing()
        people = row.proposers
        lead = co = None
        try:
            lead = directory.proposer(people[0]) if people else None
        except CellError as error:
            fail("lead_proposer", str(error))
        if lead is None and not people and current.id is None:
            lead = directory.placeholder()
            without_proposer.append(row.number)
        co_names = [*people[1:], *row.co_proposers]
        try:
            co = [directory.proposer(person) for person in co_names] if co_names else None
        except CellError as error:
            fail("co_proposers", str(error))
        needs_reply_unit = (grade or row.replied_on) and current.reply is None
        if needs_reply_unit and not row.units and not current.active_units():
            fail(
                "grade" if grade else "replied_on",
                "填写了办理结果或答复日期,但没有主办单位",
            )
        if row_errors or not row.readable or row.number is None:
            errors.extend(row_errors)
            continue
        target = Target(
            row=row.row,
            number=row.number,
            title=row.title,
            category=category,
            lead=lead,
            co=co,
            units=units or None,
            assigned_on=row.assigned_on,
            grade=grade,
            replied_on=row.replied_on,
            verdict=row.verdict,
            is_key=row.is_key,
            lead_leader=directory.leader(*row.lead_leader) if row.lead_leader else None,
            supervisors=[directory.leader(*s) for s in row.supervisors] or None,
        )
        if live:
            for name, message in _live_conflicts(target, current, names):
                fail(name, message)
            target = _as_live(target, current)
        errors.extend(row_errors)
        if not row_errors:
            targets.append(target)
    warnings = []
    if without_proposer:
        warnings.append(
            f"{numbers_text(without_proposer)}没有填写提案人,已记为“{PLACEHOLDER_PROPOSER}”。"
        )
    return targets, errors, directory, existing, warnings


def make_plan(
    session: Session, ledger: Ledger, *, create_units: bool, progress: Progress | None = None
) -> Plan:
    """Parse a ledger's rows and match them against the session; the plan lists every error."""
    parsed, errors, skipped = parse_rows(ledger, progress)
    if progress:
        progress(len(ledger), 2 * len(ledger))
    live = session_is_live(session)
    targets, resolve_errors, directory, existing, warnings = _resolve(
        session, ledger, parsed, create_units, live
    )
    # Problems in the order a reader meets them: by row, then left to right.
    position = {ledger.headers[name]: col for name, col in ledger.columns.items()}
    errors = sorted([*errors, *resolve_errors], key=lambda e: (e.row, position.get(e.column, 0)))
    if not parsed:
        errors.append(RowError(0, "", "台账中没有提案:表头下面没有既有编号又有题目的行。"))
    return Plan(ledger, targets, errors, skipped, directory, existing, warnings, live)


def validate(
    session: Session, source: Source | Ledger, *, create_units: bool = False
) -> list[RowError]:
    """Check a ledger against a session without writing anything; every problem found."""
    try:
        ledger = source if isinstance(source, Ledger) else read_ledger(source)
    except LedgerError as error:
        return error.errors
    return make_plan(session, ledger, create_units=create_units).errors
