"""Reading processing times (thời hạn giải quyết) as real catalogs write them.

Catalog cells are free text: "03 ngày làm việc", "60 Ngày làm việc", "24 Giờ",
"2,5 ngày làm việc", "1/2 ngày", "Trong thời hạn 08 ngày làm việc, kể từ ngày nhận đủ hồ sơ",
"Tối đa 70 ngày", "02 (hai) ngày làm việc", the same-day wording of certification
procedures ("ngay trong ngày ... hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu
sau 15 giờ"), English ("3 working days"), and cells that hold several cases or channels
("Trực tuyến: 5 Ngày làm việc; Trực tiếp: 7 Ngày làm việc").

- :func:`parse_duration` reads a cell that states one time and returns a
  :class:`~tthc.duration.Duration`; what the cell says around the amount is kept in
  ``Duration.note``.
- :func:`parse_cases` reads a cell with one or more cases (trường hợp) or channels and
  returns a :class:`ParsedCase` per case.
- :func:`parse_reduction_remark` reads the reduction a province prints next to the time
  ("cắt giảm 01/03 ngày làm việc, tỷ lệ 33,33%", "từ 24 ngày xuống 22 ngày").

Unit words (any case, NFC or NFD): "ngày làm việc" is working days, "ngày" alone calendar
days (the national portal's convention), "giờ làm việc" working hours, "giờ" alone clock
hours (Civil Code 2015 art. 147(1): a period in hours runs from the stated moment, in clock
time), "tháng" months, "trong ngày" same day. A fractional bare "ngày" ("1/2 ngày") is read
as working days: a calendar day cannot be split, and half days are counted on the working clock. A
misspelt "làm việc" after "ngày" or "giờ" ("3 ngày lam viec", "ngày làm viêc") is refused,
never read as the bare unit: it would silently turn working days into calendar days.

A number is read whole or the text is refused: a sign ("-3 ngày"), an exponent ("1e9 giờ"),
digit grouping ("1.000.000 ngày"), letters glued to the digits, or a second number before
the amount ("2024 3 ngày", "3 - 5 ngày") raise :class:`~tthc.errors.DurationError`, since
reading the digits next to the unit would give another time than the text states. Only the
time the text is read as is checked: in "Trong ngày (không quá 8-10 giờ làm việc)" the
same-day phrase comes first and the rest is its note. A list bullet before the number
("•05 ngày", "*05 ngày") separates, it does not glue; a numbered case label ("Trường hợp 1 -
03 ngày làm việc") names the case and its number is never part of the amount.

A text that gives several times without case labels ("Trong thời hạn 10 ngày làm việc.
Trường hợp phức tạp 20 ngày làm việc") is refused, not read as its first time: the others
would be lost in the note. The same time in another unit ("80 giờ làm việc (tương đương 10
ngày làm việc)"), the parts of a breakdown ("trong đó: 03 ngày tại Sở"), a date, a time of
day and a cut ("giảm 2 ngày") are not other times.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, localcontext
from typing import NamedTuple

from tthc.channel import Channel
from tthc.display import escape_text
from tthc.duration import Duration, Unit, problems_of
from tthc.errors import DurationError
from tthc.i18n import Text

__all__ = [
    "MAX_TEXT_LENGTH",
    "ParsedCase",
    "ReductionRemark",
    "normalize_text",
    "parse_cases",
    "parse_duration",
    "parse_reduction_remark",
]


@dataclass(frozen=True)
class ParsedCase:
    """One case (trường hợp) read from a processing-time cell.

    ``name`` is the label the cell prints ("Trường hợp 1"), ``None`` when it prints none;
    ``channel`` is set when the case is a channel ("Trực tuyến: 5 Ngày làm việc");
    ``text`` is the part of the cell this case was read from (normalized spacing).
    """

    name: str | None
    channel: Channel | None
    duration: Duration
    text: str


class ReductionRemark(NamedTuple):
    """A reduction printed next to a time (ghi chú cắt giảm), as exact numbers.

    ``cut`` is the amount removed, ``legal`` the time before the cut (theo quy định),
    ``percent`` the rate when the text prints one (tỷ lệ), else ``None``.
    """

    cut: Decimal
    legal: Decimal
    percent: Decimal | None


# -- normalization ----------------------------------------------------------------------

_SPACES_RE = re.compile(r"\s+")

#: Onsets (phụ âm đầu) of Vietnamese syllables: a token made only of one of these is never
#: a word on its own, so "th ời" is a syllable broken by PDF text extraction.
_ONSETS = frozenset(
    re.split(" ", "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x")
)
#: Vowel-initial words that stand alone; never glued to the token before them.
_STANDALONE = frozenset(
    re.split(
        " ", "ăn ắt ấy ông ống ổn ồn ơn ở ờ ớt ếch ế ê êm ạ ơi ồ ô ốm ấm ẩm ầm ẩn ấn ảnh ước ướt ưa"
    )
)
#: Broken diphthongs: a token ending in the first vowel, the next starting with the second.
_DIPHTHONG_STARTS = {"i": "ê", "o": "ăae", "u": "ôơâ", "ư": "ơ"}


def _strip_marks(char: str) -> str:
    """The base letter with its tone removed but its own shape kept (ế -> ê, ặ -> ă)."""
    decomposed = unicodedata.normalize("NFD", char)
    kept = "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", kept)


def _is_marked_vowel(char: str) -> bool:
    decomposed = unicodedata.normalize("NFD", char.lower())
    return decomposed[:1] in set("aeiouy") and len(decomposed) > 1


def _broken_pair(left: str, right: str) -> bool:
    """Whether ``left right`` is one syllable split by a stray space ("nh ận", "ti ếp")."""
    if not left.isalpha() or not right[:1].isalpha():
        return False
    low, first = left.lower(), right[0].lower()
    if not _is_marked_vowel(first):
        return False
    word = _strip_trailing_non_word(right.lower())
    if word in _STANDALONE:
        return False
    if low in _ONSETS:
        return True
    head, last = low[:-1], low[-1]
    starts = _DIPHTHONG_STARTS.get(last)
    return (
        starts is not None
        and (head == "" or head in _ONSETS)
        and _strip_marks(first)[0] in starts
        and len(word) >= 2
    )


def _strip_trailing_non_word(token: str) -> str:
    """``token`` without the punctuation that ends it; a loop, since the pattern ``\\W+$``
    retries from every character of a long run of punctuation (quadratic)."""
    end = len(token)
    while end and not (token[end - 1].isalnum() or token[end - 1] == "_"):
        end -= 1
    return token[:end]


def _rejoin_broken_words(text: str) -> str:
    tokens = text.split(" ")
    out: list[str] = []
    for token in tokens:
        if out and token and _broken_pair(out[-1], token):
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


def normalize_text(text: str) -> str:
    """NFC, one space for any run of whitespace, and syllables broken by PDF extraction
    ("Trong th ời h ạn") joined again. Only fragments that cannot be words are joined."""
    text = unicodedata.normalize("NFC", text)
    text = _SPACES_RE.sub(" ", text).strip()
    return _rejoin_broken_words(text)


# -- patterns ---------------------------------------------------------------------------

_F = re.IGNORECASE
#: An amount: digits with an optional decimal comma or point, a fraction, or a vulgar fraction.
#: It may start anywhere, even inside a longer token ("9" in "1e9"): :func:`_check_start`
#: then refuses it, so that a number is read whole or the text is refused, never a part of
#: it read silently (a lookbehind would skip "1e9" and read a later amount instead).
#: It never starts inside a run of digits, though: the match from the run's first digit
#: covers the same amount, and trying every later digit again made a long run of digits
#: quadratic ("1" * 4000 took seconds).
_NUM = r"(?:(?<!\d)\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?|[½¼¾])"
_UNIT_PATTERNS: tuple[tuple[Unit, str], ...] = (
    (Unit.WORKING_DAYS, r"ngày\s+làm\s+việc|working\s+days?|business\s+days?|work\s*days?"),
    (Unit.WORKING_HOURS, r"giờ\s+làm\s+việc|working\s+hours?|business\s+hours?"),
    # A bare "giờ" is a clock hour (Civil Code art. 147(1)), as a bare "ngày" is a
    # calendar day: "24 giờ", "24 tiếng", "24 hours".
    (Unit.CLOCK_HOURS, r"giờ|tiếng|clock\s+hours?|hours?"),
    (Unit.CALENDAR_DAYS, r"ngày\s+dương\s+lịch|ngày|calendar\s+days?|days?"),
    (Unit.MONTHS, r"tháng|months?"),
)
_UNIT_ALT = "|".join(f"(?P<{unit.value}>{pattern})" for unit, pattern in _UNIT_PATTERNS)
_UNIT_RE = re.compile(rf"(?:{_UNIT_ALT})(?!\w)", _F)

_AMOUNT_RE = re.compile(
    rf"(?P<num>{_NUM})"
    r"(?:\s*\([^()\d]{1,40}\))?"  # the number spelled out: "02 (hai) ngày"
    rf"\s*(?P<unit>{'|'.join(p for _, p in _UNIT_PATTERNS)})(?!\w)"
    rf"(?:\s*\((?P<clar>{'|'.join(p for _, p in _UNIT_PATTERNS)})\))?",  # "30 ngày (Ngày làm việc)"
    _F,
)
#: "sau 15 giờ", "trước 15 giờ", "15 giờ 30": a time of day, not an amount.
_CLOCK_BEFORE_RE = re.compile(r"(?:sau|trước|lúc|từ|đến|before|after|at|by)\s*$", _F)
_CLOCK_AFTER_RE = re.compile(r"\s*(?:\d|phút|chiều|sáng)", _F)

_SAME_DAY_RE = re.compile(
    r"(?:ngay\s+)?trong\s+(?:cùng\s+)?(?:một\s+)?ngày"
    r"(?!\s+(?:làm\s+việc\s+tiếp\s+theo|lễ|nghỉ|tết|thứ|\d))(?!\w)"
    r"|(?:within\s+the\s+|on\s+the\s+)?same[\s-]+day(?!\w)"
    r"|within\s+the\s+day(?!\w)",
    _F,
)
_NEXT_DAY_RE = re.compile(
    r"(?:trong\s+)?ngày\s+làm\s+việc\s+tiếp\s+theo(?!\w)|(?:on\s+|within\s+)?the\s+next\s+"
    r"working\s+day(?!\w)",
    _F,
)
_REMARK_SPAN_RE = re.compile(r"\(\s*(?:cắt|giảm)[^()]*\)", _F)
_REMARK_CUT_RE = re.compile(
    r"cắt\s+giảm\s+(?P<cut>\d+(?:[.,]\d+)?)\s*/\s*(?P<legal>\d+(?:[.,]\d+)?)", _F
)
_REMARK_FROM_TO_RE = re.compile(
    rf"(?<!kể\s)từ\s+(?P<legal>{_NUM})\s*(?P<u1>{_UNIT_ALT.replace('?P<', '?P<a_')})?"
    r"\s*(?:xuống(?:\s+còn)?|còn)\s*"
    rf"(?P<reduced>{_NUM})",
    _F,
)
_REMARK_PERCENT_RE = re.compile(r"(?:tỷ|tỉ)\s+lệ\s*:?\s*(?P<pct>\d+(?:[.,]\d+)?)\s*%", _F)

_LEAD_INS_RE = re.compile(
    r"(?:(?<!\w)(?:thời\s+(?:hạn|gian)(?:\s+giải\s+quyết)?|trong\s+(?:thời\s+hạn|thời\s+gian|vòng)|trong"
    r"|tối\s+đa|không\s+quá|chậm\s+nhất|là|within|up\s+to|at\s+most|no\s+more\s+than"
    r"|not\s+more\s+than|maximum|max\.?)|[:,;.\-–/*•·◦▪●○■□►▸])\s*$",  # or a list bullet
    _F,
)
_CHANNEL_LABELS: tuple[tuple[Channel, str], ...] = (
    (Channel.ONLINE, r"(?:nộp\s+)?(?:qua\s+)?(?:dịch\s+vụ\s+công\s+)?trực\s+tuyến|online"),
    (Channel.IN_PERSON, r"(?:nộp\s+)?trực\s+tiếp|in\s+person|in-person"),
    (
        Channel.POSTAL,
        r"(?:nộp\s+)?(?:qua\s+)?(?:dịch\s+vụ\s+)?bưu\s+chính(?:\s+công\s+ích)?|by\s+post|postal",
    ),
)
_CHANNEL_LABEL_RE = re.compile(
    r"(?:^|(?<=[.;,])\s*|\s)(?P<label>"
    + "|".join(f"(?P<ch_{c.value}>{p})" for c, p in _CHANNEL_LABELS)
    + r")\s*:",
    _F,
)
#: A bullet or a short "label:" opening a new sentence starts a new case.
_SEGMENT_RE = re.compile(r"(?:^|(?<=[.;])\s+)(?P<bullet>[-+•–]\s+)?(?P<label>[^:;.()]{1,60}:)?", _F)
#: A numbered case label written with a dash where others write a colon ("Trường hợp 1 -
#: 03 ngày làm việc"): the label's number is a name, never a part of the amount.
_NUMBERED_LABEL_RE = re.compile(
    r"(?:^|(?<=[.;,])|(?<=\s))(?P<label>(?:trường\s+hợp|case)\s+\d{1,3})\s*[-–—]\s*", _F
)
#: A bullet opening a case label anywhere ("... 03 ngày làm việc - Trường hợp 2: 05 ngày làm
#: việc"): catalogs join a list written one item a line with spaces, so the bullet is the
#: only mark of the new case. The label is bounded, so the scan stays linear.
_CASE_BULLET_RE = re.compile(
    r"(?:^|(?<=\s))[-+•–]\s+(?P<label>(?:đối\s+với\s+)?(?:các\s+)?(?:trường\s+hợp|case)"
    r"(?!\w)(?:(?!\s[-+•–]\s)[^:;.()]){0,60}:)",
    _F,
)
#: A channel named anywhere in a label ("Nộp hồ sơ qua dịch vụ công trực tuyến:").
_CHANNEL_WORD_RE = re.compile("|".join(p for _, p in _CHANNEL_LABELS), _F)
_GENERIC_LABEL_RE = re.compile(
    r"^(?:tổng\s+)?(?:thời\s+(?:hạn|gian)(?:\s+giải\s+quyết)?|processing\s+time|time)$", _F
)


# -- numbers ----------------------------------------------------------------------------

_VULGAR = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}


def _number(raw: str, text: str) -> Decimal:
    raw = raw.replace(" ", "")
    if raw in _VULGAR:
        return _VULGAR[raw]
    if "/" in raw:
        num_text, den_text = raw.split("/")
        num, den = Decimal(num_text.replace(",", ".")), Decimal(den_text)
        if den == 0:
            raise DurationError(
                Text(
                    f"Thời hạn “{_quote(text)}”: phân số {raw} có mẫu số 0.",
                    f"Processing time “{_quote(text)}”: the fraction {raw} divides by zero.",
                )
            )
        # Checking value * den == num afterwards misses 2/3: rounded to 28 digits and
        # multiplied back, it rounds to 2 again. The division itself must be exact.
        with localcontext() as ctx:
            ctx.traps[Inexact] = True
            try:
                value = num / den
            except Inexact:
                value = None
        if value is None:
            raise DurationError(
                Text(
                    f"Thời hạn “{_quote(text)}”: phân số {raw} không có giá trị thập phân "
                    "chính xác.",
                    f"Processing time “{_quote(text)}”: the fraction {raw} has no exact decimal "
                    "value.",
                )
            )
        return value.normalize()
    try:
        return Decimal(raw.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern only lets digits through
        raise DurationError(
            Text(
                f"Thời hạn “{_quote(text)}”: số {raw!r} không hợp lệ.",
                f"Processing time “{_quote(text)}”: invalid number {raw!r}.",
            )
        ) from exc


def _quote(text: str, limit: int = 160) -> str:
    flat = _SPACES_RE.sub(" ", text[: limit * 4]).strip()
    return escape_text(flat, limit)


#: The longest processing-time text read (characters). The longest cell in the published
#: records is about 840 characters; a longer text is refused before any pattern runs, so
#: the work per text stays bounded whatever a file holds.
MAX_TEXT_LENGTH = 2000


def _check_length(text: str) -> None:
    if len(text) > MAX_TEXT_LENGTH:
        raise DurationError(
            Text(
                f"Thời hạn “{_quote(text, 60)}” dài {len(text)} ký tự, quá giới hạn "
                f"{MAX_TEXT_LENGTH} ký tự của một thời hạn; hãy ghi ngắn gọn, ví dụ "
                "“03 ngày làm việc”, và đưa phần giải thích vào ghi chú.",
                f"Processing time “{_quote(text, 60)}” is {len(text)} characters long, over the "
                f"limit of {MAX_TEXT_LENGTH} for one processing time; write it briefly, for "
                "example “03 ngày làm việc”, and put the explanation in a note.",
            )
        )


_SIGNS = frozenset("-+−–")  # hyphen, plus, minus sign, en dash (typeset as a minus)
#: What glues to a number written right before it, making it part of a longer token: a
#: letter, digit or underscore, a decimal mark or fraction bar ("1.000.000", "1/2/4"), or a
#: sign. Anything else (a space, a bracket or quote, a label colon, a list bullet such as
#: "•" or "*", an ellipsis "…") only separates: "•05 ngày" is 5 days.
_GLUE = r"\w|[.,/\-+−–]"
#: The token an amount is glued to: the run of glue characters right before it.
_TOKEN_TAIL_RE = re.compile(rf"(?:{_GLUE})*$")
#: A number, then at most a range word, right before the amount ("2024 3", "3 - 5", "3 đến 5").
_STRAY_RE = re.compile(r"(?:\d|[½¼¾])\s*(?:(?:[-–~]|(?<!\w)(?:đến|tới|to|or|hoặc)(?!\w))\s*)?$", _F)


def _check_start(scan: str, start: int, end: int, text: str) -> None:
    """Refuse the amount ``scan[start:end]`` when it is only part of what the text writes.

    A regular expression finds the digits of an amount wherever they are, so "1e9 giờ"
    holds "9 giờ", "-3 ngày" holds "3 ngày" and "2024 3 ngày" holds "3 ngày". Reading
    those would silently give another number than the text states: a number glued to a
    sign, a letter or other digits, or standing after another number (a range or a stray
    figure), is an error that quotes the text.
    """
    # A short window: the check stays linear however long the text is.
    window = scan[max(start - 60, 0) : start]
    stray = _STRAY_RE.search(window)
    if stray is not None:
        head = _TOKEN_TAIL_RE.search(window, 0, stray.start() + 1)
        first = head.start() if head else stray.start()
        amount = _SPACES_RE.sub(" ", window[first:] + scan[start:end])
        raise DurationError(
            Text(
                f"Thời hạn “{_quote(text)}”: có nhiều số liền nhau trước đơn vị (“{amount}”), "
                "không rõ thời hạn là bao nhiêu. Hãy ghi một số, ví dụ “03 ngày làm việc”.",
                f"Processing time “{_quote(text)}”: several numbers stand before the unit "
                f"(“{amount}”), so the amount is ambiguous. Write one number, for example "
                "“03 ngày làm việc”.",
            )
        )
    tail = _TOKEN_TAIL_RE.search(window)
    glued = window[tail.start() :] if tail else ""
    if not glued:
        return
    token = glued + scan[start:end]
    if glued in _SIGNS:
        raise DurationError(
            Text(
                f"Thời hạn “{_quote(text)}”: số “{token}” có dấu; thời hạn là một lượng "
                "không âm, ghi không dấu, ví dụ “03 ngày làm việc”.",
                f"Processing time “{_quote(text)}”: the number “{token}” carries a sign; a "
                "processing time is an amount that is never negative, written without a sign, "
                "for example “03 ngày làm việc”.",
            )
        )
    raise _not_a_number(token, text)


#: What may not follow a number of a reduction remark: a letter or digit, or a decimal mark
#: or slash before more digits ("còn 1e9", "01/03e5").
_GLUED_AFTER_RE = re.compile(r"\w|[.,/]\d")


def _check_end(scan: str, start: int, end: int, text: str) -> None:
    """Refuse the number ``scan[start:end]`` when more of the same token follows it."""
    if _GLUED_AFTER_RE.match(scan, end):
        rest = re.match(r"[^\s()]*", scan[end:])
        raise _not_a_number(scan[start : end + (rest.end() if rest else 0)], text)


def _not_a_number(token: str, text: str) -> DurationError:
    return DurationError(
        Text(
            f"Thời hạn “{_quote(text)}”: “{token}” không phải một số (chữ số dính với chữ, "
            "dấu hoặc chữ số khác, như số mũ hay dấu phân nhóm). Hãy ghi số bằng chữ số, "
            "ví dụ “03” hoặc “2,5”.",
            f"Processing time “{_quote(text)}”: “{token}” is not a number (the digits are glued "
            "to letters, signs or other digits, as in an exponent or digit grouping). Write the "
            "amount in digits, for example “03” or “2,5”.",
        )
    )


# -- misspelt units ---------------------------------------------------------------------


def _fold(text: str) -> str:
    """``text`` (NFC) without diacritics and in lower case, one character for one.

    The result is as long as ``text``, so a match in it is a match at the same place in
    ``text``.
    """
    return "".join(
        "d" if char in "đĐ" else unicodedata.normalize("NFD", char)[:1] or char for char in text
    ).lower()


#: In unit position (after an amount, in a clarifying bracket, after "trong"), a word that
#: reads "ngày làm việc" or "giờ làm việc" once its diacritics are dropped.
_FOLDED_UNIT_RE = re.compile(
    rf"(?:{_NUM}(?:\s*\([^()\d]{{1,40}}\))?\s*|\(\s*|(?<!\w)trong\s+)"
    r"(?P<unit>(?P<word>ngay|gio)\s*lam\s*viec)(?!\w)"
)
_VI_RE = re.compile(r"v[iìíỉĩị]", _F)
_UNIT_SPELLING = {"ngay": "ngày làm việc", "gio": "giờ làm việc"}
#: What the unit word means alone, for the message.
_BARE_MEANING = {
    "ngày": Text("ngày theo lịch", "calendar days"),
    "giờ": Text("giờ theo đồng hồ", "clock hours"),
}


def _check_unit_spelling(norm: str, text: str) -> None:
    """Refuse a misspelt "làm việc" after "ngày" or "giờ" ("3 ngày lam viec").

    Read as written, "3 ngày lam viec" is a bare "ngày" (3 calendar days) followed by a
    note: a misspelling would silently change the unit. tthc does not guess which unit is
    meant; the text is refused with the spelling it expects.
    """
    if not _VI_RE.search(norm):
        return  # no "việc" in any spelling: skip folding the whole text
    folded = _fold(norm)
    for match in _FOLDED_UNIT_RE.finditer(folded):
        written = norm[match.start("unit") : match.end("unit")]
        expected = _UNIT_SPELLING[match.group("word")]
        if _SPACES_RE.sub(" ", written).lower() == expected:
            continue
        head = written.split()[0]
        bare = _BARE_MEANING.get(head.lower())
        raise DurationError(
            Text(
                f"Thời hạn “{_quote(text)}”: đơn vị “{written}” viết sai chính tả. Hãy ghi "
                f"“{expected}”; tthc không đoán đơn vị"
                + (
                    f" (đọc như đã viết, đây là “{head}” ({bare.vi}) kèm ghi chú)." if bare else "."
                ),
                f"Processing time “{_quote(text)}”: the unit “{written}” is misspelt. Write "
                f"“{expected}”; tthc does not guess the unit"
                + (
                    f" (read as written, it is a bare “{head}” ({bare.en}) with a note)."
                    if bare
                    else "."
                ),
            )
        )


# -- one segment ------------------------------------------------------------------------


class _Mention(NamedTuple):
    start: int
    end: int
    value: Decimal
    unit: Unit
    #: Read from an amount ("10 ngày làm việc"), not from a same-day or next-day phrase.
    amount: bool = False


def _unit_of(word: str) -> Unit:
    match = _UNIT_RE.fullmatch(word.strip())
    assert match is not None  # the caller matched the same alternatives
    for unit, _ in _UNIT_PATTERNS:
        if match.group(unit.value) is not None:
            return unit
    raise AssertionError(word)  # pragma: no cover


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (positions kept)."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _is_clock(scan: str, match: re.Match[str], unit: Unit) -> bool:
    """Whether the amount ``match`` is a time of day ("sau 15 giờ", "15 giờ 30")."""
    return (unit is Unit.WORKING_HOURS or unit is Unit.CLOCK_HOURS) and bool(
        _CLOCK_BEFORE_RE.search(scan, max(match.start() - 12, 0), match.start())
        or _CLOCK_AFTER_RE.match(scan, match.end())
    )


def _first_amount(scan: str) -> tuple[re.Match[str], Unit] | None:
    """The first amount with a unit in ``scan`` that is not a time of day ("sau 15 giờ")."""
    for match in _AMOUNT_RE.finditer(scan):
        unit = _unit_of(match.group("clar") or match.group("unit"))
        if _is_clock(scan, match, unit):
            continue
        return match, unit
    return None


def _day_unit_of(match: re.Match[str], unit: Unit, value: Decimal, day_unit: Unit) -> Unit:
    """The unit of an amount, a bare "ngày" read as ``day_unit`` (or split: working days)."""
    if unit is Unit.CALENDAR_DAYS and not match.group("clar"):
        bare = re.fullmatch(r"ngày", match.group("unit"), _F) is not None
        if bare and value != value.to_integral_value():
            return Unit.WORKING_DAYS  # a calendar day cannot be split: "1/2 ngày"
        if bare:
            return day_unit
    return unit


def _amount_mention(
    scan: str, match: re.Match[str], unit: Unit, day_unit: Unit, whole: str
) -> _Mention:
    """The amount ``match`` read as a mention, refused when its number is not read whole."""
    _check_start(scan, match.start("num"), match.end("num"), whole)
    value = _number(match.group("num"), whole)
    unit = _day_unit_of(match, unit, value, day_unit)
    return _Mention(match.start(), match.end(), value, unit, amount=True)


#: An amount cut from the time ("cắt giảm 01/03 ngày", "giảm 2 ngày"): not another time.
_CUT_BEFORE_RE = re.compile(r"(?<!\w)(?:giảm|rút\s+ngắn)(?:\s+được)?\s*$", _F)
#: A time left out of the count ("không kể thời gian 30 ngày niêm yết", "không tính thời
#: gian niêm yết 15 ngày"), in the same clause as the amount: not another time.
_EXCLUDED_BEFORE_RE = re.compile(
    r"(?<!\w)(?:không\s+(?:kể|tính|bao\s+gồm)|ngoài\s+thời\s+gian|excluding|not\s+counting)"
    r"[^.;()\n]*$",
    _F,
)
#: A date ("ngày 15 tháng 12"): "15 tháng" is not an amount there.
_DATE_BEFORE_RE = re.compile(r"(?<!\w)ngày\s*$", _F)
_DIGIT_AFTER_RE = re.compile(r"\s*\d")
#: Where a breakdown of the time starts ("05 ngày làm việc, trong đó: 03 ngày tại Sở ..."):
#: its amounts are parts of the time, not other times.
_BREAKDOWN_RE = re.compile(r"(?<!\w)(?:trong\s+đó|bao\s+gồm|of\s+which|including)(?!\w)", _F)


def _other_times(body: str, mention: _Mention, first: Duration, day_unit: Unit) -> list[str]:
    """The amounts ``body`` states after ``mention`` that give another time, as written.

    "Trong thời hạn 10 ngày làm việc. Trường hợp phức tạp 20 ngày làm việc" states two
    times; reading the first and keeping the second in the note would silently drop it.
    An amount that says the same time again ("30 ngày làm việc / 240 giờ làm việc"), a
    time of day or a date, a cut ("cắt giảm 01/03 ngày") and the parts of a breakdown
    ("trong đó: 03 ngày tại Sở") are not other times.
    """
    scan = _blank(body, _REMARK_SPAN_RE)
    breakdown = _BREAKDOWN_RE.search(scan, mention.end)
    stop = breakdown.start() if breakdown else len(scan)
    others: list[str] = []
    for match in _AMOUNT_RE.finditer(scan, mention.end, stop):
        unit = _unit_of(match.group("clar") or match.group("unit"))
        window = scan[max(match.start() - 20, 0) : match.start()]
        if (
            _is_clock(scan, match, unit)
            or _DIGIT_AFTER_RE.match(scan, match.end())
            or _DATE_BEFORE_RE.search(window)
            or _CUT_BEFORE_RE.search(window)
            or _EXCLUDED_BEFORE_RE.search(scan, max(match.start() - 60, 0), match.start())
        ):
            continue
        try:
            value = _number(match.group("num"), body)
            other = Duration(value=value, unit=_day_unit_of(match, unit, value, day_unit))
        except ValueError:  # a DurationError, or pydantic's error of an invalid value
            other = None  # not even a valid time: certainly not the same one
        if other is None or not _equivalent(first, other):
            glued = _TOKEN_TAIL_RE.search(scan, max(match.start() - 20, 0), match.start())
            written = scan[glued.start() if glued else match.start() : match.end()]
            others.append(_SPACES_RE.sub(" ", written).strip())
    return others


def _several_times(whole: str, first: str, others: list[str]) -> DurationError:
    times = [first, *others]
    vi = ", ".join(times[:-1]) + f" và {times[-1]}"
    en = ", ".join(times[:-1]) + f" and {times[-1]}"
    count_vi = "hai" if len(times) == 2 else str(len(times))
    count_en = "two" if len(times) == 2 else str(len(times))
    return DurationError(
        Text(
            f"Thời hạn “{_quote(whole)}” ghi {count_vi} thời hạn: {vi}; không rõ áp dụng thời "
            "hạn nào. Hãy ghi mỗi thời hạn thành một trường hợp, ví dụ “Trường hợp 1: ...; "
            "Trường hợp 2: ...” (mỗi trường hợp một mục trong processing_time).",
            f"Processing time “{_quote(whole)}”: the text gives {count_en} times: {en}; which "
            "one applies is ambiguous. Record them as cases, for example “Trường hợp 1: ...; "
            "Trường hợp 2: ...” (one entry each under processing_time).",
        )
    )


def _first_mention(text: str, day_unit: Unit, whole: str) -> _Mention | None:
    """The earliest time ``text`` states: an amount, a same-day or a next-day phrase."""
    scan = _blank(text, _REMARK_SPAN_RE)
    phrases: list[_Mention] = []
    same = _SAME_DAY_RE.search(scan)
    if same:
        phrases.append(_Mention(same.start(), same.end(), Decimal(0), Unit.SAME_DAY))
    nxt = _NEXT_DAY_RE.search(scan)
    if nxt:
        phrases.append(_Mention(nxt.start(), nxt.end(), Decimal(1), Unit.WORKING_DAYS))
    amount = _first_amount(scan)
    if amount is not None and all(amount[0].start() <= p.start for p in phrases):
        return _amount_mention(scan, amount[0], amount[1], day_unit, whole)
    # An amount after the phrase that wins is part of the note ("Trong ngày (không quá
    # 8-10 giờ làm việc)"): it is not read, so it is not checked either.
    return min(phrases, key=lambda m: m.start) if phrases else None


def _strip_lead_ins(pre: str) -> str:
    pre = pre.strip()
    while True:
        # Look at the tail only: a lead-in is short, and a long text stays linear.
        cut = max(len(pre) - 40, 0)
        match = _LEAD_INS_RE.search(pre, cut)
        if match is None:
            return pre
        pre = pre[: match.start()].strip()


def _segment_duration(body: str, day_unit: Unit, whole: str) -> Duration | None:
    """The first amount in ``body`` with what surrounds it as the note, or ``None``."""
    mention = _first_mention(body, day_unit, whole)
    if mention is None:
        return None
    pre = _strip_lead_ins(body[: mention.start])
    if mention.unit is Unit.SAME_DAY and body[mention.end :].strip():
        # Keep the phrase with what follows: the cut-off wording reads only as a whole.
        post = body[mention.start :].strip()
    else:
        post = body[mention.end :].strip().lstrip(",.;:/-– ").strip()
    if pre and post:
        note: str | None = f"{pre} … {post}"
    else:
        note = pre or post or None
    try:
        duration = Duration(value=mention.value, unit=mention.unit, note=note)
    except ValueError as exc:  # pydantic's error, read without importing pydantic
        problems = problems_of(exc)
        raise DurationError(
            Text(
                f"Thời hạn “{_quote(whole)}” không hợp lệ: {problems.vi}.",
                f"Invalid processing time “{_quote(whole)}”: {problems.en}.",
            )
        ) from exc
    if mention.amount:
        others = _other_times(body, mention, duration, day_unit)
        if others:
            first = _SPACES_RE.sub(" ", body[mention.start : mention.end]).strip()
            raise _several_times(whole, first, others)
    return duration


# -- segmentation -----------------------------------------------------------------------


class _Segment(NamedTuple):
    start: int
    label: str | None
    channel: Channel | None
    #: Where the body starts after a dash label ("Trường hợp 1 - "); ``None`` for the others.
    body_at: int | None = None


_BULLETS = frozenset({"", "-", "+", "•", "–"})
_BULLET_BEFORE_RE = re.compile(r"(?:^|\s)[-+•–]\s*$")


def _segments(text: str) -> list[tuple[str | None, Channel | None, str, str]]:
    """Split ``text`` into (name, channel, body, segment text) at bullets and labels."""
    starts: dict[int, _Segment] = {}
    #: Each "label:" found at a segment start: (label start, end after its colon, segment).
    labels: list[tuple[int, int, int]] = []
    for match in _SEGMENT_RE.finditer(text):
        if match.group("bullet") or match.group("label") or match.start() == 0:
            group = "bullet" if match.group("bullet") else "label"
            at = match.start(group) if match.group(group) else 0
            starts[at] = _Segment(at, match.group("label"), None)
            if match.group("label"):
                labels.append((match.start("label"), match.end("label"), at))

    label_starts = [label[0] for label in labels]

    def label_around(at: int) -> tuple[int, int, int] | None:
        index = bisect.bisect_right(label_starts, at) - 1
        return labels[index] if index >= 0 and at < labels[index][1] else None

    # Look-backs stay short (the text is normalized: one space between words), so that
    # splitting stays linear however many cases a text holds.
    def claim(at: int) -> int:
        bullet = _BULLET_BEFORE_RE.search(text, max(at - 4, 0), at)
        if bullet:  # "... 5 ngày - Trực tiếp: 7 ngày" (a list written one item a line)
            at = bullet.start() + (1 if text[bullet.start()].isspace() else 0)
        # A bullet or segment start just before the label belongs to the label's segment.
        for key in range(at, max(at - 4, 0) - 1, -1):
            if key in starts and text[key:at].strip() in _BULLETS:
                del starts[key]
                at = key
        return at

    for match in _CHANNEL_LABEL_RE.finditer(text):
        channel = next(c for c, _ in _CHANNEL_LABELS if match.group(f"ch_{c.value}"))
        outer = label_around(match.start("label"))
        if outer is not None and outer[0] < match.start("label"):
            # The channel ends a longer label ("Nộp hồ sơ trực tuyến:"): that label names
            # the case, and gives its channel when it names only one.
            label_start, label_end, key = outer
            if key in starts and len(_CHANNEL_WORD_RE.findall(text, label_start, label_end)) == 1:
                starts[key] = starts[key]._replace(channel=channel)
            continue
        at = claim(match.start("label"))
        starts[at] = _Segment(at, match.group("label"), channel)
    for match in _CASE_BULLET_RE.finditer(text):
        if label_around(match.start("label")) is not None:
            continue  # already a segment's label (after "." or ";"), or inside a longer one
        at = claim(match.start("label"))
        starts[at] = _Segment(at, match.group("label"), None)
    for match in _NUMBERED_LABEL_RE.finditer(text):
        if label_around(match.start("label")) is not None:
            continue  # part of a "label:" ("Trường hợp 1 - nộp trực tiếp:")
        at = claim(match.start("label"))
        starts[at] = _Segment(at, match.group("label"), None, match.end())
    ordered = sorted(starts.values(), key=lambda segment: segment.start)
    out: list[tuple[str | None, Channel | None, str, str]] = []
    for index, segment in enumerate(ordered):
        end = ordered[index + 1].start if index + 1 < len(ordered) else len(text)
        chunk = text[segment.start : end].strip().rstrip(";").strip()
        bodytext = re.sub(r"^[-+•–]\s+", "", chunk)
        name: str | None = None
        seg_channel = segment.channel
        if segment.body_at is not None:
            bodytext = text[segment.body_at : end].strip().rstrip(";")
            name = segment.label
        elif seg_channel is not None and not (segment.label or "").endswith(":"):
            # A channel label ("Trực tuyến:"): the channel, not a name.
            bodytext = bodytext.split(":", 1)[1]
        elif segment.label:
            label = segment.label.rstrip(":").strip()
            label = re.sub(r"^[-+•–]\s+", "", label)
            if _AMOUNT_RE.search(label) or _SAME_DAY_RE.search(label):
                pass  # "5 ngày: ..." is not a label
            else:
                bodytext = bodytext.split(":", 1)[1]
                if not _GENERIC_LABEL_RE.match(label):
                    name = label
        out.append((name, seg_channel, bodytext.strip(), re.sub(r"^[-+•–]\s+", "", chunk)))
    return out


def _equivalent(a: Duration, b: Duration) -> bool:
    if a.without_note() == b.without_note():
        return True
    return a.working_hours is not None and a.working_hours == b.working_hours


def _read_cases(text: str, day_unit: Unit) -> list[ParsedCase]:
    if not isinstance(text, str) or not text.strip():
        shown = escape_text(str(text), 60)
        raise DurationError(
            Text(
                f"Thời hạn giải quyết trống: “{shown}”. Hãy ghi ví dụ “03 ngày làm việc”.",
                f"Empty processing time: “{shown}”. Write for example “03 ngày làm việc”.",
            )
        )
    _check_length(text)
    norm = normalize_text(text)
    _check_unit_spelling(norm, text)
    reduction = _REMARK_FROM_TO_RE.search(_blank(norm, _REMARK_SPAN_RE))
    if reduction:
        _check_end(reduction.string, reduction.start("reduced"), reduction.end("reduced"), text)
        raise DurationError(
            Text(
                f"“{_quote(text)}” ghi một lần cắt giảm (từ {reduction.group('legal')} còn "
                f"{reduction.group('reduced')}), không phải một thời hạn; hãy ghi thời hạn theo "
                "quy định (time) và thời hạn cam kết (committed) riêng, hoặc dùng "
                "parse_reduction_remark().",
                f"“{_quote(text)}” states a reduction (from {reduction.group('legal')} to "
                f"{reduction.group('reduced')}), not one time; record the legal time (time) and "
                "the committed time (committed) separately, or use parse_reduction_remark().",
            )
        )
    cases: list[ParsedCase] = []
    pending = ""  # text before the first amount (a preamble), kept with the first case
    for name, channel, body, chunk in _segments(norm):
        duration = _segment_duration(body, day_unit, text)
        if duration is None:
            if cases and channel is None:
                # A sentence without an amount belongs to the case before it, with its
                # label if it has one ("Lưu ý: ..."): a note, never dropped.
                last = cases[-1]
                note = f"{last.duration.note or ''} {chunk}".strip()
                cases[-1] = ParsedCase(
                    last.name,
                    last.channel,
                    last.duration.model_copy(update={"note": note}),
                    f"{last.text} {chunk}",
                )
            else:
                pending = f"{pending} {chunk}".strip()
            continue
        cases.append(ParsedCase(name, channel, duration, chunk))
    if not cases:
        raise DurationError(
            Text(
                f"Không đọc được thời hạn giải quyết “{_quote(text)}”: cần một số và một đơn vị "
                "(ví dụ “03 ngày làm việc”, “24 giờ”, “6 tháng”, “trong ngày”).",
                f"Cannot read the processing time “{_quote(text)}”: expected a number and a unit "
                "(for example “03 ngày làm việc”, “24 giờ”, “6 tháng”, “trong ngày”, "
                "“3 working days”).",
            )
        )
    plain = all(c.name is None and c.channel is None for c in cases)
    if len(cases) > 1 and plain and all(_equivalent(cases[0].duration, c.duration) for c in cases):
        # "30 ngày (Ngày làm việc) / 240 giờ; Tổng thời gian: 30 ngày làm việc": one time.
        first = cases[0].duration
        rest = "; ".join(c.text for c in cases[1:])
        note = f"{first.note}; {rest}" if first.note else rest
        cases = [ParsedCase(None, None, first.model_copy(update={"note": note}), norm)]
    if pending and len(cases) == 1:
        only = cases[0]
        note = f"{pending} … {only.duration.note}" if only.duration.note else pending
        cases = [
            ParsedCase(
                only.name,
                only.channel,
                only.duration.model_copy(update={"note": note}),
                f"{pending} {only.text}",
            )
        ]
    return cases


# -- public API -------------------------------------------------------------------------


def parse_cases(text: str, *, day_unit: Unit = Unit.CALENDAR_DAYS) -> list[ParsedCase]:
    """Read a processing-time cell that may hold several cases (trường hợp) or channels.

    "Trực tuyến: 5 Ngày làm việc; Trực tiếp: 7 Ngày làm việc" gives two cases with their
    channels; "- Trường hợp 1: ...; - Trường hợp 2: ..." two cases named "Trường hợp 1" and
    "Trường hợp 2", and so does "Trường hợp 1 - 03 ngày làm việc; Trường hợp 2 - 05 ngày
    làm việc" (a dash after a numbered label, whose number is never read as the amount); a
    longer label that names one channel ("Nộp hồ sơ trực tuyến: 5 ngày") gives the case
    that name and that channel; a bulleted list ("- Trong thời hạn 45 ngày ... - Trong
    thời hạn 38 ngày ...") one unnamed case per bullet; a bullet opening a case label
    ("... - Trường hợp 2: ...") starts a case even with no ";" before it. A sentence or
    bullet without an amount, labelled ("Lưu ý: ...") or not, is the note of the case
    before it. A cell with one time gives one case. Amounts that say the same thing twice
    ("30 ngày làm việc / 240 giờ làm việc") are one case.

    ``day_unit`` is what a bare whole "ngày" means: calendar days by default (the national
    portal's convention); pass ``Unit.WORKING_DAYS`` for a table that counts working days
    and abbreviates them as "ngày" (internal processes often do).

    Raises :class:`~tthc.errors.DurationError`, quoting the text, when no time can be read,
    when a unit is misspelt ("3 ngày lam viec"), or when a case gives several times
    ("Trong thời hạn 10 ngày làm việc. Trường hợp phức tạp 20 ngày làm việc"): the
    message names the times, to be recorded as cases.
    """
    return _read_cases(text, day_unit)


def parse_duration(text: str, *, day_unit: Unit = Unit.CALENDAR_DAYS) -> Duration:
    """Read one processing time (thời hạn giải quyết) as catalogs write it.

    >>> parse_duration("03 ngày làm việc").text("en")
    '3 working days'
    >>> parse_duration("Trong thời hạn 08 ngày làm việc, kể từ ngày nhận đủ hồ sơ").note
    'kể từ ngày nhận đủ hồ sơ'

    Lead-ins ("Trong thời hạn", "Tối đa", "Không quá") are dropped; everything else the
    text says besides the amount is kept in ``note``. ``day_unit`` is as in
    :func:`parse_cases`. Raises :class:`~tthc.errors.DurationError` quoting the text when
    it is empty, cannot be read, misspells its unit ("ngày lam viec"), gives several times
    without case labels, or holds several cases (use :func:`parse_cases` then).
    """
    cases = _read_cases(text, day_unit)
    if len(cases) == 1:
        return cases[0].duration
    listed = "; ".join(
        f"{c.name or (c.channel.value if c.channel else '-')}: {c.duration}" for c in cases
    )
    raise DurationError(
        Text(
            f"Thời hạn “{_quote(text)}” có {len(cases)} trường hợp ({listed}); hãy đọc bằng "
            "parse_cases() và ghi từng trường hợp trong processing_time.",
            f"The processing time “{_quote(text)}” holds {len(cases)} cases ({listed}); read it "
            "with parse_cases() and list each case under processing_time.",
        )
    )


def parse_reduction_remark(text: str) -> ReductionRemark | None:
    """The reduction printed with a time, or ``None`` when the text prints none.

    Reads "cắt giảm 01/03 ngày làm việc, tỷ lệ 33,33%" (cut 1 of 3, 33.33 %) and
    "Cắt giảm thời gian giải quyết từ 24 ngày xuống 22 ngày" (cut 2 of 24, no rate printed).
    The printed percent is returned as printed, not recomputed.
    """
    _check_length(text)
    norm = normalize_text(text)
    percent_match = _REMARK_PERCENT_RE.search(norm)
    percent = Decimal(percent_match.group("pct").replace(",", ".")) if percent_match else None
    cut_match = _REMARK_CUT_RE.search(norm)
    if cut_match:
        _check_end(norm, cut_match.start("legal"), cut_match.end("legal"), text)
        cut = _number(cut_match.group("cut"), text)
        legal = _number(cut_match.group("legal"), text)
        return ReductionRemark(cut, legal, percent)
    from_to = _REMARK_FROM_TO_RE.search(norm)
    if from_to:
        _check_end(norm, from_to.start("reduced"), from_to.end("reduced"), text)
        legal = _number(from_to.group("legal"), text)
        reduced = _number(from_to.group("reduced"), text)
        return ReductionRemark(legal - reduced, legal, percent)
    return None
