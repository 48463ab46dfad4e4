"""vaultmark: turn an Obsidian vault's markdown into markdown MkDocs renders faithfully.

Pure Python with no MkDocs import, so the same normalizer can feed any
other site generator (or export plain markdown) when MkDocs is gone.
"""

from .diagnostics import Diagnostic
from .frontmatter import is_unpublished, normalize_tags, split_frontmatter
from .pipeline import NormalizedNote, Options, normalize_note
from .vault import VaultIndex

__all__ = [
    "Diagnostic",
    "NormalizedNote",
    "Options",
    "VaultIndex",
    "is_unpublished",
    "normalize_note",
    "normalize_tags",
    "split_frontmatter",
]
