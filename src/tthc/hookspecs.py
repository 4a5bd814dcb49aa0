"""The ``tthc_*`` hooks: the one way a local rule enters tthc.

Each hook below is documented here and nowhere else: its docstring is the reference.
The national rules (:mod:`tthc.national`) implement these hooks as the first plugins,
registered before any installed plugin, so a province plugin that implements the same
hook is called first and wins where it answers (pluggy calls the most recently
registered implementation first; ``firstresult`` hooks stop at the first non-``None``
answer).

A plugin is a module or object with functions named like these hooks and decorated
with :data:`tthc.hookimpl`. It is found through the ``tthc`` entry-point group, or
listed in the ``plugins`` key of the configuration. A province plugin declares which
province it serves with a module attribute ``tthc_province = "tuyen-quang"``; it is
only loaded by ``Rules.for_province("tuyen-quang")``.

Argument names matter: pluggy passes arguments by name, and an implementation may
accept any subset of the arguments a hook specifies.

Every plugin's implementations are checked when tthc loads, including installed province
plugins that are not selected (``tthc plugins`` lists their errors): an unknown hook (with a
"did you mean"), an argument the hook does not pass, a ``tthc_*`` function without
``@hookimpl``. Wrappers (``@hookimpl(wrapper=True)`` or ``hookwrapper=True``) are refused:
tthc calls each implementation itself, one by one, so a wrapper would run as a plain
function. Answers of the first-result hooks are checked against the type each hook
promises: a wrong one is a :class:`~tthc.errors.PluginError` naming the plugin that gave it.

Each hook's docstring ends with a Vietnamese summary, a paragraph starting
``Tiếng Việt:``, which the Vietnamese hook reference shows (the English text stays the
full reference).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from string import Template
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from tthc.calendar import CalendarDay, WorkingHours
    from tthc.duration import Duration
    from tthc.formword import WordTemplate
    from tthc.i18n import Lang
    from tthc.model import Case, Channel, Procedure
    from tthc.reduction import Target
    from tthc.rules import Rules
    from tthc.sla import CountingPolicy, Deadline
    from tthc.validation import Rule

hookspec = pluggy.HookspecMarker("tthc")
hookimpl = pluggy.HookimplMarker("tthc")


# -- configuration -----------------------------------------------------------------


@hookspec
def tthc_configure(rules: Rules) -> None:
    """Called once, after every plugin is registered, with the :class:`~tthc.rules.Rules`.

    Read ``rules.config`` here (province, catalog path, disabled rules, and the
    plugin's own table in ``rules.config.extra[<name>]``: ``[<name>]`` in ``tthc.toml``,
    ``[tool.tthc.<name>]`` in ``pyproject.toml``). Raise
    :class:`~tthc.errors.ConfigError` for a bad setting: tthc shows it with the plugin's
    name and the configuration file. Do not compute anything expensive: the calendar and
    policies are built lazily.

    Tiếng Việt: Được gọi một lần, sau khi mọi plugin đã đăng ký, với đối tượng
    :class:`~tthc.rules.Rules`. Đọc cấu hình ở đây (``rules.config``; bảng riêng của
    plugin nằm trong ``rules.config.extra[<tên>]``: ``[<tên>]`` trong ``tthc.toml``,
    ``[tool.tthc.<tên>]`` trong ``pyproject.toml``). Gặp thiết lập sai thì raise
    :class:`~tthc.errors.ConfigError`: tthc in lỗi kèm tên plugin và tệp cấu hình. Đừng
    tính toán nặng: lịch và chính sách chỉ được dựng khi cần.
    """


# -- catalog validation ------------------------------------------------------------


@hookspec
def tthc_validation_rules() -> Sequence[Rule]:
    """Return the validation rules this plugin adds: a list of :class:`tthc.validation.Rule`.

    Every rule has a stable code (``TT101``; a province uses its own prefix, for
    example ``TQ101``), a severity, a bilingual title and an explanation
    (:class:`tthc.i18n.Text`, not ``str``) that ``tthc explain CODE`` prints. Rules of all
    plugins run. The rules are collected when tthc loads: an answer that is not a list of
    well-formed rules, or a code defined twice, is an error at load time naming the plugin.
    A rule that raises while checking is reported with the plugin's name and the procedure
    it was checking, and the other rules still run. ``tthc validate`` checks file by file
    (with a cache, in several processes): a procedure rule sees its own procedure and the
    registries in ``context.catalog``; a rule that compares procedures has
    ``scope="catalog"``.

    Tiếng Việt: Các quy tắc kiểm tra danh mục mà plugin thêm vào, một danh sách
    :class:`tthc.validation.Rule`. Mỗi quy tắc có mã cố định (tỉnh dùng tiền tố riêng, ví
    dụ ``TQ101``), mức độ, tiêu đề và lời giải thích hai thứ tiếng
    (:class:`tthc.i18n.Text`, không phải ``str``) mà ``tthc explain MÃ`` in ra. Quy tắc của
    mọi plugin đều chạy. Các quy tắc được thu thập khi nạp: câu trả lời không phải danh
    sách quy tắc hợp lệ, hoặc một mã định nghĩa hai lần, là lỗi khi nạp, nêu tên plugin.
    Quy tắc gây lỗi khi kiểm tra được báo kèm tên plugin và thủ tục đang kiểm tra, các quy
    tắc khác vẫn chạy. ``tthc validate`` kiểm tra từng tệp (có bộ đệm, nhiều tiến trình):
    quy tắc theo thủ tục chỉ thấy thủ tục của nó và các danh mục dùng chung trong
    ``context.catalog``; quy tắc so sánh các thủ tục với nhau dùng ``scope="catalog"``.
    """


# -- the working calendar ----------------------------------------------------------


@hookspec
def tthc_calendar_days(first_year: int, last_year: int) -> Sequence[CalendarDay]:
    """Days whose status differs from a plain Monday-Friday week, for the years asked.

    Return :class:`tthc.calendar.CalendarDay` entries: days off (holidays, compensatory
    days, swapped weekdays) and make-up working days (usually Saturdays), each with its
    reason and source document. All plugins answer; where two answers name the same
    date, the plugin called first (the most recently registered, i.e. the province)
    wins. To cancel a national day off, return the same date with ``working=True``.
    Return a list of CalendarDay; one day alone is refused, naming the plugin.

    Tiếng Việt: Những ngày khác với tuần làm việc thứ Hai đến thứ Sáu thông thường, trong
    các năm được hỏi: ngày nghỉ (lễ, nghỉ bù, ngày hoán đổi) và ngày làm bù (thường là thứ
    Bảy), mỗi ngày là một :class:`tthc.calendar.CalendarDay` kèm lý do và văn bản nguồn.
    Mọi plugin cùng trả lời; hai câu trả lời cùng một ngày thì plugin được gọi trước (plugin
    tỉnh) thắng. Để bỏ một ngày nghỉ quốc gia, trả lại ngày đó với ``working=True``.
    Trả về một danh sách CalendarDay; một ngày đơn lẻ bị từ chối, nêu tên plugin.
    """


@hookspec
def tthc_official_years() -> Collection[int]:
    """Years whose days off and swaps rest on known official decisions.

    Return a list (or set) of ``int`` years; anything else is refused with a message
    naming the plugin. The union over all plugins: a year in it is official for the whole
    calendar, national days included. A deadline whose computation crosses a year not in
    this set is *provisional* (tạm tính): its days off are estimates. Declare a year only
    when every decision of that year is recorded, the national swaps included (for
    example by a plugin that also returns the national decision's days from
    ``tthc_calendar_days``). A province that records only its own days of a year must not
    declare it: the national swaps of that year would still be unknown, and deadlines
    across it would be shown as final.

    Tiếng Việt: Các năm mà ngày nghỉ và ngày hoán đổi dựa trên quyết định chính thức đã
    biết. Trả về danh sách (hoặc tập hợp) các năm kiểu ``int``; câu trả lời khác bị từ
    chối, nêu tên plugin. Hợp các câu trả lời của mọi plugin: một năm có trong đó là chính
    thức cho cả lịch, kể cả các ngày toàn quốc. Hạn giải quyết tính qua một năm không có
    trong tập này là *tạm tính*: ngày nghỉ của năm đó là ước tính. Chỉ khai báo một năm
    khi mọi quyết định của năm đó đã được ghi nhận, kể cả các ngày hoán đổi toàn quốc (ví
    dụ plugin cũng trả về các ngày của quyết định toàn quốc qua ``tthc_calendar_days``).
    Tỉnh chỉ ghi nhận các ngày riêng của mình trong một năm thì không được khai báo năm
    đó: các ngày hoán đổi toàn quốc của năm ấy vẫn chưa biết, và hạn tính qua năm đó sẽ
    hiện như chính thức.
    """


@hookspec(firstresult=True)
def tthc_working_hours() -> WorkingHours | None:
    """The working hours (giờ làm việc) of the jurisdiction: a :class:`tthc.calendar.WorkingHours`.

    Hours may change by date range (seasonal schedules); each period gives the
    working intervals of a working day (for example 07:30-11:30 and 13:30-17:00).
    National default: 08:00-12:00 and 13:00-17:00. First answer wins. The periods must
    cover every day from 1 January of the calendar's first year to 31 December of its last
    (1995 to 2035, or five years ahead): hours that start on a date need an open-ended
    period for the days before. ``explain()`` and ``tthc calendar`` show a province's
    period name, source and note. ``WorkingHours.week_source`` names the decision that sets
    the Monday-Friday week; a province that keeps the national week leaves it empty, and
    the source comes from the next answer (the national rules' Decision 188/1999/QĐ-TTg).

    Tiếng Việt: Giờ làm việc của địa phương, một :class:`tthc.calendar.WorkingHours`. Giờ
    có thể đổi theo khoảng ngày (giờ mùa hè, mùa đông); mỗi giai đoạn nêu các khoảng làm
    việc của một ngày làm việc (ví dụ 07:30-11:30 và 13:30-17:00). Mặc định quốc gia:
    08:00-12:00 và 13:00-17:00. Câu trả lời đầu tiên thắng. Các giai đoạn phải phủ mọi
    ngày từ 1/1 năm đầu đến 31/12 năm cuối của lịch (1995 đến 2035, hoặc năm năm tới): giờ
    bắt đầu từ một ngày cần thêm một giai đoạn không giới hạn cho những ngày trước đó.
    ``explain()`` và ``tthc calendar`` hiện tên, nguồn và ghi chú giờ làm việc của tỉnh.
    ``WorkingHours.week_source`` nêu văn bản quy định tuần làm việc thứ Hai - thứ Sáu; tỉnh
    giữ tuần làm việc quốc gia để trống, và nguồn lấy từ câu trả lời kế tiếp (Quyết định
    188/1999/QĐ-TTg của quy định quốc gia).
    """


# -- counting deadlines (SLA) ------------------------------------------------------


@hookspec(firstresult=True)
def tthc_counting_policy() -> CountingPolicy | None:
    """The counting policy (:class:`tthc.sla.CountingPolicy`): the choices in counting time.

    Same-day cut-off, whether a general afternoon cut-off applies to all procedures,
    whether after-hours submissions start at the next working interval, how working
    days are counted (from the next working day or elapsed), pause or restart on a
    supplement request. Return a whole policy, typically
    ``dataclasses.replace(CountingPolicy(), ...)``. First answer wins.

    Tiếng Việt: Chính sách tính hạn (:class:`tthc.sla.CountingPolicy`), tức các lựa chọn
    khi tính thời hạn: giờ chốt của thủ tục trả trong ngày, có áp giờ chốt
    buổi chiều cho mọi thủ tục không, hồ sơ nhận ngoài giờ có tính từ khoảng làm việc kế
    tiếp không, cách đếm ngày làm việc (từ ngày làm việc kế tiếp hay theo thời gian đã
    trôi), tạm dừng hay tính lại từ đầu khi yêu cầu bổ sung hồ sơ. Trả về cả chính sách,
    thường là ``dataclasses.replace(CountingPolicy(), ...)``. Câu trả lời đầu tiên thắng.
    """


@hookspec(firstresult=True)
def tthc_effective_receipt(
    received_at: datetime, duration: Duration, channel: Channel | None, rules: Rules
) -> datetime | None:
    """The moment the clock starts for a dossier received at ``received_at`` (aware, +07:00).

    The national rule: a dossier received inside working time starts at once; one
    received outside it starts at the beginning of the next working interval; the
    cut-offs of the counting policy apply. Return ``None`` to leave it to the next
    plugin. First answer wins.

    Asked by the national ``tthc_deadline`` only (a province that answers
    ``tthc_deadline`` itself is never asked this), and asked again at each resume when the
    counting policy has ``pause_mode="restart"``, with ``received_at`` the moment of the
    resume. An answer replaces the national rule, cut-offs included. It must be a
    ``datetime`` not earlier than ``received_at``: anything else is a
    :class:`~tthc.errors.PluginError` naming the plugin.

    Tiếng Việt: Thời điểm bắt đầu tính hạn cho hồ sơ nhận lúc ``received_at`` (có múi
    giờ, +07:00). Quy định quốc gia: hồ sơ nhận trong giờ làm việc được tính ngay; nhận
    ngoài giờ thì tính từ đầu khoảng làm việc kế tiếp; các giờ chốt của chính sách tính
    hạn được áp dụng. Trả ``None`` để nhường cho plugin tiếp theo. Câu trả lời đầu tiên
    thắng. Chỉ ``tthc_deadline`` quốc gia hỏi hook này (tỉnh tự trả lời ``tthc_deadline``
    thì không được hỏi), và hỏi lại mỗi lần tiếp tục tính khi chính sách có
    ``pause_mode="restart"`` (``received_at`` là lúc tiếp tục). Câu trả lời thay cho quy
    định quốc gia, kể cả giờ chốt; phải là ``datetime`` không sớm hơn ``received_at``,
    nếu không là :class:`~tthc.errors.PluginError` nêu tên plugin.
    """


@hookspec(firstresult=True)
def tthc_deadline(
    received_at: datetime,
    duration: Duration,
    channel: Channel | None,
    steps: Sequence[Duration | None],
    rules: Rules,
) -> Deadline | None:
    """The whole deadline (:class:`tthc.sla.Deadline`), for a province that counts differently.

    ``received_at`` is aware (+07:00); ``steps`` are the internal-process step times of
    an inter-agency case (empty otherwise; ``None`` for a step that is not counted).
    The national plugin answers with the national counting rules; a province plugin
    answers only if it must replace them wholesale. First answer wins.

    Tiếng Việt: Toàn bộ hạn giải quyết (:class:`tthc.sla.Deadline`), cho tỉnh tính hạn
    theo cách khác. ``received_at`` có múi giờ (+07:00); ``steps`` là thời gian các bước
    của quy trình nội bộ với thủ tục liên thông (rỗng nếu không có; ``None`` cho bước
    không tính thời gian). Plugin quốc gia trả lời theo các quy tắc tính toàn quốc; plugin
    tỉnh chỉ trả lời khi phải thay hẳn cách tính đó. Câu trả lời đầu tiên thắng.
    """


# -- time-reduction targets --------------------------------------------------------


@hookspec(firstresult=True)
def tthc_reduction_target(
    procedure: Procedure | None, case: Case | None, year: int
) -> Target | None:
    """The reduction target (:class:`tthc.reduction.Target`) for a procedure in ``year``.

    National default (Resolution 66/NQ-CP): 30% in 2025, 50% from 2026 against the 2024
    baseline; before 2025 there is no national target, and the national rules compare
    with the 2025 level of 30% under a source that says so. ``procedure`` and ``case``
    may be ``None``: the jurisdiction-wide target of a province-wide summary. First
    answer wins.

    Tiếng Việt: Mục tiêu cắt giảm thời gian giải quyết (:class:`tthc.reduction.Target`) của
    một thủ tục trong năm ``year``. Mặc định quốc gia (Nghị quyết 66/NQ-CP): 30% năm 2025,
    50% từ năm 2026 so với năm gốc 2024; trước năm 2025 không có mục tiêu quốc gia, quy tắc
    quốc gia so với mức 30% của năm 2025 và ghi rõ điều đó trong nguồn. ``procedure`` và
    ``case`` có thể là ``None`` khi hỏi mục tiêu chung của địa phương (báo cáo toàn tỉnh).
    Câu trả lời đầu tiên thắng.
    """


@hookspec(firstresult=True)
def tthc_reduction_floor(procedure: Procedure, case: Case) -> Duration | None:
    """The shortest committed time a suggestion may propose for this case.

    For example a same-day floor for procedures that cannot be shorter. ``None``: no
    floor beyond zero. First answer wins.

    Tiếng Việt: Thời gian cam kết ngắn nhất mà gợi ý cắt giảm được đề xuất cho trường hợp
    này, ví dụ "trong ngày" cho thủ tục không thể ngắn hơn. ``None``: không có mức sàn nào
    ngoài 0. Câu trả lời đầu tiên thắng.
    """


@hookspec(firstresult=True)
def tthc_reduction_rounding() -> str | None:
    """Granularity suggestions in working days are rounded down to: ``"day"``, ``"half_day"``
    or ``"hour"``.

    National default ``"day"`` (published reductions round to whole days). First answer wins.
    It applies to cases in working days only: a case in working hours is suggested in whole
    hours, one in calendar days or months in whole units, because that is what a catalog can
    publish in those units.

    Tiếng Việt: Mức làm tròn xuống của gợi ý cắt giảm cho thời hạn tính bằng ngày làm việc:
    ``"day"`` (ngày), ``"half_day"`` (nửa ngày) hoặc ``"hour"`` (giờ). Mặc định quốc gia
    ``"day"`` (thời gian cắt giảm công bố làm tròn theo ngày). Câu trả lời đầu tiên thắng.
    Thời hạn tính bằng giờ làm việc được gợi ý theo giờ tròn; ngày (lịch) hoặc tháng theo
    đơn vị tròn, vì danh mục chỉ công bố được như vậy.
    """


# -- forms -------------------------------------------------------------------------


@hookspec(firstresult=True)
def tthc_form_template(form: str, lang: Lang, output: str) -> str | Template | WordTemplate | None:
    """The wording of a form as a template: ``"01"`` receipt, ``"04"`` apology.

    Forms of Circular 03/2025/TT-VPCP appendix I. ``output`` is ``"text"`` (text and
    Markdown) or ``"docx"`` (a Word file); a plugin may leave ``output`` out of its
    arguments and answer the same wording for both.

    Return the text of a :class:`string.Template` (``$name`` placeholders), or the
    ``string.Template`` itself; for ``output="docx"`` also a
    :class:`tthc.formword.WordTemplate` (a .docx whose paragraphs and table cells hold the
    same placeholders). Text answered for ``"docx"`` becomes a Word document with one
    paragraph per line. It is filled with the form's data (see :mod:`tthc.forms` for the
    names). First answer wins.

    Tiếng Việt: Lời văn của một biểu mẫu theo Phụ lục I, Thông tư 03/2025/TT-VPCP:
    ``"01"`` giấy tiếp nhận hồ sơ và hẹn trả kết quả, ``"04"`` văn bản xin lỗi và đề nghị
    gia hạn. ``output`` là ``"text"`` (văn bản, Markdown) hoặc ``"docx"`` (tệp Word); plugin
    có thể bỏ tham số ``output`` và trả cùng một lời văn cho cả hai. Lời văn là văn bản của
    một :class:`string.Template` (chỗ trống ``$tên``), hoặc chính ``string.Template`` đó;
    với ``output="docx"`` còn có thể là :class:`tthc.formword.WordTemplate` (tệp .docx có
    các chỗ trống như trên trong đoạn văn và ô bảng). Văn bản trả cho ``"docx"`` thành tệp
    Word, mỗi dòng một đoạn. Mẫu được điền bằng dữ liệu của biểu mẫu (tên các chỗ trống
    xem :mod:`tthc.forms`). Câu trả lời đầu tiên thắng.
    """
