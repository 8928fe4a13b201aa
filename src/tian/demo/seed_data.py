"""Demo data for ``tian load-demo``: the 2022 proposal session of 锡山区政协.

Pure data, no Django. The product spec is a real public report by the
锡山区 government (2022-10-27) on how it handled the 158 proposals (提案)
of 区政协五届一次会议. Everything the report states is reproduced exactly:

* 158 proposals, by category 经济发展类 53, 城乡建设管理类 39,
  社会事业类 41, 社会治理及其他类 25;
* 122 graded A (已解决或基本解决) and 36 graded B (正在解决或列入计划逐步解决);
* the four worked examples (第69、18、12、53号), the ten key proposals
  (重点提案, each led by a district head and supervised by a CPPCC chair or
  vice-chair) and the two cross-year proposals from 四届五次会议
  (第1、20号);
* "其余第1、2、5号等120件" (A) and "其余第3、4、8号等34件" (B).

Everything else is illustrative and flagged as such (``illustrative=True``
on members, collectives, leaders and proposals; ``inferred`` on the
seed-named proposals lists the fields the report does not state). Titles of
most illustrative proposals are real public titles from other assemblies,
taken from ``data/proposals-public.csv`` (a verbatim copy of the shared data
set) and carrying their ``source_url``; where a title was adapted to the
district (我市 -> 我区 and the like) ``source_title`` keeps the original.
Names of illustrative people are invented. Handling summaries of
seed-named proposals restate the report's facts and figures in new words.

Punctuation in seed titles is copied as the report has it: ASCII "," (the
report has no full-width commas) and curly single quotes (U+2018/U+2019)
around 产业+金融 and 创新飞地.

Codes (body and unit kinds, collective kinds, leader organisations, roles,
grade stat classes) are the values of the matching TextChoices in the
tian models, so a loader can pass them through unchanged.

Proposal numbers are unique per session only: 2021 and 2022 both have a
第1号 and a 第20号.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# ---------------------------------------------------------------------------
# Constants
# ---------------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parent / "data"
PUBLIC_CSV = DATA_DIR / "proposals-public.csv"

DEMO_PASSWORD = "tian-demo-2022"  # nosec B105 # the documented demo accounts' password

ECONOMY = "经济发展类"
CONSTRUCTION = "城乡建设管理类"
SOCIAL = "社会事业类"
GOVERNANCE = "社会治理及其他类"
CATEGORIES: tuple[str, ...] = (ECONOMY, CONSTRUCTION, SOCIAL, GOVERNANCE)

TOTAL_PROPOSALS = 158
CATEGORY_COUNTS: dict[str, int] = {
    ECONOMY: 53,
    CONSTRUCTION: 39,
    SOCIAL: 41,
    GOVERNANCE: 25,
}
GRADE_COUNTS: dict[str, int] = {"A": 122, "B": 36, "C": 0, "D": 0}

#: The report's worked examples, in the order it gives them.
REPORT_EXAMPLES: tuple[int, ...] = (69, 18, 12, 53)

#: Headline figures of the report, for checking generated reports.
REPORT_FACTS: dict[str, object] = {
    "total": TOTAL_PROPOSALS,
    "all_concluded": True,  # 158件提案已全部办结
    "satisfaction_pct": 100.0,  # 满意率和基本满意率
    "resolved": 122,
    "resolved_pct": 77.2,
    "in_progress": 36,
    "in_progress_pct": 22.8,
    "key_proposals": 10,
    "cross_year_proposals": 2,
    "report_examples": REPORT_EXAMPLES,
    "resolved_also_named": (1, 2, 5),  # 其余第1、2、5号等120件
    "in_progress_also_named": (3, 4, 8),  # 其余第3、4、8号等34件
}

# ---------------------------------------------------------------------------
# Record types
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """An assembly whose members submit proposals."""

    slug: str
    name: str
    full_name: str
    kind: str  # "cppcc" | "npc"


@dataclass(frozen=True)
class Grade:
    """A handling outcome code, its label and the statistic it counts in."""

    code: str
    label: str
    stat: str  # "resolved" | "in_progress" | "not_now" | "reference"


@dataclass(frozen=True)
class Session:
    """A plenary session of a body; proposals are numbered within it."""

    slug: str
    body: str  # Body.slug
    term: str
    term_ordinal: int
    name: str
    year: int
    categories: tuple[str, ...]
    grades: tuple[Grade, ...]
    is_current: bool


@dataclass(frozen=True)
class Unit:
    """A handling unit (承办单位). ``name`` is the canonical name."""

    name: str
    short_name: str
    aliases: tuple[str, ...]
    kind: str  # department | party | township | other (as directory.Unit.Kind)


@dataclass(frozen=True)
class Member:
    """An individual CPPCC member (委员)."""

    name: str
    sector: str  # 界别
    party: str | None
    illustrative: bool = True


@dataclass(frozen=True)
class Collective:
    """A collective proposer (党派, 专委会, 镇工委会, 界别)."""

    name: str  # as the report writes it, e.g. "民进"
    full_name: str
    kind: str  # party | special_committee | township_committee | sector
    illustrative: bool = True


@dataclass(frozen=True)
class Leader:
    """A district government or CPPCC leader."""

    name: str
    title: str  # 职务
    organisation: str  # "gov" | "cppcc"
    portfolio: str = ""  # 分管工作
    illustrative: bool = True


@dataclass(frozen=True)
class ProposalSpec:
    """One proposal as the demo session should hold it.

    ``lead_proposer`` is a Member or Collective name; ``co_proposers`` are
    Member names. ``lead_unit``/``co_units`` are canonical Unit names.
    ``summary`` describes the handling; ``followup_summary`` (cross-year
    proposals only) the progress reported in the following year.
    ``illustrative`` is True for invented proposals; for the ones the report
    names it is False and ``inferred`` lists the fields whose values the
    report does not state (chosen here to fit it).
    """

    session: str
    number: int
    title: str
    category: str
    lead_proposer: str
    lead_unit: str
    grade: str
    co_proposers: tuple[str, ...] = ()
    co_units: tuple[str, ...] = ()
    is_key: bool = False
    key_leader: str | None = None
    supervisors: tuple[str, ...] = ()
    is_report_example: bool = False
    illustrative: bool = True
    inferred: tuple[str, ...] = ()
    source_url: str | None = None
    source_title: str | None = None
    summary: str = ""
    followup_summary: str = ""
    tracked_in: str | None = None  # session slug of a cross-year follow-up

    @property
    def is_joint(self) -> bool:
        return bool(self.co_proposers)


# ---------------------------------------------------------------------------
# Bodies and sessions
# ---------------------------------------------------------------------------

CPPCC_BODY = Body(
    slug="xishan-cppcc",
    name="锡山区政协",
    full_name="中国人民政治协商会议无锡市锡山区委员会",
    kind="cppcc",
)
NPC_BODY = Body(
    slug="xishan-npc",
    name="锡山区人大",
    full_name="无锡市锡山区人民代表大会",
    kind="npc",
)
BODIES: tuple[Body, ...] = (CPPCC_BODY, NPC_BODY)

#: The government that handles the proposals (owner of the units).
GOVERNMENT = "无锡市锡山区人民政府"

GRADES: tuple[Grade, ...] = (
    Grade("A", "已解决或基本解决", "resolved"),
    Grade("B", "正在解决或列入计划逐步解决", "in_progress"),
    Grade("C", "因条件限制暂未解决", "not_now"),
    Grade("D", "留作参考", "reference"),
)

CURRENT_SESSION = Session(
    slug="xishan-2022",
    body=CPPCC_BODY.slug,
    term="第五届",
    term_ordinal=5,
    name="五届一次会议",
    year=2022,
    categories=CATEGORIES,
    grades=GRADES,
    is_current=True,
)
PREVIOUS_SESSION = Session(
    slug="xishan-2021",
    body=CPPCC_BODY.slug,
    term="第四届",
    term_ordinal=4,
    name="四届五次会议",
    year=2021,
    categories=CATEGORIES,
    grades=GRADES,
    is_current=False,
)
SESSIONS: tuple[Session, ...] = (PREVIOUS_SESSION, CURRENT_SESSION)

# ---------------------------------------------------------------------------
# Handling units (承办单位)
# ---------------------------------------------------------------------------

UNITS: tuple[Unit, ...] = (
    Unit("区委组织部", "组织部", ("区委组织部门",), "party"),
    Unit("区委宣传部", "宣传部", (), "party"),
    Unit("区委政法委", "政法委", ("区委政法委员会",), "party"),
    Unit("区发展和改革委员会", "发改委", ("区发改委", "发改局"), "department"),
    Unit("区工业和信息化局", "工信局", ("区工信局", "经信局"), "department"),
    Unit("区科学技术局", "科技局", ("区科技局",), "department"),
    Unit("区商务局", "商务局", (), "department"),
    Unit("区财政局", "财政局", (), "department"),
    Unit("区人力资源和社会保障局", "人社局", ("区人社局",), "department"),
    Unit("区住房和城乡建设局", "住建局", ("区住建局",), "department"),
    Unit("区城市管理局", "城管局", ("区城管局",), "department"),
    Unit("区交通运输局", "交通局", ("区交通局",), "department"),
    Unit("区水利局", "水利局", (), "department"),
    Unit("区农业农村局", "农业农村局", ("农业局",), "department"),
    Unit("区文化体育和旅游局", "文体旅局", ("区文体旅局", "文旅局"), "department"),
    Unit("区卫生健康委员会", "卫健委", ("区卫健委", "卫生健康局"), "department"),
    Unit("区教育局", "教育局", (), "department"),
    Unit("区民政局", "民政局", (), "department"),
    Unit("区司法局", "司法局", (), "department"),
    Unit("区应急管理局", "应急局", ("区应急局",), "department"),
    Unit("区市场监督管理局", "市场监管局", ("区市场监管局",), "department"),
    Unit("区数据局", "数据局", ("区大数据管理局", "大数据局"), "department"),
    Unit("区地方金融监督管理局", "金融局", ("区金融局", "金融监管局"), "department"),
    Unit("区医疗保障局", "医保局", ("区医保局",), "department"),
    Unit("区退役军人事务局", "退役军人局", ("区退役军人局",), "department"),
    Unit("区生态环境局", "生态环境局", ("无锡市锡山生态环境局", "环保局"), "department"),
    Unit("区公安分局", "公安分局", ("无锡市公安局锡山分局", "锡山公安分局"), "department"),
    Unit(
        "区自然资源和规划分局",
        "自然资源分局",
        ("无锡市自然资源和规划局锡山分局", "规划分局"),
        "department",
    ),
    Unit("区税务局", "税务局", ("国家税务总局无锡市锡山区税务局",), "department"),
    Unit(
        "区消防救援大队",
        "消防大队",
        ("无锡市锡山区消防救援大队", "消防救援大队"),
        "department",
    ),
    Unit("区工商业联合会", "工商联", ("区工商联", "区总商会"), "other"),
    Unit("区残疾人联合会", "残联", ("区残联",), "other"),
    Unit(
        "锡山经济技术开发区管委会",
        "开发区管委会",
        ("锡山经济技术开发区管理委员会", "锡山开发区"),
        "other",
    ),
    Unit(
        "锡东新城商务区管委会",
        "锡东新城商务区",
        ("锡东新城商务区管理委员会", "锡东商务区"),
        "other",
    ),
    Unit("鹅湖镇人民政府", "鹅湖镇", ("鹅湖镇政府",), "township"),
    Unit("东港镇人民政府", "东港镇", ("东港镇政府",), "township"),
    Unit("东北塘街道办事处", "东北塘街道", ("东北塘街道办",), "township"),
)

# ---------------------------------------------------------------------------
# Proposers
# ---------------------------------------------------------------------------

MEMBERS: tuple[Member, ...] = (
    # Named in the seed report (sector and party are illustrative).
    Member("蒋加星", "经济界", None, illustrative=False),
    Member("胡艳峰", "工商联", "中共", illustrative=False),
    Member("殷洁", "民建", "民建", illustrative=False),
    Member("陆知纬", "科技界", "中共", illustrative=False),
    Member("张琳", "社会福利和社会保障界", None, illustrative=False),
    # Illustrative (invented) members.
    Member("周建清", "中共", "中共"),
    Member("王晓燕", "经济界", None),
    Member("李明华", "致公党", "致公党"),
    Member("陈志强", "中共", "中共"),
    Member("张海燕", "经济界", "中共"),
    Member("刘卫东", "致公党", "致公党"),
    Member("杨丽娟", "中共", "中共"),
    Member("赵振宇", "科技界", None),
    Member("黄晓峰", "九三学社", "九三学社"),
    Member("吴婷婷", "中共", "中共"),
    Member("徐国良", "科技界", "中共"),
    Member("孙丽萍", "九三学社", "九三学社"),
    Member("朱建新", "中共", "中共"),
    Member("马晓东", "科技界", None),
    Member("胡文杰", "九三学社", "九三学社"),
    Member("郭秀英", "民革", "民革"),
    Member("何俊", "科技界", "中共"),
    Member("高美玲", "九三学社", "九三学社"),
    Member("林志坚", "民革", "民革"),
    Member("罗红梅", "农业界", None),
    Member("郑晓军", "无党派人士", None),
    Member("梁振华", "民革", "民革"),
    Member("谢雅琴", "农业界", "中共"),
    Member("宋立新", "无党派人士", None),
    Member("唐宏伟", "民盟", "民盟"),
    Member("许静怡", "农业界", None),
    Member("韩国庆", "无党派人士", None),
    Member("冯晓莉", "民盟", "民盟"),
    Member("邓志刚", "农业界", "中共"),
    Member("曹雪芬", "共青团", None),
    Member("彭建军", "民盟", "民盟"),
    Member("曾丽华", "教育界", None),
    Member("肖文斌", "共青团", "中共"),
    Member("田晓红", "民盟", "民盟"),
    Member("董国平", "教育界", "中共"),
    Member("潘丽君", "工会", None),
    Member("袁志明", "民建", "民建"),
    Member("蔡晓梅", "教育界", None),
    Member("蒋文涛", "工会", "中共"),
    Member("余建华", "民建", "民建"),
    Member("于海涛", "教育界", "中共"),
    Member("杜晓玲", "妇联", None),
    Member("叶志勇", "民建", "民建"),
    Member("程慧敏", "文化艺术界", None),
    Member("魏国强", "妇联", "中共"),
    Member("苏晓雯", "民建", "民建"),
    Member("吕建忠", "文化艺术界", "中共"),
    Member("丁晓丽", "工商联", None),
    Member("任俊杰", "民进", "民进"),
    Member("沈丽芳", "医药卫生界", None),
    Member("姚振东", "工商联", "中共"),
    Member("卢晓燕", "民进", "民进"),
    Member("姜卫国", "医药卫生界", "中共"),
    Member("崔婷", "工商联", None),
    Member("钟志华", "民进", "民进"),
    Member("谭晓宁", "医药卫生界", None),
    Member("陆建明", "工商联", "中共"),
    Member("汪丽娜", "民进", "民进"),
    Member("范志伟", "医药卫生界", "中共"),
    Member("金晓峰", "工商联", None),
    Member("石慧芳", "农工党", "农工党"),
    Member("过建春", "社会福利和社会保障界", None),
    Member("浦晓敏", "经济界", "中共"),
    Member("薛国忠", "农工党", "农工党"),
    Member("荣丽娟", "社会福利和社会保障界", "中共"),
    Member("尤志明", "经济界", None),
    Member("邵雪梅", "农工党", "农工党"),
    Member("顾晓红", "社会福利和社会保障界", None),
    Member("华振宇", "经济界", "中共"),
    Member("钱丽芬", "农工党", "农工党"),
)

COLLECTIVES: tuple[Collective, ...] = (
    # Named in the seed report.
    Collective("民进", "民进锡山区基层委员会", "party", illustrative=False),
    Collective("农工党", "农工党锡山区基层委员会", "party", illustrative=False),
    Collective("九三学社", "九三学社锡山区基层委员会", "party", illustrative=False),
    Collective("民盟", "民盟锡山区基层委员会", "party", illustrative=False),
    Collective(
        "经科农委",
        "区政协经济科技农业委员会",
        "special_committee",
        illustrative=False,
    ),
    Collective("提案委", "区政协提案委员会", "special_committee", illustrative=False),
    Collective(
        "鹅湖镇工委会",
        "区政协鹅湖镇工作委员会",
        "township_committee",
        illustrative=False,
    ),
    # Illustrative.
    Collective("民建", "民建锡山区基层委员会", "party"),
    Collective("教育界别", "区政协教育界别委员", "sector"),
    Collective("医药卫生界别", "区政协医药卫生界别委员", "sector"),
)

# ---------------------------------------------------------------------------
# Leaders (all invented)
# ---------------------------------------------------------------------------

LEADERS: tuple[Leader, ...] = (
    Leader("顾志成", "区长", "gov", "区政府全面工作"),
    Leader("钱立群", "常务副区长", "gov", "发展改革、财政、金融"),
    Leader("华明远", "副区长", "gov", "住房城乡建设、城市管理、自然资源"),
    Leader("周慧文", "副区长", "gov", "教育、卫生健康、民政、文体旅游"),
    Leader("邵德海", "副区长", "gov", "公安、社会治理"),
    Leader("薛晓岚", "副区长", "gov", "司法行政、市场监管、应急管理"),
    Leader("浦云峰", "副区长", "gov", "工业和信息化、科技、数据"),
    Leader("尤正平", "主席", "cppcc"),
    Leader("荣国华", "副主席", "cppcc"),
    Leader("过建英", "副主席", "cppcc"),
    Leader("蔡文澜", "副主席", "cppcc"),
    Leader("陶一鸣", "副主席", "cppcc"),
)
DISTRICT_HEAD = "顾志成"
CPPCC_CHAIR = "尤正平"

# ---------------------------------------------------------------------------
# Proposals of 五届一次会议 named in the report
# ---------------------------------------------------------------------------

_CUR = CURRENT_SESSION.slug
_PREV = PREVIOUS_SESSION.slug

_SEED_PROPOSALS: tuple[ProposalSpec, ...] = (
    ProposalSpec(
        session=_CUR,
        number=69,
        title="关于缓解企业用工荒用工难的建议",
        category=ECONOMY,
        lead_proposer="蒋加星",
        lead_unit="区人力资源和社会保障局",
        grade="A",
        is_report_example=True,
        illustrative=False,
        inferred=("category", "lead_unit"),
        summary=(
            "区人社局按照稳住存量、扩大总量、提升质量的思路帮助企业缓解招工难。"
            "援企稳岗“护航行动”全年持续推进，失业保险稳岗返还按最高标准执行，"
            "中小微企业返还比例由60%上调至最高90%，累计向8031家企业返还资金6174.58万元；"
            "社会保险补贴和公益性岗位补贴两项合计发放1517万余元，覆盖企业402家、"
            "惠及8530人。招聘渠道上，线上线下双平台引才，"
            "“锡望向东职等您来”百企千岗线上双选会吸引123家企业发布岗位2300多个。"
            "技能提升上，推广企业新型学徒制和校企职业化教育合作，"
            "健鼎等27家企业新获技能等级认定备案，"
            "红豆集团等13家企业与技术学院合办新型学徒制培训班4期，安普瑞斯、"
            "新日等5家企业已通过结班考核验收。我区还率先落地江苏省职业技能等级认定，"
            "2022年新增高级工及以上高技能人才2700名，审核岗位技能提升培训补贴2869人次、"
            "金额117.6万元。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=18,
        title="关于加快打造特色商业街区的建议",
        category=ECONOMY,
        lead_proposer="胡艳峰",
        co_proposers=("丁晓丽", "王晓燕"),
        lead_unit="区商务局",
        co_units=("区文化体育和旅游局",),
        grade="A",
        is_report_example=True,
        illustrative=False,
        inferred=("category", "co_proposers", "lead_unit", "co_units"),
        summary=(
            "区商务局牵头出台《锡山区商贸服务业三年行动计划(2022-2025)》，"
            "推动全区商业街区提档改造。全区现有中小型商业街区7个，"
            "按不同主题打造了映月天地等沉浸式互动体验街区。在文商旅融合方面，"
            "翠屏山旅游度假区九里仓轻文旅街区引入自有版权IP和商业孵化，"
            "成为有辨识度的城市文化社交空间；荡口古镇按照由景区到街区再到社区的路径转型，"
            "把旅游业态逐步调整为生活商业业态，在美食、民宿、艺术等领域培育高端时尚消费。"
            "下一步将鼓励街区运营方深挖锡山本土历史文化资源，推动传统文化与潮流文化结合，"
            "保持街区的长期活力。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=12,
        title="关于鼓励0-3岁托育服务进入社区的建议",
        category=SOCIAL,
        lead_proposer="沈丽芳",
        lead_unit="区卫生健康委员会",
        grade="B",
        is_report_example=True,
        illustrative=False,
        inferred=("category", "lead_proposer", "lead_unit"),
        summary=(
            "区卫健委支持社区开展托育服务，多方挖掘符合条件的托育场地，"
            "并扶持社会力量举办普惠性婴幼儿照护机构。"
            "目前全区已有2家机构获评无锡市级普惠托育机构；登记注册、"
            "可提供托位的3岁以下婴幼儿照护机构29家，其中17家完成备案，共有托位2920个，"
            "每千人口托位数3.3个。下阶段将继续推进机构备案，"
            "制定婴幼儿照护服务工作清单和托育备案工作指引，规范机构管理；"
            "推动把婴幼儿照护服务写入经济社会发展规划、"
            "纳入年度实事项目和目标责任考核并列入城乡公共服务目录，"
            "同时把责任细化到各部门和各板块，形成协同推进的工作格局。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=53,
        title="关于加强无锡市运东大包围北兴塘北部区域畅水活流方案研究的建议",
        category=CONSTRUCTION,
        lead_proposer="罗红梅",
        lead_unit="区水利局",
        grade="B",
        is_report_example=True,
        illustrative=False,
        inferred=("category", "lead_proposer", "lead_unit"),
        summary=(
            "区水利局年初以运东大包围九里河以北片区为试点，"
            "编制完成《锡山区运东大包围九里河以北片区畅流活水实施方案》初稿。"
            "方案在梳理片区水环境现状的基础上，把区域划分为3个调水分区，"
            "结合已建和规划水利工程建立畅流活水模型，逐片制定调水引流方案。"
            "工程实施后预计可明显改善片区河道水质和岸线面貌。"
            "方案所涉工程已列入全区政府投资项目三年计划，下一步将继续修改完善，"
            "争取尽早实施。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=22,
        title="关于深化网格化服务管理的建议",
        category=GOVERNANCE,
        lead_proposer="民进",
        lead_unit="区委政法委",
        co_units=("区数据局", "区城市管理局"),
        grade="A",
        is_key=True,
        key_leader="邵德海",
        supervisors=("荣国华",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区把网格化管理作为社会治理的基础工作持续深化。3月完成新一轮网格调整，"
            "综合网格优化为713个，专属网格优化为94个。"
            "智能应用平台整合了18个信息系统和6套视频会议系统，向上连通市城运中心、"
            "向下连通9个镇(街道)综合管理服务指挥中心，横向联通41个区级部门，"
            "为城市运行“一网统管”打下基础。同时优化专职网格员结构并补足缺员，"
            "做到每个综合网格配备1名专职网格员。下阶段将完善“网格+管理单元”联动机制，"
            "推动网格治理与行业管理融合；建立线上实时监测，"
            "推动每个综合网格建立网格微信群；持续升级平台，推广智慧调解、智慧防疫、"
            "智慧安防、智慧法务等应用场景。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=27,
        title="关于高质量推进城市微更新行动的建议",
        category=CONSTRUCTION,
        lead_proposer="殷洁",
        lead_unit="区住房和城乡建设局",
        co_units=("区自然资源和规划分局", "区城市管理局"),
        grade="A",
        is_key=True,
        key_leader="华明远",
        supervisors=("过建英",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区出台《锡山区城市更新实施方案(试行)"
            "》和全面加强老旧小区改造工作的实施意见。"
            "今年全区推进老旧小区改造提升项目63个，已完工2个、在建58个、"
            "另有3个正在完善前期手续。改造注重片区统筹，"
            "利用小区及周边闲置土地和简陋用房，结合背街小巷、街边公园整治，"
            "在符合规划的前提下增设公共停车场、适老设施和口袋公园。同时配套物流快递、"
            "垃圾分类、充电桩、体育健身等设施，开展适老化、适幼化改造，"
            "提升社区服务水平和居民满意度。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=29,
        title="关于发展半导体装备制造业、加速集成电路产业发展的建议",
        category=ECONOMY,
        lead_proposer="陆知纬",
        lead_unit="区工业和信息化局",
        co_units=("区科学技术局", "区发展和改革委员会", "区人力资源和社会保障局"),
        grade="B",
        is_key=True,
        key_leader="顾志成",
        supervisors=("尤正平",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "围绕“四新四强”产业集群，我区把集成电路作为重点产业培育。"
            "一是编制《锡山区“十四五”集成电路产业发展规划》："
            "集成电路产业园重点发展芯片设计制造和EDA软件、IP等工具类平台，"
            "集成电路装备产业园重点打造晶圆制造装备、封装测试和装备材料协同的产业链，"
            "并推动上下游衔接与相关产业融合。二是加快赛道布局：已初步形成覆盖芯片设计、"
            "封测等环节的产业链，集成电路集群规上工业企业比上年新增8家，"
            "并签约松瓷单晶炉、GW级钙钛矿太阳能器件、核力创芯等一批估值高、"
            "带动强的重大项目。三是加强人才支撑：依托省“双创计划”、"
            "市“太湖人才计划”和升级版“锡山英才计划”引进海内外高端人才团队，"
            "并依托江苏集萃集成电路应用技术创新中心、"
            "无锡半导体先进制造研究院建设培训与实训一体的人才培养平台。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=58,
        title="关于党建引领物业激发治理活力的建议",
        category=GOVERNANCE,
        lead_proposer="张琳",
        lead_unit="区委组织部",
        co_units=("区住房和城乡建设局", "区民政局"),
        grade="A",
        is_key=True,
        key_leader="华明远",
        supervisors=("蔡文澜",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区印发党建引领“红色业委会”“红色物业”专项提升行动实施方案(试行)，"
            "把这项工作列为2022年基层党建创新“一号工程”和区委书记抓基层党建项目。"
            "全区已有56个商品房小区成立业主大会和业主委员会，"
            "其中由党员组建的“红色业委会”24个。一是推行“双向进入、交叉任职”，"
            "社区“两委”成员、网格支部书记或党小组长进入业委会，业委会委员、"
            "物业企业负责人兼任社区党组织委员。二是引入无锡江南公证处投票系统，"
            "并为每个小区开设微信公众号和业主群，方便业主公开透明地讨论表决，"
            "相关做法登上《中国组织人事报》头版。三是按市、"
            "区两级物业信用和服务等级考核办法对物业企业实行信用评价，由镇(街道)"
            "会同社区(村)定期考评并实行“红黑榜”，鼓励业委会通过公开招投标选聘物业，"
            "以市场竞争促进服务提升。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=63,
        title="关于提升基层综合行政执法能力有效承接赋权职能的建议",
        category=GOVERNANCE,
        lead_proposer="农工党",
        lead_unit="区司法局",
        co_units=("区城市管理局", "东港镇人民政府"),
        grade="B",
        is_key=True,
        key_leader="薛晓岚",
        supervisors=("荣国华",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区出台镇(街道)行政权力事项清单动态管理办法(试行)，明确镇(街道)"
            "可以提出增加行政权力事项的情形。全区近500人取得行政执法证，各镇(街道)"
            "按不低于1:3的比例配齐编外执法辅助人员，"
            "并优先把法律专业人员调配到法制审核岗位。"
            "围绕行政执法“三项制度”和新修订的《行政处罚法》组织多轮专题培训，"
            "编制权责清单追责、举报奖励、重大执法风险防控等制度样本，"
            "并印发镇街综合行政执法指导规范(试行)。下一步将把“双随机、一公开”纳入考核，"
            "探索“乡镇街道+主管部门+司法行政”多维监督，评估赋权事项的执行和承接情况，"
            "开展赋权事项调整试点。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=80,
        title="关于紧抓关键增量,加快打造数字产业发展新高地的建议",
        category=ECONOMY,
        lead_proposer="经科农委",
        lead_unit="区工业和信息化局",
        co_units=("区数据局", "区发展和改革委员会"),
        grade="A",
        is_key=True,
        key_leader="浦云峰",
        supervisors=("陶一鸣",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "产业数字化方面，我区推进智能化改造和入企诊断，已为218家企业完成数字化诊断；"
            "支持红豆、新日等龙头企业建设面向本企业和行业的“5G+工业互联网”平台，"
            "打造融合应用先导区；今年累计创建智能制造标杆155个，其中省级75个。"
            "数字产业化方面，2022年初步认定数字经济核心企业115家，同比净增26家；"
            "以车联网产业园、集成电路产业园、数字信息产业园等特色园区为载体集聚发展，"
            "其中车联网产业园今年新增投资1.79亿元、园区企业营业收入超过6700万元、"
            "新增企业18家。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=89,
        title="关于推动锡山加快股权投资集聚,形成‘产业+金融’发展新格局的建议",
        category=ECONOMY,
        lead_proposer="九三学社",
        lead_unit="区地方金融监督管理局",
        co_units=("区财政局", "锡山经济技术开发区管委会", "锡东新城商务区管委会"),
        grade="A",
        is_key=True,
        key_leader="钱立群",
        supervisors=("陶一鸣",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区出台政府投资基金管理暂行办法和管理流程通知，规范政府投资基金运作。"
            "全区累计注册股权投资类企业115家、注册资本665.4亿元，"
            "并落地全市首支外资私募股权基金(QFLP)。"
            "与头部机构合作设立高瓴创投二期基金(50亿元)、中金启辰贰期基金(20亿元)"
            "及国联闻泰百亿级半导体基金；锡山金投设立5亿元锡山天使基金，"
            "开发区设立1亿元宛山湖科技基金，锡东商务区参与设立5000万元金程映月创投基金，"
            "支持种子期、初创期科创企业。母基金直投项目17个、金额8.9亿元，"
            "其中本土企业8个、2.4亿元，招引区外项目9个、6.5亿元；子基金投资项目219个、"
            "金额71.2亿元。我区还为基金提供管家式服务和项目资源，"
            "引导其加入无锡市创业投资协会，"
            "并对贡献较大的优质基金项目退出给予适当税收优惠。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=93,
        title="关于组建服务民营企业专家团促进经济高质量发展的建议",
        category=ECONOMY,
        lead_proposer="提案委",
        lead_unit="区工商业联合会",
        co_units=("区税务局", "区工业和信息化局", "区应急管理局"),
        grade="A",
        is_key=True,
        key_leader="顾志成",
        supervisors=("尤正平",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "相关部门按各自职能为民营企业组建了专家服务力量。区工商联会同公安、法院、"
            "检察院、税务等部门开展知识产权保护主题普法，"
            "依托法企服务平台做好商会民商事调解，依托检企服务平台推进涉案企业合规；"
            "区税务局通过“阿福税通”平台开设云直播课堂，借助“纳税人之家”宣讲税收新政，"
            "并对拟上市企业点对点辅导；区工信局开设“工信课堂”，提供经营管理、"
            "财税管控和软件实操等专题培训；区应急局建立了区安全生产专家库。"
            "下一步将邀请高质量发展讲师团为企业答疑，促成镇(街道)"
            "商会与基层执法单位对接协作，并继续开发锡山企业E键通平台，"
            "新增企业供需对接功能、丰富线上课程。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=116,
        title="关于进一步提升居家养老服务的相关建议",
        category=SOCIAL,
        lead_proposer="鹅湖镇工委会",
        lead_unit="区民政局",
        co_units=("区卫生健康委员会", "鹅湖镇人民政府", "东北塘街道办事处"),
        grade="B",
        is_key=True,
        key_leader="周慧文",
        supervisors=("过建英",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区出台《锡山区“十四五”养老服务发展规划》和养老服务机构建设提升三年行动计"
            "划(2021-2023)，推动养老机构升级为区域性综合养老服务中心，"
            "东北塘综合养老服务中心已建成试营业。"
            "对80周岁以上老人和低保家庭老人开展能力评估并落实居家上门服务，"
            "目前享受助餐服务的老人占4.5%，享受居家援助服务的占21.73%。"
            "居家服务站点和援助机构的助老服务员已纳入培训计划；"
            "出台基本养老服务指导性目录和养老服务项目补贴办法，"
            "对各类养老服务项目建设运营给予补贴。下一步将建设“15分钟”养老服务圈，"
            "探索“时间银行”互助模式，到2023年建成至少2个养老服务实训基地，"
            "并推广家庭医生签约，采集居家老人健康信息，建立老年人健康大数据库。"
        ),
    ),
    ProposalSpec(
        session=_CUR,
        number=130,
        title="关于加大文艺创作扶持力度擦亮锡山文化印记品牌的建议",
        category=SOCIAL,
        lead_proposer="民盟",
        lead_unit="区文化体育和旅游局",
        co_units=("区委宣传部", "区财政局"),
        grade="A",
        is_key=True,
        key_leader="周慧文",
        supervisors=("蔡文澜",),
        illustrative=False,
        inferred=("category", "lead_unit", "co_units", "grade", "key_leader", "supervisors"),
        summary=(
            "我区设立文化事业发展专项资金，每年安排30万元资助群众文化团队；"
            "凤凰音乐沙龙等75个团队获得无锡市特色文化团队小额资助，争取省、"
            "市扶持资金共106.6万元，星韵艺术团等3家入选江苏省优秀群众文化团队培育对象。"
            "开展锡山文化印记征集评选，确定30个文化印记项目，举办文化遗产月演出46场，"
            "实施“阿炳小舞台”惠民工程，倪瓒纪念馆焕新开放并上线倪瓒文化云空间。"
            "宣传推介方面，拍摄“锡山非遗故事”“锡山宝藏”纪录片，"
            "邀请央视制作《大国小镇·遇见荡口》，推出历史题材锡剧《袁仁仪》首演，"
            "举办荡口“流光延祥”光影艺术节等大型惠民文化活动75场。"
            "下一步将继续加大文艺创作扶持，擦亮锡山文化印记品牌。"
        ),
    ),
)

# ---------------------------------------------------------------------------
# Illustrative proposals (the other 144)
# ---------------------------------------------------------------------------


def _generic_summary(unit: str, grade: str) -> str:
    if grade == "A":
        return (
            f"{unit}会同有关单位逐条研究了委员的建议，"
            "已把可行措施纳入年度工作并落实到位，所提问题基本得到解决。"
        )
    return f"{unit}认为建议具有可行性，已列入工作计划，将结合资金和项目安排分阶段推进。"


def _ill(
    number: int,
    category: str,
    grade: str,
    title: str,
    proposer: str,
    unit: str,
    *,
    co: tuple[str, ...] = (),
    co_units: tuple[str, ...] = (),
    url: str | None = None,
    src: str | None = None,
) -> ProposalSpec:
    return ProposalSpec(
        session=_CUR,
        number=number,
        title=title,
        category=category,
        lead_proposer=proposer,
        lead_unit=unit,
        grade=grade,
        co_proposers=co,
        co_units=co_units,
        source_url=url,
        source_title=src,
        summary=_generic_summary(unit, grade),
    )


_ILLUSTRATIVE_PROPOSALS: tuple[ProposalSpec, ...] = (
    _ill(
        1,
        ECONOMY,
        "A",
        "关于开足创新驱动马力,加快经济转型发展的建议",
        "徐国良",
        "区科学技术局",
        co_units=("区发展和改革委员会", "区工业和信息化局"),
        url="http://zx.nantong.gov.cn/ntszx/zddbta/content/542a0f11-c7f6-4483-8b2e-a27793e18ccb.html",
    ),
    _ill(
        2,
        SOCIAL,
        "A",
        "关于加强民间文化艺术保护、传承与发展的建议",
        "民盟",
        "区文化体育和旅游局",
        url="https://93sc.gov.cn/view/137.html",
    ),
    _ill(
        3,
        CONSTRUCTION,
        "B",
        "关于加快推进海绵城市建设的建议",
        "林志坚",
        "区住房和城乡建设局",
        co_units=("区水利局",),
    ),
    _ill(
        4,
        GOVERNANCE,
        "B",
        "关于持续推进老旧小区改造,消除老旧小区消防安全隐患",
        "梁振华",
        "区消防救援大队",
        co=("郭秀英", "林志坚"),
        co_units=("区住房和城乡建设局",),
        url="https://public.zzsj.gov.cn/D1102X/8575584.jhtml",
    ),
    _ill(
        5,
        ECONOMY,
        "A",
        "关于推动制造业企业智能化改造和数字化转型的建议",
        "马晓东",
        "区工业和信息化局",
        co_units=("区数据局",),
    ),
    _ill(
        6,
        SOCIAL,
        "A",
        "关于加强中小学生心理健康教育的建议",
        "曾丽华",
        "区教育局",
        co_units=("区卫生健康委员会",),
    ),
    _ill(
        7,
        CONSTRUCTION,
        "A",
        "关于增绿清水、多层次精微化推进花园城市建设的建议",
        "李明华",
        "区住房和城乡建设局",
        co_units=("区城市管理局",),
        url="http://zx.nantong.gov.cn/ntszx/zddbta/content/542a0f11-c7f6-4483-8b2e-a27793e18ccb.html",
    ),
    _ill(
        8,
        ECONOMY,
        "B",
        "关于进一步推动我区健康产业发展的建议",
        "农工党",
        "区发展和改革委员会",
        co_units=("区卫生健康委员会", "区商务局"),
        url="http://zx.jiande.gov.cn/art/2021/9/28/art_1290417_54658732.html",
        src="关于进一步推动我市健康产业发展的建议",
    ),
    _ill(
        9,
        SOCIAL,
        "B",
        "关于提前优化规划全区农村义务教育和幼儿园布局及资源整合的建议",
        "董国平",
        "区教育局",
        co_units=("区自然资源和规划分局",),
        url="https://zx.liyang.gov.cn/html/lyzx/2023/ECKNAKBH_0614/3939.html",
        src="关于提前优化规划全市农村义务教育和幼儿园布局及资源整合的建议",
    ),
    _ill(
        10,
        CONSTRUCTION,
        "A",
        "关于增加道路分隔带竖向景观设计的几点建议",
        "郑晓军",
        "区城市管理局",
        co=("宋立新", "韩国庆"),
        co_units=("区交通运输局",),
        url="https://93sc.gov.cn/view/137.html",
    ),
    _ill(
        11,
        GOVERNANCE,
        "A",
        "关于加大力度治理学校周边环境",
        "周建清",
        "区公安分局",
        co_units=("区城市管理局", "区教育局"),
        url="https://www.pydc.gov.cn/pc/news_view.asp?id=5086",
    ),
    _ill(
        13,
        ECONOMY,
        "A",
        "关于进一步优化营商环境服务中小微企业的建议",
        "张海燕",
        "区发展和改革委员会",
        co_units=("区市场监督管理局", "区数据局"),
    ),
    _ill(14, SOCIAL, "A", "关于推进义务教育优质均衡发展的建议", "蔡晓梅", "区教育局"),
    _ill(
        15,
        CONSTRUCTION,
        "A",
        "关于加强住宅小区电动自行车集中充电设施建设的建议",
        "刘卫东",
        "区住房和城乡建设局",
        co_units=("区消防救援大队",),
    ),
    _ill(
        16,
        ECONOMY,
        "A",
        "关于加大专精特新企业培育力度的建议",
        "何俊",
        "区工业和信息化局",
        co=("赵振宇", "徐国良"),
        co_units=("区科学技术局",),
    ),
    _ill(
        17,
        GOVERNANCE,
        "A",
        "关于加强企业安全生产主体责任落实的建议",
        "陈志强",
        "区应急管理局",
    ),
    _ill(
        19,
        ECONOMY,
        "A",
        "关于提高职校生职业素质和企业需求对接的建议",
        "潘丽君",
        "区人力资源和社会保障局",
        co_units=("区教育局",),
        url="http://zx.nantong.gov.cn/ntszx/zddbta/content/542a0f11-c7f6-4483-8b2e-a27793e18ccb.html",
    ),
    _ill(
        20,
        SOCIAL,
        "A",
        "解决当前‘入学难’和提高幼儿教育的建议",
        "于海涛",
        "区教育局",
        url="http://zx.tianqiao.gov.cn/art/2019/6/19/art_26436_3038013.html",
    ),
    _ill(
        21,
        CONSTRUCTION,
        "B",
        "关于推进城镇老旧小区改造",
        "梁振华",
        "区住房和城乡建设局",
        url="http://junshan.gov.cn/32415/32445/32459/content_1846906.html",
    ),
    _ill(
        23,
        ECONOMY,
        "B",
        "关于支持新能源汽车及零部件产业集群发展的建议",
        "浦晓敏",
        "区工业和信息化局",
        co=("尤志明", "华振宇", "王晓燕"),
        co_units=("区发展和改革委员会",),
    ),
    _ill(24, SOCIAL, "A", "关于落实“双减”政策提升课后服务质量的建议", "民进", "区教育局"),
    _ill(
        25,
        CONSTRUCTION,
        "B",
        "关于推进既有多层住宅加装电梯的建议",
        "李明华",
        "区住房和城乡建设局",
        co_units=("区市场监督管理局",),
    ),
    _ill(
        26,
        GOVERNANCE,
        "A",
        "关于法制教育应从基础教育抓起的建议",
        "杨丽娟",
        "区司法局",
        co_units=("区教育局",),
        url="https://www.shenqiu.gov.cn/p_detail_14698.html",
    ),
    _ill(
        28,
        ECONOMY,
        "A",
        "关于加快锡东新城商务区现代服务业集聚发展的建议",
        "姚振东",
        "锡东新城商务区管委会",
        co_units=("区商务局",),
    ),
    _ill(
        30,
        SOCIAL,
        "A",
        "关于进一步推进城乡居民养老服务体系建设的建议",
        "过建春",
        "区民政局",
        url="http://tongguan.gov.cn/zfxxgk/fdzdgknr/jyta/zxwyta/1834433012973834241.html",
    ),
    _ill(
        31,
        CONSTRUCTION,
        "A",
        "关于加强农村垃圾清运和处理的提案",
        "郑晓军",
        "区城市管理局",
        co=("宋立新", "韩国庆"),
        co_units=("区农业农村局",),
        url="http://ynmg.gov.cn/info/2049/67893.htm",
    ),
    _ill(32, ECONOMY, "A", "关于推动外贸企业稳订单拓市场的建议", "崔婷", "区商务局"),
    _ill(
        33,
        SOCIAL,
        "A",
        "关于做实做细家庭医生签约服务的建议",
        "农工党",
        "区卫生健康委员会",
    ),
    _ill(
        34,
        ECONOMY,
        "A",
        "关于加快发展夜间经济的建议",
        "陆建明",
        "区商务局",
        co_units=("区文化体育和旅游局", "区城市管理局"),
    ),
    _ill(
        35,
        CONSTRUCTION,
        "B",
        "关于加快城区停车设施建设缓解停车难的建议",
        "刘卫东",
        "区住房和城乡建设局",
        co_units=("区公安分局", "区自然资源和规划分局"),
    ),
    _ill(
        36,
        GOVERNANCE,
        "A",
        "关于加强电动自行车消防安全管理的建议",
        "吴婷婷",
        "区消防救援大队",
        co_units=("区市场监督管理局",),
    ),
    _ill(
        37,
        ECONOMY,
        "A",
        "关于促进直播电商等新业态规范发展的建议",
        "金晓峰",
        "区商务局",
        co=("丁晓丽", "姚振东"),
        co_units=("区市场监督管理局",),
    ),
    _ill(
        38,
        SOCIAL,
        "B",
        "关于加快小区配套幼儿园移交、投入使用的建议",
        "任俊杰",
        "区教育局",
        co_units=("区住房和城乡建设局",),
        url="http://maojian.shiyan.gov.cn/xxgk/fdzdgk/qtzdgknr/jyta/rdjy/2021/202109/t20210930_3381056.shtml",
    ),
    _ill(
        39,
        CONSTRUCTION,
        "A",
        "关于加快建设乡村道路维修及维护的提案",
        "曹雪芬",
        "区交通运输局",
        url="https://www.zizhou.gov.cn/ztzl/lhzt/zxwytahf/1727250112747958273.html",
    ),
    _ill(
        40,
        ECONOMY,
        "A",
        "关于加强中小企业融资服务缓解融资难融资贵的建议",
        "民建",
        "区地方金融监督管理局",
        co_units=("区财政局",),
    ),
    _ill(
        41,
        SOCIAL,
        "A",
        "关于加强公共卫生应急体系建设的建议",
        "姜卫国",
        "区卫生健康委员会",
        co_units=("区应急管理局",),
    ),
    _ill(
        42,
        GOVERNANCE,
        "A",
        "关于推进矛盾纠纷多元化解的建议",
        "朱建新",
        "区委政法委",
        co_units=("区司法局",),
    ),
    _ill(
        43,
        CONSTRUCTION,
        "A",
        "关于完善锡东新城公共交通线网的建议",
        "肖文斌",
        "区交通运输局",
        co=("曹雪芬", "黄晓峰"),
        co_units=("锡东新城商务区管委会",),
    ),
    _ill(
        44,
        ECONOMY,
        "A",
        "关于推进科技型中小企业孵化载体提质增效的建议",
        "九三学社",
        "区科学技术局",
    ),
    _ill(
        45,
        SOCIAL,
        "A",
        "关于加强基层医疗卫生队伍及村卫生室建设",
        "谭晓宁",
        "区卫生健康委员会",
        url="https://rd.shouxian.gov.cn/content/detail/630c7956da357fec46410d2d.html",
    ),
    _ill(
        46,
        CONSTRUCTION,
        "A",
        "关于增设城区公交车班次或学生专线车的建议",
        "肖文斌",
        "区交通运输局",
        co_units=("区教育局",),
        url="https://www.hhgj.gov.cn/info/87741/421561.htm",
        src="关于增设市区公交车班次或学生专线车的建议",
    ),
    _ill(
        47,
        ECONOMY,
        "A",
        "关于加快引进培育高层次科技创新人才的建议",
        "孙丽萍",
        "区科学技术局",
        co_units=("区人力资源和社会保障局", "区委组织部"),
    ),
    _ill(
        48,
        GOVERNANCE,
        "A",
        "关于加强全区小区精细化管理的提案",
        "郭秀英",
        "区住房和城乡建设局",
        url="http://xjrq.gov.cn/rqxrmzf/c108638/202206/c2452d52b0f64c6f91e4e296d57febac.shtml",
        src="关于加强全县小区精细化管理的提案",
    ),
    _ill(
        49,
        SOCIAL,
        "A",
        "关于推进医养结合发展的建议",
        "范志伟",
        "区卫生健康委员会",
        co=("沈丽芳", "姜卫国"),
        co_units=("区民政局",),
    ),
    _ill(
        50,
        ECONOMY,
        "B",
        "关于建设返乡入乡产业园和孵化实训基地方面的建议",
        "谢雅琴",
        "区农业农村局",
        co_units=("区人力资源和社会保障局",),
        url="https://zx.zxy.hunanzx.gov.cn/szxapp/9/331/content_1045275.html",
    ),
    _ill(
        51,
        CONSTRUCTION,
        "A",
        "关于推进生活垃圾分类提质增效的建议",
        "林志坚",
        "区城市管理局",
    ),
    _ill(52, SOCIAL, "A", "关于加强老年助餐服务的建议", "荣丽娟", "区民政局"),
    _ill(
        54,
        ECONOMY,
        "A",
        "关于加强企业知识产权创造保护和运用的建议",
        "袁志明",
        "区市场监督管理局",
        co_units=("区科学技术局",),
    ),
    _ill(
        55,
        CONSTRUCTION,
        "A",
        "关于规范公交车营运管理的建议",
        "李明华",
        "区交通运输局",
        co=("刘卫东", "胡文杰"),
        url="http://ynlczx.gov.cn/bbx/659181-659181.php?id=15378&newsid=1354359",
    ),
    _ill(
        56,
        GOVERNANCE,
        "B",
        "关于加强社区工作者队伍建设的建议",
        "顾晓红",
        "区民政局",
        co_units=("区委组织部",),
    ),
    _ill(
        57,
        ECONOMY,
        "A",
        "关于推动产学研深度融合提升企业创新能力的建议",
        "高美玲",
        "区科学技术局",
        co_units=("区工业和信息化局",),
    ),
    _ill(
        59,
        SOCIAL,
        "A",
        "关于完善基层学校设施建设的建议",
        "卢晓燕",
        "区教育局",
        url="https://www.xifeng.gov.cn/zwgk/zdlygk/jytabl_5741631/dbjydf_5741632/201810/t20181028_62998410.html",
    ),
    _ill(
        60,
        CONSTRUCTION,
        "A",
        "关于加强河道长效管护提升水环境质量的建议",
        "许静怡",
        "区水利局",
        co_units=("区生态环境局",),
    ),
    _ill(61, ECONOMY, "A", "关于加快发展现代都市农业的建议", "经科农委", "区农业农村局"),
    _ill(
        62,
        SOCIAL,
        "A",
        "关于完善困难群众救助帮扶机制的建议",
        "杜晓玲",
        "区民政局",
        co=("魏国强", "唐宏伟", "冯晓莉"),
    ),
    _ill(
        64,
        GOVERNANCE,
        "A",
        "关于加强林业行政执法力度",
        "梁振华",
        "区自然资源和规划分局",
        url="http://www.lishu.gov.cn/xzf/zyhy/qtzyhy/202309/t20230912_680656.html",
    ),
    _ill(
        65,
        CONSTRUCTION,
        "B",
        "关于增加蓄水工程建设的建议",
        "邓志刚",
        "区水利局",
        url="https://www.ts.gov.cn/art/2024/7/3/art_1229750373_4244157.html",
    ),
    _ill(
        66,
        ECONOMY,
        "A",
        "关于促进农文旅融合发展的建议",
        "罗红梅",
        "区农业农村局",
        co_units=("区文化体育和旅游局",),
    ),
    _ill(
        67,
        SOCIAL,
        "A",
        "关于加强非遗保护的提案",
        "程慧敏",
        "区文化体育和旅游局",
        url="https://www.ahhy.gov.cn/zfxxgk/public/24781/49453873.html",
    ),
    _ill(
        68,
        ECONOMY,
        "A",
        "关于打响锡山特色农产品品牌的建议",
        "谢雅琴",
        "区农业农村局",
        co=("许静怡", "邓志刚", "罗红梅"),
        co_units=("区市场监督管理局",),
    ),
    _ill(
        70,
        CONSTRUCTION,
        "A",
        "关于推进特色田园乡村建设的建议",
        "谢雅琴",
        "区农业农村局",
        co_units=("区自然资源和规划分局",),
    ),
    _ill(
        71,
        GOVERNANCE,
        "A",
        "关于加强反电信网络诈骗宣传防范的建议",
        "周建清",
        "区公安分局",
    ),
    _ill(72, SOCIAL, "A", "关于关爱农村留守老人的建议", "过建春", "区民政局"),
    _ill(
        73,
        ECONOMY,
        "B",
        "关于盘活低效工业用地提高土地集约利用水平的建议",
        "彭建军",
        "区自然资源和规划分局",
        co_units=("区工业和信息化局",),
    ),
    _ill(
        74,
        CONSTRUCTION,
        "A",
        "关于加强农村居民用水安全监管的建议",
        "黄晓峰",
        "区水利局",
        co=("孙丽萍", "胡文杰", "高美玲"),
        co_units=("区卫生健康委员会",),
        url="http://www.gcrd.gov.cn/content/detail/5cd0f80223a516b8d876ea5b.html",
    ),
    _ill(
        75,
        ECONOMY,
        "B",
        "关于推进镇级工业集中区提档升级的建议",
        "马晓东",
        "区工业和信息化局",
        co_units=("锡山经济技术开发区管委会",),
    ),
    _ill(
        76,
        SOCIAL,
        "A",
        "关于促进我区职业教育发展的建议",
        "教育界别",
        "区教育局",
        co_units=("区人力资源和社会保障局",),
        url="http://www.nbmm.org.cn/art/2019/11/26/art_7112_533922.html",
    ),
    _ill(
        77,
        CONSTRUCTION,
        "A",
        "关于加强建筑工地扬尘污染治理的建议",
        "田晓红",
        "区住房和城乡建设局",
        co_units=("区生态环境局",),
    ),
    _ill(
        78,
        GOVERNANCE,
        "A",
        "关于把“人行道”还给行人的提案",
        "郑晓军",
        "区城市管理局",
        co_units=("区公安分局",),
        url="http://www.scdongqu.gov.cn/wlwz/mydc/zxta/1349848.shtml",
    ),
    _ill(
        79,
        ECONOMY,
        "A",
        "关于加大重大产业项目招引力度的建议",
        "崔婷",
        "区商务局",
        co_units=("区发展和改革委员会",),
    ),
    _ill(
        81,
        SOCIAL,
        "A",
        "关于加强残疾人就业帮扶的建议",
        "荣丽娟",
        "区残疾人联合会",
        co=("顾晓红",),
        co_units=("区人力资源和社会保障局",),
    ),
    _ill(
        82,
        ECONOMY,
        "A",
        "关于推动楼宇经济高质量发展的建议",
        "陆建明",
        "区商务局",
        co_units=("锡东新城商务区管委会",),
    ),
    _ill(
        83,
        CONSTRUCTION,
        "A",
        "关于加快我区电动汽车充电设施建设的建议",
        "余建华",
        "区发展和改革委员会",
        co_units=("区住房和城乡建设局",),
        url="https://www.guangde.gov.cn/Jczwgk/show/2469413.html",
        src="关于加快我市电动汽车充电设施建设的建议",
    ),
    _ill(
        84,
        SOCIAL,
        "B",
        "关于加快推进城区公办幼儿园建设的建议",
        "钟志华",
        "区教育局",
        url="http://lzzx.liuzhou.gov.cn/dpgsl/mjlzsw/201501/t20150122_765776.html",
        src="关于加快推进市区公办幼儿园建设的建议",
    ),
    _ill(
        85,
        ECONOMY,
        "A",
        "关于落实减税降费政策助企纾困的建议",
        "金晓峰",
        "区税务局",
        co_units=("区财政局",),
    ),
    _ill(
        86,
        GOVERNANCE,
        "A",
        "关于推进“一网通办”提升政务服务效能的建议",
        "何俊",
        "区数据局",
        co=("赵振宇", "徐国良", "马晓东"),
    ),
    _ill(
        87,
        CONSTRUCTION,
        "B",
        "关于优化城市慢行系统建设的建议",
        "曹雪芬",
        "区交通运输局",
        co_units=("区住房和城乡建设局",),
    ),
    _ill(
        88,
        SOCIAL,
        "A",
        "关于推进全民健身设施建设的建议",
        "吕建忠",
        "区文化体育和旅游局",
    ),
    _ill(
        90,
        ECONOMY,
        "A",
        "关于进一步规范涉企行政检查减轻企业负担的建议",
        "陈志强",
        "区司法局",
        co_units=("区市场监督管理局",),
    ),
    _ill(
        91,
        CONSTRUCTION,
        "A",
        "关于加大对农村电网改造升级的建议",
        "叶志勇",
        "区发展和改革委员会",
        url="http://www.dzzx.gov.cn/show_news.php?ID=4919",
    ),
    _ill(
        92,
        ECONOMY,
        "A",
        "关于支持企业上市和利用资本市场做大做强的建议",
        "苏晓雯",
        "区地方金融监督管理局",
        co=("袁志明", "余建华", "叶志勇"),
    ),
    _ill(
        94,
        SOCIAL,
        "A",
        "关于改善学校教室(活动室)照明的建议",
        "汪丽娜",
        "区教育局",
        url="http://mmhn.gov.cn/index/canzhengyizheng/1840.html",
    ),
    _ill(
        95,
        GOVERNANCE,
        "B",
        "关于规范农村殡葬用地管理切实保护耕地净化人居环境的建议",
        "杜晓玲",
        "区民政局",
        co_units=("区自然资源和规划分局",),
        url="http://www.cqck.gov.cn/bm/mzj/zwgk_70831/zfxxgkml/jytabl/rddbjybl/202307/t20230706_12126852.html",
    ),
    _ill(
        96,
        CONSTRUCTION,
        "A",
        "关于加快建设口袋公园和街头绿地的建议",
        "宋立新",
        "区城市管理局",
    ),
    _ill(
        97,
        ECONOMY,
        "B",
        "关于加快生物医药产业发展的建议",
        "何俊",
        "区科学技术局",
        co_units=("锡山经济技术开发区管委会",),
    ),
    _ill(
        98,
        SOCIAL,
        "A",
        "关于加强公共图书馆和农家书屋建设的建议",
        "程慧敏",
        "区文化体育和旅游局",
        co=("吕建忠", "蒋文涛", "石慧芳"),
    ),
    _ill(
        99,
        ECONOMY,
        "A",
        "关于推进节能降碳助力绿色低碳发展的建议",
        "张海燕",
        "区发展和改革委员会",
        co_units=("区工业和信息化局", "区生态环境局"),
    ),
    _ill(
        100,
        CONSTRUCTION,
        "A",
        "关于加强城区餐饮行业油烟污染防治的建议",
        "唐宏伟",
        "区生态环境局",
        co_units=("区城市管理局",),
        url="http://www.nbmm.org.cn/art/2019/11/26/art_7112_533922.html",
    ),
    _ill(101, GOVERNANCE, "A", "关于加强食品安全监管的建议", "苏晓雯", "区市场监督管理局"),
    _ill(
        102,
        SOCIAL,
        "B",
        "关于挖掘荡口古镇文化资源推进文旅融合的建议",
        "鹅湖镇工委会",
        "区文化体育和旅游局",
        co_units=("鹅湖镇人民政府",),
    ),
    _ill(
        103,
        ECONOMY,
        "B",
        "关于发展分布式光伏推进能源结构调整的建议",
        "浦晓敏",
        "区发展和改革委员会",
    ),
    _ill(
        104,
        CONSTRUCTION,
        "A",
        "关于推进农村生活污水治理设施长效运维的建议",
        "许静怡",
        "区水利局",
        co=("邓志刚", "薛国忠", "邵雪梅"),
    ),
    _ill(
        105,
        SOCIAL,
        "A",
        "关于提升社区卫生服务中心就医体验的建议",
        "医药卫生界别",
        "区卫生健康委员会",
    ),
    _ill(
        106,
        ECONOMY,
        "A",
        "关于扶持老字号企业传承发展的建议",
        "尤志明",
        "区商务局",
        co_units=("区市场监督管理局",),
    ),
    _ill(
        107,
        GOVERNANCE,
        "B",
        "关于解决城中村停车难问题导致存在消防安全隐患的建议",
        "杨丽娟",
        "区消防救援大队",
        co_units=("区公安分局",),
        url="https://www.baqiao.gov.cn/zwgk/qtzdgknr/tajybl/qrdjybl/64b4fe09f8fd1c1a7035268c.html",
    ),
    _ill(
        108,
        CONSTRUCTION,
        "A",
        "关于修缮农村田间作业道路的建议",
        "钱丽芬",
        "区农业农村局",
        url="http://tielingxian.gov.cn/tlx/xxgk/fdzdgknr/jyta/sjzxta/2023n/2023062109404182616/index.html",
    ),
    _ill(
        109,
        ECONOMY,
        "A",
        "关于加快现代物流业发展的建议",
        "华振宇",
        "区发展和改革委员会",
        co_units=("区交通运输局",),
    ),
    _ill(
        110,
        SOCIAL,
        "A",
        "关于加强婴幼儿照护服务人才培养的建议",
        "谭晓宁",
        "区卫生健康委员会",
        co=("范志伟", "沈丽芳", "姜卫国"),
        co_units=("区人力资源和社会保障局",),
    ),
    _ill(
        111,
        CONSTRUCTION,
        "B",
        "关于加强城市地下管网统筹规划建设的建议",
        "郭秀英",
        "区住房和城乡建设局",
        co_units=("区自然资源和规划分局",),
    ),
    _ill(
        112,
        ECONOMY,
        "A",
        "关于提升锡山经济技术开发区综合竞争力的建议",
        "王晓燕",
        "锡山经济技术开发区管委会",
    ),
    _ill(
        113,
        SOCIAL,
        "B",
        "关于提高城乡居民医保待遇保障水平的建议",
        "石慧芳",
        "区医疗保障局",
    ),
    _ill(114, GOVERNANCE, "A", "关于加强志愿服务体系建设的建议", "魏国强", "区民政局"),
    _ill(
        115,
        ECONOMY,
        "A",
        "关于促进民营经济健康发展的建议",
        "丁晓丽",
        "区工商业联合会",
        co=("姚振东", "崔婷"),
        co_units=("区发展和改革委员会",),
    ),
    _ill(
        117,
        CONSTRUCTION,
        "A",
        "关于增设路灯的提案",
        "韩国庆",
        "区城市管理局",
        url="http://www.taibai.gov.cn/col6608/col6778/col6800/col6833/202311/t20231122_483319.html",
    ),
    _ill(
        118,
        SOCIAL,
        "A",
        "关于完善退役军人服务保障体系的建议",
        "吴婷婷",
        "区退役军人事务局",
    ),
    _ill(
        119,
        ECONOMY,
        "A",
        "关于加快培育壮大市场主体的建议",
        "陆建明",
        "区市场监督管理局",
    ),
    _ill(
        120,
        CONSTRUCTION,
        "A",
        "关于提升农贸市场建设管理水平的建议",
        "金晓峰",
        "区商务局",
        co_units=("区市场监督管理局",),
    ),
    _ill(
        121,
        SOCIAL,
        "A",
        "关于加强青少年近视防控的建议",
        "曾丽华",
        "区教育局",
        co=("董国平", "蔡晓梅"),
        co_units=("区卫生健康委员会",),
    ),
    _ill(
        122,
        GOVERNANCE,
        "A",
        "关于强化基层应急管理能力建设的建议",
        "朱建新",
        "区应急管理局",
    ),
    _ill(123, ECONOMY, "A", "关于推动消费扩容提质的建议", "张海燕", "区商务局"),
    _ill(
        124,
        CONSTRUCTION,
        "B",
        "关于加快城市污水管网更新换代的建议",
        "黄晓峰",
        "区水利局",
        co_units=("区住房和城乡建设局",),
        url="https://scgw.gov.cn/Detail.aspx?id=20180911103833352",
    ),
    _ill(
        125,
        ECONOMY,
        "A",
        "关于加大稳岗就业政策宣传力度的建议",
        "潘丽君",
        "区人力资源和社会保障局",
    ),
    _ill(
        126,
        SOCIAL,
        "A",
        "关于加强校园食品安全管理的建议",
        "袁志明",
        "区市场监督管理局",
        co=("余建华",),
        co_units=("区教育局",),
    ),
    _ill(
        127,
        GOVERNANCE,
        "A",
        "关于加强未成年人保护工作的建议",
        "过建春",
        "区民政局",
        co_units=("区教育局",),
    ),
    _ill(
        128,
        CONSTRUCTION,
        "A",
        "关于规范共享单车停放管理的建议",
        "林志坚",
        "区城市管理局",
        co_units=("区交通运输局",),
    ),
    _ill(
        129,
        ECONOMY,
        "A",
        "关于支持高校毕业生在锡就业创业的建议",
        "蒋文涛",
        "区人力资源和社会保障局",
        co_units=("区科学技术局",),
    ),
    _ill(
        131,
        SOCIAL,
        "A",
        "关于加强基层文化阵地建设的建议",
        "冯晓莉",
        "区文化体育和旅游局",
    ),
    _ill(
        132,
        ECONOMY,
        "A",
        "关于加强企业技能人才队伍建设的建议",
        "潘丽君",
        "区人力资源和社会保障局",
        co=("蒋文涛",),
        co_units=("区教育局",),
    ),
    _ill(
        133,
        CONSTRUCTION,
        "A",
        "关于生活污水管网企业全覆盖的提案",
        "孙丽萍",
        "区水利局",
        co_units=("区生态环境局",),
        url="https://www.haiyang.gov.cn/art/2022/9/9/art_104854_1284.html",
    ),
    _ill(134, SOCIAL, "B", "关于发展普惠性学前教育的建议", "民进", "区教育局"),
    _ill(
        135,
        ECONOMY,
        "A",
        "关于发挥政府采购政策功能支持中小企业发展的建议",
        "浦晓敏",
        "区财政局",
    ),
    _ill(136, GOVERNANCE, "A", "关于加强公共法律服务体系建设的建议", "周建清", "区司法局"),
    _ill(
        137,
        CONSTRUCTION,
        "A",
        "关于加强历史文化街区和传统村落保护的建议",
        "民盟",
        "区自然资源和规划分局",
        co_units=("区文化体育和旅游局",),
    ),
    _ill(138, SOCIAL, "A", "关于加强中小学教师队伍建设的建议", "教育界别", "区教育局"),
    _ill(
        139,
        ECONOMY,
        "B",
        "关于加快高标准农田建设的建议",
        "罗红梅",
        "区农业农村局",
        co_units=("区自然资源和规划分局",),
    ),
    _ill(
        140,
        CONSTRUCTION,
        "A",
        "关于推进农村人居环境整治提升的建议",
        "谢雅琴",
        "区农业农村局",
        co=("许静怡", "邓志刚", "彭建军"),
    ),
    _ill(
        141,
        SOCIAL,
        "B",
        "关于推进智慧养老服务的建议",
        "荣丽娟",
        "区民政局",
        co_units=("区数据局",),
    ),
    _ill(
        142,
        ECONOMY,
        "A",
        "关于提升企业质量品牌建设水平的建议",
        "叶志勇",
        "区市场监督管理局",
    ),
    _ill(
        143,
        GOVERNANCE,
        "A",
        "关于推进新就业形态劳动者权益保障的建议",
        "肖文斌",
        "区人力资源和社会保障局",
    ),
    _ill(
        144,
        ECONOMY,
        "A",
        "关于加快发展工业互联网赋能中小企业的建议",
        "尤志明",
        "区工业和信息化局",
        co_units=("区数据局",),
    ),
    _ill(
        145,
        CONSTRUCTION,
        "B",
        "关于加快推进城乡供水一体化的建议",
        "胡文杰",
        "区水利局",
        co=("高美玲", "黄晓峰"),
    ),
    _ill(
        146,
        SOCIAL,
        "A",
        "关于促进中医药传承创新发展的建议",
        "医药卫生界别",
        "区卫生健康委员会",
    ),
    _ill(
        147,
        ECONOMY,
        "A",
        "关于推动文化创意产业发展的建议",
        "田晓红",
        "区文化体育和旅游局",
        co_units=("区商务局",),
    ),
    _ill(
        148,
        GOVERNANCE,
        "A",
        "关于完善基层防汛防台应急预案的建议",
        "陈志强",
        "区应急管理局",
        co_units=("区水利局",),
    ),
    _ill(
        149,
        CONSTRUCTION,
        "A",
        "关于完善城市公共厕所布局和管理的建议",
        "梁振华",
        "区城市管理局",
    ),
    _ill(
        150,
        SOCIAL,
        "A",
        "关于提升体育场馆开放利用水平的建议",
        "程慧敏",
        "区文化体育和旅游局",
        co_units=("区教育局",),
    ),
    _ill(
        151,
        ECONOMY,
        "A",
        "关于提高区属国有资本运营效益的建议",
        "华振宇",
        "区财政局",
        co=("王晓燕", "张海燕"),
    ),
    _ill(
        152,
        CONSTRUCTION,
        "A",
        "关于推进建筑垃圾资源化利用的建议",
        "郑晓军",
        "区城市管理局",
        co_units=("区住房和城乡建设局",),
    ),
    _ill(
        153,
        SOCIAL,
        "B",
        "关于完善生育支持政策体系的建议",
        "薛国忠",
        "区卫生健康委员会",
        co_units=("区医疗保障局",),
    ),
    _ill(
        154,
        ECONOMY,
        "A",
        "关于加快我区小微企业危废收集体系建设的建议",
        "唐宏伟",
        "区生态环境局",
        co_units=("区工业和信息化局",),
        url="https://zgmztm.nantong.gov.cn/ntmm/czyz/content/a7b9402a-caa2-4449-8648-0727cb989f82.html",
        src="关于加快我市小微企业危废收集体系建设的建议",
    ),
    _ill(
        155,
        GOVERNANCE,
        "A",
        "关于加强校外培训机构监管的建议",
        "于海涛",
        "区教育局",
        co_units=("区市场监督管理局",),
    ),
    _ill(
        156,
        CONSTRUCTION,
        "A",
        "关于加强户外广告和店招标牌规范管理的建议",
        "宋立新",
        "区城市管理局",
        co=("韩国庆",),
    ),
    _ill(157, SOCIAL, "B", "关于推进区域医疗中心建设的建议", "邵雪梅", "区卫生健康委员会"),
    _ill(
        158,
        ECONOMY,
        "B",
        "关于培育发展氢能产业的建议",
        "经科农委",
        "区发展和改革委员会",
        co_units=("区工业和信息化局",),
    ),
)

#: All 158 proposals of 五届一次会议, ordered by number.
PROPOSALS: tuple[ProposalSpec, ...] = tuple(
    sorted(_SEED_PROPOSALS + _ILLUSTRATIVE_PROPOSALS, key=lambda p: p.number)
)

# ---------------------------------------------------------------------------
# Cross-year proposals (四届五次会议, followed up in 2022)
# ---------------------------------------------------------------------------

CROSS_YEAR_PROPOSALS: tuple[ProposalSpec, ...] = (
    ProposalSpec(
        session=_PREV,
        number=1,
        title="关于加强消防设施维修保养检测的建议",
        category=GOVERNANCE,
        lead_proposer="郭秀英",
        lead_unit="区消防救援大队",
        co_units=("区住房和城乡建设局",),
        grade="B",
        illustrative=False,
        inferred=("lead_proposer", "category", "lead_unit", "co_units", "grade", "summary"),
        summary=(
            "区消防救援大队认为建议切中消防设施维保检测中的薄弱环节，已列入计划，"
            "将从规范消防技术服务机构、推广联网监测和整治居民小区消防隐患三方面逐步落实，"
            "并作为跨年度提案继续跟踪办理。"
        ),
        followup_summary=(
            "区消防救援大队依据《社会消防技术服务管理规定》全面排查辖区消防技术服务企业，"
            "对无资质从业或出具虚假检验报告的企业依法处罚。今年已排查高层建筑1719栋，"
            "发现火灾隐患2845处、整改2657处，立案11起；"
            "高层建筑全部接入建筑消防设施联网监测系统，可远程掌握消防水池液位、供水压力、"
            "火灾报警和消防控制室值班情况。"
            "居民小区消防安全治理“百日攻坚行动”已排查小区275个，发现违法行为325处、"
            "督促整改284处，并建立隐患和整改清单定期督导，实现闭环管理。"
        ),
        tracked_in=_CUR,
    ),
    ProposalSpec(
        session=_PREV,
        number=20,
        title="关于加速推动锡山‘创新飞地’建设的建议",
        category=ECONOMY,
        lead_proposer="赵振宇",
        lead_unit="区科学技术局",
        co_units=("区人力资源和社会保障局",),
        grade="B",
        illustrative=False,
        inferred=("lead_proposer", "category", "lead_unit", "co_units", "grade", "summary"),
        summary=(
            "区科技局认为建设创新飞地是借用外地创新资源的有效办法，已列入计划，"
            "将在重点城市布局飞地、引进孵化科创项目并导入锡山落地，"
            "并作为跨年度提案继续跟踪办理。"
        ),
        followup_summary=(
            "我区已在北京、上海、深圳、西安等城市运营创新飞地7家，总面积4934平方米，"
            "聚焦电子信息、生物医药、新材料和新能源、高端装备等方向引进孵化科创项目。"
            "截至今年上半年，7家飞地在孵项目62个，累计引导106个项目落户锡山。"
            "下阶段将与境外孵化机构合作设立飞地、对接海外创新资源和高层次人才，"
            "鼓励企业到飞地所在城市的大院大所开展合作，并支持各镇(街道)"
            "单独或联合设立飞地，实现错位发展。"
        ),
        tracked_in=_CUR,
    ),
)

# ---------------------------------------------------------------------------
# Demo accounts
# ---------------------------------------------------------------------------

ROLES: dict[str, str] = {
    "cppcc_staff": "政协提案委工作人员",
    "gov_office": "政府办督查室",
    "unit_staff": "承办单位经办人",
    "unit_leader": "承办单位负责人",
    "member": "提案者(委员或集体)",
    "leader": "领办/督办领导",
    "system_admin": "系统管理员",
    "security_admin": "安全保密管理员",
    "audit_admin": "安全审计员",
}


def _account(
    username: str,
    display_name: str,
    roles: list[str],
    *,
    unit: str | None = None,
    proposer: str | None = None,
    leader_name: str | None = None,
) -> dict[str, object]:
    return {
        "username": username,
        "password": DEMO_PASSWORD,
        "display_name": display_name,
        "roles": roles,
        "unit": unit,
        "proposer": proposer,
        "leader": leader_name,
    }


ACCOUNTS: list[dict[str, object]] = [
    _account("tiwei", "周敏(区政协提案委)", ["cppcc_staff"]),
    _account("ducha", "陈立(区政府办督查室)", ["gov_office"]),
    _account("renshe", "王磊(区人社局)", ["unit_staff"], unit="区人力资源和社会保障局"),
    _account(
        "renshe_lead",
        "刘静(区人社局)",
        ["unit_leader"],
        unit="区人力资源和社会保障局",
    ),
    _account("shangwu", "孙浩(区商务局)", ["unit_staff"], unit="区商务局"),
    _account("shangwu_lead", "赵蕾(区商务局)", ["unit_leader"], unit="区商务局"),
    _account("weijian", "吴倩(区卫健委)", ["unit_staff"], unit="区卫生健康委员会"),
    _account("jiangjiaxing", "蒋加星委员", ["member"], proposer="蒋加星"),
    _account("huyanfeng", "胡艳峰委员", ["member"], proposer="胡艳峰"),
    _account("yinjie", "殷洁委员", ["member"], proposer="殷洁"),
    _account("minjin", "民进锡山区基层委员会", ["member"], proposer="民进"),
    _account("quzhang", "顾志成区长", ["leader"], leader_name=DISTRICT_HEAD),
    _account("zhuxi", "尤正平主席", ["leader"], leader_name=CPPCC_CHAIR),
    _account("sysadmin", "系统管理员", ["system_admin"]),
    _account("secadmin", "安全保密管理员", ["security_admin"]),
    _account("auditadmin", "安全审计员", ["audit_admin"]),
]

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_UNIT_INDEX: dict[str, Unit] = {}
for _u in UNITS:
    for _key in (_u.name, _u.short_name, *_u.aliases):
        _UNIT_INDEX.setdefault(_key, _u)
del _u, _key


def unit_names() -> set[str]:
    """Return the canonical names of all units."""
    return {u.name for u in UNITS}


def resolve_unit(name: str) -> Unit | None:
    """Return the unit with this canonical name, short name or alias."""
    return _UNIT_INDEX.get(name.strip())


def member_names() -> set[str]:
    """Return the names of all individual members."""
    return {m.name for m in MEMBERS}


def collective_names() -> set[str]:
    """Return the names of all collective proposers."""
    return {c.name for c in COLLECTIVES}


def proposer_kind(name: str) -> str | None:
    """Return ``"member"``, ``"collective"`` or None (unknown name)."""
    if name in member_names():
        return "member"
    if name in collective_names():
        return "collective"
    return None


def leader_by_name(name: str) -> Leader | None:
    """Return the leader with this name, or None."""
    return next((x for x in LEADERS if x.name == name), None)


def grade_by_code(code: str) -> Grade:
    """Return the grade with this code (StopIteration if unknown)."""
    return next(g for g in GRADES if g.code == code)


def all_proposals() -> tuple[ProposalSpec, ...]:
    """Return every proposal of both sessions (2021 ones first)."""
    return CROSS_YEAR_PROPOSALS + PROPOSALS


def get_proposal(number: int, session: str = _CUR) -> ProposalSpec:
    """Return proposal ``number`` of ``session`` (KeyError if none)."""
    for p in all_proposals():
        if p.session == session and p.number == number:
            return p
    raise KeyError((session, number))


def proposals_by_grade() -> dict[str, list[ProposalSpec]]:
    """Group the current session's proposals by grade code (A..D)."""
    out: dict[str, list[ProposalSpec]] = {g.code: [] for g in GRADES}
    for p in PROPOSALS:
        out[p.grade].append(p)
    return out


def proposals_by_category() -> dict[str, list[ProposalSpec]]:
    """Group the current session's proposals by category, in order."""
    out: dict[str, list[ProposalSpec]] = {c: [] for c in CATEGORIES}
    for p in PROPOSALS:
        out[p.category].append(p)
    return out


def key_proposals() -> list[ProposalSpec]:
    """Return the ten key proposals (重点提案) of the current session."""
    return [p for p in PROPOSALS if p.is_key]


def report_examples() -> list[ProposalSpec]:
    """Return the four worked examples in the report's order."""
    return sorted(
        (p for p in PROPOSALS if p.is_report_example),
        key=lambda p: REPORT_EXAMPLES.index(p.number),
    )


def grade_counts() -> Counter[str]:
    """Count the current session's proposals by grade."""
    return Counter(p.grade for p in PROPOSALS)


def category_counts() -> Counter[str]:
    """Count the current session's proposals by category."""
    return Counter(p.category for p in PROPOSALS)


def public_csv_rows() -> list[dict[str, str]]:
    """Read the bundled public-titles CSV (on demand, not at import)."""
    with PUBLIC_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
