"""What the build ships: the wheel must carry the curricula and templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import posecoach
from posecoach import resources

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_curricula_and_templates(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    [wheel] = tmp_path.glob("posecoach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("curricula", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file():
                relative = path.relative_to(ROOT).as_posix()
                assert f"posecoach/_data/{relative}" in names, relative
    assert "posecoach/engine/build.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "posecoach = posecoach.cli:main" in text


def test_resources_are_found_where_the_package_is() -> None:
    assert (resources.curricula_dir() / "pose-transition.yaml").is_file()
    assert (resources.templates_dir() / "markdown" / "plan.md.j2").is_file()
    if os.environ.get("CI"):  # CI installs non-editable: the tests must use that install
        assert "site-packages" in posecoach.__file__
        assert resources.curricula_dir().parent.name == "_data"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "posecoach", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"posecoach {posecoach.__version__}"
