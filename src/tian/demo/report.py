"""Demo rows for the annual report: the 2022 session's disclosure header and office text."""

from __future__ import annotations

from datetime import date

from tian.directory.models import Session
from tian.reports.models import AnnualReport

PROBLEMS = """\
今年的提案办理工作在各位委员的理解支持和各承办单位的共同努力下取得了阶段性成效，但也有少数承办单位对办理工作重视不够，措施不够实，办理只停留在答复层面。区政府将督促有关部门查找差距、改进作风、创新思路。
一是提升办理力度。逐条回应委员的建议，答复做到具体、可行、直观，观点清楚、重点突出、措施精细，直面问题，以实实在在的举措推动建议落地。
二是加强成果转化。提案办理不能停在理论和规划上，要把建议逐条转化为直观蓝图、时间进度条和实施清单，把想法变成做法、把理念变成实效。
三是加快督查检查。未落实的提案内容列入日常督查检查，重点督办、以督促办，推动各承办部门协同发力，提高办理质量。"""

CLOSING = (
    "我们将在区委的领导下，在区政协和广大政协委员的监督支持下，以更加负责的精神、更加诚恳的态度、"
    "更加扎实的作风做好提案办理工作，为锡山加快建设高质量发展标杆区作出应有的贡献。"
)


def load_demo_report(session: Session) -> None:
    """The seed's disclosure header (索引号, 发布机构, dates) and the office's text; idempotent."""
    AnnualReport.objects.get_or_create(
        session=session,
        defaults={
            "index_number": "014034703/2022-01269",
            "publisher": "锡山区人民政府办公室",
            "issued_on": date(2022, 10, 27),
            "published_on": date(2022, 10, 27),
            "validity": "有效",
            "problems": PROBLEMS,
            "closing": CLOSING,
        },
    )
