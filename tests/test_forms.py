"""Designer forms are build inputs: the committed Python must match a fresh pyside6-uic run."""

from __future__ import annotations

import pytest

from app.ui import formgen


@pytest.mark.parametrize("ui_file", sorted(formgen.FORMS_DIR.glob("*.ui")), ids=lambda p: p.name)
def test_generated_form_is_up_to_date(ui_file):
    generated = formgen.output_path(ui_file)
    assert generated.exists(), f"run: uv run python -m app.ui.formgen ({generated} is missing)"
    assert formgen.comparable(generated.read_text(encoding="utf-8")) == \
        formgen.comparable(formgen.compile_form(ui_file)), (
        f"{generated.name} is out of date with {ui_file.name}: "
        "run uv run python -m app.ui.formgen")


def test_every_generated_form_has_a_source():
    sources = {p.stem for p in formgen.FORMS_DIR.glob("*.ui")}
    generated = {p.stem.removeprefix("ui_") for p in formgen.OUT_DIR.glob("ui_*.py")}
    assert generated == sources


def test_the_uic_version_stamp_is_not_a_change():
    """A PySide6 patch release rewrites uic's version line and nothing else: no form changed."""
    ui_file = sorted(formgen.FORMS_DIR.glob("*.ui"))[0]
    fresh = formgen.compile_form(ui_file)
    older = fresh.replace("Compiler version 6.", "Compiler version 5.", 1)
    assert older != fresh
    assert formgen.comparable(older) == formgen.comparable(fresh)
    # ...while a real change in the generated code still counts.
    assert formgen.comparable(fresh.replace("setupUi", "setup_ui", 1)) != formgen.comparable(fresh)
