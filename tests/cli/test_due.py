"""``tthc due``: output in text and JSON, pauses and status, exit codes, bad input."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tthc.cli import main

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "catalog"
FIXTURE = ROOT / "tests" / "fixtures" / "catalogs" / "good"


def due(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["due", *args])
    out, err = capsys.readouterr()
    return code, out, err


def due_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = due(capsys, *args, "--format", "json")
    assert err == ""
    return code, json.loads(out)


BASIC = ("--received", "2026-11-26 10:00", "--time", "3 ngày làm việc")


def test_json_has_the_moments_in_iso_with_offset(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = due_json(capsys, *BASIC)
    assert code == 0
    assert data["received_at"] == "2026-11-26T10:00:00+07:00"
    assert data["starts_at"] == "2026-11-27T08:00:00+07:00"
    assert data["due_at"] == "2026-12-01T17:00:00+07:00"
    assert data["provisional"] is False
    assert data["steps"] == []
    assert "status" not in data


def test_an_unconfirmed_day_off_is_named_as_provisional(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ("--received", "2026-11-20 09:00", "--time", "5 ngày làm việc")
    code, data = due_json(capsys, *args)
    assert code == 0
    assert data["provisional"] is True
    assert data["provisional_years"] == []
    assert data["provisional_days"] == ["2026-11-24"]
    code, out, _ = due(capsys, *args, "--lang", "vi")
    assert "(Tạm tính: ngày nghỉ 24/11/2026 chưa có văn bản xác nhận;" in out
    assert "năm" not in out.split("Tạm tính")[1]
    code, out, _ = due(capsys, *args, "--lang", "en")
    assert "(Provisional: the day off 2026-11-24 is not confirmed by a decision;" in out
    assert "days off of" not in out


def test_text_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(capsys, *BASIC, "--lang", "en")
    assert code == 0
    assert "Due:" in out
    assert "Tue 2026-12-01 17:00" in out
    code, out, _ = due(capsys, *BASIC, "--lang", "vi")
    assert "Hạn trả kết quả:" in out
    assert "Thứ Ba 01/12/2026 17:00" in out


@pytest.mark.parametrize(
    ("received", "time", "expected"),
    [
        ("2026-02-13 16:00", "2 ngày làm việc", "2026-02-24T17:00:00+07:00"),
        ("2026-04-23 15:30", "8 giờ làm việc", "2026-04-24T15:30:00+07:00"),
        ("2026-09-03 15:30", "trong ngày", "2026-09-04T17:00:00+07:00"),
        ("2026-09-03T07:00:00+00:00", "trong ngày", "2026-09-03T17:00:00+07:00"),  # 14:00 local
        ("2026-09-03T07:00Z", "trong ngày", "2026-09-03T17:00:00+07:00"),
    ],
)
def test_worked_examples(
    capsys: pytest.CaptureFixture[str], received: str, time: str, expected: str
) -> None:
    _, data = due_json(capsys, "--received", received, "--time", time)
    assert data["due_at"] == expected


def test_channel_and_after_hours_receipt(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = due_json(
        capsys, "--received", "2026-11-28 10:00", "--time", "1 ngày làm việc", "--channel", "online"
    )
    assert data["effective_at"] == "2026-11-30T08:00:00+07:00"
    assert data["channel"] == "online"
    assert data["due_at"] == "2026-12-01T17:00:00+07:00"


def test_text_with_cases_and_case_option(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Trường hợp 1: 2 ngày làm việc; Trường hợp 2: 5 ngày làm việc"
    _, data = due_json(capsys, "--received", "2026-11-26 10:00", "--time", text, "--case", "2")
    assert data["case"] == "Trường hợp 2"
    assert data["due_at"] == "2026-12-03T17:00:00+07:00"


def test_one_text_case_for_another_channel_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    # The text's one case is for online dossiers: in person it does not apply (as for a
    # procedure with that one case), rather than quietly giving the online time.
    text = "Trực tuyến: 5 ngày làm việc"
    args = ("--received", "2026-11-26 10:00", "--time", text, "--channel", "in_person")
    code, out, err = due(capsys, *args, "--lang", "en")
    assert code == 2
    assert out == ""
    assert err == (
        f"tthc: The time {text!r}: no case matches the channel in_person. Cases: {text!r}\n"
    )
    _, data = due_json(capsys, "--received", "2026-11-26 10:00", "--time", text)
    assert data["channel"] == "online"
    assert data["due_at"] == "2026-12-03T17:00:00+07:00"


def test_pause_and_finish_on_time(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = due_json(
        capsys,
        *BASIC,
        "--pause",
        "2026-11-27 09:00/2026-11-30 09:00",
        "--finished",
        "2026-12-02 10:00",
    )
    assert code == 0
    assert data["original_due_at"] == "2026-12-01T17:00:00+07:00"
    assert data["due_at"] == "2026-12-02T17:00:00+07:00"
    assert data["paused_time"] == "PT8H"
    assert data["status"] == "on_time"
    assert data["late_by"] == "PT0S"


def test_finished_late_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = due_json(capsys, *BASIC, "--finished", "2026-12-02 10:00")
    assert code == 1
    assert data["status"] == "late"
    assert data["late_by"] == "PT2H"
    assert data["late_by_days"] == "0.25"
    code, out, _ = due(capsys, *BASIC, "--finished", "2026-12-02 10:00", "--lang", "en")
    assert code == 1
    assert "Status:               late" in out
    assert "Late by:              2 working hours (0.25 working days)" in out


# The text output speaks to people: working time in hours and minutes, never ISO 8601
# (PT8H30M), with the decimal mark and the plural of the language. JSON keeps ISO for
# machines and adds the same words beside it.
PAUSED_LATE = (
    *BASIC,
    "--pause",
    "2026-11-27 09:00/2026-11-30 09:30",
    "--finished",
    "2026-12-08 10:00",
)


def test_pause_and_lateness_in_words_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(capsys, *PAUSED_LATE, "--lang", "vi")
    assert code == 1
    assert "Thời gian tạm dừng:   8 giờ 30 phút làm việc (1,0625 ngày làm việc)\n" in out
    assert "Trễ:                  25 giờ 30 phút làm việc (3,1875 ngày làm việc)\n" in out
    assert "PT" not in out


def test_pause_and_lateness_in_words_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(capsys, *PAUSED_LATE, "--lang", "en")
    assert code == 1
    assert "Paused:               8 hours 30 minutes of working time (1.0625 working days)\n" in out
    assert (
        "Late by:              25 hours 30 minutes of working time (3.1875 working days)\n" in out
    )
    assert "PT" not in out


@pytest.mark.parametrize(
    ("pause", "vi", "en"),
    [
        # 20 working hours: Fri 09:00-17:00 (7 h), Mon (8 h), Tue 08:00-14:00 (5 h).
        (
            "2026-11-27 09:00/2026-12-01 14:00",
            "20 giờ làm việc (2,5 ngày làm việc)",
            "20 working hours (2.5 working days)",
        ),
        # Exactly one working day, singular in English.
        ("2026-11-27 08:00/2026-11-30 08:00", "8 giờ làm việc (1 ngày làm việc)",
         "8 working hours (1 working day)"),
        # Under a working day: no days, and one hour is singular.
        ("2026-11-27 09:00/2026-11-27 10:00", "1 giờ làm việc", "1 working hour"),
        ("2026-11-27 09:00/2026-11-27 09:45", "45 phút làm việc", "45 minutes of working time"),
    ],
)  # fmt: skip
def test_paused_time_in_words(
    capsys: pytest.CaptureFixture[str], pause: str, vi: str, en: str
) -> None:
    _, out, _ = due(capsys, *BASIC, "--pause", pause, "--lang", "vi")
    assert f"Thời gian tạm dừng:   {vi}\n" in out
    _, out, _ = due(capsys, *BASIC, "--pause", pause, "--lang", "en")
    assert f"Paused:               {en}\n" in out


def test_one_working_hour_late_is_singular(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = due(capsys, *BASIC, "--finished", "2026-12-02 09:00", "--lang", "en")
    assert "Late by:              1 working hour (0.125 working days)\n" in out
    _, out, _ = due(capsys, *BASIC, "--finished", "2026-12-02 09:00", "--lang", "vi")
    assert "Trễ:                  1 giờ làm việc (0,125 ngày làm việc)\n" in out


def test_json_keeps_iso_and_adds_the_words(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = due_json(capsys, *PAUSED_LATE, "--lang", "en")
    assert data["paused_time"] == "PT8H30M"
    assert data["paused_time_text"] == "8 hours 30 minutes of working time"
    assert data["late_by"] == "PT25H30M"
    assert data["late_by_text"] == "25 hours 30 minutes of working time"
    _, data = due_json(capsys, *PAUSED_LATE, "--lang", "vi")
    assert data["paused_time_text"] == "8 giờ 30 phút làm việc"
    assert data["late_by_text"] == "25 giờ 30 phút làm việc"
    _, data = due_json(capsys, *BASIC, "--pause", "2026-11-27 09:00/")
    assert data["late_by"] is None
    assert data["late_by_text"] is None


def test_finished_early(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(capsys, *BASIC, "--finished", "2026-11-30 10:00", "--lang", "vi")
    assert code == 0
    assert "trước hạn" in out


def test_open_pause(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = due_json(capsys, *BASIC, "--pause", "2026-11-27 09:00/")
    assert code == 0
    assert data["paused"] is True
    assert data["status"] == "open"
    code, out, _ = due(capsys, *BASIC, "--pause", "2026-11-27 09:00/", "--lang", "en")
    assert "Paused since:         Fri 2026-11-27 09:00" in out


def test_restart_policy_is_not_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    _, data = due_json(capsys, *BASIC, "--pause", "2026-11-27 09:00/2026-11-30 09:00")
    assert data["due_at"] == "2026-12-02T17:00:00+07:00"


def test_provisional_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = due(
        capsys, "--received", "2026-12-28 10:00", "--time", "10 ngày làm việc", "--lang", "en"
    )
    assert code == 0
    assert "(Provisional: the days off of 2027 are estimates)" in out


def test_a_pause_into_an_estimated_year_lists_that_year(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Due Wed 30 Dec 2026; a 24-hour pause moves it to Tue 5 Jan 2027 (an estimated year).
    _, data = due_json(
        capsys,
        "--received",
        "2026-12-28 10:00",
        "--time",
        "2 ngày làm việc",
        "--pause",
        "2026-12-29 08:00/2026-12-31 17:00",
    )
    assert data["due_at"] == "2027-01-05T17:00:00+07:00"
    assert data["provisional"] is True
    assert data["provisional_years"] == [2027]


# -- procedures from a catalog ---------------------------------------------------------------


def test_real_procedure_with_inter_agency_steps(capsys: pytest.CaptureFixture[str]) -> None:
    # 1.012644 (Hà Nội): 30 working days split among agencies.
    code, data = due_json(
        capsys, "--received", "2026-10-01 10:00", "--procedure", "1.012644", "--catalog",
        str(CATALOG),
    )  # fmt: skip
    assert code == 0
    assert data["procedure"] == "1.012644"
    assert data["due_at"] == "2026-11-12T17:00:00+07:00"
    assert len(data["steps"]) == 17
    assert data["steps"][0]["due_at"] == "2026-10-02T12:00:00+07:00"
    assert data["steps"][15]["due_at"] == data["due_at"]
    assert data["warnings"] == []
    code, out, _ = due(
        capsys, "--received", "2026-10-01 10:00", "--procedure", "1.012644", "--catalog",
        str(CATALOG), "--lang", "en",
    )  # fmt: skip
    assert "Steps (inter-agency):" in out
    assert "Bước 3" in out


def test_synthetic_procedure_uses_its_committed_time(capsys: pytest.CaptureFixture[str]) -> None:
    # 9.999001 is synthetic: 3 working days legal, 2 committed; steps of 0.5 day + 12 h.
    code, data = due_json(
        capsys, "--received", "2026-11-26 10:00", "--procedure", "9.999001", "--catalog",
        str(FIXTURE),
    )  # fmt: skip
    assert code == 0
    assert data["time"]["value"] == "2"
    assert data["due_at"] == "2026-11-30T17:00:00+07:00"


def test_unknown_procedure_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = due(
        capsys, "--received", "2026-11-26 10:00", "--procedure", "9.999099", "--catalog",
        str(FIXTURE),
    )  # fmt: skip
    assert code == 2
    assert out == ""
    assert "9.999099" in err


def test_procedure_needs_a_catalog(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no tthc.toml or pyproject.toml upwards with a catalog
    code, _, err = due(
        capsys, "--received", "2026-11-26 10:00", "--procedure", "1.012644", "--lang", "en"
    )
    assert code == 2
    assert "--procedure 1.012644: needs --catalog" in err


# -- bad input exits 2 with the input quoted --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "quoted"),
    [
        (("--received", "2026-13-26 10:00", "--time", "3 ngày"), "'2026-13-26 10:00'"),
        (("--received", "tomorrow", "--time", "3 ngày"), "--received: cannot read the moment"),
        (("--received", "2026-11-26 10:00", "--time", "ba tuần"), "ba tuần"),
        ((*BASIC, "--pause", "2026-11-27 09:00"), "expected START/END, got '2026-11-27 09:00'"),
        ((*BASIC, "--pause", "2026-11-27 09:00/soon"), "'soon'"),
        ((*BASIC, "--finished", "2026-12-40"), "--finished: cannot read the moment '2026-12-40'"),
        (
            (*BASIC, "--pause", "2026-11-30 09:00/2026-11-27 09:00"),
            "Events out of order: 'resume' at 2026-11-27 09:00+07:00",
        ),
        (
            (*BASIC, "--pause", "2026-11-25 09:00/2026-11-27 09:00"),
            "at 2026-11-25 09:00+07:00 is before the receipt",
        ),
        (
            (*BASIC, "--pause", "2026-11-27 09:00/", "--finished", "2026-12-01 09:00"),
            "Cannot finish at 2026-12-01 09:00+07:00: the dossier is paused",
        ),
        (
            (
                *BASIC,
                "--pause",
                "2026-11-27 09:00/2026-11-28 09:00",
                "--pause",
                "2026-11-27 10:00/2026-11-29 09:00",
            ),
            "Events out of order",
        ),
        (("--received", "2026-11-26 10:00"), "Give exactly one of --time and --procedure"),
        (("--received", "1990-01-02 10:00", "--time", "1 ngày làm việc"), "1990"),
        (
            ("--received", "9999-12-31T23:59Z", "--time", "1 ngày"),
            "--received: '9999-12-31T23:59Z' is outside the working calendar (1995-",
        ),
        (
            (*BASIC, "--finished", "0001-01-01T00:00+08:00"),
            "--finished: '0001-01-01T00:00+08:00' is outside the working calendar (1995-",
        ),
        ((*BASIC, "--pause", "1800-01-01T00:00/"), "--pause: '1800-01-01T00:00' is outside"),
        ((*BASIC, "--pause", "2026-11-27 09:00/2090-01-01"), "--pause: '2090-01-01' is outside"),
        ((*BASIC, "--finished", "2090-01-01T00:00"), "--finished: '2090-01-01T00:00' is outside"),
        (
            ("--received", "2099-12-31T20:00Z", "--time", "1 ngày"),
            "--received: '2099-12-31T20:00Z' (2100-01-01T03:00:00+07:00) is outside",
        ),
        (("--received", "2026-11-26 10:00", "--time", "3000000 ngày"), "3000000"),
        (("--received", "2026-11-26 10:00", "--time", "100000 tháng"), "100000"),
    ],
)
def test_bad_input_exits_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], quoted: str
) -> None:
    code, out, err = due(capsys, *args, "--lang", "en")
    assert code == 2
    assert out == ""
    assert quoted in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (*BASIC, "--pause", "2026-11-27 09:00"),
            "tthc: --pause: cần BẮT_ĐẦU/KẾT_THÚC, nhận được '2026-11-27 09:00'\n",
        ),
        (
            ("--received", "2026-11-26 10:00"),
            "tthc: Cần đúng một trong hai: --time hoặc --procedure\n",
        ),
        (
            ("--received", "2026-11-26 10:00", "--procedure", "1.012644"),
            "tthc: --procedure 1.012644: cần --catalog (hoặc khoá catalog trong cấu hình)\n",
        ),
    ],
)
def test_more_bad_input_in_vietnamese(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no configuration upwards that names a catalog
    assert due(capsys, *args, "--lang", "vi") == (2, "", message)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--received", "2026-13-26 10:00", "--time", "3 ngày làm việc"),
            "tthc: --received: cannot read the moment '2026-13-26 10:00'; use ISO 8601",
        ),
        (
            (*BASIC, "--pause", "2026-11-27 09:00/tomorrow"),
            "tthc: --pause: cannot read the moment 'tomorrow'; use ISO 8601",
        ),
        (
            (*BASIC, "--pause", "2026-11-27 09:00"),
            "tthc: --pause: expected START/END, got '2026-11-27 09:00'",
        ),
        ((*BASIC, "--finished", "soon"), "tthc: --finished: cannot read the moment 'soon'"),
        (("--received", "2026-11-26 10:00", "--time", "ba tuần"), "ba tuần"),
        (("--received", "2026-11-26 10:00"), "tthc: Give exactly one of --time and --procedure"),
    ],
)
def test_bad_input_is_refused_before_the_calendar_is_built(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
) -> None:
    # Reading the inputs needs no calendar: a typo is refused without building one.
    from tthc.rules import Rules

    def no_calendar(self: Rules) -> None:
        raise AssertionError("the calendar was built before the input was checked")

    monkeypatch.setattr(Rules, "calendar", property(no_calendar))
    code, out, err = due(capsys, *args, "--lang", "en")
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_bad_input_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = due(capsys, "--received", "2026-13-26 10:00", "--time", "3 ngày", "--lang", "vi")
    assert code == 2
    assert "không đọc được thời điểm '2026-13-26 10:00'" in err


def test_bad_channel_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["due", *BASIC, "--channel", "fax"])
    assert info.value.code == 2
    assert "fax" in capsys.readouterr().err


@pytest.mark.parametrize("received", ["1800-01-02T08:00", "1800-01-02T08:00+07:00", "1960-06-01"])
def test_a_moment_long_ago_is_quoted_as_typed(
    capsys: pytest.CaptureFixture[str], received: str
) -> None:
    # The zone database gives Vietnam +07:06:30 (local mean time) in 1800 and +08:00 in
    # 1960: the message must quote what the user typed, not a converted moment.
    code, out, err = due(
        capsys, "--received", received, "--time", "3 ngày làm việc", "--lang", "en"
    )
    assert code == 2 and out == ""
    assert err.startswith(f"tthc: --received: '{received}' is outside the working calendar (1995-")
    assert "+07:06" not in err and "+08:00" not in err
    code, _, err = due(capsys, "--received", received, "--time", "3 ngày làm việc", "--lang", "vi")
    assert err.startswith(f"tthc: --received: '{received}' nằm ngoài lịch làm việc (1995-")


def test_json_with_a_clock_carries_the_clock_summary(capsys: pytest.CaptureFixture[str]) -> None:
    from tthc import Rules
    from tthc.calendar import as_local

    code, data = due_json(
        capsys, *BASIC, "--pause", "2026-11-27 09:00/2026-11-30 09:00", "--finished",
        "2026-12-03 10:00", "--lang", "en",
    )  # fmt: skip
    assert code == 1
    rules = Rules.national()
    clock = (
        rules.clock(rules.deadline(as_local(datetime(2026, 11, 26, 10)), "3 ngày làm việc"))
        .pause(datetime(2026, 11, 27, 9))
        .resume(datetime(2026, 11, 30, 9))
        .finish(datetime(2026, 12, 3, 10))
    )
    # Every field of DossierClock.to_dict, as the library gives it (one place computes it).
    assert {k: data[k] for k in clock.to_dict("en")} == clock.to_dict("en")
    assert data["status_text"] == "late" and data["pause_mode"] == "pause"
    assert (data["original_due_at"], data["paused"]) == ("2026-12-01T17:00:00+07:00", False)


def test_format_option_is_the_shared_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["due", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "định dạng kết quả / output format: text | json (default: text)" in out
    with pytest.raises(SystemExit) as info:
        main(["due", *BASIC, "--format", "xml"])
    assert info.value.code == 2
    assert "'xml'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--received", "2026-11-26 10:00", "--time", "3 ngày làm việc"],
        ["calendar", "2026"],
    ],
)
def test_cold_start_leaves_the_models_unloaded(argv: list[str]) -> None:
    # A deadline from a time text, or the calendar, needs no catalog: pydantic, the models,
    # PyYAML and the validation rules stay off the start-up path (bench/bench_due.py).
    import subprocess
    import sys

    code = (
        "import sys; from tthc.cli import main; code = main(sys.argv[1:]); "
        "heavy = sorted(m for m in ('pydantic', 'tthc.model', 'yaml', 'tthc.catalog') "
        "if m in sys.modules); print(code, heavy, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert result.stderr.strip().splitlines()[-1] == "0 []", result.stderr


@pytest.mark.parametrize(
    "received",
    [
        "2026-11-26T10:00+07",
        "2026-11-26T10:00:00+0700",
        "2026-11-26T03:00:00Z",
        "2026-11-26T10:00:00.1234567+07:00",  # .NET's round-trip format
        "2026-11-26T10:00:00,5",
    ],
)
def test_received_in_every_iso_8601_form(capsys: pytest.CaptureFixture[str], received: str) -> None:
    code, data = due_json(capsys, "--received", received, "--time", "3 ngày làm việc")
    assert code == 0
    assert data["due_at"] == "2026-12-01T17:00:00+07:00"
