"""Small immutable values for the start-up path: what a frozen dataclass gives (fields, equality,
hash, repr, no assignment), without importing dataclasses, which with inspect costs about 20 ms
of a 90 ms stored query here."""

from __future__ import annotations


class Record:
    """Fields are the subclass's ``__slots__``; its ``__init__`` sets them with ``_set``."""

    __slots__: tuple[str, ...] = ()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __reduce__(self) -> tuple[object, ...]:
        # copy, deepcopy and pickle rebuild the value without __setattr__, as for a dataclass.
        return (_rebuild, (type(self), tuple(zip(self.__slots__, self._values(), strict=True))))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


def _rebuild(cls: type[Record], items: tuple[tuple[str, object], ...]) -> Record:
    value = object.__new__(cls)
    for name, item in items:
        object.__setattr__(value, name, item)
    return value
