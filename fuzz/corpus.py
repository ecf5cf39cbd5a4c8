"""Deterministic corpus of malformed and hostile import files (issue 9, bad-input fuzzing).

``python fuzz/corpus.py OUT`` writes a few hundred entries into ``OUT``: one folder per entry
holding its file(s), and ``manifest.json`` listing ``{id, main, target, description}``, where
``main`` is the file handed to the importer and ``target`` the project layer (or ``issues``
for the 12345/patrol ledger import). The same seed always gives the same bytes.

The families live in :mod:`corpus_vector` (Shapefile, GeoJSON, GeoPackage) and
:mod:`corpus_docs` (KML/KMZ, zips, Excel, CSV, junk).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Where the corpus's made-up places lie: inside the runner's tiny project (118.70–118.72°E,
#: 36.90–36.91°N).
LON0, LAT0 = 118.700, 36.900


@dataclass
class Entry:
    """One corpus case: files to write (name → bytes; None makes a folder) and the target."""

    name: str
    description: str
    target: str
    files: dict[str, bytes | None]
    main: str = ""
    options: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.main = self.main or next(iter(self.files))


def entries(seed: int = 9) -> Iterator[Entry]:
    """Yield every corpus entry, deterministically for ``seed``."""
    sys.path.insert(0, str(Path(__file__).parent))
    import corpus_docs
    import corpus_vector

    rng = random.Random(seed)
    yield from corpus_vector.entries(rng)
    yield from corpus_docs.entries(rng)


def write_corpus(out: Path, seed: int = 9, listed: list[Entry] | None = None) -> list[dict]:
    """Write the corpus (or the ``listed`` entries) into ``out`` and return its manifest.

    The manifest is also saved as ``out/manifest.json``.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    seen: set[str] = set()
    for number, entry in enumerate(listed if listed is not None else entries(seed), start=1):
        if entry.name in seen:
            raise ValueError(f"duplicate corpus entry name {entry.name}")
        seen.add(entry.name)
        folder = out / f"{number:03d}-{entry.name}"
        folder.mkdir(exist_ok=True)
        for name, data in entry.files.items():
            target = folder / name
            if data is None:
                target.mkdir(exist_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        manifest.append(
            {
                "id": f"{number:03d}-{entry.name}",
                "main": str((folder / entry.main).relative_to(out)),
                "target": entry.target,
                "description": entry.description,
                "options": entry.options,
            }
        )
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    """Write the corpus: ``python fuzz/corpus.py OUT [--seed N]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    manifest = write_corpus(args.out, args.seed)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {len(manifest)} corpus entries ({size / 2**20:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
