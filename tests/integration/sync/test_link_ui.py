"""The sync panel on a link that drops, with the real server and PostgreSQL behind it: the
bar and the status bar show what has gone and the bytes on the wire, a sync the link cut
off says how far it got, in Kazakh and Russian, and "Sync now" goes on from there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop import i18n
from desktop.sync.client import settings
from desktop.sync.client.status import sync_status
from tests.support.link import SlowLink

pytestmark = [pytest.mark.postgres, pytest.mark.gui]

# a folder to keep the screenshots in, to look at them (by default the test's own)
SHOTS = Path(os.environ["KOMEK_SHOTS"]) if os.environ.get("KOMEK_SHOTS") else None


def _pushed(server) -> int:
    import psycopg

    with psycopg.connect(server.database) as connection:
        return int(connection.execute("SELECT count(*) FROM push_batches").fetchone()[0])


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_sync_the_link_cut_off_says_how_far_it_got_and_sync_now_goes_on(
        qtbot, server, desks, held_by, district_rows, history_duplicates, lang, tmp_path):
    from desktop.ui.language import LanguageController
    from desktop.ui.main_window import AppContext, MainWindow

    north = desks("AKT-05")
    north.fill(120, seed=45)
    north.enrol(server)
    applications = len(north.ids("applications"))
    link = SlowLink(server.port, up=256_000, down=1_000_000, rtt=0.1)
    with north.db.engine.begin() as connection:
        settings.write(connection, settings.SERVER_URL, link.url)
    i18n.set_language(lang)
    window = MainWindow(AppContext(north.db, LanguageController()))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    panel = window.sync_panel
    seen: list[str] = []
    states: list = []
    severed: list[bool] = []

    def watch(progress) -> None:
        seen.append(panel.label.text())
        states.append(progress)
        if progress.phase == "push" and progress.sent and not severed:
            severed.append(True)
            link.sever()  # the first batches went; the modem loses its signal

    panel.worker.progressed.connect(watch)
    try:
        panel.sync_now()
        qtbot.waitUntil(lambda: not panel.worker.running and panel.last_error is not None,
                        timeout=60_000)
        stopped = window.status_sync.text()
        progress = panel.last_progress
        assert progress is not None and 0 < progress.sent < progress.to_send
        sent, total = i18n.format_count(progress.sent), i18n.format_count(progress.to_send)
        apps = f"{i18n.format_count(progress.applications_sent)} "
        if lang == "kk":
            assert f"өзгерістер жіберілді: {sent} / {total} (өтініштер: {apps}/ " \
                f"{applications})" in stopped
            assert "«Қазір синхрондау» осы жерден жалғастырады" in stopped
        else:
            assert f"отправлено изменений: {sent} из {total} (заявлений: {apps}из " \
                f"{applications})" in stopped
            assert "«Синхронизировать сейчас» продолжит с этого места" in stopped
        # the bar stays where the run got, whatever of the text the screen shows
        bar = panel.progress
        assert not bar.isHidden() and (bar.value(), bar.maximum()) == (progress.sent,
                                                                    progress.to_send)
        assert bar.text() == f"{sent} / {total}" and bar.toolTip() in stopped
        assert any(("Желі арқылы" if lang == "kk" else "По сети") in text for text in seen)
        window.grab().save(str((SHOTS or tmp_path) / f"sync-stopped-{lang}.png"))
        batches_before = _pushed(server)

        link.mend()  # the signal is back: "Sync now" goes on from the last batch
        seen.clear()
        states.clear()
        panel.sync_now()
        qtbot.waitUntil(lambda: not panel.worker.running, timeout=60_000)
        assert panel.last_error is None, window.status_sync.text()
        assert any(("Соңғы синхрондау тоқтаған жерінен" if lang == "kk" else
                    "Продолжение с места остановки") in text for text in seen)
        assert held_by(north) <= set(district_rows())
        assert history_duplicates() == []
        assert sync_status(north.db).pending == 0
        # what the server had acknowledged is not sent again: the run goes on with the rest
        assert states[0].to_send == progress.to_send - progress.sent
        assert _pushed(server) > batches_before
    finally:
        panel.shutdown()
        link.close()
        i18n.set_language("kk")
