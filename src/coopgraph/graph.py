"""The one in-memory model: a pyoxigraph Store, and where its triples came from."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from .__about__ import __version__
from .formats.rdf_formats import rdf_format_of
from .io.read import check_safe, load_into, read_checked, read_triples
from .project import Project, find_project

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing on the start-up path
if TYPE_CHECKING:
    from typing import Any

    import rdflib

    from .query.results import Results

PathLike = str | os.PathLike[str]

#: The SPARQL Update run on every loaded graph: day bounds of coarse dates (dates.ru).
DATES_UPDATE = (Path(__file__).parent / "dates.ru").read_text(encoding="utf-8")
_DERIVED = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
CONSTRUCT { ?thing ?bound ?day }
WHERE {
  ?dateProperty coop:earliestDayProperty|coop:latestDayProperty ?bound .
  ?thing ?bound ?day .
}
"""


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


_DERIVED_PREDICATES = """
PREFIX coop: <https://w3id.org/coopgraph/ontology#>
SELECT DISTINCT ?bound
WHERE { ?dateProperty coop:earliestDayProperty|coop:latestDayProperty ?bound }
"""


def derived_triples(store: ox.Store) -> list[ox.Triple]:
    """The day bounds that :data:`DATES_UPDATE` added to ``store``."""
    answer = store.query(_DERIVED)
    assert isinstance(answer, ox.QueryTriples)
    return list(answer)


class Graph:
    """RDF triples in an embedded pyoxigraph Store, with the files they were read from.

    Build one with :func:`open_graph`. ``store`` is the pyoxigraph Store itself, for anything
    this class does not wrap; it is filled from the files on first use.
    """

    def __init__(
        self, files: Sequence[Path], project: Project, *, cache_results: bool = False
    ) -> None:
        self.files = tuple(files)
        self.project = project
        self.cache_results = cache_results

    @cached_property
    def store(self) -> ox.Store:
        """The files parsed into one in-memory Store, with the day bounds of every coarse date
        added (see :data:`DATES_UPDATE`). InputError for a file that cannot be parsed."""
        store = ox.Store()
        for path in self.files:
            load_into(store, path)
        store.update(DATES_UPDATE)
        return store

    def derived_triples(self) -> list[ox.Triple]:
        """The triples added at load: earliest and latest days of coarse dates."""
        return derived_triples(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<coopgraph.Graph from {len(self.files)} files>"

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple exactly as the files state it, in file order (duplicates possible),
        then the derived day bounds.

        The Store canonicalises literals it can compute with (``"01"^^xsd:integer`` becomes
        ``"1"``, ``xsd:positiveInteger`` becomes ``xsd:integer``), which is right for queries
        but would change the data; export and validation read the files' own terms instead.
        """
        for path in self.files:
            yield from read_triples(path)
        yield from self.derived_triples()

    def derived_predicates(self) -> set[str]:
        """The IRIs of the day-bound properties that loading adds (coop:startEarliestDay...)."""
        answer = self.store.query(_DERIVED_PREDICATES)
        assert isinstance(answer, ox.QuerySolutions)
        return {row[0].value for row in answer if isinstance(row[0], ox.NamedNode)}

    def ntriples(self, *, derived: bool = True) -> str:
        """:meth:`triples` as N-Triples text, for engines that parse text themselves;
        ``derived=False`` leaves out the day bounds added at load.

        An N-Triples file is passed on as written (after the same checks as at load); other
        files are parsed and written again by pyoxigraph without a Python loop per triple.
        """
        nt = ox.RdfFormat.N_TRIPLES
        parts = []
        for path in self.files:
            fmt = rdf_format_of(path)
            if fmt.oxigraph == nt:
                data = read_checked(path)
                check_safe(data, fmt, str(path))
                parts.append(data.decode("utf-8"))
            elif fmt.oxigraph.supports_datasets:
                parts.append(_ntriples(read_triples(path, fmt)))
            else:
                data = read_checked(path)
                check_safe(data, fmt, str(path))
                base_iri = path.resolve().as_uri()
                parts.append(_ntriples(ox.parse(data, format=fmt.oxigraph, base_iri=base_iri)))
        if derived:
            parts.append(_ntriples(self.derived_triples()))
        return "\n".join(parts)

    def query(self, sparql: str, *, engine: str = "oxigraph") -> Results:
        """Run ad-hoc SPARQL on this graph. SERVICE and LOAD are refused.

        Raises UsageError for a query that does not parse.
        """
        from .query.run import run_sparql

        return run_sparql(sparql, graph=self, engine=engine)

    def run(
        self, name: str, params: Mapping[str, str | Sequence[str]] | None = None, **kwargs: Any
    ) -> Results:
        """Run the stored query ``name`` of this graph's project with typed parameters.

        Parameters come as a mapping or as keyword arguments (``date="2016-07-08"``); a list
        gives several values to a list-typed parameter. Raises UsageError for an unknown query,
        parameter or value.
        """
        from .query.catalogue import load_query
        from .query.run import run_stored

        values = {**(params or {}), **kwargs}
        return run_stored(load_query(name, self.project.queries_dir), values, graph=self)

    @cached_property
    def fingerprint(self) -> str:
        """A SHA-256 of the coopgraph and pyoxigraph versions, the load-time update and every
        input file's path and bytes: equal fingerprints mean equal graphs. InputError for a file
        that cannot be read."""
        import hashlib

        digest = hashlib.sha256(f"{__version__}\0{ox.__version__}\0{DATES_UPDATE}\0".encode())
        for path in self.files:
            digest.update(str(path.resolve()).encode() + b"\0")
            digest.update(hashlib.sha256(read_checked(path)).digest())
        return digest.hexdigest()

    def to_rdflib(self) -> rdflib.Graph:
        """A copy as an rdflib Graph of the files' own terms (and the day bounds), for pySHACL
        and the reference engine; made once per Graph. Treat it as read-only."""
        return self._rdflib_copy

    @cached_property
    def _rdflib_copy(self) -> rdflib.Graph:
        from .validation.rdflib_edge import to_rdflib_graph

        return to_rdflib_graph(self.triples())


def open_graph(
    *files: PathLike,
    project: Project | PathLike | None = None,
    shipped: bool = True,
    lazy: bool = False,
    cache_results: bool = False,
) -> Graph:
    """The project's ontology and data (unless ``shipped=False``) plus ``files``, as one Graph.

    ``project`` is a :class:`Project`, a folder, or None to find one from the working directory
    (the packaged copy outside a checkout). The files are parsed at once, so a file that cannot
    be read or parsed raises InputError (exit 3) here; with ``lazy`` they are parsed when first
    needed. With ``cache_results``, answers of local queries are kept in the cache folder and
    reused while no input file, query or version changes. Never touches the network.
    UsageError for a folder that is not a project.
    """
    chosen = project if isinstance(project, Project) else find_project(project)
    paths = [*(chosen.files() if shipped else []), *(Path(f) for f in files)]
    graph = Graph(paths, chosen, cache_results=cache_results)
    if not lazy:
        graph.store  # noqa: B018 - parse now, so errors surface where the graph is opened
    return graph
