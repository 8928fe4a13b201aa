"""Background rendering of the annual report (run by `tian db_worker`)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks import task

from tian.reports.annual import build_report
from tian.reports.models import ReportFile
from tian.reports.render import filename, render

logger = logging.getLogger(__name__)


def _step(job_id: int, progress: int, step: str) -> None:
    ReportFile.objects.filter(pk=job_id).update(progress=progress, step=step)


@task()
def render_report_file(job_id: int) -> str:
    """Render one queued report file, recording each step so the status page can show it."""
    # The conditional update is the claim: a second worker handed the same job skips it.
    claimed = ReportFile.objects.filter(pk=job_id, status=ReportFile.Status.QUEUED).update(
        status=ReportFile.Status.RUNNING, progress=5, step="汇总办理数据"
    )
    if not claimed:
        return "skipped"
    job = ReportFile.objects.select_related("session").get(pk=job_id)
    try:
        report = build_report(job.session)
        _step(job_id, 30, "排版" + job.format.upper())
        data = render(report, job.format)
        _step(job_id, 90, "保存文件")
        job.file.save(filename(report, job.format), ContentFile(data), save=False)
        job.status, job.progress, job.step = ReportFile.Status.DONE, 100, "已完成"
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "progress", "step", "finished_at"])
    except Exception as error:
        logger.exception("Could not render report file %s", job_id)
        ReportFile.objects.filter(pk=job_id).update(
            status=ReportFile.Status.FAILED,
            step="生成失败",
            error=str(error)[:500],
            finished_at=timezone.now(),
        )
        raise
    return job.file.name
