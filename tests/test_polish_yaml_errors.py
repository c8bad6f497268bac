"""A YAML file that is not valid YAML, or not a file, is said in the runner's language:
every syntax error posecoach words itself (yaml_reading.py), through `validate --lang pl`,
with no English left and the same error in English as before."""

from __future__ import annotations

from pathlib import Path

import pytest
from leaks import english, leaks
from typer.testing import CliRunner

from posecoach.cli import app

PLAIN = {"LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}

BROKEN = {
    "colon": ("name: Ana\nnote: warm up: then run\n", "': ' w środku wartości"),
    "tab": ("name: Ana\ndays:\n\tMon: '07:00'\n", "tabulator tam, gdzie YAML wymaga spacji"),
    "quote": ("name: 'Ana\nsessions_per_week: 3\nlevel: x\n", "tu otwiera się cudzysłów"),
    "never-closed": ("name: 'Ana\n", "cudzysłów, który nigdzie się nie zamyka"),
    "indent": ("days:\n    Mon: '07:00'\n  Wed: '18:30'\n", "wcięcie tego wiersza"),
    "twice": ("name: Ana\nname: Ola\n", "'name' występuje dwa razy (pierwszy raz w wierszu 1)"),
    "alias": ("name: *nobody\n", "alias (*nazwa) bez wcześniejszej kotwicy"),
    "loop": ("a: &x [*x]\n", "zawiera samą siebie"),
    "deep": ("a: " + "[" * 40 + "]" * 40 + "\n", "zagnieżdżenie głębsze niż 32 poziomy"),
}


def _validate(path: Path, *lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["validate", str(path), *lang], env=PLAIN)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_yaml_file_is_said_in_polish(tmp_path: Path, case: str) -> None:
    text, said = BROKEN[case]
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    code, out = _validate(path, "--lang", "pl")
    assert code == 2, out
    assert said in out
    assert "podpowiedź:" in out or case in ("alias", "loop", "deep")
    assert leaks(out, english()) == []
    code, english_out = _validate(path)
    assert code == 2
    assert english_out != out  # English keeps its own words


def test_files_that_cannot_be_read_are_said_in_polish(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert "nie ma takiego pliku" in _validate(missing, "--lang", "pl")[1]
    assert "to folder, a nie plik YAML" in _validate(tmp_path, "--lang", "pl")[1]
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Zoë\n".encode("latin-1"))
    assert "to nie jest tekst w UTF-8" in _validate(latin, "--lang", "pl")[1]
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (6 * 2**20) + b"\n")
    code, out = _validate(big, "--lang", "pl")
    assert code == 2
    assert "posecoach czyta pliki YAML do" in out, out
    assert "czy to na pewno ten plik?" in out
    assert leaks(out, english()) == []
