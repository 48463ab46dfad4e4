"""vaultmark: turn an Obsidian vault's markdown into markdown MkDocs renders faithfully.

The core of the project: pure Python with no MkDocs, Markdown or search import,
so the same normalizer can feed any other site generator (or export plain
markdown) when MkDocs is gone.
"""

from .build import VaultBuild
from .diagnostics import Diagnostic, Origin
from .frontmatter import is_unpublished, normalize_tags, split_frontmatter
from .pipeline import STEPS, NormalizedNote, Options, normalize_note
from .vault import VaultIndex

__all__ = [
    "STEPS",
    "Diagnostic",
    "NormalizedNote",
    "Options",
    "Origin",
    "VaultBuild",
    "VaultIndex",
    "is_unpublished",
    "normalize_note",
    "normalize_tags",
    "split_frontmatter",
]
