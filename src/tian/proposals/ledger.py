"""Ledgers (台账): a session's proposals as an Excel sheet, read in and written out.

Reading tolerates what real ledgers contain: title rows above the header, header variants
(提案号/编号/序号, 案由/题目 …), full-width characters, "第12号", stray spaces, blank rows,
units separated by 、，; or spaces, Excel or text dates, proposer cells such as "胡艳峰等委员".

Importing is all-or-nothing: every row is checked first and any problem refuses the whole file
(`LedgerError`, with the Excel row and column of each problem). A proposal is identified by its
session and number, so importing the same file again changes nothing. A filled cell is the truth
for what it states (the units cells list all units; an assignment to a unit no longer listed is
withdrawn, not deleted); an empty cell leaves what Tian already holds, so a ledger never erases
replies or verdicts by omission. The grade is that of the final accepted reply (as the figures
count it), the verdict the lead proposer's of the latest round.

A ledger never goes around the workflow. A session is *live* once any of its proposals has
been through Tian's workflow — an audit event of drafting, co-signing, submission, a
transition, assignment, contact, reply or feedback (`WORKFLOW_EVENT_PREFIXES`); otherwise it
is *historical*: all its proposals came from ledgers (or a data load), and a ledger may fill
and correct everything in it, verdicts and grades included — it is the record of the past.
In a live session every numbered proposal is live, and a ledger may only
- add a proposal: number, title, proposers, co-proposers and category, as 已立案 (filed); its
  units, dates, grade, verdict and key-proposal cells must be empty (assignment, replies and
  verdicts go through the workflow);
- fill the category of a proposal that has none.
Any other cell of a live proposal must state what Tian holds (then it is no change) or be
empty: a different title, proposer, co-proposer, unit, assignment date, grade, reply date,
verdict or key-proposal setting refuses the whole file with a row-numbered error. A live
proposal's status never changes by import; the verdict is the member's alone.

Every proposal an import creates or changes gets its own audit event with the before and
after of each changed field, the ledger row and the uploaded file's name; the session gets
one event with the counts.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, NamedTuple
from xml.etree import ElementTree  # nosec B405 # expat >= 2.4 caps entity expansion; no external entities

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import DateTimeField, F, Model, ProtectedError, Q
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from tian import policy
from tian.audit.actions import record_event
from tian.audit.events import EventType
from tian.directory.models import Leader, Proposer, Session, Unit
from tian.handling.models import Assignment, Feedback, Grade, Reply, StatClass, Verdict
from tian.lib.cn import NUMERAL_CHARS, parse_numeral
from tian.lib.sheets import safe_cell, safe_row
from tian.proposals.models import Category, CoSignature, Proposal, Status
from tian.supervision.models import KeyProposal

Source = str | Path | IO[bytes]
Progress = Callable[[int, int], None]

HEADER_SEARCH_ROWS = 10
MAX_NUMBER = 2_147_483_647
PLACEHOLDER_PROPOSER = "未注明提案者"


# --------------------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    """A ledger column: the field it fills, the header we write, the headers we accept."""

    field: str
    header: str
    aliases: tuple[str, ...]


# Aliases are in order of preference: when a sheet has both 提案号 and 序号, 提案号 is the number.
COLUMNS: tuple[Column, ...] = (
    Column(
        "number",
        "编号",
        ("提案号", "案号", "编号", "提案编号", "建议号", "建议编号", "提案序号", "序号"),
    ),
    Column(
        "title",
        "题目",
        ("标题", "题目", "提案标题", "提案题目", "建议标题", "建议题目", "提案名称", "案由"),
    ),
    Column(
        "lead_proposer",
        "提案人",
        ("提案人", "提案者", "领衔人", "第一提案人", "领衔提案人", "建议人", "领衔代表", "提出人"),
    ),
    Column(
        "co_proposers",
        "联名人",
        ("联名人", "附议人", "联名提案人", "联名委员", "联名代表", "附议委员"),
    ),
    Column("category", "类别", ("类别", "分类", "提案类别", "建议类别")),
    Column("lead_units", "主办单位", ("主办单位", "承办单位", "牵头单位", "主办")),
    Column("co_units", "协办单位", ("协办单位", "协办")),
    Column("joint_units", "会办单位", ("会办单位", "会办")),
    Column(
        "grade",
        "办理结果",
        ("办理结果", "答复类别", "办理类别", "办理结果分类", "答复类型", "结果类别"),
    ),
    Column(
        "verdict",
        "满意度",
        ("满意度", "委员意见", "评价意见", "代表意见", "满意情况", "征询意见"),
    ),
    Column(
        "is_key",
        "重点提案",
        ("是否重点提案", "重点提案", "是否重点", "重点", "是否重点建议", "重点建议"),
    ),
    Column("lead_leader", "领办领导", ("领办领导", "领办")),
    Column("supervisors", "督办领导", ("督办领导", "督办")),
    Column("assigned_on", "交办日期", ("交办日期", "交办时间")),
    Column("replied_on", "答复日期", ("答复日期", "答复时间", "办复日期", "办复时间")),
)
COLUMN_BY_FIELD = {column.field: column for column in COLUMNS}
COLUMN_BY_FIELD_INDEX = {column.field: index for index, column in enumerate(COLUMNS)}
_ALIASES: dict[str, tuple[str, int]] = {}
for _column in COLUMNS:
    for _rank, _alias in enumerate(_column.aliases):
        _ALIASES.setdefault(_alias, (_column.field, _rank))

UNIT_FIELDS = {
    "lead_units": Assignment.Role.LEAD,
    "co_units": Assignment.Role.CO,
    "joint_units": Assignment.Role.JOINT,
}
_ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.JOINT: 1, Assignment.Role.CO: 2}


# --------------------------------------------------------------------------- errors and reports


@dataclass(frozen=True)
class RowError:
    """One problem in a ledger: its Excel row (0: the whole file), column header and message."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return f"第{self.row}行「{self.column}」:{self.message}"
        if self.row:
            return f"第{self.row}行:{self.message}"
        return self.message


class LedgerError(Exception):
    """A ledger was refused whole; `errors` lists every problem found.

    `unknown_units` names each unit the directory lacks once, however many rows cite it.
    """

    def __init__(self, errors: list[RowError], unknown_units: list[str] | None = None) -> None:
        self.errors = errors
        self.unknown_units = unknown_units or []
        super().__init__(self.message)

    @property
    def message(self) -> str:
        lines = [f"台账有{len(self.errors)}处问题,未导入任何数据:"]
        lines.extend(str(error) for error in self.errors)
        return "\n".join(lines)


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


def _numbers_text(numbers: list[int], limit: int = 20) -> str:
    shown = "、".join(str(n) for n in numbers[:limit])
    more = f"等{len(numbers)}件" if len(numbers) > limit else ""
    return f"第{shown}号{more}"


def _names_text(names: list[str], limit: int = 30) -> str:
    shown = "、".join(names[:limit])
    return f"{shown}等{len(names)}个" if len(names) > limit else shown


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    session: str
    source: str
    rows: int = 0
    dry_run: bool = False
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    created_members: list[str] = field(default_factory=list)
    created_collectives: list[str] = field(default_factory=list)
    created_units: list[str] = field(default_factory=list)
    created_leaders: list[str] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary_line(self) -> str:
        """One line in Chinese: how many proposals were created, updated and left unchanged."""
        prefix = "(试运行,未写入)" if self.dry_run else ""
        verb = "将" if self.dry_run else ""
        return (
            f"{prefix}共{self.rows}行:{verb}新增{len(self.created)}件,"
            f"{verb}更新{len(self.updated)}件,未变{len(self.unchanged)}件。"
        )

    def detail_lines(self) -> list[str]:
        """The rest of the summary in Chinese: updated numbers, created directory entries, notes."""
        lines = []
        if self.updated:
            lines.append(f"更新的提案:{_numbers_text(self.updated)}")
        for label, names in (
            ("新建委员", self.created_members),
            ("新建集体提案者", self.created_collectives),
            ("新建承办单位", self.created_units),
            ("新建领导", self.created_leaders),
        ):
            if names:
                lines.append(f"{label}{len(names)}个:{_names_text(names)}")
        if self.skipped_rows:
            rows = "、".join(str(n) for n in self.skipped_rows[:20])
            lines.append(f"跳过没有编号和题目的第{rows}行。")
        if self.ignored_headers:
            lines.append(f"未使用的列:{'、'.join(self.ignored_headers)}")
        lines.extend(self.warnings)
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, with counts beside the lists."""
        data = asdict(self)
        data["counts"] = {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "created_members": len(self.created_members),
            "created_collectives": len(self.created_collectives),
            "created_units": len(self.created_units),
            "created_leaders": len(self.created_leaders),
        }
        return data


# --------------------------------------------------------------------------- pure parsers


_SPACES = re.compile(r"[\s\u3000]+")
_LIST_SEPARATORS = re.compile(r"[、,，;；/／|｜\n\r]+")
_UNIT_SEPARATORS = re.compile(r"[、,，;；/／|｜\s\u3000]+")
_PARENTHESES = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")


def nfkc(value: Any) -> str:
    """The text of a cell with full-width letters, digits and punctuation made half-width."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value))


def is_blank(value: Any) -> bool:
    """True for an empty cell or one holding only spaces."""
    return value is None or (isinstance(value, str) and not _SPACES.sub("", value))


def normalise_header(text: Any) -> str:
    """A header as we compare it: half-width, no spaces, newlines, stars or trailing colons."""
    return re.sub(r"[\s*:]+", "", nfkc(text))


def match_header(text: Any) -> str | None:
    """The field a header names ("提 案 号\\n" → "number"), or None for a column we do not use."""
    found = _match_header(text)
    return found[0] if found else None


def _match_header(text: Any) -> tuple[str, int] | None:
    header = normalise_header(text)
    if not header:
        return None
    return _ALIASES.get(header) or _ALIASES.get(_PARENTHESES.sub("", header))


def clean_text(value: Any) -> str:
    """Cell text with runs of spaces collapsed and spaces between Chinese characters removed."""
    if value is None:
        return ""
    text = _SPACES.sub(" ", str(value)).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


_NUMBER = re.compile(rf"(?:第|NO\.?|#)?(\d+|[{NUMERAL_CHARS}]+)(?:号|號)?", re.I)


def parse_number(value: Any) -> int:
    """A proposal number from 12, 12.0, "012", "１２", "第12号", "第十二号"; CellError otherwise."""
    if isinstance(value, bool):
        raise CellError(f"编号“{value}”不是数字")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"编号“{value:g}”不是整数")
        number = int(value)
    else:
        text = _SPACES.sub("", nfkc(value))
        match = _NUMBER.fullmatch(text)
        if not match:
            raise CellError(f"无法识别编号“{clean_text(value)}”,应为数字或“第12号”")
        digits = match.group(1)
        number = parse_numeral(digits)
    if not 1 <= number <= MAX_NUMBER:
        raise CellError(f"编号“{number}”应为正整数")
    return number


_MEMBER_SUFFIX = re.compile(r"(?:等\d*[名位个]?(?:委员|代表|同志|人)?|委员|代表|同志)$")
_ANNOTATION = re.compile(r"\(([^()]*)\)")

PARTY_KEYWORDS = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟")
PARTY_KEYWORDS += ("国民党革命委员会", "民主同盟", "民主建国会", "民主促进会")
GROUP_KEYWORDS = ("工商联", "妇联", "共青团", "团区委", "团市委", "总工会", "科协", "侨联")
GROUP_KEYWORDS += ("青联", "台联", "文联", "残联", "工商业联合会")
ORGANISATION_KEYWORDS = ("政协", "人大", "委员会", "工委", "支部", "小组", "联组", "界别")
ORGANISATION_KEYWORDS += ("代表团", "专委", "学会", "协会", "商会")
ORGANISATION_KEYWORDS += PARTY_KEYWORDS + GROUP_KEYWORDS
# Personal names are two to four characters; three-character ones may end in 会, 社, 联 …,
# so those suffixes count only for longer names.
STRONG_SUFFIXES = ("委", "界", "党", "支部")
WEAK_SUFFIXES = (
    "会",
    "局",
    "社",
    "联",
    "组",
    "团",
    "院",
    "办",
    "室",
    "处",
    "所",
    "厅",
    "部",
    "中心",
)


def is_organisation(name: str) -> bool:
    """True when a proposer's name is an organisation (民盟, 九三学社区委, 经科农委, 教育界 …)."""
    if any(keyword in name for keyword in ORGANISATION_KEYWORDS):
        return True
    if len(name) >= 3 and name.endswith(STRONG_SUFFIXES):
        return True
    return len(name) >= 4 and name.endswith(WEAK_SUFFIXES)


def guess_collective_kind(name: str) -> str:
    """The kind of collective a name suggests: party, group, township committee, sector …"""
    kinds = Proposer.CollectiveKind
    if any(keyword in name for keyword in PARTY_KEYWORDS):
        return kinds.PARTY
    if any(keyword in name for keyword in GROUP_KEYWORDS):
        return kinds.GROUP
    if re.search(r"镇|街道|乡", name) and ("工委" in name or name.endswith("委")):
        return kinds.TOWNSHIP_COMMITTEE
    if name.endswith(("界", "界别")) or "界别" in name:
        return kinds.SECTOR
    if "代表团" in name:
        return kinds.DELEGATION
    if name.endswith(("委", "委员会", "专委")):
        return kinds.SPECIAL_COMMITTEE
    return kinds.OTHER


def clean_proposer_name(text: str) -> tuple[str, bool]:
    """A proposer's name without 委员/代表/等委员/(集体) annotations, and whether it said 集体."""
    collective = False

    def drop(match: re.Match[str]) -> str:
        nonlocal collective
        collective = collective or "集体" in match.group(1)
        return ""

    name = _SPACES.sub("", _ANNOTATION.sub(drop, nfkc(text)))
    if name.endswith("集体") and len(name) > 3:
        name, collective = name[:-2], True
    stripped = _MEMBER_SUFFIX.sub("", name)
    if len(stripped) >= 2:
        name = stripped
    return name, collective


@dataclass(frozen=True)
class ProposerName:
    """A proposer as a ledger names it; `collective` when the cell said so (集体)."""

    name: str
    collective: bool = False


def parse_proposers(value: Any) -> list[ProposerName]:
    """Proposers in a cell, in order: "张三、李四" → 张三, 李四; "王 伟" stays one name."""
    found: list[ProposerName] = []
    for piece in _LIST_SEPARATORS.split(nfkc(value)):
        parts = piece.split()
        if not parts:
            continue
        cleaned = [clean_proposer_name(part) for part in parts]
        if len(parts) > 1 and not all(len(name) >= 2 for name, _ in cleaned):
            cleaned = [clean_proposer_name("".join(parts))]
        for name, collective in cleaned:
            if name and all(p.name != name for p in found):
                found.append(ProposerName(name, collective))
    return found


_UNIT_ROLE = re.compile(r"(.+?)[(（](主办|牵头|协办|配合|会办)(?:单位)?[)）]")
_UNIT_ROLE_NAMES = {
    "主办": Assignment.Role.LEAD,
    "牵头": Assignment.Role.LEAD,
    "协办": Assignment.Role.CO,
    "配合": Assignment.Role.CO,
    "会办": Assignment.Role.JOINT,
}


def split_units(value: Any) -> list[tuple[str, str | None]]:
    """Unit names in a cell with any role written beside them: "区住建局(主办)、区交通局"."""
    tokens = [token for token in _UNIT_SEPARATORS.split(str(value)) if token]
    merged: list[str] = []
    carry = ""
    for token in tokens:
        # "区 住建局": a lone one-character piece belongs to the name that follows.
        if len(token) == 1:
            carry += token
            continue
        merged.append(carry + token)
        carry = ""
    if carry:
        if merged:
            merged[-1] += carry
        else:
            merged.append(carry)
    units: list[tuple[str, str | None]] = []
    for token in merged:
        match = _UNIT_ROLE.fullmatch(token)
        if match:
            units.append((match.group(1), str(_UNIT_ROLE_NAMES[match.group(2)])))
        else:
            units.append((token, None))
    return units


def unit_key(name: str) -> str:
    """The form in which unit names are compared: half-width, without spaces."""
    return _SPACES.sub("", nfkc(name))


def unit_name_variants(name: str) -> list[str]:
    """A unit name with and without a leading 区/市/县: 住建局 ↔ 区住建局, 市住建局, 县住建局."""
    key = unit_key(name)
    if len(key) > 2 and key[0] in "区市县":
        return [key, key[1:]]
    return [key, f"区{key}", f"市{key}", f"县{key}"]


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_EPOCH_DATETIME = datetime(1899, 12, 30)
_EXCEL_EPOCH_1904 = datetime(1904, 1, 1)


def parse_date(value: Any) -> date | None:
    """A date from an Excel date or serial number, or text such as 2022/3/1 or 2022年3月1日."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2_958_466:
            raise CellError(f"无法识别日期“{value}”")
        result = _EXCEL_EPOCH + timedelta(days=int(value))
    else:
        text = nfkc(value).strip()
        match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
        if not match:
            raise CellError(f"无法识别日期“{clean_text(value)}”,应写成 2022-03-01 或 2022年3月1日")
        try:
            result = date(*(int(part) for part in match.groups()))
        except ValueError as error:
            raise CellError(f"日期“{clean_text(value)}”不存在") from error
    if not 1949 <= result.year <= 2100:
        raise CellError(f"日期“{clean_text(value)}”的年份不对")
    return result


_TRUE = {"是", "√", "✓", "✔", "☑", "Y", "YES", "1", "重点", "是重点", "重点提案", "重点建议", "★"}
_FALSE = {"否", "×", "✗", "✘", "N", "NO", "0", "不是", "非重点", "一般", "-"}


def parse_flag(value: Any) -> bool | None:
    """是/√/Y/1/重点 → True, 否/×/N/0 → False, an empty cell → None."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    text = _SPACES.sub("", nfkc(value)).upper()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if text in _TRUE or text == "TRUE":
        return True
    if text in _FALSE or text == "FALSE":
        return False
    raise CellError(f"无法识别“{clean_text(value)}”,请填写“是”或“否”")


_VERDICTS = {str(choice.label): choice.value for choice in Verdict}


def parse_verdict(value: Any) -> tuple[str, str] | None:
    """满意/基本满意/不满意 → (attitude, result), both the same; "满意/基本满意" gives each."""
    if is_blank(value):
        return None
    parts = [part for part in re.split(r"[/,、;]", _SPACES.sub("", nfkc(value))) if part]
    verdicts = [_VERDICTS.get(part) for part in parts]
    if not verdicts or None in verdicts or len(verdicts) > 2:
        raise CellError(f"无法识别满意度“{clean_text(value)}”,应为满意、基本满意或不满意")
    attitude, result = (verdicts[0], verdicts[-1])
    return str(attitude), str(result)


def verdict_text(attitude: str, result: str) -> str:
    """The cell text for a verdict: "满意", or "满意/基本满意" when attitude and result differ."""
    labels = Verdict(attitude).label, Verdict(result).label
    return str(labels[0]) if attitude == result else f"{labels[0]}/{labels[1]}"


_TITLE_WORDS = ("书记", "主席", "长", "主任", "常委", "主委", "委员", "政委", "秘书")
_TITLE_THEN_NAME = re.compile(rf"(.+?(?:{'|'.join(_TITLE_WORDS)}))(\S{{2,4}})")
_NAME_THEN_TITLE = re.compile(r"(.+?)\(([^()]+)\)")


def _split_title(token: str) -> tuple[str, str]:
    match = _NAME_THEN_TITLE.fullmatch(token)
    if match:
        return match.group(2), match.group(1)
    match = _TITLE_THEN_NAME.fullmatch(token)
    if match:
        return match.group(1), match.group(2)
    return "", token


def parse_leaders(value: Any) -> list[tuple[str, str]]:
    """Leaders in a cell as (title, name): "副区长 王某、区政协主席李某" → both, with titles."""
    leaders: list[tuple[str, str]] = []
    for piece in _LIST_SEPARATORS.split(nfkc(value)):
        pending: list[str] = []
        for token in piece.split():
            if token.endswith(_TITLE_WORDS) and len(token) >= 2 and _split_title(token)[0] == "":
                pending.append(token)
                continue
            title, name = _split_title(token)
            leaders.append(("".join([*pending, title]), name))
            pending = []
        if pending:
            # A lone trailing "title" is really a name that happens to end like one (王长).
            leaders.append(("".join(pending[:-1]), pending[-1]))
    seen: set[str] = set()
    unique = []
    for title, name in leaders:
        if name not in seen:
            seen.add(name)
            unique.append((title, name))
    return unique


def leader_organisation(title: str) -> str:
    """The organisation a leader's title suggests: 政协 for 主席, 党委 for 书记 …"""
    kinds = Leader.Organisation
    if "政协" in title or "主席" in title:
        return kinds.CPPCC
    if "人大" in title:
        return kinds.NPC
    if re.search(r"[区市县镇乡]长", title):
        return kinds.GOVERNMENT
    if re.search(r"书记|常委|部长", title):
        return kinds.PARTY
    return kinds.GOVERNMENT


def derive_status(*, has_units: bool, has_reply: bool, has_verdict: bool) -> str:
    """The status an imported proposal's data implies: verdict → closed, reply → replied …"""
    if has_verdict:
        return Status.CLOSED
    if has_reply:
        return Status.REPLIED
    if has_units:
        return Status.ASSIGNED
    return Status.FILED


# --------------------------------------------------------------------------- reading


@dataclass
class LedgerRow:
    """One data row of a sheet: its Excel row number and the raw cells of the columns we use."""

    row: int
    cells: dict[str, Any]


@dataclass
class Ledger:
    """The rows of a ledger sheet with the headers as they are written in it."""

    rows: list[LedgerRow]
    headers: dict[str, str]
    header_row: int
    sheet: str
    ignored_headers: list[str] = field(default_factory=list)
    source: str = ""
    columns: dict[str, int] = field(default_factory=dict)  # field → column index

    def __iter__(self) -> Iterator[LedgerRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


SheetRows = Iterator[tuple[int, dict[int, Any]]]  # (Excel row number, {column index: value})


@dataclass
class _Sheet:
    title: str
    rows: Callable[[], SheetRows]
    date1904: bool = False
    # Merged ranges such as "E5:E9", known once the rows have been read.
    merged: Callable[[], list[str]] = list


Sheets = Iterator[_Sheet]

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class _UnusualFile(Exception):
    """The fast reader met something it does not handle; openpyxl reads the file instead."""


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _string_item(node: ElementTree.Element) -> str:
    # Text runs in order; phonetic guides (rPh) are not part of the text.
    parts = []
    for child in node:
        if child.tag == f"{_MAIN_NS}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN_NS}r":
            parts.append(child.findtext(f"{_MAIN_NS}t") or "")
    return _unescape("".join(parts))


def _column_index(ref: str) -> int:
    index = 0
    for char in ref:
        if char.isdigit():
            break
        index = index * 26 + ord(char) - 64
    return index - 1


class _XlsxValues:
    """Cell values of an .xlsx file, read with the standard library.

    A ledger needs values only; openpyxl builds a rich object per string cell, which makes
    reading a 10,000-row sheet several times slower. Dates come as Excel serial numbers
    unless the cell says otherwise; `parse_date` reads both.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
        if not workbook.tag.startswith(_MAIN_NS):
            raise _UnusualFile("strict OOXML")
        properties = workbook.find(f"{_MAIN_NS}workbookPr")
        self.date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        targets = {}
        for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")):  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id")] = (rel.get("Type", "").rpartition("/")[2], target)
        self.sheets = [
            (sheet.get("name", ""), targets[sheet.get(f"{_REL_NS}id")][1])
            for sheet in workbook.iter(f"{_MAIN_NS}sheet")
        ]
        names = set(archive.namelist())
        self.merged: dict[str, list[str]] = {}
        self.strings: list[str] = []
        for kind, target in targets.values():
            if kind == "sharedStrings" and target in names:
                with archive.open(target) as stream:
                    for _, node in ElementTree.iterparse(stream):  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
                        if node.tag == f"{_MAIN_NS}si":
                            self.strings.append(_string_item(node))
                            node.clear()

    def rows(self, path: str) -> SheetRows:
        cell_tag, row_tag = f"{_MAIN_NS}c", f"{_MAIN_NS}row"
        value_tag, inline_tag = f"{_MAIN_NS}v", f"{_MAIN_NS}is"
        merge_tag = f"{_MAIN_NS}mergeCell"
        strings = self.strings
        merged = self.merged[path] = []
        number = 0
        with self.archive.open(path) as stream:
            for _, element in ElementTree.iterparse(stream):  # nosec B314 # expat >= 2.4 caps entity expansion; no external entities
                if element.tag != row_tag:
                    if element.tag == merge_tag:
                        merged.append(element.get("ref", ""))
                    continue
                mark = element.get("r")
                number = int(mark) if mark else number + 1
                values: dict[int, Any] = {}
                column = -1
                for cell in element.iter(cell_tag):
                    ref = cell.get("r")
                    column = _column_index(ref) if ref else column + 1
                    kind = cell.get("t", "n")
                    if kind == "inlineStr":
                        inline = cell.find(inline_tag)
                        if inline is not None:
                            values[column] = _string_item(inline)
                        continue
                    text = cell.findtext(value_tag)
                    if not text:
                        continue
                    if kind == "s":
                        values[column] = strings[int(text)]
                    elif kind == "n":
                        try:
                            values[column] = int(text)
                        except ValueError:
                            values[column] = float(text)
                    elif kind == "b":
                        values[column] = text == "1"
                    elif kind == "d":
                        values[column] = datetime.fromisoformat(text)
                    else:
                        values[column] = _unescape(text)
                element.clear()
                yield number, values


def _fast_sheets(source: Source) -> Sheets:
    with zipfile.ZipFile(source) as archive:
        try:
            workbook = _XlsxValues(archive)
        except (KeyError, ElementTree.ParseError) as error:
            raise _UnusualFile(str(error)) from error
        for title, path in workbook.sheets:
            yield _Sheet(
                title,
                partial(workbook.rows, path),
                workbook.date1904,
                lambda path=path: workbook.merged.get(path, []),
            )


def _openpyxl_sheets(source: Source) -> Sheets:
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            # The recorded dimension is sometimes wrong; read what is really there.
            sheet.reset_dimensions()

            def rows(sheet: Any = sheet) -> SheetRows:
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    yield number, {i: v for i, v in enumerate(values) if v is not None}

            yield _Sheet(sheet.title, rows, workbook.epoch != _EXCEL_EPOCH_DATETIME)
    finally:
        workbook.close()


def _find_header(
    rows: list[tuple[int, dict[int, Any]]],
) -> tuple[int, dict[str, int], list[str]] | None:
    for number, values in rows:
        if number > HEADER_SEARCH_ROWS:
            break
        chosen: dict[str, tuple[int, int]] = {}
        ignored = []
        for col in sorted(values):
            value = values[col]
            found = _match_header(value)
            if found is None:
                if not is_blank(value):
                    ignored.append(_SPACES.sub("", str(value)))
                continue
            name, rank = found
            if name not in chosen or rank < chosen[name][1]:
                if name in chosen:
                    ignored.append(_SPACES.sub("", str(values[chosen[name][0]])))
                chosen[name] = (col, rank)
            else:
                ignored.append(_SPACES.sub("", str(value)))
        if "number" in chosen and "title" in chosen:
            return number, {name: col for name, (col, _) in chosen.items()}, ignored
    return None


def _source_name(source: Source) -> str:
    if isinstance(source, str | Path):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "")).name


def _sub_headers(
    top: list[tuple[int, dict[int, Any]]], header_row: int, columns: dict[str, int]
) -> tuple[int, dict[int, Any]] | None:
    # A two-level header: 承办单位 over 主办 | 协办, 办理情况 over 办理结果 | 满意度.
    below = dict(top).get(header_row + 1)
    if not below or any(not is_blank(below.get(columns[name])) for name in ("number", "title")):
        return None
    if not any(match_header(value) for value in below.values()):
        return None
    return header_row + 1, below


def _fill_merged_down(
    data: list[LedgerRow], columns: dict[str, int], header_row: int, merged: list[str]
) -> None:
    # A cell merged down a column (one 类别 or 主办单位 for several rows) holds its value in
    # the top cell only; it belongs to every row it spans.
    field_of = {col: name for name, col in columns.items()}
    by_row = {item.row: item for item in data}
    for ref in merged:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        name = field_of.get(min_col - 1)
        top = by_row.get(min_row)
        if min_col != max_col or min_row <= header_row or name is None or top is None:
            continue
        for number in range(min_row + 1, max_row + 1):
            item = by_row.get(number)
            if item is not None and is_blank(item.cells.get(name)):
                item.cells[name] = top.cells[name]


def _read_sheets(source: Source, sheets: Callable[[Source], Sheets]) -> Ledger | None:
    for sheet in sheets(source):
        top = list(islice(sheet.rows(), HEADER_SEARCH_ROWS + 1))
        found = _find_header(top)
        if found is None:
            continue
        header_row, columns, ignored = found
        header_values = dict(top)[header_row]
        headers = {name: _SPACES.sub("", str(header_values[col])) for name, col in columns.items()}
        sub = _sub_headers(top, header_row, columns)
        if sub is not None:
            header_row, below = sub
            for col, value in below.items():
                name = match_header(value)
                if name is not None:
                    columns[name] = col
                    headers[name] = _SPACES.sub("", str(value))
        data = []
        for number, values in sheet.rows():
            if number <= header_row:
                continue
            cells = {name: values.get(col) for name, col in columns.items()}
            if all(is_blank(value) for value in cells.values()):
                continue
            for name in ("assigned_on", "replied_on") if sheet.date1904 else ():
                value = cells.get(name)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cells[name] = _EXCEL_EPOCH_1904 + timedelta(days=int(value))
            data.append(LedgerRow(row=number, cells=cells))
        _fill_merged_down(data, columns, header_row, sheet.merged())
        return Ledger(
            rows=data,
            headers=headers,
            header_row=header_row,
            sheet=sheet.title,
            ignored_headers=ignored,
            source=_source_name(source),
            columns=columns,
        )
    return None


def read_ledger(source: Source) -> Ledger:
    """Read the first sheet that has a ledger header; LedgerError if the file is not a ledger."""
    unreadable = "无法读取文件:不是有效的 Excel(.xlsx)文件;.xls 请先另存为 .xlsx。"
    try:
        try:
            ledger = _read_sheets(source, _fast_sheets)
        except _UnusualFile:
            if not isinstance(source, str | Path):
                source.seek(0)
            ledger = _read_sheets(source, _openpyxl_sheets)
    except FileNotFoundError as error:
        raise LedgerError([RowError(0, "", f"找不到文件“{source}”。")]) from error
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise LedgerError([RowError(0, "", unreadable)]) from error
    if ledger is not None:
        return ledger
    wanted = "、".join(COLUMN_BY_FIELD["number"].aliases[:4])
    titles = "、".join(COLUMN_BY_FIELD["title"].aliases[:4])
    raise LedgerError(
        [
            RowError(
                0,
                "",
                f"找不到表头:前{HEADER_SEARCH_ROWS}行中没有同时含有编号({wanted})"
                f"和题目({titles})两列的一行。",
            )
        ]
    )


# --------------------------------------------------------------------------- parsing rows


@dataclass
class ParsedRow:
    """A row read into values, before they are looked up in the directory. None: not stated."""

    row: int
    number: int | None
    title: str
    proposers: list[ProposerName]
    co_proposers: list[ProposerName]
    category: str | None
    units: list[tuple[str, str, str]]  # (name as written, role, field it came from)
    grade: str | None
    verdict: tuple[str, str] | None
    is_key: bool | None
    lead_leader: tuple[str, str] | None
    supervisors: list[tuple[str, str]]
    assigned_on: date | None
    replied_on: date | None
    # False when a cell could not be read: the row is still checked against the directory,
    # so that every problem is reported at once, but it is never imported.
    readable: bool = True


def _column_error(headers: dict[str, str], row: int, name: str, message: str) -> RowError:
    return RowError(row, headers.get(name, COLUMN_BY_FIELD[name].header), message)


class _RowReader:
    """Reads one row's cells, collecting an error for each cell that cannot be read."""

    def __init__(self, item: LedgerRow, headers: dict[str, str]) -> None:
        self.item = item
        self.headers = headers
        self.errors: list[RowError] = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append(_column_error(self.headers, self.item.row, name, message))

    def read(self, name: str, parser: Callable[[Any], Any], default: Any = None) -> Any:
        value = self.item.cells.get(name)
        if is_blank(value):
            return default
        try:
            return parser(value)
        except CellError as error:
            self.fail(name, str(error))
            return default


def _memoised(parser: Callable[[Any], Any]) -> Callable[[Any], Any]:
    # Ledgers repeat the same names, units and dates thousands of times: parse each once.
    cache: dict[Any, Any] = {}

    def parse(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = parser(value)
            return result

    return parse


def _is_number(value: Any) -> bool:
    try:
        parse_number(value)
    except CellError:
        return False
    return True


def parse_rows(
    ledger: Ledger, progress: Progress | None = None
) -> tuple[list[ParsedRow], list[RowError], list[int]]:
    """Read every row's cells into values: the parsed rows, the errors, the rows skipped.

    A row without a title whose number cell is empty or not a number ("合计", "一、经济发展类")
    is a total, a note or a section heading: it is skipped, and listed as skipped.
    """
    proposers_in, units_in = _memoised(parse_proposers), _memoised(split_units)
    leaders_in, date_in = _memoised(parse_leaders), _memoised(parse_date)
    verdict_in, flag_in = _memoised(parse_verdict), _memoised(parse_flag)
    parsed: list[ParsedRow] = []
    errors: list[RowError] = []
    skipped: list[int] = []
    first_row_of: dict[int, int] = {}

    total = 2 * len(ledger)
    for index, item in enumerate(ledger.rows):
        if progress and index % 1000 == 0:
            progress(index, total)
        reader = _RowReader(item, ledger.headers)
        raw_number, title = item.cells.get("number"), clean_text(item.cells.get("title"))
        if not title and (is_blank(raw_number) or not _is_number(raw_number)):
            skipped.append(item.row)
            continue
        number = None
        if is_blank(raw_number):
            reader.fail("number", "缺少编号")
        else:
            number = reader.read("number", parse_number)
            if number is not None and number in first_row_of:
                reader.fail("number", f"编号第{number}号与第{first_row_of[number]}行重复")
            elif number is not None:
                first_row_of[number] = item.row
        if not title:
            reader.fail("title", "缺少题目")
        elif len(title) > 200:
            reader.fail("title", f"题目超过200字(共{len(title)}字)")

        proposers = reader.read("lead_proposer", proposers_in, [])
        co_proposers = reader.read("co_proposers", proposers_in, [])
        for name, people in (("lead_proposer", proposers), ("co_proposers", co_proposers)):
            for person in people:
                if len(person.name) > 60:
                    reader.fail(name, f"提案者名称“{person.name}”超过60个字")
        units: list[tuple[str, str, str]] = []
        for name, default_role in UNIT_FIELDS.items():
            for position, (unit, role) in enumerate(reader.read(name, units_in, [])):
                if role is None:
                    # Several units in the 主办 column: the first leads, the others join (会办).
                    joint = name == "lead_units" and position > 0
                    role = Assignment.Role.JOINT if joint else default_role
                units.append((unit, str(role), name))
        verdict = reader.read("verdict", verdict_in)
        is_key = reader.read("is_key", flag_in)
        lead_leaders = reader.read("lead_leader", leaders_in, [])
        if len(lead_leaders) > 1:
            reader.fail("lead_leader", "每件重点提案只能有一位领办领导")
        supervisors = reader.read("supervisors", leaders_in, [])
        if is_key is False and (lead_leaders or supervisors):
            reader.fail("is_key", "标为非重点提案,却填写了领办或督办领导")
        for name, leaders in (("lead_leader", lead_leaders), ("supervisors", supervisors)):
            for _, leader in leaders:
                if len(leader) > 40:
                    reader.fail(name, f"领导姓名“{leader}”超过40个字")
        assigned_on = reader.read("assigned_on", date_in)
        replied_on = reader.read("replied_on", date_in)

        errors.extend(reader.errors)
        parsed.append(
            ParsedRow(
                row=item.row,
                number=number,
                title=title,
                proposers=proposers,
                co_proposers=co_proposers,
                category=clean_text(item.cells.get("category")) or None,
                units=units,
                grade=clean_text(item.cells.get("grade")) or None,
                verdict=verdict,
                is_key=is_key,
                lead_leader=lead_leaders[0] if lead_leaders else None,
                supervisors=supervisors,
                assigned_on=assigned_on,
                replied_on=replied_on,
                readable=not reader.errors and number is not None,
            )
        )
    return parsed, errors, skipped


# --------------------------------------------------------------------------- the directory


@dataclass
class _Existing:
    """What Tian holds for a numbered proposal, as ids, to compare a row against."""

    id: int | None = None
    title: str = ""
    category_id: int | None = None
    lead_id: int | None = None
    status: str = Status.FILED
    version: int = 1
    cosignatures: dict[int, tuple[int, str]] = field(default_factory=dict)
    # unit → (id, role, assigned_on, status, deadline_from), whatever the status
    assignments: dict[int, tuple[int, str, date | None, str, date | None]] = field(
        default_factory=dict
    )
    reply: tuple[int, int, int | None, date | None] | None = None  # the final accepted one
    feedback: tuple[int, str, str, bool] | None = None  # the lead proposer's latest
    key: tuple[int, int | None] | None = None
    supervisors: set[int] = field(default_factory=set)

    def active_units(self) -> dict[int, str]:
        """The units handling the proposal now, with their roles."""
        active = Assignment.Status.ACTIVE
        return {unit: held[1] for unit, held in self.assignments.items() if held[3] == active}

    @property
    def has_verdict(self) -> bool:
        return bool(self.feedback is not None and self.feedback[3] and any(self.feedback[1:3]))


def _load_existing(session: Session) -> dict[int, _Existing]:
    by_id: dict[int, _Existing] = {}
    by_number: dict[int, _Existing] = {}
    rows = Proposal.objects.filter(session=session, number__isnull=False).values_list(
        "id", "number", "title", "category_id", "lead_proposer_id", "status", "version"
    )
    for pk, number, title, category_id, lead_id, status, version in rows:
        existing = _Existing(pk, title, category_id, lead_id, status, version)
        by_id[pk] = by_number[number] = existing
    if not by_id:
        return by_number
    in_session = {"proposal__session": session, "proposal__number__isnull": False}
    for pk, proposal_id, proposer_id, status in CoSignature.objects.filter(
        **in_session
    ).values_list("id", "proposal_id", "proposer_id", "status"):
        by_id[proposal_id].cosignatures[proposer_id] = (pk, status)
    for pk, proposal_id, unit_id, *held in (
        Assignment.objects.filter(**in_session)
        .order_by("id")
        .values_list(
            "id", "proposal_id", "unit_id", "role", "assigned_on", "status", "deadline_from"
        )
    ):
        by_id[proposal_id].assignments[unit_id] = (pk, *held)
    for proposal_id, reply in final_accepted_replies(session).items():
        by_id[proposal_id].reply = (reply.id, reply.unit_id, reply.grade_id, reply.replied_on)
    for pk, proposal_id, proposer_id, attitude, result, responded in (
        Feedback.objects.filter(**in_session)
        .order_by("round", "id")
        .values_list("id", "proposal_id", "proposer_id", "attitude", "result", "responded")
    ):
        if proposer_id == by_id[proposal_id].lead_id:
            by_id[proposal_id].feedback = (pk, attitude, result, responded)
    keys: dict[int, _Existing] = {}
    for pk, proposal_id, leader_id in KeyProposal.objects.filter(**in_session).values_list(
        "id", "proposal_id", "lead_leader_id"
    ):
        by_id[proposal_id].key = (pk, leader_id)
        keys[pk] = by_id[proposal_id]
    through = KeyProposal.supervisors.through
    for key_id, leader_id in through.objects.filter(
        keyproposal__proposal__session=session
    ).values_list("keyproposal_id", "leader_id"):
        if key_id in keys:
            keys[key_id].supervisors.add(leader_id)
    return by_number


class _Directory:
    """The session's categories and grades, and the units, proposers and leaders, in memory.

    Names not found are registered as new, unsaved objects, saved in bulk when importing.
    """

    def __init__(self, session: Session, *, create_units: bool) -> None:
        self.session = session
        self.create_units = create_units
        self.categories: dict[str, Category] = {}
        for category in Category.objects.filter(session=session):
            key = unit_key(category.name)
            self.categories[key] = category
            self.categories.setdefault(key.removesuffix("类"), category)
        self.grades = list(Grade.objects.filter(session=session))
        self.grade_index: dict[str, Grade] = {}
        for grade in self.grades:
            code = unit_key(grade.code).upper()
            for key in (
                code,
                f"{code}类",
                unit_key(grade.label),
                f"{code}类{unit_key(grade.label)}",
            ):
                self.grade_index.setdefault(key, grade)
        for stat_class in StatClass:
            matching = [g for g in self.grades if g.stat_class == stat_class]
            if len(matching) == 1:
                self.grade_index.setdefault(unit_key(str(stat_class.label)), matching[0])
        self.units: dict[str, list[Unit]] = {}
        for unit in Unit.objects.all():
            self._index_unit(unit)
        self.proposers: dict[str, Proposer] = {}
        proposers = list(Proposer.objects.filter(body_id=session.body_id))
        for proposer in proposers:
            if proposer.full_name:
                self.proposers[unit_key(proposer.full_name)] = proposer
        for proposer in proposers:
            self.proposers[unit_key(proposer.name)] = proposer
        self.leaders = {unit_key(leader.name): leader for leader in Leader.objects.all()}
        self.new_units: list[Unit] = []
        self.new_proposers: list[Proposer] = []
        self.new_leaders: list[Leader] = []
        self._placeholder: Proposer | None = None
        self._found_units: dict[str, Unit] = {}
        self.unknown_units: dict[str, None] = {}
        self._found_proposers: dict[str, Proposer] = {}

    def _index_unit(self, unit: Unit) -> None:
        for name in unit.all_names():
            known = self.units.setdefault(unit_key(name), [])
            if all(unit is not other for other in known):
                known.append(unit)

    def category(self, name: str) -> Category:
        key = unit_key(name)
        found = self.categories.get(key) or self.categories.get(key.removesuffix("类"))
        if found is None:
            names = "、".join(c.name for c in {c.pk: c for c in self.categories.values()}.values())
            raise CellError(
                f"找不到类别“{name}”,本次会议的类别有:{names}"
                if names
                else f"找不到类别“{name}”,本次会议还没有设置类别"
            )
        return found

    def grade(self, text: str) -> Grade:
        key = unit_key(text).upper()
        found = self.grade_index.get(key) or self.grade_index.get(key.removesuffix("类"))
        if found is None:
            match = re.match(r"([A-Z])类?(?:[\s(:、.\-]|$)", key)
            found = self.grade_index.get(match.group(1)) if match else None
        if found is None:
            choices = "、".join(f"{g.code}={g.label}" for g in self.grades)
            raise CellError(
                f"找不到办理结果“{text}”,本次会议的分类有:{choices}"
                if choices
                else f"找不到办理结果“{text}”,本次会议还没有设置办理结果分类"
            )
        return found

    def unit(self, name: str) -> Unit:
        found = self._found_units.get(name)
        if found is None:
            found = self._found_units[name] = self._find_unit(name)
        return found

    def _find_unit(self, name: str) -> Unit:
        matches: list[Unit] = []
        for variant in unit_name_variants(name):
            found = self.units.get(variant, [])
            matches.extend(unit for unit in found if all(unit is not m for m in matches))
            if found and variant == unit_key(name):
                break
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = "、".join(sorted(unit.name for unit in matches))
            raise CellError(f"“{name}”可能是多个承办单位({names}),请写全称")
        if not self.create_units:
            self.unknown_units.setdefault(name)
            raise CellError(f"找不到承办单位“{name}”(可用 --create-units 自动创建)")
        if len(name) > 80:
            raise CellError(f"承办单位名称“{name}”超过80个字")
        kind = Unit.Kind.TOWNSHIP if re.search(r"(镇|乡|街道|街道办事处)$", name) else None
        unit = Unit(name=name, kind=kind or Unit.Kind.DEPARTMENT)
        self.new_units.append(unit)
        self._index_unit(unit)
        return unit

    def proposer(self, person: ProposerName) -> Proposer:
        found = self._found_proposers.get(person.name)
        if found is None:
            found = self._found_proposers[person.name] = self._find_proposer(person)
        return found

    def _find_proposer(self, person: ProposerName) -> Proposer:
        found = self.proposers.get(unit_key(person.name))
        if found is not None:
            return found
        if person.collective or is_organisation(person.name):
            proposer = Proposer(
                body_id=self.session.body_id,
                kind=Proposer.Kind.COLLECTIVE,
                name=person.name,
                collective_kind=guess_collective_kind(person.name),
            )
        else:
            proposer = Proposer(
                body_id=self.session.body_id, kind=Proposer.Kind.MEMBER, name=person.name
            )
        self.new_proposers.append(proposer)
        self.proposers[unit_key(person.name)] = proposer
        return proposer

    def placeholder(self) -> Proposer:
        if self._placeholder is None:
            self._placeholder = self.proposer(ProposerName(PLACEHOLDER_PROPOSER, collective=True))
        return self._placeholder

    def leader(self, title: str, name: str) -> Leader:
        found = self.leaders.get(unit_key(name))
        if found is not None:
            return found
        leader = Leader(name=name, title=title[:60], organisation=leader_organisation(title))
        self.new_leaders.append(leader)
        self.leaders[unit_key(name)] = leader
        return leader


@dataclass
class _Target:
    """A row resolved against the directory: what the proposal should hold. None: not stated."""

    row: int
    number: int
    title: str
    category: Category | None
    lead: Proposer | None
    co: list[Proposer] | None
    units: list[tuple[Unit, str]] | None
    assigned_on: date | None
    grade: Grade | None
    replied_on: date | None
    verdict: tuple[str, str] | None
    is_key: bool | None
    lead_leader: Leader | None
    supervisors: list[Leader] | None


@dataclass
class _Plan:
    ledger: Ledger
    targets: list[_Target]
    errors: list[RowError]
    skipped: list[int]
    directory: _Directory | None = None
    existing: dict[int, _Existing] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    live: bool = False


# --------------------------------------------------------------------------- live sessions


# Audit events that only Tian's workflow writes: their presence on any proposal of a session
# makes the session live (see the module docstring).
WORKFLOW_EVENT_PREFIXES = (
    "proposal.",
    "cosign.",
    "transition.",
    "assignment.",
    "objection.",
    "contact.",
    "co_opinion.",
    "reply.",
    "deadline.",
    "feedback.",
)


def session_is_live(session: Session) -> bool:
    """True once any proposal of the session has been through Tian's workflow."""
    from tian.audit.models import AuditEvent

    through_workflow = Q()
    for prefix in WORKFLOW_EVENT_PREFIXES:
        through_workflow |= Q(event_type__startswith=prefix)
    return AuditEvent.objects.filter(through_workflow, proposal__session=session).exists()


class _Names:
    """The names behind the ids a ledger compares, for errors and audit events."""

    def __init__(self, directory: _Directory) -> None:
        self.directory = directory
        self._maps: dict[str, dict[int, str]] = {}
        self._roles = {role.value: str(role.label) for role in Assignment.Role}

    def _build(self, kind: str) -> dict[int, str]:
        directory = self.directory
        objects: Any
        if kind == "proposer":
            objects = directory.proposers.values()
        elif kind == "unit":
            objects = (unit for units in directory.units.values() for unit in units)
        elif kind == "leader":
            objects = directory.leaders.values()
        elif kind == "category":
            objects = directory.categories.values()
        else:
            return {grade.pk: grade.code for grade in directory.grades}
        return {item.pk: item.name for item in objects if item.pk is not None}

    def __call__(self, kind: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        names = self._maps.get(kind)
        if names is None or pk not in names:
            # Objects saved since the map was built have their ids now.
            names = self._maps[kind] = self._build(kind)
            names.setdefault(pk, f"#{pk}")  # outside the directory: never look again
        return names[pk]

    def many(self, kind: str, pks: Iterable[int]) -> list[str]:
        return sorted(str(self(kind, pk)) for pk in pks)

    def units(self, held: dict[int, str]) -> list[str]:
        ranked = sorted(held.items(), key=lambda item: (_ROLE_RANK[item[1]], item[0]))
        return [f"{self('unit', pk)}({self._roles[role]})" for pk, role in ranked]


def _held_verdict(current: _Existing) -> tuple[str, str] | None:
    if not current.has_verdict or current.feedback is None:
        return None
    attitude, result = current.feedback[1:3]
    return attitude or result, result or attitude


_IN_WORKFLOW = "本次会议已在平台办理,"


def _live_conflicts(target: _Target, current: _Existing, names: _Names) -> list[tuple[str, str]]:
    """(field, message) for each cell of a row that would change a live proposal."""
    found: list[tuple[str, str]] = []
    if current.id is None:
        workflow_cells = (
            ("lead_units", target.units, "交办承办单位须经政府办督查室交办"),
            ("assigned_on", target.assigned_on, "交办日期由交办流程产生"),
            ("grade", target.grade, "办理结果随承办单位报送、督查室审核的答复产生"),
            ("verdict", target.verdict, "满意度只能由提案人本人在征询意见中填写"),
            ("is_key", target.is_key or None, "重点提案请在重点提案页面确定"),
            ("lead_leader", target.lead_leader, "领办领导请在重点提案页面确定"),
            ("supervisors", target.supervisors, "督办领导请在重点提案页面确定"),
            ("replied_on", target.replied_on, "答复日期随督查室审核通过的答复产生"),
        )
        for name, value, reason in workflow_cells:
            if value is not None:
                found.append((name, f"{_IN_WORKFLOW}新增的提案只能是已立案的,{reason}。"))
        return found

    def refuse(name: str, what: str, held: Any, reason: str = "") -> None:
        shown = "、".join(held) if isinstance(held, list) else held
        now = f"(现为“{shown}”)" if shown else "(现在没有)"
        found.append((name, f"第{target.number}号已在办理流程中,台账不能更改{what}{now}{reason}。"))

    if target.title != clean_text(current.title):
        refuse("title", "题目", current.title, ",提交后的题目以提案者所写为准")
    if target.category is not None and current.category_id not in (None, target.category.pk):
        refuse("category", "类别", names("category", current.category_id))
    if target.lead is not None and target.lead.pk != current.lead_id:
        refuse("lead_proposer", "提案人", names("proposer", current.lead_id))
    confirmed = CoSignature.Status.CONFIRMED
    have = {pid for pid, (_, status) in current.cosignatures.items() if status == confirmed}
    if target.co is not None:
        wanted = {p.pk for p in target.co if p.pk is None or p.pk != current.lead_id}
        if wanted != have:
            refuse("co_proposers", "联名人", names.many("proposer", have), ",联名须本人确认")
    active = current.active_units()
    if target.units is not None and {u.pk: role for u, role in target.units} != active:
        refuse("lead_units", "承办单位", names.units(active), ",交办和调整须走交办流程")
    active_dates = [
        held[2]
        for held in current.assignments.values()
        if held[3] == Assignment.Status.ACTIVE and held[2]
    ]
    if target.assigned_on is not None and target.assigned_on != min(active_dates, default=None):
        refuse("assigned_on", "交办日期", str(min(active_dates)) if active_dates else "")
    held_grade, held_date = (current.reply[2], current.reply[3]) if current.reply else (None, None)
    if target.grade is not None and target.grade.pk != held_grade:
        refuse("grade", "办理结果", names("grade", held_grade), ",答复须经承办单位报送、督查室审核")
    if target.replied_on is not None and target.replied_on != held_date:
        refuse("replied_on", "答复日期", str(held_date or ""), ",答复须经督查室审核")
    held_verdict = _held_verdict(current)
    if target.verdict is not None and target.verdict != held_verdict:
        text = verdict_text(*held_verdict) if held_verdict else ""
        refuse("verdict", "满意度", text, ",满意度只能由提案人本人在征询意见中填写")
    key_reason = ",请在重点提案页面办理"
    if target.is_key is not None and target.is_key != (current.key is not None):
        refuse("is_key", "是否重点提案", "是" if current.key else "否", key_reason)
    held_leader = current.key[1] if current.key else None
    if target.lead_leader is not None and target.lead_leader.pk != held_leader:
        refuse("lead_leader", "领办领导", names("leader", held_leader), key_reason)
    supervisors = {leader.pk for leader in target.supervisors or []}
    if target.supervisors is not None and supervisors != current.supervisors:
        held = names.many("leader", current.supervisors)
        refuse("supervisors", "督办领导", held, key_reason)
    return found


def _as_live(target: _Target, current: _Existing) -> _Target:
    """What a checked row of a live session may still write: a proposal's missing category."""
    if current.id is None:
        return target
    return _Target(
        row=target.row,
        number=target.number,
        title=current.title,
        category=target.category if current.category_id is None else None,
        lead=None,
        co=None,
        units=None,
        assigned_on=None,
        grade=None,
        replied_on=None,
        verdict=None,
        is_key=None,
        lead_leader=None,
        supervisors=None,
    )


def _add_error(
    sink: list[RowError], headers: dict[str, str], row: int, name: str, message: str
) -> None:
    sink.append(_column_error(headers, row, name, message))


def _resolve(
    session: Session, ledger: Ledger, parsed: list[ParsedRow], create_units: bool, live: bool
) -> tuple[list[_Target], list[RowError], _Directory, dict[int, _Existing], list[str]]:
    directory = _Directory(session, create_units=create_units)
    existing = _load_existing(session)
    names = _Names(directory)
    headers = ledger.headers
    errors: list[RowError] = []
    targets: list[_Target] = []
    without_proposer: list[int] = []

    for row in parsed:
        row_errors: list[RowError] = []
        fail = partial(_add_error, row_errors, headers, row.row)

        category = grade = None
        if row.category:
            try:
                category = directory.category(row.category)
            except CellError as error:
                fail("category", str(error))
        if row.grade:
            try:
                grade = directory.grade(row.grade)
            except CellError as error:
                fail("grade", str(error))
        units: list[tuple[Unit, str]] = []
        for name, role, column in row.units:
            try:
                unit = directory.unit(name)
            except CellError as error:
                fail(column, str(error))
                continue
            if all(unit is not chosen for chosen, _ in units):
                units.append((unit, role))
        current = (existing.get(row.number) if row.number else None) or _Existing()
        people = row.proposers
        lead = directory.proposer(people[0]) if people else None
        if lead is None and current.id is None:
            lead = directory.placeholder()
            without_proposer.append(row.number)
        co_names = [*people[1:], *row.co_proposers]
        co = [directory.proposer(person) for person in co_names] if co_names else None
        needs_reply_unit = (grade or row.replied_on) and current.reply is None
        if needs_reply_unit and not row.units and not current.active_units():
            fail(
                "grade" if grade else "replied_on",
                "填写了办理结果或答复日期,但没有主办单位",
            )
        if row_errors or not row.readable or row.number is None:
            errors.extend(row_errors)
            continue
        target = _Target(
            row=row.row,
            number=row.number,
            title=row.title,
            category=category,
            lead=lead,
            co=co,
            units=units or None,
            assigned_on=row.assigned_on,
            grade=grade,
            replied_on=row.replied_on,
            verdict=row.verdict,
            is_key=row.is_key,
            lead_leader=directory.leader(*row.lead_leader) if row.lead_leader else None,
            supervisors=[directory.leader(*s) for s in row.supervisors] or None,
        )
        if live:
            for name, message in _live_conflicts(target, current, names):
                fail(name, message)
            target = _as_live(target, current)
        errors.extend(row_errors)
        if not row_errors:
            targets.append(target)
    warnings = []
    if without_proposer:
        warnings.append(
            f"{_numbers_text(without_proposer)}没有填写提案人,已记为“{PLACEHOLDER_PROPOSER}”。"
        )
    return targets, errors, directory, existing, warnings


def _prepare(
    session: Session, ledger: Ledger, *, create_units: bool, progress: Progress | None = None
) -> _Plan:
    parsed, errors, skipped = parse_rows(ledger, progress)
    if progress:
        progress(len(ledger), 2 * len(ledger))
    live = session_is_live(session)
    targets, resolve_errors, directory, existing, warnings = _resolve(
        session, ledger, parsed, create_units, live
    )
    # Problems in the order a reader meets them: by row, then left to right.
    position = {ledger.headers[name]: col for name, col in ledger.columns.items()}
    errors = sorted([*errors, *resolve_errors], key=lambda e: (e.row, position.get(e.column, 0)))
    if not parsed:
        errors.append(RowError(0, "", "台账中没有提案:表头下面没有既有编号又有题目的行。"))
    return _Plan(ledger, targets, errors, skipped, directory, existing, warnings, live)


def validate(
    session: Session, source: Source | Ledger, *, create_units: bool = False
) -> list[RowError]:
    """Check a ledger against a session without writing anything; every problem found."""
    try:
        ledger = source if isinstance(source, Ledger) else read_ledger(source)
    except LedgerError as error:
        return error.errors
    return _prepare(session, ledger, create_units=create_units).errors


# --------------------------------------------------------------------------- importing


@dataclass
class _Writes:
    """Everything an import will write, gathered so that each table is written in bulk."""

    now: datetime
    session_id: int
    actor_id: int | None
    proposal_updates: list[dict[str, Any]] = field(default_factory=list)
    cosign_create: list[dict[str, Any]] = field(default_factory=list)
    cosign_confirm: list[int] = field(default_factory=list)
    cosign_delete: list[int] = field(default_factory=list)
    assignment_create: list[dict[str, Any]] = field(default_factory=list)
    assignment_update: list[dict[str, Any]] = field(default_factory=list)
    reply_create: list[dict[str, Any]] = field(default_factory=list)
    reply_update: list[dict[str, Any]] = field(default_factory=list)
    feedback_create: list[dict[str, Any]] = field(default_factory=list)
    feedback_update: list[dict[str, Any]] = field(default_factory=list)
    key_create: list[tuple[int, int | None, list[int]]] = field(default_factory=list)
    key_update: list[dict[str, Any]] = field(default_factory=list)
    key_delete: list[int] = field(default_factory=list)
    supervisor_add: list[tuple[int, int]] = field(default_factory=list)
    supervisor_remove: list[tuple[int, int]] = field(default_factory=list)
    changes: list[_Change] = field(default_factory=list)


Diff = dict[str, tuple[Any, Any]]


def _plan_related(
    writes: _Writes,
    proposal_id: int,
    current: _Existing,
    target: _Target,
    names: _Names,
    diff: Diff,
) -> tuple[bool, str]:
    """Queue the related rows a proposal needs to match its row: (anything changed, status).

    Each field that changes goes into `diff` as (before, after), by name, for the audit.
    """
    lead_id = target.lead.pk if target.lead is not None else current.lead_id
    confirmed = CoSignature.Status.CONFIRMED

    if target.co is not None:
        wanted = list(dict.fromkeys(p.pk for p in target.co if p.pk != lead_id))
        have = {pid for pid, (_, status) in current.cosignatures.items() if status == confirmed}
        if set(wanted) != have:
            diff["co_proposers"] = (names.many("proposer", have), names.many("proposer", wanted))
            for pid in wanted:
                if pid not in current.cosignatures:
                    writes.cosign_create.append(
                        {
                            "proposal_id": proposal_id,
                            "proposer_id": pid,
                            "status": confirmed,
                            "responded_at": writes.now,
                        }
                    )
                elif current.cosignatures[pid][1] != confirmed:
                    writes.cosign_confirm.append(current.cosignatures[pid][0])
            writes.cosign_delete.extend(current.cosignatures[pid][0] for pid in have - set(wanted))

    active = Assignment.Status.ACTIVE
    held_units = current.active_units()
    held_dates = sorted(
        {str(held[2]) for held in current.assignments.values() if held[3] == active and held[2]}
    )
    final_units = list(held_units.items())
    dates_changed = False
    if target.units is not None:
        final_units = [(unit.pk, role) for unit, role in target.units]
        for unit_id, role in final_units:
            held = current.assignments.get(unit_id)
            if held is None:
                dates_changed = dates_changed or target.assigned_on is not None
                writes.assignment_create.append(
                    {
                        "proposal_id": proposal_id,
                        "unit_id": unit_id,
                        "role": role,
                        "assigned_on": target.assigned_on,
                        "deadline_from": target.assigned_on,
                        "status": active,
                    }
                )
                continue
            pk, held_role, held_date, held_status, held_start = held
            day = target.assigned_on or held_date
            if (held_role, held_date, held_status) != (role, day, active):
                dates_changed = dates_changed or day != held_date
                start = day if day != held_date else held_start
                writes.assignment_update.append(
                    {
                        "id": pk,
                        "role": role,
                        "assigned_on": day,
                        "deadline_from": start,
                        "status": active,
                    }
                )
        wanted_units = {unit_id for unit_id, _ in final_units}
        for unit_id, (pk, role, held_date, held_status, held_start) in current.assignments.items():
            if unit_id not in wanted_units and held_status == active:
                writes.assignment_update.append(
                    {
                        "id": pk,
                        "role": role,
                        "assigned_on": held_date,
                        "deadline_from": held_start,
                        "status": Assignment.Status.WITHDRAWN,
                    }
                )
        if dict(final_units) != held_units:
            diff["units"] = (names.units(held_units), names.units(dict(final_units)))
    elif target.assigned_on is not None:
        for pk, role, held_date, held_status, _ in current.assignments.values():
            if held_status == active and held_date != target.assigned_on:
                dates_changed = True
                writes.assignment_update.append(
                    {
                        "id": pk,
                        "role": role,
                        "assigned_on": target.assigned_on,
                        "deadline_from": target.assigned_on,
                        "status": active,
                    }
                )
    if dates_changed:
        diff["assigned_on"] = (held_dates, [str(target.assigned_on)])

    grade_id = target.grade.pk if target.grade is not None else None
    if current.reply is not None:
        pk, _, held_grade, held_date = current.reply
        grade_id = grade_id or held_grade
        replied_on = target.replied_on or held_date
        if (grade_id, replied_on) != (held_grade, held_date):
            writes.reply_update.append({"id": pk, "grade_id": grade_id, "replied_on": replied_on})
        if grade_id != held_grade:
            diff["grade"] = (names("grade", held_grade), names("grade", grade_id))
        if replied_on != held_date:
            diff["replied_on"] = (_iso(held_date), _iso(replied_on))
        has_reply = bool(grade_id or replied_on)
    elif grade_id or target.replied_on:
        has_reply = True
        if grade_id:
            diff["grade"] = (None, names("grade", grade_id))
        if target.replied_on:
            diff["replied_on"] = (None, _iso(target.replied_on))
        # The lead unit answers; validation made sure there is a unit.
        ranked = sorted(final_units, key=lambda item: _ROLE_RANK[item[1]])
        writes.reply_create.append(
            {
                "proposal_id": proposal_id,
                "unit_id": ranked[0][0],
                "grade_id": grade_id,
                "replied_on": target.replied_on,
                "created_by_id": writes.actor_id,
            }
        )
    else:
        has_reply = False

    has_verdict = current.has_verdict
    if target.verdict is not None:
        attitude, result = target.verdict
        held_verdict = _held_verdict(current)
        before = verdict_text(*held_verdict) if held_verdict else None
        if current.feedback is None:
            has_verdict = True
            diff["verdict"] = (before, verdict_text(attitude, result))
            writes.feedback_create.append(
                {
                    "proposal_id": proposal_id,
                    "proposer_id": lead_id,
                    "attitude": attitude,
                    "result": result,
                    "submitted_at": writes.now,
                }
            )
        elif current.feedback[1:] != (attitude, result, True):
            has_verdict = True
            diff["verdict"] = (before, verdict_text(attitude, result))
            writes.feedback_update.append(
                {
                    "id": current.feedback[0],
                    "attitude": attitude,
                    "result": result,
                    "responded": True,
                }
            )

    leader_id = target.lead_leader.pk if target.lead_leader is not None else None
    supervisor_ids = list(dict.fromkeys(leader.pk for leader in target.supervisors or []))
    if target.is_key is False and current.key is not None:
        diff["is_key"] = (True, False)
        writes.key_delete.append(current.key[0])
    elif target.is_key or leader_id or supervisor_ids:
        if current.key is None:
            diff["is_key"] = (False, True)
            if leader_id:
                diff["lead_leader"] = (None, names("leader", leader_id))
            if supervisor_ids:
                diff["supervisors"] = ([], names.many("leader", supervisor_ids))
            writes.key_create.append((proposal_id, leader_id, supervisor_ids))
        else:
            key_id, held_leader = current.key
            if leader_id and leader_id != held_leader:
                diff["lead_leader"] = (names("leader", held_leader), names("leader", leader_id))
                writes.key_update.append({"id": key_id, "lead_leader_id": leader_id})
            if supervisor_ids and set(supervisor_ids) != current.supervisors:
                diff["supervisors"] = (
                    names.many("leader", current.supervisors),
                    names.many("leader", supervisor_ids),
                )
                writes.supervisor_add.extend(
                    (key_id, pk) for pk in supervisor_ids if pk not in current.supervisors
                )
                writes.supervisor_remove.extend(
                    (key_id, pk) for pk in current.supervisors - set(supervisor_ids)
                )
    status = derive_status(
        has_units=bool(final_units), has_reply=has_reply, has_verdict=has_verdict
    )
    return bool(diff), status


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _save_directory(directory: _Directory, report: ImportReport) -> None:
    if directory.new_units:
        Unit.objects.bulk_create(directory.new_units)
        report.created_units = [unit.name for unit in directory.new_units]
    if directory.new_proposers:
        Proposer.objects.bulk_create(directory.new_proposers, batch_size=500)
        for proposer in directory.new_proposers:
            if proposer.kind == Proposer.Kind.COLLECTIVE:
                report.created_collectives.append(proposer.name)
            else:
                report.created_members.append(proposer.name)
    if directory.new_leaders:
        Leader.objects.bulk_create(directory.new_leaders)
        report.created_leaders = [leader.name for leader in directory.new_leaders]


_HASHABLE_TYPES = frozenset({"DateField", "DateTimeField", "TimeField", "DecimalField"})
_PREPARED_TYPES = _HASHABLE_TYPES | {"JSONField", "UUIDField"}


def _getter(model_field: Any, connection: Any) -> Callable[[dict[str, Any]], Any]:
    name = model_field.attname
    kind = model_field.get_internal_type()
    if kind not in _PREPARED_TYPES:
        return itemgetter(name)
    prepare = partial(model_field.get_db_prep_save, connection=connection)
    if kind in _HASHABLE_TYPES:
        prepare = lru_cache(maxsize=4096)(prepare)
    return lambda row: prepare(row[name])


def _execute_many(sql: str, getters: list[Callable[[dict[str, Any]], Any]], rows: list) -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        for start in range(0, len(rows), 2000):
            chunk = rows[start : start + 2000]
            cursor.executemany(sql, [tuple(get(row) for get in getters) for row in chunk])


def _insert(model: type[Model], rows: list[dict[str, Any]], now: datetime) -> None:
    """Insert plain rows in bulk, filling the fields a row leaves out as Django would.

    Much faster than bulk_create for tens of thousands of rows: no model instances are built
    and only values that need it (dates, JSON) go through the field's conversion.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    given = rows[0].keys()
    columns: list[str] = []
    getters: list[Callable[[dict[str, Any]], Any]] = []
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key:
            continue
        columns.append(connection.ops.quote_name(model_field.column))
        if model_field.attname in given:
            getters.append(_getter(model_field, connection))
            continue
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            value: Any = now if isinstance(model_field, DateTimeField) else now.date()
        else:
            value = model_field.get_default()
        constant = model_field.get_db_prep_save(value, connection)
        getters.append(lambda row, constant=constant: constant)
    table = connection.ops.quote_name(model._meta.db_table)
    placeholders = ", ".join(["%s"] * len(columns))
    _execute_many(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # nosec B608 # quoted identifiers, values bound
        getters,
        rows,
    )


def _update(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Update rows in bulk by primary key ("id"); each row names the same fields.

    bulk_update builds one CASE expression per row and field, which takes seconds for
    thousands of rows; one prepared UPDATE run for each row takes milliseconds.
    """
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in rows[0] if name != "id"]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # nosec B608 # quoted identifiers, values bound
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    getters = [_getter(f, connection) for f in fields] + [itemgetter("id")]
    _execute_many(sql, getters, rows)


def _delete(model: type[Model], ids: list[int]) -> None:
    # In slices: SQLite limits the number of parameters in one statement.
    for start in range(0, len(ids), 500):
        model._default_manager.filter(pk__in=ids[start : start + 500]).delete()


def _apply(writes: _Writes) -> None:
    now = writes.now
    _update(Proposal, writes.proposal_updates)
    _delete(CoSignature, writes.cosign_delete)
    _update(
        CoSignature,
        [
            {"id": pk, "status": CoSignature.Status.CONFIRMED, "responded_at": now}
            for pk in writes.cosign_confirm
        ],
    )
    _insert(CoSignature, writes.cosign_create, now)
    _update(Assignment, writes.assignment_update)
    _insert(Assignment, writes.assignment_create, now)
    _update(Reply, writes.reply_update)
    _insert(Reply, writes.reply_create, now)
    _update(Feedback, writes.feedback_update)
    _insert(Feedback, writes.feedback_create, now)
    _delete(KeyProposal, writes.key_delete)
    _update(KeyProposal, writes.key_update)
    through = KeyProposal.supervisors.through
    for key_id, leader_id in writes.supervisor_remove:
        through.objects.filter(keyproposal_id=key_id, leader_id=leader_id).delete()
    links = [{"keyproposal_id": k, "leader_id": leader} for k, leader in writes.supervisor_add]
    if writes.key_create:
        _insert(
            KeyProposal,
            [{"proposal_id": p, "lead_leader_id": leader} for p, leader, _ in writes.key_create],
            now,
        )
        key_ids = dict(
            KeyProposal.objects.filter(proposal__session_id=writes.session_id).values_list(
                "proposal_id", "id"
            )
        )
        links += [
            {"keyproposal_id": key_ids[proposal_id], "leader_id": leader_id}
            for proposal_id, _, leader_ids in writes.key_create
            for leader_id in leader_ids
        ]
    _insert(through, links, now)


def import_ledger(
    session: Session,
    source: Source,
    *,
    actor: Any = None,
    dry_run: bool = False,
    create_units: bool = False,
    progress: Progress | None = None,
    source_name: str = "",
) -> ImportReport:
    """Import a ledger into a session, all rows or none (LedgerError).

    One audit event for the session, naming the file as uploaded (`source_name`, else the
    file's own name), and one for each proposal created or changed, with before and after.
    With `dry_run`, everything is written and then rolled back, so the report is exact.
    """
    if actor is not None:
        policy.require(actor, "ledger.import")
    ledger = read_ledger(source)
    total = 2 * len(ledger)
    report = ImportReport(
        session=session.slug,
        source=source_name or ledger.source,
        rows=len(ledger),
        dry_run=dry_run,
        ignored_headers=ledger.ignored_headers,
    )
    with transaction.atomic():
        # One import per session at a time: the session row is the lock.
        session = (
            Session.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=session.pk)
        )
        plan = _prepare(session, ledger, create_units=create_units, progress=progress)
        if plan.errors:
            unknown = list(plan.directory.unknown_units) if plan.directory else []
            raise LedgerError(plan.errors, unknown)
        assert plan.directory is not None  # nosec B101 # type narrowing, not a check
        report.skipped_rows = plan.skipped
        report.warnings = plan.warnings
        _save_directory(plan.directory, report)
        actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
        writes = _Writes(now=timezone.now(), session_id=session.pk, actor_id=actor_id)
        names = _Names(plan.directory)
        _create_proposals(session, plan, writes, report, names)
        if progress:
            progress(len(ledger) * 3 // 2, total)
        _update_proposals(plan, writes, report, names)
        try:
            _apply(writes)
        except ProtectedError as error:
            raise LedgerError(
                [RowError(0, "", f"有记录被其他数据引用,不能按台账修改:{error.args[0]}")]
            ) from error
        _record_row_events(_row_events(writes.changes, actor_id, report.source), writes.now)
        if report.changed:
            record_event(
                actor,
                EventType.LEDGER_IMPORTED,
                target=session,
                message=f"{report.source} {report.summary_line()}",
                file=report.source,
                rows=report.rows,
                created=len(report.created),
                updated=len(report.updated),
                unchanged=len(report.unchanged),
                updated_numbers=report.updated,
                created_members=len(report.created_members),
                created_collectives=len(report.created_collectives),
                created_units=report.created_units,
                created_leaders=report.created_leaders,
            )
        if dry_run:
            transaction.set_rollback(True)
    if progress:
        progress(total, total)
    return report


@dataclass
class _Change:
    """One proposal an import creates or changes: its ledger row and each field's values."""

    proposal_id: int
    number: int
    row: int
    created: bool
    diff: Diff


FIELD_LABELS = {column.field: column.header for column in COLUMNS} | {
    "units": "承办单位",
    "status": "状态",
}


def _row_events(changes: list[_Change], actor_id: int | None, source: str) -> list[dict[str, Any]]:
    """The audit events of an import's proposals, as AuditEvent field values."""
    events = []
    for change in changes:
        if change.created:
            event_type = EventType.LEDGER_PROPOSAL_CREATED
            message = f"台账“{source}”第{change.row}行:新增第{change.number}号"
        else:
            event_type = EventType.LEDGER_PROPOSAL_UPDATED
            fields = "、".join(FIELD_LABELS.get(name, name) for name in change.diff)
            message = f"台账“{source}”第{change.row}行:修改{fields}"
        events.append(
            {
                "actor_id": actor_id,
                "event_type": str(event_type),
                "proposal_id": change.proposal_id,
                "object_type": Proposal._meta.label_lower,
                "object_id": str(change.proposal_id),
                "message": message,
                "data": {
                    "file": source,
                    "row": change.row,
                    "number": change.number,
                    "before": {} if change.created else {k: v[0] for k, v in change.diff.items()},
                    "after": {k: v[1] for k, v in change.diff.items()},
                },
            }
        )
    return events


def _record_row_events(events: list[dict[str, Any]], now: datetime) -> None:
    """Append the per-proposal audit events of an import, chained in one batch: the one
    place that does. Each event is a dict of AuditEvent field values, dated `now`."""
    from tian.audit.actions import record_events
    from tian.audit.models import AuditEvent

    record_events([AuditEvent(created_at=now, **fields) for fields in events])


def _create_proposals(
    session: Session, plan: _Plan, writes: _Writes, report: ImportReport, names: _Names
) -> None:
    kind = Proposal.Kind.PROPOSAL if session.body.kind == "cppcc" else Proposal.Kind.SUGGESTION
    created: list[tuple[_Target, str]] = []
    rows: list[dict[str, Any]] = []
    for target in plan.targets:
        if target.number in plan.existing:
            continue
        status = derive_status(
            has_units=bool(target.units),
            has_reply=bool(target.grade or target.replied_on),
            has_verdict=target.verdict is not None,
        )
        # New proposals always get a lead, if only the placeholder.
        assert target.lead is not None  # nosec B101 # type narrowing, not a check
        rows.append(
            {
                "session_id": session.pk,
                "kind": kind,
                "number": target.number,
                "title": target.title,
                "category_id": target.category.pk if target.category else None,
                "lead_proposer_id": target.lead.pk,
                "status": status,
                "created_by_id": writes.actor_id,
            }
        )
        created.append((target, status))
        report.created.append(target.number)
    if not created:
        return
    _insert(Proposal, rows, writes.now)
    ids = dict(
        Proposal.objects.filter(session=session, number__isnull=False).values_list("number", "id")
    )
    for target, status in created:
        assert target.lead is not None  # nosec B101 # type narrowing, not a check
        diff: Diff = {
            "title": (None, target.title),
            "lead_proposer": (None, names("proposer", target.lead.pk)),
        }
        if target.category is not None:
            diff["category"] = (None, target.category.name)
        proposal_id = ids[target.number]
        _plan_related(writes, proposal_id, _Existing(lead_id=target.lead.pk), target, names, diff)
        diff["status"] = (None, str(status))
        writes.changes.append(_Change(proposal_id, target.number, target.row, True, diff))


def _update_proposals(plan: _Plan, writes: _Writes, report: ImportReport, names: _Names) -> None:
    for target in plan.targets:
        current = plan.existing.get(target.number)
        if current is None or current.id is None:
            continue
        diff: Diff = {}
        fields = {
            "title": target.title,
            "category_id": target.category.pk if target.category else current.category_id,
            "lead_proposer_id": target.lead.pk if target.lead else current.lead_id,
        }
        if fields["title"] != current.title:
            diff["title"] = (current.title, target.title)
        if fields["category_id"] != current.category_id:
            diff["category"] = (
                names("category", current.category_id),
                names("category", fields["category_id"]),
            )
        if fields["lead_proposer_id"] != current.lead_id:
            diff["lead_proposer"] = (
                names("proposer", current.lead_id),
                names("proposer", fields["lead_proposer_id"]),
            )
        _, status = _plan_related(writes, current.id, current, target, names, diff)
        if not diff:
            report.unchanged.append(target.number)
            continue
        if plan.live:
            status = current.status  # only the workflow moves a live proposal
        elif current.status == Status.HANDLING and status == Status.ASSIGNED:
            status = Status.HANDLING  # work has begun; a ledger cannot see that
        if status != current.status:
            diff["status"] = (str(current.status), str(status))
        writes.proposal_updates.append(
            {
                "id": current.id,
                **fields,
                "status": status,
                "version": current.version + 1,
                "updated_at": writes.now,
            }
        )
        writes.changes.append(_Change(current.id, target.number, target.row, False, diff))
        report.updated.append(target.number)


# --------------------------------------------------------------------------- exporting


_UNDATED = date(1900, 1, 1)


class FinalReply(NamedTuple):
    id: int
    unit_id: int
    grade_id: int | None
    grade_label: str | None
    replied_on: date | None


def final_accepted_replies(session: Session) -> dict[int, FinalReply]:
    """Each numbered proposal's final accepted reply, by proposal id.

    The same reply the figures count (`reports.figures.final_replies`): accepted by the
    office, of the latest round, then the latest dated, then the latest entered; a graded one
    before an ungraded one. Drafts and replies sent back for revision are never the answer.
    """
    ranked: dict[int, tuple[tuple[bool, int, date, int], FinalReply]] = {}
    for pk, proposal_id, unit_id, grade_id, label, replied_on, round_ in Reply.objects.filter(
        status=Reply.Status.ACCEPTED, proposal__session=session, proposal__number__isnull=False
    ).values_list(
        "id", "proposal_id", "unit_id", "grade_id", "grade__label", "replied_on", "round"
    ):
        rank = (grade_id is not None, round_, replied_on or _UNDATED, pk)
        held = ranked.get(proposal_id)
        if held is None or rank > held[0]:
            ranked[proposal_id] = (rank, FinalReply(pk, unit_id, grade_id, label, replied_on))
    return {proposal_id: reply for proposal_id, (_, reply) in ranked.items()}


def _leader_text(title: str | None, name: str) -> str:
    return f"{title} {name}" if title else name


def _proposer_text(name: str, kind: str) -> str:
    # Mark a collective whose name does not show it, so that it is read back as one.
    if kind == Proposer.Kind.COLLECTIVE and not is_organisation(name):
        return f"{name}(集体)"
    return name


def _ledger_rows(session: Session) -> Iterator[dict[str, Any]]:
    """Each numbered proposal of a session as the cells of its ledger row, by field name."""
    in_session = {"proposal__session": session, "proposal__number__isnull": False}
    cosigners: dict[int, list[str]] = {}
    for proposal_id, name, kind in (
        CoSignature.objects.filter(status=CoSignature.Status.CONFIRMED, **in_session)
        .order_by("id")
        .values_list("proposal_id", "proposer__name", "proposer__kind")
    ):
        cosigners.setdefault(proposal_id, []).append(_proposer_text(name, kind))
    units: dict[int, dict[str, list[str]]] = {}
    assigned: dict[int, date] = {}
    for proposal_id, name, role, assigned_on in (
        Assignment.objects.filter(status=Assignment.Status.ACTIVE, **in_session)
        .order_by("id")
        .values_list("proposal_id", "unit__name", "role", "assigned_on")
    ):
        units.setdefault(proposal_id, {}).setdefault(role, []).append(name)
        if assigned_on and (proposal_id not in assigned or assigned_on < assigned[proposal_id]):
            assigned[proposal_id] = assigned_on
    replies = {
        proposal_id: (reply.grade_label, reply.replied_on)
        for proposal_id, reply in final_accepted_replies(session).items()
    }
    verdicts = {
        proposal_id: verdict_text(attitude or result, result or attitude)
        for proposal_id, attitude, result in Feedback.objects.filter(
            proposer_id=F("proposal__lead_proposer_id"), responded=True, **in_session
        )
        .exclude(attitude="", result="")
        .order_by("round", "id")
        .values_list("proposal_id", "attitude", "result")
    }
    keys = {
        key_id: (proposal_id, _leader_text(title, name) if name else "")
        for key_id, proposal_id, title, name in KeyProposal.objects.filter(
            **in_session
        ).values_list("id", "proposal_id", "lead_leader__title", "lead_leader__name")
    }
    supervisors: dict[int, list[str]] = {}
    through = KeyProposal.supervisors.through
    for key_id, title, name in (
        through.objects.filter(keyproposal__proposal__session=session)
        .order_by("id")
        .values_list("keyproposal_id", "leader__title", "leader__name")
    ):
        if key_id in keys:
            supervisors.setdefault(keys[key_id][0], []).append(_leader_text(title, name))
    leaders = {proposal_id: leader for proposal_id, leader in keys.values()}

    for pk, number, title, category, lead, lead_kind in (
        Proposal.objects.filter(session=session, number__isnull=False)
        .order_by("number")
        .values_list(
            "id", "number", "title", "category__name", "lead_proposer__name", "lead_proposer__kind"
        )
    ):
        by_role = units.get(pk, {})
        grade, replied_on = replies.get(pk, (None, None))
        yield {
            "number": number,
            "title": title,
            "lead_proposer": _proposer_text(lead, lead_kind),
            "co_proposers": "、".join(cosigners.get(pk, [])),
            "category": category,
            "lead_units": "、".join(by_role.get(Assignment.Role.LEAD, [])),
            "co_units": "、".join(by_role.get(Assignment.Role.CO, [])),
            "joint_units": "、".join(by_role.get(Assignment.Role.JOINT, [])),
            "grade": grade,
            "verdict": verdicts.get(pk),
            "is_key": "是" if pk in leaders else None,
            "lead_leader": leaders.get(pk),
            "supervisors": "、".join(supervisors.get(pk, [])),
            "assigned_on": assigned.get(pk),
            "replied_on": replied_on,
        }


def export_ledger(session: Session, destination: str | Path | IO[bytes]) -> int:
    """Write a session's numbered proposals as a ledger that `import_ledger` reads back."""
    noun = session.body.item_noun
    headers = [column.header for column in COLUMNS]
    headers[COLUMN_BY_FIELD_INDEX["lead_proposer"]] = f"{noun}人"
    headers[COLUMN_BY_FIELD_INDEX["is_key"]] = f"重点{noun}"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    for index, column in enumerate(COLUMNS, start=1):
        width = 40 if column.field == "title" else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    title = safe_cell(
        sheet, WriteOnlyCell(sheet, value=f"{session.body.name}{session.name}{noun}办理台账")
    )
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(horizontal="center")
    sheet.append([title])
    sheet.merged_cells.add(f"A1:{get_column_letter(len(headers))}1")
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = safe_cell(sheet, WriteOnlyCell(sheet, value=header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for values in _ledger_rows(session):
        sheet.append(safe_row(sheet, (values[column.field] or None for column in COLUMNS)))
        count += 1
    workbook.save(destination)
    return count
