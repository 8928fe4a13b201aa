"""The reply letter (答复函) as a Word document, generated from the reply as entered.

The unit fills in the reply once — its text, 文号, 签发人, 联系人, 联系电话, 抄送 — and
downloads the letter laid out as a 公文: it is printed, stamped, scanned and attached as the
signed letter, so nothing is typed twice. The parts follow the letters units publish:

    〔文号〕                                   签发人:…
    办理结果:B
    对区政协五届一次会议 / 第102号提案的答复
    王晓明、李红委员:
    您们提出的《…》的提案收悉。现答复如下:
    一、基本情况 … 二、已采取的措施 … 三、下一步计划 …
    感谢…
                                              区人力资源和社会保障局
                                                      2022年7月26日
    (联系人:…,联系电话:…)
    抄送:…
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from tian.directory.models import Body
from tian.handling.models import Reply
from tian.lib.dates import cn_date
from tian.lib.gongwen import RIGHT, SMALL_SIZE, GongwenDocument
from tian.proposals.models import CoSignature

_PARTS = (("situation", "基本情况"), ("measures", "已采取的措施"), ("plan", "下一步计划"))
_NUMERALS = "一二三"
_PARAGRAPHS = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Letter:
    """What the letter says, part by part, before it is laid out."""

    doc_number: str
    issuer: str
    grade: str
    title_lines: list[str]
    salutation: str
    opening: str
    sections: list[tuple[str, list[str]]] = field(default_factory=list)
    closing: str = ""
    unit: str = ""
    dated: date | None = None
    contact: str = ""
    copy_to: str = ""

    @property
    def filename(self) -> str:
        return f"{self.title_lines[-1] if self.title_lines else '答复函'}.docx"


def _addressees(reply: Reply) -> tuple[str, bool]:
    """Whom the letter is addressed to, and whether they are several: the lead proposer and
    the co-signers who confirmed, as 委员 (CPPCC) or 代表 (congress); a collective by name."""
    proposal = reply.proposal
    lead = proposal.lead_proposer
    if lead.is_collective:
        return f"{lead.name}:", False
    names = [lead.name]
    names += [
        c.proposer.name
        for c in proposal.cosignatures.filter(status=CoSignature.Status.CONFIRMED)
        .select_related("proposer")
        .order_by("id")
    ]
    title = "代表" if proposal.session.body.kind == Body.Kind.NPC else "委员"
    return f"{'、'.join(names)}{title}:", len(names) > 1


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in _PARAGRAPHS.split(text or "") if part.strip()]


def compose(reply: Reply, *, today: date | None = None) -> Letter:
    """The letter for `reply`, from its fields and its proposal."""
    proposal = reply.proposal
    session = proposal.session
    noun = proposal.noun
    salutation, several = _addressees(reply)
    parts = [(label, _paragraphs(getattr(reply, name))) for name, label in _PARTS]
    parts = [(label, paragraphs) for label, paragraphs in parts if paragraphs]
    if len(parts) > 1:
        sections = [(f"{_NUMERALS[n]}、{label}", text) for n, (label, text) in enumerate(parts)]
    else:  # one part needs no heading
        sections = [("", text) for _label, text in parts]
    you = "您们" if several else "您"
    return Letter(
        doc_number=reply.doc_number,
        issuer=reply.issuer_name or (str(reply.signer) if reply.signer else ""),
        grade=reply.grade.code if reply.grade else "",
        title_lines=[f"对{session}", f"{proposal.number_label}{noun}的答复"],
        salutation=salutation,
        opening=f"{you}提出的《{proposal.title}》的{noun}收悉。现答复如下:",
        sections=sections,
        closing=f"感谢{you}对我们工作的关心和支持,欢迎继续提出宝贵意见和建议。",
        unit=reply.unit.name,
        dated=reply.replied_on or today or timezone.localdate(),
        contact=_contact(reply),
        copy_to=reply.copy_to.strip(),
    )


def _contact(reply: Reply) -> str:
    parts = []
    if reply.contact_name:
        parts.append(f"联系人:{reply.contact_name}")
    if reply.contact_phone:
        parts.append(f"联系电话:{reply.contact_phone}")
    return f"({','.join(parts)})" if parts else ""


def render(letter: Letter) -> bytes:
    """The letter as a .docx in the 公文 layout."""
    doc = GongwenDocument("".join(letter.title_lines))
    if letter.doc_number or letter.issuer:
        doc.left_and_right(letter.doc_number, f"签发人:{letter.issuer}" if letter.issuer else "")
    if letter.grade:
        doc.line(f"办理结果:{letter.grade}")
    doc.line()
    doc.title(letter.title_lines)
    doc.line(letter.salutation)
    doc.body(letter.opening)
    for heading, paragraphs in letter.sections:
        if heading:
            doc.heading(heading)
        for text in paragraphs:
            doc.body(text)
    doc.body(letter.closing)
    doc.line()
    doc.line(letter.unit, align=RIGHT)
    if letter.dated:
        doc.line(cn_date(letter.dated), align=RIGHT)
    if letter.contact:
        doc.body(letter.contact)
    if letter.copy_to:
        doc.line()
        doc.line(f"抄送:{letter.copy_to}", size=SMALL_SIZE)
    return doc.save()
