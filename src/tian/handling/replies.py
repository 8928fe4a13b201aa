"""A reply's own rules (答复): the moves its status may make, and what it still needs.

The order units follow: the clerk drafts the reply (a draft may lack anything); the unit
leader signs its text (签发); the letter is downloaded (答复函, Word), stamped, scanned and
attached; then the unit sends it to the office (报送), which accepts it or returns it for
revision. A reply's status changes only through `set_reply_status`, as a proposal's only
through `tian.workflow.engine.fire`; what is missing is told by `reply_problems`, which
saving, signing, sending and the page's checklist all ask.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from django.utils import timezone

from tian.handling.hooks import reply_checks
from tian.handling.models import Reply
from tian.lib.errors import ActionError
from tian.workflow.engine import guard_refusals

Status = Reply.Status

# The moves a reply's status may make (from → to); None is a reply not saved yet.
MOVES: dict[str | None, frozenset[str]] = {
    None: frozenset({Status.DRAFT}),  # the clerk drafts it
    Status.DRAFT: frozenset({Status.DRAFT, Status.SIGNED}),  # revised; the leader signs it
    Status.SIGNED: frozenset({Status.DRAFT, Status.SUBMITTED}),  # revised (signed again); sent
    Status.RETURNED: frozenset({Status.DRAFT}),  # revised after the office's comment
    Status.SUBMITTED: frozenset({Status.RETURNED, Status.ACCEPTED}),  # the office's review
    Status.ACCEPTED: frozenset(),
}

# Why a move is refused: by (from, to) where the reason depends on it, else by where it went.
_REFUSED = {
    (Status.RETURNED, Status.SIGNED): "答复被督查室退回,请联络员按意见修改保存后再签发。",
    (Status.ACCEPTED, Status.DRAFT): "答复已审核通过,不能再修改。",
    Status.DRAFT: "答复已报送督查室,不能修改;如需修改请由督查室退回。",
    Status.SIGNED: "只有起草中的答复可以签发。",
    Status.SUBMITTED: "答复须经单位负责人签发后才能报送。",
    Status.RETURNED: "只有已报送的答复可以退回。",
    Status.ACCEPTED: "承办单位尚未报送签发后的答复。",
}

# While the letter may still be attached or replaced: before the reply is sent.
LETTER_STATES = (Status.DRAFT, Status.SIGNED)

SIGN = "sign"
SUBMIT = "submit"


@dataclass(frozen=True)
class LetterLines:
    """The letter's heading and footing as the unit types them on the reply form: 文号,
    签发人 (empty: the leader who signs), 联系人, 联系电话, 抄送 (see `tian.handling.letter`)."""

    doc_number: str = ""
    issuer_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    copy_to: str = ""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "doc_number",
        "issuer_name",
        "contact_name",
        "contact_phone",
        "copy_to",
    )

    @classmethod
    def of(cls, data: dict[str, Any]) -> LetterLines:
        """The lines from a reply form's cleaned data, trimmed."""
        return cls(**{name: (data.get(name) or "").strip() for name in cls.FIELDS})

    def apply_to(self, reply: Reply) -> None:
        """Write the lines onto `reply` (the caller saves it)."""
        for name in self.FIELDS:
            setattr(reply, name, getattr(self, name))


def _status_of(reply: Reply) -> str | None:
    return reply.status if reply.pk else None


def may_move(reply: Reply, to: str) -> bool:
    """Whether the reply's status may move to `to` from where it stands."""
    return to in MOVES[_status_of(reply)]


def set_reply_status(reply: Reply, to: str, *, by: Any = None, today: date | None = None) -> None:
    """Move `reply` to status `to` with what the move records — a revision clears the
    signature, signing names the leader (`by`) and the time, sending the time, acceptance
    the reply date — and a new version. A move the table does not list is refused
    (ActionError). The caller holds the transaction and saves the row."""
    current = _status_of(reply)
    if to not in MOVES[current]:
        raise ActionError(_REFUSED.get((current, to)) or _REFUSED[to])
    if to == Status.DRAFT:
        reply.signer, reply.signed_at = None, None
    elif to == Status.SIGNED:
        reply.signer, reply.signed_at = by, timezone.now()
    elif to == Status.SUBMITTED:
        reply.submitted_at = timezone.now()
    elif to == Status.ACCEPTED:
        reply.replied_on = today or timezone.localdate()
    reply.status = to
    if reply.pk:
        reply.version += 1


# --------------------------------------------------------------------------- what is missing


def _text_problems(reply: Reply) -> list[str]:
    """What the leader's signature needs: the reply's text and what higher apps ask of it."""
    problems = []
    if reply.grade is None:
        problems.append("请选择办理结果分类")
    if not (reply.situation.strip() or reply.measures.strip()):
        problems.append("请填写答复内容")
    if reply.disclosure == Reply.Disclosure.WITHHOLD and not reply.disclosure_reason.strip():
        problems.append("不公开的答复须写明理由")
    for check in reply_checks:
        problems += check(reply)
    return problems


def _sending_problems(reply: Reply, actor: Any) -> list[str]:
    """What 报送 needs beyond the signature: the stamped letter, and what the workflow asks
    before the office may accept a reply (先联系后答复, 协办意见先到 …), asked now while the
    unit can still do it."""
    problems = [] if reply.letter else ["请上传加盖公章的答复函"]
    as_sent = copy.copy(reply)
    as_sent.status = Status.SUBMITTED
    refusals = guard_refusals(actor, reply.proposal, "accept_reply", data={"reply": as_sent})
    return problems + [refusal.rstrip("。") for refusal in refusals]


def reply_problems(reply: Reply, *, step: str = SUBMIT, actor: Any = None) -> list[str]:
    """What `reply` still needs before `step`: to sign (SIGN), its text — a grade, content,
    the reason it is withheld, the measures an in-progress grade promises; to send (SUBMIT),
    also the stamped letter and the workflow's conditions. Reasons in Chinese, no full stop."""
    problems = _text_problems(reply)
    if step == SUBMIT:
        problems += _sending_problems(reply, actor)
    return problems


def refuse_if(problems: list[str]) -> None:
    """Refuse a step (ActionError) with every reason at once, if there are any."""
    if problems:
        raise ActionError(";".join(problems) + "。")


@dataclass(frozen=True)
class Checklist:
    """A reply's “签发前还需…” and “报送前还需…”, as the unit clerk and leader see them."""

    to_sign: list[str] = field(default_factory=list)
    to_submit: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.to_sign or self.to_submit)


def checklist(reply: Reply, actor: Any = None) -> Checklist:
    """What the reply needs before each step still ahead of it (none once it is sent)."""
    if reply.status in (Status.DRAFT, Status.RETURNED):
        return Checklist(_text_problems(reply), _sending_problems(reply, actor))
    if reply.status == Status.SIGNED:
        return Checklist([], reply_problems(reply, actor=actor))
    return Checklist()
