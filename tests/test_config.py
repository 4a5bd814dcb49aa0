"""The configuration of a jurisdiction: ``tthc.toml`` or ``[tool.tthc]``, found upwards."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from tthc.config import MAX_CONFIG_BYTES, Config
from tthc.errors import ConfigError


def test_config_from_tthc_toml(tmp_path: Path) -> None:
    (tmp_path / "tthc.toml").write_text(
        textwrap.dedent(
            """
            province = "tuyen-quang"
            catalog = "catalog/"
            plugins = ["mypkg.rules"]
            disable = ["tt105", "TQ101"]
            lang = "vi"

            [tuyen-quang]
            general_cutoff = "15:00"
            """
        ),
        encoding="utf-8",
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = Config.load(start=sub)
    assert config.path == tmp_path / "tthc.toml"
    assert config.province == "tuyen-quang"
    assert config.catalog == tmp_path / "catalog"
    assert config.plugins == ("mypkg.rules",)
    assert config.disable == frozenset({"TT105", "TQ101"})
    assert config.lang == "vi"
    assert config.extra == {"tuyen-quang": {"general_cutoff": "15:00"}}


def test_config_from_pyproject_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.tthc]\nprovince = "vi-du"\ncatalog = "cat"\n',
        encoding="utf-8",
    )
    config = Config.load(start=tmp_path)
    assert config.province == "vi-du"
    assert config.catalog == tmp_path / "cat"
    assert Config.load(tmp_path / "pyproject.toml").province == "vi-du"


def test_pyproject_without_tool_table_is_skipped_when_searching(tmp_path: Path) -> None:
    (tmp_path / "tthc.toml").write_text('province = "vi-du"\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert Config.load(start=inner).province == "vi-du"


def test_tthc_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "tthc.toml").write_text('province = "a"\n', encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.tthc]\nprovince = "b"\n', encoding="utf-8")
    assert Config.load(start=tmp_path).province == "a"


def test_no_config_file_gives_national_defaults(tmp_path: Path) -> None:
    # tmp_path's parents hold no tthc.toml nor pyproject.toml with [tool.tthc] on a sane machine
    config = Config.load(start=tmp_path)
    if config.path is None:
        assert config == Config()


def test_explicit_pyproject_without_table_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "pyproject.toml"
    file.write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en") == f"{file}: no [tool.tthc] table"
    assert err.value.message("vi") == f"{file}: không có bảng [tool.tthc]"


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    file = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en") == f"{file}: cannot read (No such file or directory)"
    assert err.value.message("vi") == f"{file}: không đọc được (No such file or directory)"


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "tthc.toml"
    file.write_text('province = "unterminated\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en").startswith(f"{file}: invalid TOML: ")
    assert err.value.message("vi").startswith(f"{file}: TOML không hợp lệ: ")


@pytest.mark.parametrize(
    ("line", "en", "vi"),
    [
        ("province = 3", "key 'province' must be a string, got 3", "phải là chuỗi"),
        ("catalog = 1", "key 'catalog' must be a path string, got 1", "phải là đường dẫn"),
        (
            'plugins = "mypkg"',
            "key 'plugins' must be a list of module names, got 'mypkg'",
            "phải là danh sách tên module",
        ),
        ("plugins = [1]", "key 'plugins' must be a list of module names, got [1]", "nhận được [1]"),
        (
            'disable = "TT101"',
            "key 'disable' must be a list of rule codes, got 'TT101'",
            "phải là danh sách mã quy tắc",
        ),
        ('lang = "fr"', "key 'lang' must be 'vi' or 'en', got 'fr'", "phải là 'vi' hoặc 'en'"),
        (
            'allow = "x"',
            "key 'allow' must be a list of plugin names, got 'x'",
            "phải là danh sách tên plugin",
        ),
    ],
)
def test_bad_config_values_name_file_key_and_value(
    tmp_path: Path, line: str, en: str, vi: str
) -> None:
    file = tmp_path / "tthc.toml"
    file.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en") == f"{file}: {en}"
    assert err.value.message("vi").startswith(f"{file}: khoá '")
    assert vi in err.value.message("vi")
    assert " / " not in err.value.message("en")  # one language per message


def test_config_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    # Notepad on Windows saves "UTF-8" with a BOM, which TOML parsers reject.
    file = tmp_path / "tthc.toml"
    file.write_bytes(b'\xef\xbb\xbfprovince = "tinh-a"\n')
    assert Config.load(file).province == "tinh-a"


def test_config_that_is_not_utf8_names_the_file_and_line(tmp_path: Path) -> None:
    file = tmp_path / "tthc.toml"
    file.write_bytes(b'catalog = "danh-muc"\nprovince = "tuy\xean-quang"\n')
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en") == (
        f"{file}: line 2: byte 0xea is not valid UTF-8; save the file as UTF-8"
    )
    assert err.value.message("vi") == (
        f"{file}: dòng 2: byte 0xea không phải UTF-8; hãy lưu tệp dạng UTF-8"
    )


def test_misspelled_config_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    # A table is a plugin's own settings; a plain value under an unknown key is a typo
    # that would otherwise be ignored without a word.
    file = tmp_path / "tthc.toml"
    file.write_text('provnce = "tinh-a"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en") == f"{file}: unknown key 'provnce'; did you mean 'province'?"
    assert err.value.message("vi") == f"{file}: khoá lạ 'provnce'; có phải 'province'?"
    file.write_text("zzz = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        Config.load(file)
    assert err.value.message("en") == (
        f"{file}: unknown key 'zzz'; known keys: allow, catalog, disable, lang, plugins, "
        "province, rule_time_limit (a plugin's settings go in its own table, e.g. [tuyen-quang])"
    )
    assert err.value.message("vi").startswith(f"{file}: khoá lạ 'zzz'; các khoá: allow, ")


def test_plugin_tables_are_kept_as_extra(tmp_path: Path) -> None:
    file = tmp_path / "tthc.toml"
    file.write_text('[tinh-a]\ncutoff = "15:00"\n', encoding="utf-8")
    assert Config.load(file).extra == {"tinh-a": {"cutoff": "15:00"}}


# -- which configuration tthc trusts ------------------------------------------------------


def test_a_config_found_in_a_folder_of_another_user_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tthc.toml").write_text('plugins = ["evil"]\n', encoding="utf-8")
    inner = tmp_path / "repo" / "sub"
    inner.mkdir(parents=True)
    owner = (tmp_path / "tthc.toml").stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # as if another user ran tthc
    monkeypatch.delenv("SUDO_UID", raising=False)
    with pytest.raises(ConfigError) as info:
        Config.load(start=inner)
    message = info.value.message("en")
    assert "belongs to another user" in message and "--config" in message
    assert "--isolated" in message
    # Named on purpose, it is read whoever owns it.
    assert Config.load(tmp_path / "tthc.toml").plugins == ("evil",)


def test_a_config_of_the_current_user_is_read(tmp_path: Path) -> None:
    (tmp_path / "tthc.toml").write_text('province = "tuyen-quang"\n', encoding="utf-8")
    assert Config.load(start=tmp_path).province == "tuyen-quang"


def test_under_sudo_the_invoking_users_config_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "tthc.toml").write_text('province = "x"\n', encoding="utf-8")
    owner = (tmp_path / "tthc.toml").stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setenv("SUDO_UID", str(owner))
    assert Config.load(start=tmp_path).province == "x"


def test_a_huge_config_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "tthc.toml"
    path.write_text("# " + "x" * MAX_CONFIG_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="larger than the limit"):
        Config.load(path)


def test_a_bad_value_is_quoted_cut_and_escaped(tmp_path: Path) -> None:
    path = tmp_path / "tthc.toml"
    path.write_text('province = ["' + "\\n::error x" * 1000 + '"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Config.load(path)
    message = info.value.message("en")
    assert len(message) < 300 and "\n" not in message
