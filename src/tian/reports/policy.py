"""Who reads the figures (统计) and writes the annual report (年度办理情况报告)."""

from __future__ import annotations

from tian import policy
from tian.directory.models import Role
from tian.directory.policy import STAFF_ROLES

policy.rules(
    __name__,
    {
        "dashboard.view": policy.has(*STAFF_ROLES, Role.LEADER),
        # A unit sees its own figures only: obj is the unit's id (None: any unit of theirs).
        "dashboard.unit": lambda user, unit_id=None: (
            bool(user.unit_ids) and (unit_id is None or unit_id in user.unit_ids)
        ),
        "report.download": policy.has(*STAFF_ROLES, Role.LEADER),
        "report.edit": policy.has(*STAFF_ROLES),
        "report.flag_example": policy.has(*STAFF_ROLES),
    },
    {
        "report.download": "年度办理情况报告仅供提案委、政府办督查室和领导下载。",
        "report.edit": "只有提案委或政府办督查室工作人员可以编辑年度办理情况报告。",
        "report.flag_example": "只有提案委或政府办督查室工作人员可以设置年度报告典型事例。",
        "dashboard.view": "统计分析仅供提案委、政府办督查室和领导查看。",
        "dashboard.unit": "只有承办单位的工作人员可以查看本单位的统计,且只能查看本单位的。",
    },
)
