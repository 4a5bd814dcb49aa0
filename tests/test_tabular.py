"""tthc.tabular: a missing extra is an error that says what to install."""

from __future__ import annotations

import pytest

from tthc.errors import TthcError
from tthc.tabular import import_extra


def test_import_extra_names_the_extra() -> None:
    assert import_extra("json", "html", "html").dumps([]) == "[]"
    with pytest.raises(TthcError) as caught:
        import_extra("tthc_no_such_module", "xlsx", "xlsx")
    assert caught.value.message("en") == (
        "the xlsx format needs tthc_no_such_module: pip install 'tthc[xlsx]'"
    )
    assert "định dạng xlsx cần" in caught.value.message("vi")
