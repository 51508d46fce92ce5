"""The actor index: every name, alias and parent in actors.csv, built once per load.

Resolving "Daesh" to islamic_state, finding ISKP within "Islamic State" and telling whether two
perpetrators are one actor or a branch of the other all walk this one structure: the loader, the
views, the importers and the linker share it.
"""

from __future__ import annotations

from collections.abc import Iterable

from .errors import UnknownActorError, close_matches
from .paths import is_missing, split_list


class ActorIndex:
    """Names (ids, names, aliases; any case) -> actor_id, and each actor's parent."""

    def __init__(self, rows: Iterable[tuple]):
        """rows: (actor_id, name, parent, aliases) per actor, aliases as a "; "-separated cell."""
        self.parent: dict[str, str | None] = {}
        self.label: dict[str, str] = {}
        self.names: dict[str, str] = {}  # casefolded name -> actor_id
        self.spelled: dict[str, str] = {}  # casefolded name -> as written, for suggestions
        self.conflicts: list[tuple[int, str, str]] = []  # (row position, name, the actor that already has it)
        for position, (actor_id, name, parent, aliases) in enumerate(rows):
            self.parent[actor_id] = None if is_missing(parent) else parent
            self.label[actor_id] = name
            for alias in (name, *split_list(aliases), actor_id):  # as written first: "UN", not the id "un"
                if is_missing(alias):
                    continue
                key = str(alias).casefold()
                if self.names.get(key, actor_id) != actor_id:
                    self.conflicts.append((position, str(alias), self.names[key]))
                self.names.setdefault(key, actor_id)
                self.spelled.setdefault(key, str(alias))

    @classmethod
    def from_table(cls, actors) -> ActorIndex:
        """From actors.csv as read (a DataFrame with actor_id, name, parent, aliases)."""
        columns = [
            actors[c] if c in actors else [None] * len(actors) for c in ("actor_id", "name", "parent", "aliases")
        ]
        return cls(zip(*(list(c) for c in columns)))

    def find(self, name: str) -> str | None:
        """The actor_id a name stands for, or None."""
        return self.names.get(str(name).strip().casefold())

    def resolve(self, name: str) -> str:
        """The actor_id for an id, a name or any alias, case-insensitively; UnknownActorError otherwise."""
        found = self.find(name)
        if found is None:
            meant = dict.fromkeys(self.names[c.casefold()] for c in close_matches(name, sorted(self.spelled.values())))
            hint = f"; did you mean {', '.join(repr(self.label[actor]) for actor in meant)}?" if meant else ""
            raise UnknownActorError(f"unknown actor {name!r}: not an actor_id, name or alias in actors.csv{hint}")
        return found

    def lineage(self, actor: str | None) -> list[str]:
        """The actor, its parent, its parent's parent... (stops at a cycle)."""
        chain = []
        while actor is not None and not is_missing(actor) and actor not in chain:
            chain.append(actor)
            actor = self.parent.get(actor)
        return chain

    def related(self, a, b) -> bool:
        """The same actor, or one a branch of the other (ISKP and the Islamic State)."""
        if is_missing(a) or is_missing(b):
            return False
        return a in self.lineage(b) or b in self.lineage(a)

    def within(self, names: Iterable[str]) -> set[str]:
        """The actors named (any alias) and all their branches: 'Islamic State' includes ISKP."""
        wanted = {self.resolve(name) for name in names}
        return {actor for actor in self.parent if wanted & set(self.lineage(actor))}
