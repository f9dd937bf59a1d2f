"""komek-server speaks Russian by default, Kazakh when asked (--lang or KOMEK_LANG)."""

from __future__ import annotations

import pytest

from desktop.sync.server import cli


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The help text (argparse exits after printing it)."""
    with pytest.raises(SystemExit) as done:
        cli.main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_help_is_russian_by_default(capsys, monkeypatch):
    monkeypatch.delenv(cli.LANG_ENV, raising=False)
    text = _help(capsys)
    assert text.startswith("использование: komek-server")
    assert "Районный сервер синхронизации Kömek" in text
    assert "обслуживать рабочие места" in text
    assert "serve the desks" not in text


def test_help_is_kazakh_with_lang_or_the_environment(capsys, monkeypatch):
    monkeypatch.delenv(cli.LANG_ENV, raising=False)
    text = _help(capsys, "--lang", "kk", "enrol")
    assert text.startswith("қолданылуы:")
    assert "мекеме коды, мысалы, AKT-05" in text
    monkeypatch.setenv(cli.LANG_ENV, "kk")
    assert "жұмыс орындарына қызмет көрсету" in _help(capsys)
    assert "обслуживать рабочие места" in _help(capsys, "--lang", "ru")  # --lang wins


def test_errors_are_sentences_in_the_chosen_language(capsys, monkeypatch):
    monkeypatch.delenv(cli.LANG_ENV, raising=False)
    monkeypatch.delenv("KOMEK_SERVER_DATABASE", raising=False)
    assert cli.main(["nodes"]) == 2
    assert "База данных не указана" in capsys.readouterr().err
    assert cli.main(["--lang", "kk", "nodes"]) == 2
    assert "Дерекқор берілмеген" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--lang", "kk", "enrol"])
    assert "мына аргументтер міндетті: --office" in capsys.readouterr().err


def test_a_wrong_office_code_is_explained_in_both_languages():
    from desktop import i18n
    from desktop.sync.server.enrolment import EnrolmentInputError, create_enrolment

    with pytest.raises(EnrolmentInputError) as wrong:
        create_enrolment(None, "akt 05!", "akimat")  # type: ignore[arg-type] - checked first
    assert i18n.render(wrong.value.message, "ru").startswith(
        "AKT 05! не является кодом учреждения")
    assert "мекеме коды емес" in i18n.render(wrong.value.message, "kk")


def test_without_the_catalogs_it_answers_in_english(capsys, monkeypatch):
    """A server installed from a wheel that lacks the data folders still works."""
    def missing() -> None:
        raise FileNotFoundError("i18n")

    monkeypatch.setattr(cli, "i18n_dir", missing)
    monkeypatch.delenv("KOMEK_SERVER_DATABASE", raising=False)
    assert "serve the desks" in _help(capsys)
    assert cli.main(["nodes"]) == 2
    assert "No database given" in capsys.readouterr().err
