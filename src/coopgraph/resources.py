"""Where the shipped ontology, data and queries live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_root() -> Path:
    """The folder holding ``ontology/``, ``data/`` and ``queries/``.

    An installed wheel carries them in ``coopgraph/_resources``; an editable install or a checkout
    uses the repository root two levels above ``src/coopgraph``.
    """
    bundled = _PACKAGE / "_resources"
    if (bundled / "ontology" / "coopgraph.ttl").is_file():
        return bundled
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology" / "coopgraph.ttl").is_file():
        return checkout
    raise FileNotFoundError(
        "coopgraph cannot find its ontology/ and data/ folders; reinstall with `pip install .`"
    )


def ontology_path() -> Path:
    return resource_root() / "ontology" / "coopgraph.ttl"


def data_dir() -> Path:
    return resource_root() / "data"


def queries_dir() -> Path:
    return resource_root() / "queries"


def shapes_dir() -> Path:
    return resource_root() / "ontology" / "shapes"


def shipped_files() -> list[Path]:
    """The ontology and every curated data file, in a stable order (external snapshots included)."""
    data = sorted(data_dir().glob("*.ttl")) + sorted((data_dir() / "external").glob("*.ttl"))
    return [ontology_path(), *data]
