"""A registry of named things a run may use: rule kinds, audit checks, report renderers.

Built once by the caller and passed in, never module-level state changed at run time; the
order of registration is the order of use and of listing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(ABC, Generic[T]):
    def __init__(self, items: Iterable[T] = ()) -> None:
        self._items: dict[str, T] = {}
        for item in items:
            self.register(item)

    @staticmethod
    @abstractmethod
    def key(item: T) -> str:
        """The name an item is looked up by."""

    def register(self, item: T) -> None:
        key = self.key(item)
        if key in self._items:
            raise ValueError(f"{type(self).__name__}: {key!r} registered twice")
        self._items[key] = item

    def get(self, key: str) -> T | None:
        return self._items.get(key)

    def names(self) -> list[str]:
        return list(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())
