"""MathJax, served by the site itself: the files of the `django-static-mathjax` package."""

from __future__ import annotations

from pathlib import Path

import mathjax
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

ROOT = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
# The combined TeX-to-CHTML component and what it loads on demand (fonts, menus, a11y).
PARTS = ("tex-chtml.js", "input/", "output/chtml/", "ui/", "a11y/", "sre/", "adaptors/")
DESTINATION = "assets/mathjax"


def add_mathjax(files: Files, config: MkDocsConfig) -> None:
    """Publish MathJax under `assets/mathjax/`, outside the navigation."""
    for part in PARTS:
        for source in sorted(ROOT.glob(part + "**/*" if part.endswith("/") else part)):
            if source.is_file():
                relative = source.relative_to(ROOT).as_posix()
                file = File(relative, str(ROOT), config["site_dir"], config["use_directory_urls"])
                file.dest_uri = f"{DESTINATION}/{relative}"
                file.inclusion = InclusionLevel.NOT_IN_NAV
                files.append(file)
