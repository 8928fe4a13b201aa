"""The key proposals' supervision: selection, activities, commitments and their progress."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from tian.demo.common import (
    CLERK,
    TZ,
    People,
    addressed_as,
    backdate,
    moment,
    people_of,
    update_rows,
)
from tian.directory.models import Session, User
from tian.handling.models import Assignment, Reply
from tian.supervision.models import Commitment, KeyProposal, ProgressUpdate, SupervisionActivity

KEY_SELECTED_ON = date(2022, 2, 10)  # the CPPCC chairs' meeting (主席会议) that chose them

# Kinds of a key commitment: "done" (finished within 2022), "open" (a long-running measure,
# finished by mid-2023) and "late" (held up, finished in spring 2023). The session is closed,
# so every measure is done by the end of the year after it, whatever day the demo is loaded.
_KeyCommitment = tuple[str, date | None, str]
_KeyActivity = tuple[str, date, str, str]

# For each key proposal of 2022: why it was chosen, its supervision activities (between the
# assignment on 18 February and the reply) and, where its reply listed none, the measures of
# the seed's "下一步/下阶段" plans or its remaining work.
KEY_SUPERVISION: dict[int, tuple[str, tuple[_KeyActivity, ...], tuple[_KeyCommitment, ...]]] = {
    22: (
        "网格化服务管理是基层社会治理的基础,提案针对网格划分、平台整合和网格员队伍提出系统建议,"
        "涉及面广、群众关注度高。",
        (
            (
                "consultation",
                date(2022, 3, 16),
                "区政府第三会议室",
                "通报3月完成的新一轮网格调整:综合网格优化为713个、专属网格94个;"
                "提案者建议下一步把网格与管理单元联动,形成会议纪要交区委政法委落实。",
            ),
            (
                "inspection",
                date(2022, 4, 12),
                "区城市运行管理中心",
                "现场察看智能应用平台:已整合18个信息系统和6套视频会议系统,上连市城运中心、"
                "下连9个镇(街道)指挥中心、横向联通41个部门;督办领导要求补齐专职网格员缺员。",
            ),
        ),
        (
            (
                "细化“网格+管理单元”联动运行机制,推动网格治理与行业管理融合",
                date(2022, 9, 30),
                "done",
            ),
            ("建立线上实时监测体系,每个综合网格建立“网格微信群”", date(2022, 12, 31), "done"),
            (
                "迭代升级智能应用平台,推广智慧调解、智慧防疫、智慧安防、智慧法务等应用场景",
                None,
                "open",
            ),
        ),
    ),
    27: (
        "城市微更新关系老旧小区居民的切身利益,是年度民生实事的重点,需要住建、规划、"
        "城管等部门协同推进。",
        (
            (
                "research",
                date(2022, 3, 22),
                "东亭街道老旧小区改造项目现场",
                "调研老旧小区改造:全年63个项目中2个已完工、58个在建、3个在完善前期手续;"
                "提案者建议利用周边闲置土地增设停车场和口袋公园。",
            ),
            (
                "consultation",
                date(2022, 4, 14),
                "区政府第三会议室",
                "围绕《锡山区城市更新实施方案(试行)》协商片区化改造思路,"
                "明确配套充电桩、快递、垃圾分类和适老化设施的分工。",
            ),
        ),
        (
            ("完成58个在建老旧小区改造提升项目", date(2022, 12, 31), "done"),
            ("完善3个老旧小区改造项目的前期手续并开工建设", None, "late"),
            ("结合片区化改造增设公共停车场、适老设施和口袋公园", None, "open"),
        ),
    ),
    29: (
        "集成电路是我区“四新四强”产业集群的重点,提案对装备制造产业链和人才支撑的建议"
        "事关产业长远发展。",
        (
            (
                "research",
                date(2022, 3, 24),
                "锡山集成电路装备产业园",
                "调研产业园企业:集成电路集群规上企业比上年新增8家,松瓷单晶炉、核力创芯等项目已签约;"
                "企业反映高端人才和配套供应链不足。",
            ),
            (
                "consultation",
                date(2022, 4, 19),
                "区政府第三会议室",
                "协商《锡山区“十四五”集成电路产业发展规划》编制思路,"
                "依托江苏集萃集成电路应用技术创新中心建设培训实训一体的人才平台。",
            ),
        ),
        (),
    ),
    58: (
        "党建引领物业管理是破解小区治理难题的关键,列为2022年基层党建创新“一号工程”。",
        (
            (
                "forum",
                date(2022, 3, 29),
                "安镇街道社区党群服务中心",
                "与社区、业委会和物业企业座谈:56个小区成立业委会,其中党员组建的“红色业委会”24个;"
                "介绍“双向进入、交叉任职”和公证投票系统的做法。",
            ),
        ),
        (
            (
                "按信用档案和服务等级考核办法开展物业企业考评,实行“红黑榜”",
                date(2022, 12, 31),
                "done",
            ),
            ("推动更多商品房小区成立业主大会和业委会,扩大“红色业委会”覆盖面", None, "open"),
        ),
    ),
    63: (
        "镇(街道)综合行政执法承接赋权事项的能力亟需提升,提案对执法队伍、监督和赋权评估"
        "提出具体建议。",
        (
            (
                "research",
                date(2022, 3, 17),
                "东港镇综合行政执法局",
                "调研基层执法:全区近500人取得执法证,各镇(街道)按不低于1:3配齐执法辅助人员;"
                "基层反映部分赋权事项承接难度大。",
            ),
            (
                "consultation",
                date(2022, 4, 20),
                "区政府第三会议室",
                "协商镇(街道)行政权力事项清单动态管理办法,提出对赋权事项开展评估和调整试点。",
            ),
        ),
        (),
    ),
    80: (
        "数字经济是我区产业转型的关键增量,提案围绕产业数字化和数字产业化提出建议。",
        (
            (
                "inspection",
                date(2022, 3, 30),
                "锡山车联网产业园",
                "视察车联网产业园:今年新增投资1.79亿元,新增企业18家;"
                "察看红豆、新日“5G+工业互联网”平台建设情况。",
            ),
        ),
        (
            ("为企业开展数字化诊断,全年诊断企业不少于200家", date(2022, 12, 31), "done"),
            ("推进车联网、集成电路、数字信息等特色产业园建设,集聚数字经济核心企业", None, "open"),
        ),
    ),
    89: (
        "股权投资集聚是“产业+金融”融合发展的抓手,提案对基金招引和政府投资基金运作提出建议。",
        (
            (
                "consultation",
                date(2022, 3, 23),
                "区政府第三会议室",
                "通报政府投资基金管理暂行办法起草情况,全区已注册股权投资类企业115家;"
                "提案者建议为基金提供管家式服务和项目资源。",
            ),
            (
                "research",
                date(2022, 4, 13),
                "锡东新城商务区基金集聚区",
                "调研基金集聚区:母基金直投项目17个、8.9亿元,子基金投资项目219个;"
                "了解首支外资私募股权基金(QFLP)落地情况。",
            ),
        ),
        (
            ("出台政府投资基金管理流程,规范基金设立、投资和退出", date(2022, 9, 30), "done"),
            ("完善政府投资基金绩效评价,引导基金投资本地科创企业", None, "open"),
        ),
    ),
    93: (
        "民营企业对法律、税务、管理等专业服务需求迫切,提案建议组建服务民营企业专家团。",
        (
            (
                "forum",
                date(2022, 3, 31),
                "区工商联会议室",
                "与民营企业代表座谈:区工商联、税务、工信、应急等部门介绍法企服务平台、"
                "“阿福税通”云直播、“工信课堂”和安全生产专家库。",
            ),
        ),
        (
            ("邀请高质量发展讲师团优秀讲师为企业答疑解惑", date(2022, 9, 30), "done"),
            ("推动镇(街道)商会与基层执法单位建立联系协作机制", date(2022, 12, 31), "done"),
            ("锡山企业E键通平台新增企业供需对接功能,丰富线上课堂", None, "open"),
        ),
    ),
    116: (
        "居家养老是老龄化背景下群众最关心的民生问题,提案对养老服务圈、队伍和健康数据提出建议。",
        (
            (
                "inspection",
                date(2022, 3, 25),
                "东北塘综合养老服务中心",
                "视察东北塘综合养老服务中心试营业情况;全区享受助餐服务的老人占4.5%、"
                "居家援助服务的占21.73%。",
            ),
            (
                "consultation",
                date(2022, 4, 21),
                "区政府第三会议室",
                "协商“15分钟”养老服务圈和养老服务实训基地建设,提出到2023年建成至少2个实训基地。",
            ),
        ),
        (),
    ),
    130: (
        "文艺创作和文化印记品牌是彰显锡山文化软实力的重要载体,提案建议加大扶持力度。",
        (
            (
                "research",
                date(2022, 3, 18),
                "荡口古镇、倪瓒纪念馆",
                "调研文化印记项目:已确定30个锡山文化印记项目,倪瓒纪念馆焕新开放;"
                "了解群众文化团队获得市特色文化团队小额资助的情况。",
            ),
        ),
        (
            ("扶持历史题材锡剧《袁仁仪》等文艺精品打磨提升", date(2022, 12, 31), "done"),
            ("开展新一轮锡山文化印记项目征集评选和宣传推介", None, "open"),
        ),
    ),
}

_UPDATE_NOTES = (
    "制定推进方案,明确责任科室、时间节点,已启动实施。",
    "按节点推进,主要阶段性任务已完成,正在组织实施后续工作。",
    "持续推进中,已向提案者通报最新进展。",
)
_DONE_NOTE = "已全部完成,相关材料已归档,并向提案者通报了完成情况。"
_LATE_NOTE = "受前期审批和资金拨付影响,进度滞后于计划,正在协调有关部门加快推进。"


def _key_commitment_dates(kind: str, due: date | None) -> tuple[date, str, int]:
    """Due date, status and progress of a key commitment as the seed's plan suggests."""
    if kind == "done":
        return due or date(2022, 12, 31), Commitment.Status.DONE, 100
    if kind == "late":
        return date(2023, 3, 31), Commitment.Status.DONE, 100
    return date(2023, 6, 30), Commitment.Status.DONE, 100


def _update_plan(
    commitment: Commitment, rng: random.Random, today: date
) -> list[tuple[date, int, str]]:
    """Two or three dated reports rising to the commitment's progress, the last one when a
    finished measure was done, when an open one last moved, or a while ago for a late one."""
    start = commitment.start_on or date(2022, 5, 1)
    first = start + timedelta(days=rng.randint(30, 60))
    progress, due = commitment.progress, commitment.due_on
    late = False
    if commitment.status == Commitment.Status.DONE:
        last = min(due, today) - timedelta(days=rng.randint(0, 15))
    elif due >= today:
        last = today - timedelta(days=rng.randint(3, 20))
    elif due >= today - timedelta(days=60):
        last, late = today - timedelta(days=40), True
    else:
        last = due - timedelta(days=rng.randint(20, 60))
    last = max(last, first + timedelta(days=30))
    count = 3 if (last - first).days > 120 and progress >= 30 else 2
    days = [first + (last - first) * i // (count - 1) for i in range(count)]
    values = [max(5, round(progress * (i + 1) / count / 5) * 5) for i in range(count - 1)]
    values = [*sorted({v for v in values if v < progress}), progress]
    days = days[-len(values) :]
    plan = []
    for i, (day, value) in enumerate(zip(days, values, strict=True)):
        if value >= 100:
            note = _DONE_NOTE
        elif late and i == len(values) - 1:
            note = _LATE_NOTE
        else:
            note = _UPDATE_NOTES[min(i, len(_UPDATE_NOTES) - 1)]
        plan.append((day, value, note))
    return plan


def load_key_supervision(session: Session, users: dict[str, User]) -> None:
    """The key proposals' selection, supervision activities and commitments, and dated
    progress reports on the session's commitments; only what is missing is added."""
    today = timezone.localdate()
    people = people_of(users)
    clerk = users.get(CLERK)
    keys = list(
        KeyProposal.objects.filter(proposal__session=session)
        .select_related("proposal__lead_proposer", "lead_leader")
        .prefetch_related("supervisors")
    )
    replies = {
        r.proposal_id: r
        for r in Reply.objects.filter(
            proposal__session=session, status=Reply.Status.ACCEPTED
        ).select_related("unit")
    }
    co_units: dict[int, list[str]] = {}
    for a in Assignment.objects.filter(
        proposal__session=session, role=Assignment.Role.CO, status=Assignment.Status.ACTIVE
    ).select_related("unit"):
        co_units.setdefault(a.proposal_id, []).append(a.unit.name)
    with_activities = set(
        SupervisionActivity.objects.filter(key_proposal__in=keys).values_list(
            "key_proposal_id", flat=True
        )
    )
    with_commitments = set(
        Commitment.objects.filter(proposal__session=session).values_list("proposal_id", flat=True)
    )
    selected, activities, commitments, created = [], [], [], []
    for key in keys:
        plan = KEY_SUPERVISION.get(key.proposal.number or 0)
        reply = replies.get(key.proposal_id)
        if plan is None or reply is None:
            continue
        reason, acts, measures = plan
        if key.selected_at is None:
            key.selected_at = moment(KEY_SELECTED_ON, 9, 30)
            key.reason = (
                f"{reason}经区政协主席会议研究,确定为重点提案,由区政府领导领办、区政协领导督办。"
            )
            selected.append(key)
        if key.pk not in with_activities:
            leader = key.lead_leader
            attendees = "、".join(
                [
                    *([f"{leader.title}{leader.name}(领办)"] if leader else []),
                    *(f"区政协{s.title}{s.name}(督办)" for s in key.supervisors.all()),
                    f"提案者{addressed_as(key.proposal.lead_proposer)}",
                    f"{reply.unit.name}负责同志",
                    *(f"{u}负责同志" for u in co_units.get(key.proposal_id, [])),
                ]
            )
            for kind, held_on, place, summary in acts:
                activities.append(
                    SupervisionActivity(
                        key_proposal=key,
                        kind=kind,
                        held_on=held_on,
                        place=place,
                        attendees=attendees,
                        summary=summary,
                        created_by=clerk,
                    )
                )
                created.append(moment(held_on, 17))
        if key.proposal_id not in with_commitments:
            for description, due, kind in measures:
                due_on, status, progress = _key_commitment_dates(kind, due)
                commitments.append(
                    Commitment(
                        proposal=key.proposal,
                        reply=reply,
                        description=description,
                        responsible_unit=reply.unit,
                        start_on=reply.replied_on,
                        due_on=due_on,
                        status=status,
                        progress=progress,
                    )
                )
    update_rows(KeyProposal, selected, ["selected_at", "reason"])
    SupervisionActivity.objects.bulk_create(activities)
    backdate(
        SupervisionActivity,
        "created_at",
        {a.pk: at for a, at in zip(activities, created, strict=True)},
    )
    Commitment.objects.bulk_create(commitments)
    backdate(
        Commitment,
        "created_at",
        {c.pk: moment(c.start_on or date(2022, 5, 18), 16) for c in commitments},
    )
    add_progress_updates(session, people, today)


def add_progress_updates(session: Session, people: People, today: date) -> None:
    """Dated reports for the commitments the demo made that have none, rising to the
    progress each reached (every measure of a closed session reached 100)."""
    pending = list(
        Commitment.objects.filter(
            proposal__session=session,
            updates__isnull=True,
            children__isnull=True,
            created_at__lt=datetime(2024, 1, 1, tzinfo=TZ),
        )
        .exclude(status=Commitment.Status.CANCELLED)
        .select_related("proposal")
    )
    updates, when = [], []
    for commitment in pending:
        number = commitment.proposal.number or 0
        rng = random.Random(f"{session.slug}/{number}/{commitment.description}")  # nosec B311 # seeded, repeatable demo data, not a secret
        for day, progress, note in _update_plan(commitment, rng, today):
            updates.append(
                ProgressUpdate(
                    commitment=commitment,
                    reported_on=day,
                    progress=progress,
                    note=note,
                    created_by=people.staff.get(commitment.responsible_unit_id),
                )
            )
            when.append(moment(day, 10, rng.randrange(0, 60, 5)))
    ProgressUpdate.objects.bulk_create(updates)
    backdate(ProgressUpdate, "created_at", {u.pk: at for u, at in zip(updates, when, strict=True)})
