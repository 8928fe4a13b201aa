"""The annual report (年度提案办理情况报告) as a format-neutral structure.

Every number comes from `tian.reports.figures`; the words around them (titles, proposers,
handling summaries, this year's progress of cross-year proposals, the office's own text) are
read from the records here. The renderers in `tian.reports.render` only lay it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import OuterRef, Subquery

from tian.directory.models import Body, Leader, Proposer, Session
from tian.handling.models import StatClass
from tian.lib.cn import numeral
from tian.lib.dates import cn_date
from tian.proposals.models import CoSignature, Proposal
from tian.reports import figures
from tian.reports.models import AnnualReport
from tian.supervision.models import KeyProposal, Tracking
from tian.supervision.tracking.actions import cross_year_proposals

DEFAULT_EXAMPLES = 2  # examples per class when staff flagged none
TAIL_NUMBERS = 3  # "其余第1、2、5号等120件": how many numbers the tail names
TITLE_LINE = 18  # characters of a 2号 title that fit one line of the type area
DRAFT_MARK = "【草稿，请修改】"


@dataclass
class Paragraph:
    """One paragraph; `lead` is an emphasised lead-in such as "（一）第22号…。"."""

    text: str
    lead: str = ""
    note: bool = False  # a remark to the editor (the draft mark), not text of the report

    @property
    def plain(self) -> str:
        return self.lead + self.text


@dataclass
class Section:
    """A numbered part of the report: "一、委员提案办理情况" and its paragraphs."""

    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Report:
    """The whole report, ready for any renderer."""

    session_slug: str
    title: str
    header: list[tuple[str, str]]
    opening: list[Paragraph]
    sections: list[Section]
    closing: list[Paragraph]
    is_draft: bool = False

    @property
    def title_lines(self) -> list[str]:
        """The title broken where it reads naturally (after the session's name) when long."""
        at = self.title.find("会议") + 2
        if len(self.title) > TITLE_LINE and 2 < at < len(self.title) - 2:
            return [self.title[:at], self.title[at:]]
        return [self.title]

    def plain_text(self) -> str:
        """The report as plain text, one paragraph a line (for tests and search)."""
        lines = [self.title, *(f"{k}：{v}" for k, v in self.header)]
        lines += [p.plain for p in self.opening]
        for section in self.sections:
            lines.append(section.heading)
            lines += [p.plain for p in section.paragraphs]
        lines += [p.plain for p in self.closing]
        return "\n".join(lines)


# --- Chinese numbering -------------------------------------------------------------------


def heading_number(n: int) -> str:
    return f"{numeral(n)}、"


def sub_number(n: int) -> str:
    return f"（{numeral(n)}）"


def number_list(numbers: list[int]) -> str:
    """[1, 2, 5] → 第1、2、5号."""
    return "第" + "、".join(str(n) for n in numbers) + "号"


# --- Words that depend on the body --------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """How this body's report speaks: 提案/建议, 委员/代表, 区政协, 区政府, 锡山."""

    item: str
    member: str
    body_short: str
    government: str
    place: str


_LEVEL = re.compile(r"^(?P<place>.*?)(?P<level>[省市区县旗])(?P<rest>政协|人大.*)$")


def words_for(body: Body) -> Words:
    """The seed says 区政协 and 区政府 for 锡山区政协, and 锡山 for the place."""
    match = _LEVEL.match(body.name)
    if match:
        level, place = match["level"], match["place"]
        return Words(
            item=body.item_noun,
            member=body.member_noun,
            body_short=f"{level}{match['rest']}",
            government=f"{level}政府",
            place=place or body.name,
        )
    return Words(body.item_noun, body.member_noun, body.name, "政府", body.name)


def proposer_label(proposer: Proposer, joint: bool, member_word: str) -> str:
    """蒋加星委员, 胡艳峰等委员 (several members), or a collective's own name (民进); empty
    for an invented (illustrative) proposer, whom the report does not name as fact."""
    if proposer.is_illustrative:
        return ""
    if proposer.is_collective:
        return proposer.name
    return f"{proposer.name}{'等' if joint else ''}{member_word}"


def by_whom(proposer: str) -> str:
    """ "民进提出的" before a title, or nothing when the proposer is not to be named (第12号“…”)."""
    return f"{proposer}提出的" if proposer else ""


def pct(text: str) -> str:
    """A percentage as the report writes it: "77.2%", and "100%" (not "100.0%") when whole."""
    return f"{text.removesuffix('.0')}%"


def _result_phrase(label: str) -> str:
    """What happened to the problems raised, from a grade label: 已解决… → 得到解决…."""
    label = label.removeprefix("所提问题")
    if label.startswith("已经"):
        return "得到" + label[2:]
    if label.startswith("已"):
        return "得到" + label[1:]
    return label


# --- Reading the records -----------------------------------------------------------------


@dataclass
class _Item:
    number: int
    title: str
    proposer: str
    summary: str
    is_example: bool


def _final_summaries(session: Session) -> dict[int, str]:
    """Each proposal's handling summary from its final reply (the one the figures grade)."""
    rows = figures.final_replies(session).values_list("proposal_id", "summary", "measures")
    return {pid: (summary or measures or "").strip() for pid, summary, measures in rows}


def _items(session: Session, proposals, words: Words, summaries: dict[int, str]) -> list[_Item]:
    proposals = list(proposals.select_related("lead_proposer"))
    joint = set(
        CoSignature.objects.filter(
            proposal__in=[p.pk for p in proposals], status=CoSignature.Status.CONFIRMED
        ).values_list("proposal_id", flat=True)
    )
    return [
        _Item(
            number=p.number,
            title=p.title,
            proposer=proposer_label(p.lead_proposer, p.pk in joint, words.member),
            summary=summaries.get(p.pk, ""),
            is_example=p.is_report_example,
        )
        for p in proposals
    ]


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in "。！？!?；;”』）)":
        text += "。"
    return text


# --- Building the report -----------------------------------------------------------------


def report_text(session: Session) -> AnnualReport:
    """The office's text for the session, unsaved and blank when none was written."""
    return AnnualReport.objects.filter(session=session).first() or AnnualReport(session=session)


def default_title(session: Session) -> str:
    words = words_for(session.body)
    return f"关于{session.body.name}{session.name}{words.member}{words.item}办理情况的报告"


def build_report(session: Session) -> Report:
    """The annual report of `session`, from its figures and records as they are now."""
    session = Session.objects.select_related("body", "term").get(pk=session.pk)
    words = words_for(session.body)
    facts = figures.session_figures(session)
    text = report_text(session)
    summaries = _final_summaries(session)

    opening = [Paragraph(_opening(session, facts, words)), Paragraph(_outcome(facts, words))]
    sections: list[Section] = []
    handled = _handling_section(session, facts, words, summaries)
    key = _key_section(session, facts, words, summaries)
    cross = _cross_year_section(session, facts, words)
    for part in (handled, key, cross):
        if part is not None:
            sections.append(part)
    problems, is_draft = _problems(text, facts, words)
    sections.append(Section("存在问题及下阶段工作打算", problems))
    for n, section in enumerate(sections, start=1):
        section.heading = heading_number(n) + section.heading
    closing = [Paragraph(line) for line in _lines(text.closing)] or [
        Paragraph(
            f"我们将在{words.body_short}和广大{words.member}的监督支持下，以更加负责的精神、"
            f"更加务实的作风，扎实做好{words.item}办理工作，为{words.place}高质量发展作出应有的贡献。"
        )
    ]
    return Report(
        session_slug=session.slug,
        title=text.title or default_title(session),
        header=_header(session, text, opening[0].text),
        opening=opening,
        sections=sections,
        closing=closing,
        is_draft=is_draft,
    )


def _header(session: Session, text: AnnualReport, summary: str) -> list[tuple[str, str]]:
    prefix = settings.TIAN_REPORT_INDEX_PREFIX
    index = text.index_number or (f"{prefix}/{session.year}" if prefix else "")

    def day(value: date | None) -> str:
        return cn_date(value) if value else ""

    rows = [
        ("索引号", index),
        ("文件编号", text.document_number),
        ("发布机构", text.publisher or settings.TIAN_REPORT_PUBLISHER),
        ("发文日期", day(text.issued_on)),
        ("公开日期", day(text.published_on)),
        ("效力状况", text.validity or settings.TIAN_REPORT_VALIDITY),
        ("内容概述", summary.split("。")[0] + "。"),
    ]
    return [(label, value or "—") for label, value in rows]


def _opening(session: Session, facts: figures.SessionFigures, words: Words) -> str:
    categories = "，".join(f"{name}{n}件" for name, n in facts["by_category"].items() if n)
    counted = f"，其中{categories}" if categories else ""
    return (
        f"今年{words.government}共收到{words.body_short}{session.name}交办的{words.member}"
        f"{words.item}{facts['total']}件{counted}。这些{words.item}集中反映了{words.member}对"
        f"{words.place}建设和发展的关心支持，为推动经济社会发展、增进民生福祉起到了积极作用。"
    )


def _outcome(facts: figures.SessionFigures, words: Words) -> str:
    total, closed = facts["total"], facts["intake"]["closed"]
    if total and closed == total:
        done = f"目前，{total}件{words.item}已全部办结"
    else:
        done = f"目前，{total}件{words.item}中已办结{closed}件"
    happy = facts["satisfaction"]
    if happy["responses"]:
        if happy["attitude"] == happy["result"]:
            done += f"，{words.member}对办理工作的满意率和基本满意率为{pct(happy['result'])}"
        else:
            done += (
                f"，{words.member}对办理态度的满意率和基本满意率为{pct(happy['attitude'])}，"
                f"对办理结果的为{pct(happy['result'])}"
            )
    parts = [
        f"所提问题{share['label'].removeprefix('所提问题')}的{words.item}{share['count']}件，"
        f"占总数的{pct(share['percent'])}"
        for share in facts["by_stat_class"].values()
        if share["count"]
    ]
    return done + "。" + ("；".join(parts) + "。" if parts else "")


# How each statistical class is introduced and how its tail sentence ends.
_CLASS_TEXT = {
    StatClass.RESOLVED: (
        "各承办单位将{item}的内容、{member}的见解转化为做好工作的实招硬招，"
        "目前{count}件{item}得到了采纳吸收和较好的落实。",
        "所反映的问题也{phrase}。",
    ),
    StatClass.IN_PROGRESS: (
        "这部分{item}所提问题涉及面广、时间跨度大，{government}及相关职能部门结合工作实际，"
        "正在分步实施解决。",
        "所提问题也正在逐步解决过程中。",
    ),
    StatClass.NOT_NOW: (
        "这部分{item}所提问题受客观条件限制暂时难以解决，承办单位已向{member}说明情况，"
        "待条件成熟时积极推进。",
        "所提问题也已向{member}作出说明。",
    ),
    StatClass.REFERENCE: (
        "对这部分{item}，承办单位认真研究，在今后工作中参考吸收。",
        "也已作为今后工作的参考。",
    ),
}


def _handling_section(
    session: Session, facts: figures.SessionFigures, words: Words, summaries: dict[int, str]
) -> Section | None:
    numbers = figures.numbers_by_stat_class(session)
    section = Section(f"{words.member}{words.item}办理情况")
    section.paragraphs.append(
        Paragraph(
            f"{words.government}高度重视{words.member}{words.item}办理工作，始终把问题解决率、"
            f"{words.member}满意率作为检验办理工作的重要标准。各承办单位密切配合、精准施策、"
            "统筹推进，解决了一批群众关注度高、呼声强的热点难点问题。"
        )
    )
    n = 0
    for stat_class, share in facts["by_stat_class"].items():
        if not share["count"]:
            continue
        n += 1
        in_class = numbers.get(stat_class, [])
        items = _items(
            session,
            Proposal.objects.filter(session=session, number__in=in_class),
            words,
            summaries,
        )
        examples = _examples(items)
        shown = {item.number for item in examples}
        rest = [number for number in in_class if number not in shown]
        intro, tail = _CLASS_TEXT[StatClass(stat_class)]
        fill = {
            "item": words.item,
            "member": words.member,
            "government": words.government,
            "count": share["count"],
            "phrase": _result_phrase(share["label"]),
        }
        body = intro.format(**fill)
        if examples:
            body += "如：" + "".join(
                f"{number_list([e.number])}{by_whom(e.proposer)}“{e.title}”，"
                f"{_sentence(e.summary) or '已办理答复。'}"
                for e in examples
            )
        if rest:
            named = number_list(rest[:TAIL_NUMBERS])
            more = "等" if len(rest) > TAIL_NUMBERS else ""
            prefix = "其余" if examples else ""
            body += f"{prefix}{named}{more}{len(rest)}件{words.item}" + tail.format(**fill)
        lead = f"{sub_number(n)}{share['count']}件{words.item}所提问题{fill['phrase']}。"
        section.paragraphs.append(Paragraph(body, lead=lead))
    return section if n else None


def _examples(items: list[_Item]) -> list[_Item]:
    """The flagged examples, else the ones with the longest handling summaries; the fullest
    account first, as the seed gives them."""
    chosen = [item for item in items if item.is_example]
    if not chosen:
        chosen = sorted(items, key=lambda i: (-len(i.summary), i.number))[:DEFAULT_EXAMPLES]
    return sorted(chosen, key=lambda i: (-len(i.summary), i.number))


def _leaders_phrase(leaders: list[Leader], words: Words) -> str:
    """区政府各位区长 when every leader is a 区长 of some rank; else their names."""
    if not leaders:
        return ""
    titles = sorted({leader.title for leader in leaders if leader.title}, key=len)
    government = all(leader.organisation == Leader.Organisation.GOVERNMENT for leader in leaders)
    if government and titles and all(t.endswith(titles[0]) for t in titles):
        if len(leaders) > 1:
            return f"{words.government}各位{titles[0]}"
        return f"{words.government}{titles[0]}"
    return "、".join(dict.fromkeys(str(leader) for leader in leaders))


def _key_section(
    session: Session, facts: figures.SessionFigures, words: Words, summaries: dict[int, str]
) -> Section | None:
    count = facts["key_proposals"]
    if not count:
        return None
    keys = list(
        KeyProposal.objects.filter(proposal__in=figures.filed_proposals(session))
        .select_related("lead_leader")
        .prefetch_related("supervisors")
        .order_by("proposal__number")
    )
    by_proposal = {key.proposal_id: key for key in keys}
    items = _items(
        session,
        Proposal.objects.filter(pk__in=by_proposal).order_by("number"),
        words,
        summaries,
    )
    leaders = [key.lead_leader for key in keys if key.lead_leader]
    supervisors = [s for key in keys for s in key.supervisors.all()]
    led = _leaders_phrase(leaders, words)
    intro = f"{count}件重点{words.item}" + (
        f"分别由{led}领办，相关职能部门具体办理。" if led else "由相关职能部门具体办理。"
    )
    if supervisors:
        titles = "、".join(sorted({s.title or s.name for s in supervisors}, key=len))
        joiners = "提案者" if words.item == "提案" else words.member
        intro += (
            f"{words.body_short}对重点{words.item}办理给予了大力支持和帮助，{titles}实行包案督办，"
            f"{joiners}和各工作委员会共同参与督办，促进了重点{words.item}的办理落实。"
        )
    section = Section(f"重点{words.item}办理情况", [Paragraph(intro)])
    for n, item in enumerate(items, start=1):
        lead = (
            f"{sub_number(n)}{number_list([item.number])}{by_whom(item.proposer)}“{item.title}”。"
        )
        section.paragraphs.append(Paragraph(_sentence(item.summary) or "正在办理中。", lead=lead))
    return section


def _cross_year_section(
    session: Session, facts: figures.SessionFigures, words: Words
) -> Section | None:
    count = facts["cross_year"]
    if not count:
        return None
    # The same proposals the figure counts; this year's report from its tracking row, if any.
    report = Tracking.objects.filter(session=session, proposal=OuterRef("pk"))
    proposals = (
        cross_year_proposals(session)
        .annotate(progress_report=Subquery(report.values("progress_report")[:1]))
        .order_by("session__year", "number", "pk")
    )
    body = f"{count}件跨年度跟踪督办{words.item}在去年办理的基础上，今年又有新的进展和成效。"
    for proposal in proposals:
        progress = _sentence(proposal.progress_report or "") or "本年度办理进展尚未报告。"
        body += f"{number_list([proposal.number])}“{proposal.title}”：{progress}"
    body += _verdicts(figures.cross_year_verdicts(session), words)
    return Section(f"跨年度{words.item}办理情况", [Paragraph(body)])


def _verdicts(verdicts: figures.CrossYearVerdicts, words: Words) -> str:
    total = verdicts["total"]
    about = f"{words.member}对{total}件跨年度{words.item}办理情况"
    if verdicts["satisfied"] == total:
        return f"{about}均表示满意。"
    if verdicts["satisfied"] + verdicts["basically"] == total:
        return f"{about}均表示满意或基本满意。"
    parts = [
        f"{verdicts[key]}件{label}"
        for key, label in (
            ("satisfied", "表示满意"),
            ("basically", "表示基本满意"),
            ("dissatisfied", "表示不满意"),
            ("pending", "尚未评价"),
        )
        if verdicts[key]
    ]
    return f"{about}的评价：" + "、".join(parts) + "。"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _problems(
    text: AnnualReport, facts: figures.SessionFigures, words: Words
) -> tuple[list[Paragraph], bool]:
    written = _lines(text.problems)
    if written:
        return [Paragraph(line) for line in written], False
    kept = facts["commitments"]
    draft = [
        Paragraph(
            note=True,
            text=f"{DRAFT_MARK}以下为系统根据办理数据生成的草稿，请政府办在“编辑报告”页面修改后再发布。",
        ),
        Paragraph(
            f"今年的{words.item}办理工作取得了阶段性成效，按时答复率为{pct(facts['on_time_rate'])}，"
            f"答复承诺的实施清单{kept['total']}项中已完成{kept['done']}项、逾期{kept['overdue']}项。"
            "少数承办单位仍存在办理仅停留在答复、措施不够具体等问题。"
        ),
        Paragraph(
            "下一步，一是提升答复质量，逐条回应所提建议，措施具体、时限明确；"
            f"二是推动成果转化，把{words.item}中的建议转化为实施清单和时间进度；"
            "三是加强督查督办，对尚未落实的事项列入日常督查，以督促办。"
        ),
    ]
    return draft, True
