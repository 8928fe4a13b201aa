"""The annual report of the demo session states the seed's figures, lists and key proposals,
in every format: Markdown, Word read back with python-docx, and PDF read back with poppler."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import pytest
from django.db import transaction
from django.test import override_settings
from docx.oxml.ns import qn
from PIL import Image

from tian.demo.loader import load_demo
from tian.directory.models import Session
from tian.reports.annual import Report, build_report
from tian.reports.render import render

pytestmark = pytest.mark.django_db

KEY_PROPOSERS = {
    22: "民进",
    27: "殷洁委员",
    29: "陆知纬委员",
    58: "张琳委员",
    63: "农工党",
    80: "经科农委",
    89: "九三学社",
    93: "提案委",
    116: "鹅湖镇工委会",
    130: "民盟",
}
OPENING = [
    "交办的委员提案158件",
    "经济发展类53件",
    "城乡建设管理类39件",
    "社会事业类41件",
    "社会治理及其他类25件",
    "158件提案已全部办结",
    "满意率和基本满意率为100%",
    "所提问题已解决或基本解决的提案122件，占总数的77.2%",
    "所提问题正在解决或列入计划逐步解决的提案36件，占总数的22.8%",
]


@pytest.fixture(scope="module")
def media(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any, media: Path) -> Iterator[Session]:
    """The demo, loaded once for this module and rolled back after it."""
    with (
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=media,
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load_demo()
        yield Session.objects.get(slug="xishan-2022")
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def report(demo: Session, django_db_blocker: Any) -> Report:
    with django_db_blocker.unblock():
        return build_report(demo)


@pytest.fixture(scope="module")
def markdown(report: Report) -> str:
    return render(report, "md").decode()


@pytest.fixture(scope="module")
def pdf(report: Report, tmp_path_factory: Any) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render(report, "pdf"))
    return path


def squash(text: str) -> str:
    """Text without the line breaks and spaces a PDF's layout puts between characters."""
    return re.sub(r"\s+", "", text)


def test_the_markdown_opens_with_the_seeds_figures(markdown: str) -> None:
    missing = [phrase for phrase in OPENING if phrase not in markdown]
    assert missing == []


def test_the_markdown_names_the_rest_of_each_class_by_its_first_three_numbers(
    markdown: str,
) -> None:
    assert "其余第1、2、5号等120件提案所反映的问题也得到解决或基本解决。" in markdown
    assert "其余第3、4、8号等34件提案所提问题也正在逐步解决过程中。" in markdown


def test_the_markdown_gives_the_flagged_examples_fullest_account_first(markdown: str) -> None:
    first = markdown.index("第69号蒋加星委员提出的“关于缓解企业用工荒用工难的建议”")
    second = markdown.index("第18号胡艳峰等委员提出的“关于加快打造特色商业街区的建议”")
    assert first < second
    assert "第12号" in markdown[second:] and "第53号" in markdown[second:]


def test_the_markdown_has_a_paragraph_for_each_of_the_ten_key_proposals(markdown: str) -> None:
    section = markdown[markdown.index("## 二、重点提案办理情况") : markdown.index("## 三、")]
    assert "10件重点提案分别由区政府各位区长领办" in section
    assert "主席、副主席实行包案督办" in section
    found = re.findall(r"\*\*（[一二三四五六七八九十]+）第(\d+)号(.+?)提出的“", section)
    assert {int(number): who for number, who in found} == KEY_PROPOSERS


def test_the_markdown_reports_the_two_cross_year_proposals_and_their_verdicts(
    markdown: str,
) -> None:
    section = markdown[markdown.index("## 三、跨年度提案办理情况") : markdown.index("## 四、")]
    assert "2件跨年度跟踪督办提案" in section
    assert "第1号“关于加强消防设施维修保养检测的建议”" in section
    assert "第20号“关于加速推动锡山‘创新飞地’建设的建议”" in section
    assert section.rstrip().endswith("委员对2件跨年度提案办理情况均表示满意。")


def test_the_markdown_carries_the_disclosure_header_and_the_offices_text(markdown: str) -> None:
    assert "| 索引号 | 014034703/2022-01269 |" in markdown
    assert "| 发布机构 | 锡山区人民政府办公室 |" in markdown
    assert "| 发文日期 | 2022年10月27日 |" in markdown
    assert "直观蓝图、时间进度条和实施清单" in markdown
    assert "草稿" not in markdown


def test_the_word_document_reads_back_with_the_figures(report: Report) -> None:
    document = docx.Document(BytesIO(render(report, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    missing = [phrase for phrase in OPENING if phrase not in text]
    assert missing == []
    assert "其余第1、2、5号等120件" in text and "其余第3、4、8号等34件" in text
    assert "（十）第130号民盟提出的" in text


def test_the_word_document_sets_the_east_asian_fonts_of_the_official_style(
    report: Report,
) -> None:
    document = docx.Document(BytesIO(render(report, "docx")))
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    title = next(p for p in document.paragraphs if p.text.replace("\n", "") == report.title)
    assert title.runs[0].font.size.pt == 22
    fonts = title.runs[0].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    heading = next(p for p in document.paragraphs if p.text.startswith("一、"))
    assert heading.runs[0].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    section = document.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin]
    assert [round(m.mm) for m in [*margins, section.right_margin]] == [37, 35, 28, 26]


needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils is not installed"
)


@needs_poppler
def test_the_pdf_text_carries_the_figures(pdf: Path) -> None:
    text = squash(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True).stdout.decode())
    missing = [phrase for phrase in OPENING if squash(phrase) not in text]
    assert missing == []
    assert "其余第1、2、5号等120件" in text and "其余第3、4、8号等34件" in text


@needs_poppler
def test_the_pdf_embeds_a_chinese_font(pdf: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True).stdout.decode()
    assert "CJK" in fonts


@needs_poppler
def test_the_pdfs_first_page_draws_chinese_glyphs(pdf: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = page.size
    # The body text below the header table and title: a CJK page is dense with strokes,
    # an empty or tofu page is not.
    body = page.crop((int(width * 0.13), int(height * 0.45), int(width * 0.87), int(height * 0.85)))
    shades = body.histogram()
    dark = sum(shades[:128]) / sum(shades)
    assert dark > 0.04
