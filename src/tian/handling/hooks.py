"""What handling lets a higher floor add: the measures a reply promises (实施清单), and the
units suggested for a proposal in the unit picker (交办建议).

Supervision keeps those measures (`Commitment`) and the timeline; handling does not import
it. The reply form asks `reply_commitment_forms` for the rows to show and edit, `save_reply`
tells `reply_saved` what the unit typed (in its own transaction), and the reply's checks
(`tian.handling.replies.reply_problems`: saving, signing, 报送 and the page's checklist) ask
`reply_checks` for any further reason the reply is not complete. Supervision registers into
all three from its AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from tian.lib.hooks import Hook

if TYPE_CHECKING:
    from django.forms import BaseFormSet
    from django.http import QueryDict

    from tian.directory.models import Unit
    from tian.handling.models import Reply
    from tian.proposals.models import Proposal


@dataclass
class CommitmentInput:
    """One measure promised in a reply: what, which unit, by when."""

    description: str
    responsible_unit: Unit
    due_on: date
    start_on: date | None = None


@dataclass
class CommitmentRows:
    """The measures a reply form shows: a formset of the rows it may still replace, and the
    rows already under way, listed read-only; `carried` are those of them an earlier round
    promised and did not finish, which this round's reply takes over."""

    formset: BaseFormSet
    editable: list[Any] = field(default_factory=list)
    kept: list[Any] = field(default_factory=list)
    carried: list[Any] = field(default_factory=list)


class ReplyCommitmentForm(Protocol):
    """How the reply form shows the promised measures and reads what was typed."""

    def rows(
        self, data: QueryDict | None, proposal: Proposal, reply: Reply | None
    ) -> CommitmentRows: ...

    def inputs(self, formset: BaseFormSet) -> list[CommitmentInput]: ...


# Called inside save_reply's transaction, after the reply row is saved, with what was typed.
ReplySaved = Callable[[Any, "Reply", list[CommitmentInput]], None]
reply_saved: Hook[ReplySaved] = Hook("handling.reply_saved")

# Each returns the reasons (Chinese, without a full stop) a reply may not be signed yet.
# Asked whenever the reply is saved, signed or sent, and by its checklist: keep it cheap.
ReplyCheck = Callable[["Reply"], list[str]]
reply_checks: Hook[ReplyCheck] = Hook("handling.reply_checks")

# The first one registered draws the reply form's list of measures; none, no list.
reply_commitment_forms: Hook[ReplyCommitmentForm] = Hook("handling.reply_commitment_forms")

# The routing suggestion (交办建议) plugs in here: each returns the units it suggests for a
# proposal, best first. None registered yet, so the unit picker suggests nothing beyond the
# committee's proposed units (see `tian.handling.pickers.suggested_units`).
UnitSuggestion = Callable[["Proposal"], list["Unit"]]
unit_suggestions: Hook[UnitSuggestion] = Hook("handling.unit_suggestions")
