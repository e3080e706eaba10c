"""Settings in the window: the Gov. Code § 6700(a) ticks, the calendar with its legal sources,
and the extension reasons counsel keeps."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def settings_view(open_window):
    return open_window(demo=False, view="settings").settings_panel


def test_local_option_ticks_default_to_counted_and_are_saved(settings_view, qtbot):
    panel = settings_view
    ticks = panel.option_ticks
    assert [t.text().replace("&", "") for t in ticks.values()] == [
        "Count Martin Luther King Jr. Day as closed", "Count Cesar Chavez Day as closed"]
    assert all(t.isChecked() for t in ticks.values())
    panel.year.setValue(2027)
    qtbot.waitUntil(lambda: panel.calendar_model.rowCount() > 0
                    and panel.calendar_model.row_at(0)["day"].year == 2027, timeout=10_000)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        ticks["count_cesar_chavez_day"].click()
    assert not ticks["count_cesar_chavez_day"].isChecked()
    rows = [panel.calendar_model.row_at(r) for r in range(panel.calendar_model.rowCount())]
    chavez = next(r for r in rows if r["name"] == "Cesar Chavez Day")
    assert not chavez["counted"] and "local option" in chavez["why"]
    lincoln = next(r for r in rows if r["name"] == "Lincoln Day")
    assert lincoln["counted"] and lincoln["authority"] == "CCP § 135; Gov. Code § 6700(a)(5)"
    # The choice is stored in the database, not in the window.
    from app.services.database import agency_settings, open_database

    with open_database(panel._runner.db_path, migrate=False) as db:
        assert agency_settings(db)["count_cesar_chavez_day"] is False


def test_extension_reasons_are_listed_with_their_dates(settings_view):
    model = settings_view.reasons_model
    rows = [model.row_at(r) for r in range(model.rowCount())]
    c6 = next(r for r in rows if r["code"] == "c6")
    assert c6["effective_from"] == "2026-01-01" and "cyberattack" in c6["text"]
    unchecked = [model.index(r, 5).data() for r in range(model.rowCount())
                 if model.row_at(r)["wording"] == "unverified"]
    assert unchecked and set(unchecked) == {"NOT YET CHECKED - ask counsel"}
