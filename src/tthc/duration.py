"""Processing time (thời hạn giải quyết): an exact amount in one of six units.

A :class:`Duration` is what a catalog cell such as "03 ngày làm việc" means: an exact
:class:`~decimal.Decimal` value and a :class:`Unit`. Durations never use floats.

Reading the text itself is :func:`tthc.parse_duration` (in :mod:`tthc.durationtext`), which
builds on this module; this module never imports it, so the type stays below its text form.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from tthc.errors import DurationError
from tthc.i18n import Lang, Text

if TYPE_CHECKING:
    from pydantic import BaseModel, GetCoreSchemaHandler, ValidationError
    from pydantic_core import PydanticCustomError

#: One working day (ngày làm việc) is 8 working hours (Decision 188/1999/QĐ-TTg: 40-hour week).
HOURS_PER_WORKING_DAY = Decimal(8)


class Unit(str, Enum):
    """The unit a procedure states its time in (đơn vị thời hạn)."""

    WORKING_DAYS = "working_days"
    """Ngày làm việc: working days on the public-sector calendar."""
    WORKING_HOURS = "working_hours"
    """Giờ làm việc: hours of working time."""
    CLOCK_HOURS = "clock_hours"
    """Giờ: clock hours, a bare "giờ" ("Trong thời hạn 24 giờ"). Civil Code 2015 art. 147(1)
    counts a period in hours from the stated moment, in clock time, nights and days off
    included; how tthc ends such a period is :attr:`tthc.sla.CountingPolicy.clock_hours_end`."""
    CALENDAR_DAYS = "calendar_days"
    """Ngày: calendar days (Civil Code art. 147-148 for the end)."""
    MONTHS = "months"
    """Tháng: calendar months."""
    SAME_DAY = "same_day"
    """Trong ngày: within the day of receipt (with the afternoon cut-off)."""

    def __str__(self) -> str:
        return self.value


#: The values of the units, to accept ``unit="working_days"`` without a lookup that fails.
_UNIT_VALUES = frozenset(unit.value for unit in Unit)

#: The longest time a Duration may state, per unit: 100 years in each unit (52 weeks of 5
#: working days of 8 hours a year, 365 calendar days of 24 clock hours, 12 months). Real
#: catalogs state at most a few hundred days or a few months (the project's sample data
#: tops at 60 working days, 60 days and 4 months), so the bound is far above any real
#: time, yet a typo or a hostile file ("10^12 ngày làm việc") is refused where it is
#: written instead of breaking date arithmetic downstream (Python dates end in 9999).
MAX_VALUE: MappingProxyType[Unit, Decimal] = MappingProxyType(
    {
        Unit.WORKING_DAYS: Decimal(100 * 52 * 5),
        Unit.WORKING_HOURS: Decimal(100 * 52 * 5 * 8),
        Unit.CLOCK_HOURS: Decimal(100 * 365 * 24),
        Unit.CALENDAR_DAYS: Decimal(100 * 365),
        Unit.MONTHS: Decimal(100 * 12),
        Unit.SAME_DAY: Decimal(0),
    }
)

_UNIT_WORDS: dict[Unit, tuple[str, str]] = {
    Unit.WORKING_DAYS: ("ngày làm việc", "working day"),
    Unit.WORKING_HOURS: ("giờ làm việc", "working hour"),
    Unit.CLOCK_HOURS: ("giờ", "clock hour"),
    Unit.CALENDAR_DAYS: ("ngày", "calendar day"),
    Unit.MONTHS: ("tháng", "month"),
}


def _number_vi(value: Decimal) -> str:
    text = _number_en(value)
    return text.replace(".", ",")


def _number_en(value: Decimal) -> str:
    normal = value.normalize()
    # normalize() writes 10 as 1E+1; "f" prints plain digits (quantize failed past 28 digits),
    # and abs() drops the sign of a negative zero so that the text parses back.
    return format(abs(normal) if normal == 0 else normal, "f")


def _invalid(kind: str, vi: str, en: str) -> PydanticCustomError:
    """A validation error whose ``ctx`` carries the Vietnamese text (see :func:`problems_of`)."""
    from pydantic_core import PydanticCustomError

    # The English text is the template: keep braces out of it (none of ours has any).
    return PydanticCustomError(f"duration_{kind}", en, {"vi": vi})


def problems_of(exc: ValidationError | ValueError) -> Text:
    """What a :class:`Duration` validation error says, in both languages, without pydantic's
    "Value error, " wrapper. Errors of other models keep their English text in both; another
    ``ValueError`` (no pydantic error) is its own text."""
    errors = getattr(exc, "errors", None)
    if errors is None:
        return Text(str(exc), str(exc))
    vi: list[str] = []
    en: list[str] = []
    for error in errors(include_url=False):
        msg = str(error["msg"]).removeprefix("Value error, ")
        en.append(msg)
        vi.append(str((error.get("ctx") or {}).get("vi", msg)))
    return Text("; ".join(vi), "; ".join(en))


def _fits(value: Decimal, unit: Unit) -> bool:
    """Whether a finite, non-negative ``value`` is a valid amount of ``unit`` (the rules
    :func:`_check_value` explains when it is not)."""
    if unit is Unit.SAME_DAY:
        return value == 0
    if value > MAX_VALUE[unit]:
        return False
    if unit is Unit.MONTHS or unit is Unit.CALENDAR_DAYS:
        return value == value.to_integral_value()
    return True


def _check_value(value: Decimal, unit: object) -> Decimal:
    """The checks of ``value`` as pydantic reports them, located at the value."""
    # pydantic has refused NaN and infinities already (allow_inf_nan is off for Decimal).
    if value < 0:
        raise _invalid("negative", "giá trị không được âm", "value must not be negative")
    if not isinstance(unit, Unit):
        return value  # the unit's own error is reported
    if unit is Unit.SAME_DAY and value != 0:
        raise _invalid(
            "same_day", "thời hạn trong ngày có giá trị 0", "a same-day duration has value 0"
        )
    limit = MAX_VALUE[unit]
    if value > limit:
        vi_word, en_word = _UNIT_WORDS[unit]
        raise _invalid(
            "too_long",
            f"giá trị {value} vượt quá {limit} {vi_word} (100 năm), dài hơn mọi thời hạn "
            "giải quyết; hãy kiểm tra lỗi gõ",
            f"value {value} is more than {limit} {en_word}s (100 years), longer than any "
            "processing time; check for a typo",
        )
    whole = value == value.to_integral_value()
    if unit is Unit.MONTHS and not whole:
        raise _invalid("whole", "số tháng phải là số nguyên", "months must be a whole number")
    if unit is Unit.CALENDAR_DAYS and not whole:
        raise _invalid("whole", "số ngày phải là số nguyên", "calendar days must be a whole number")
    return value


@cache
def _schema_model() -> type[BaseModel]:
    """The pydantic model that reads a Duration from data (a catalog's ``{value, unit}``),
    built on first use: ``tthc due`` and ``tthc calendar`` never import pydantic.

    It is named ``Duration`` and carries its docstring, so that errors ("class_name":
    "Duration") and the JSON Schema (``$defs/Duration``) read as the type users know.
    """
    from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

    class Duration(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid")

        # ``unit`` is declared first so that the check of ``value`` knows it: an error in
        # the value is then reported at the value (file:line of ``value:`` in a catalog),
        # not at the mapping that holds it.
        unit: Unit
        value: Decimal
        note: str | None = None

        @field_validator("value", mode="before")
        @classmethod
        def _no_floats(cls, value: Any) -> Any:
            # A float such as 0.1 has no exact decimal value; accept it only when it
            # prints back exactly (YAML gives 2.5 as a float).
            if isinstance(value, float):
                return Decimal(repr(value))
            return value

        @field_validator("value", mode="after")
        @classmethod
        def _check(cls, value: Decimal, info: ValidationInfo) -> Decimal:
            return _check_value(value, info.data.get("unit"))

    Duration.__doc__ = _DOC
    Duration.__module__ = __name__
    Duration.__qualname__ = "Duration"
    return Duration


_DOC = """An exact processing time: ``value`` in ``unit``, with an optional ``note``.

    ``note`` keeps what the published text said after the amount (for example
    "kể từ ngày nhận đủ hồ sơ hợp lệ") so that nothing read from a catalog is lost.
    A same-day duration (trong ngày) has value 0: it ends on the day of receipt,
    zero whole days after it. ``value`` is at most :data:`MAX_VALUE` of its unit (100 years).
    """


class Duration:
    __doc__ = _DOC

    # A plain immutable type, not a pydantic model: reading one from data goes through
    # _schema_model() (in models, through __get_pydantic_core_schema__), while building one
    # from a Decimal and a Unit, as the deadline engine and the text parser do, costs a few
    # comparisons and no import.
    __slots__ = ("note", "unit", "value")

    unit: Unit
    value: Decimal
    note: str | None

    def __init__(self, *, value: Any, unit: Any, note: str | None = None, **extra: Any) -> None:
        """Keyword arguments as a catalog writes them; anything pydantic would refuse
        raises its :class:`pydantic.ValidationError`, located at the field."""
        if (
            not extra
            and (note is None or type(note) is str)
            and (type(value) is Decimal or type(value) is int)
            and (type(unit) is Unit or (type(unit) is str and unit in _UNIT_VALUES))
        ):
            amount = value if type(value) is Decimal else Decimal(value)
            kind = unit if type(unit) is Unit else Unit(unit)
            if amount.is_finite() and amount >= 0 and _fits(amount, kind):
                _set = object.__setattr__
                _set(self, "unit", kind)
                _set(self, "value", amount)
                _set(self, "note", note)
                return
        # Anything else (a float, a text, an error to report) is pydantic's to read.
        data = dict(extra, value=value, unit=unit)
        if note is not None:
            data["note"] = note
        self._take(_schema_model()(**data))

    def _take(self, model: Any) -> None:
        _set = object.__setattr__
        _set(self, "unit", model.unit)
        _set(self, "value", model.value)
        _set(self, "note", model.note)

    @classmethod
    def _trusted(cls, value: Decimal, unit: Unit, note: str | None = None) -> Duration:
        """A Duration of checked parts, without checking them again."""
        self = object.__new__(cls)
        _set = object.__setattr__
        _set(self, "unit", unit)
        _set(self, "value", value)
        _set(self, "note", note)
        return self

    # -- what a pydantic model offers (the API Duration had as one) ----------------------

    @classmethod
    def model_validate(cls, obj: Any) -> Duration:
        """Read a Duration from a mapping ``{value, unit, note}``, as pydantic does."""
        if isinstance(obj, Duration):
            return obj
        model: Any = _schema_model().model_validate(obj)
        return cls._trusted(model.value, model.unit, model.note)

    @classmethod
    def model_construct(cls, *, value: Decimal, unit: Unit, note: str | None = None) -> Duration:
        """A Duration of these parts, unchecked (for tests of what checks would refuse)."""
        return cls._trusted(value, unit, note)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Duration:
        """A copy with the fields in ``update`` replaced, unchecked (as pydantic's)."""
        fields = {"value": self.value, "unit": self.unit, "note": self.note, **(update or {})}
        return Duration._trusted(fields["value"], fields["unit"], fields["note"])

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> Any:
        """In a pydantic model, a Duration field reads ``{value, unit, note}`` (errors located
        at the value or unit, JSON Schema ``$defs/Duration``), takes a Duration as it is,
        and writes the mapping back."""
        from pydantic_core import core_schema

        model = _schema_model()

        def read(value: Any, inner: Any) -> Duration:
            if isinstance(value, Duration):
                return value
            parsed = inner(value)
            return cls._trusted(parsed.value, parsed.unit, parsed.note)

        def write(value: Any, inner: Any) -> Any:
            if isinstance(value, Duration):
                value = model.model_construct(unit=value.unit, value=value.value, note=value.note)
            return inner(value)

        inner_schema = handler.generate_schema(model)
        return core_schema.no_info_wrap_validator_function(
            read,
            inner_schema,
            serialization=core_schema.wrap_serializer_function_ser_schema(
                write, schema=inner_schema
            ),
        )

    # -- an immutable value --------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        # The error pydantic gave when Duration was a frozen model.
        model = _schema_model().model_construct(unit=self.unit, value=self.value, note=self.note)
        setattr(model, name, value)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Duration is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Duration):
            return NotImplemented
        return self.value == other.value and self.unit is other.unit and self.note == other.note

    def __hash__(self) -> int:
        return hash((self.unit, self.value, self.note))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Duration._trusted, (self.value, self.unit, self.note))

    def __repr__(self) -> str:
        return f"Duration(unit={self.unit!r}, value={self.value!r}, note={self.note!r})"

    # -- construction ---------------------------------------------------------------

    @classmethod
    def of(cls, value: int | str | Decimal, unit: Unit | str, note: str | None = None) -> Duration:
        """Shorthand: ``Duration.of(3, "working_days")``."""
        try:
            return cls(value=Decimal(str(value)), unit=Unit(unit), note=note)
        except (ValueError, ArithmeticError) as exc:
            from pydantic import ValidationError

            # A pydantic error prints a multi-line dump; its messages alone say what is wrong.
            detail = (
                problems_of(exc)
                if isinstance(exc, ValidationError)
                else Text("không phải một số", "not a number")
                if isinstance(exc, ArithmeticError)
                else Text(str(exc), str(exc))
            )
            raise DurationError(
                Text(
                    f"Thời hạn không hợp lệ: {value!r} {unit!s} ({detail.vi})",
                    f"Invalid duration: {value!r} {unit!s} ({detail.en})",
                )
            ) from exc

    # -- exact conversions ----------------------------------------------------------

    @property
    def working_hours(self) -> Decimal | None:
        """The duration in working hours when that is exact, else ``None``.

        Working days and hours convert exactly (1 day = 8 hours); calendar days,
        months and same-day do not, because their length depends on the calendar, and
        clock hours do not either: they run through nights and days off (a province that
        counts a bare "giờ" as working hours says so in its counting policy, see
        :attr:`tthc.sla.CountingPolicy.clock_hours_as`).
        """
        if self.unit is Unit.WORKING_HOURS:
            return self.value
        if self.unit is Unit.WORKING_DAYS:
            return self.value * HOURS_PER_WORKING_DAY
        return None

    def without_note(self) -> Duration:
        """The same amount, without the note (for comparison and hashing)."""
        return Duration._trusted(self.value, self.unit)

    # -- text -----------------------------------------------------------------------

    def as_yaml(self, key: str) -> str:
        """How a catalog file records it under ``key``, for hints:
        ``committed: {value: 2.5, unit: working_days}`` (the note stays in ``*_text``)."""
        return f"{key}: {{value: {format(self.value.normalize(), 'f')}, unit: {self.unit.value}}}"

    def text(self, lang: Lang | None = None) -> str:
        """Canonical text: "2,5 ngày làm việc" / "2.5 working days"."""
        return self.as_text()(lang)

    def as_text(self) -> Text:
        """Canonical text in both languages."""
        if self.unit is Unit.SAME_DAY:
            return Text("trong ngày", "same day")
        vi_word, en_word = _UNIT_WORDS[self.unit]
        en_plural = "" if self.value == 1 else "s"
        return Text(
            f"{_number_vi(self.value)} {vi_word}",
            f"{_number_en(self.value)} {en_word}{en_plural}",
        )

    def __str__(self) -> str:
        return self.text("vi")
