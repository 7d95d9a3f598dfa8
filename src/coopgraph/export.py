"""Export a graph in any RDF format; written files are re-parsed and compared before they land."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from .errors import CoopgraphError, InputError
from .formats.rdf import same_graph, serialize
from .formats.rdf_formats import RDF_FORMATS, rdf_format
from .graph import Graph
from .io.atomic import atomic_write
from .io.read import read_triples

EXPORT_FORMATS = tuple(RDF_FORMATS)


def export_graph(graph: Graph, fmt: str = "ttl") -> bytes:
    """The graph serialised in ``fmt``, byte-identical across runs. UsageError for a bad format."""
    return serialize(graph.triples(), fmt)


def write_rdf(
    path: str | Path, data: bytes, fmt: str, *, expected: Graph | list[ox.Triple] | None = None
) -> None:
    """Write serialised RDF atomically, after checking that the new file parses and, given
    ``expected``, holds exactly that graph. On any failure the old file is left as it was."""
    spec = rdf_format(fmt)

    def check(tmp: Path) -> None:
        try:
            written = list(read_triples(tmp, spec))
        except InputError as exc:  # name the file the user asked for, not the temporary one
            raise InputError(str(exc).replace(str(tmp), str(path))) from None
        if expected is None:
            return
        wanted = expected.triples() if isinstance(expected, Graph) else expected
        if not same_graph(written, wanted):
            raise CoopgraphError(f"{path}: the written file does not round-trip; not saved")

    atomic_write(Path(path), data, check=check)
