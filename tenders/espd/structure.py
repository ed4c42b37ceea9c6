"""The shape of an ESPD criterion: groups of properties, nested, each property a question, a
requirement or a caption, and the compact notation the catalogues are written in.

Notation, one node a line, nesting by two spaces of indentation::

    QG1 ON*                          a group: identifier, then its type code
      Q QG1/Q1 INDICATOR: Your answer  a property: Q(uestion), R(equirement) or C(aption),
        > continued description        identifier, value data type, description
      QG1/QSG1 ONTRUE                  a subgroup (processed when the group's answer is true)

Identifiers are relative to the criterion's prefix (« C1_EG_crime-org/QG1/Q1 » is written
« QG1/Q1 »). Properties come before subgroups, as the UBL schema orders them.
"""

from __future__ import annotations

from dataclasses import dataclass

ALWAYS = "ON*"
ON_TRUE = "ONTRUE"
ON_FALSE = "ONFALSE"
_TYPES = {"Q": "QUESTION", "R": "REQUIREMENT", "C": "CAPTION"}


@dataclass(frozen=True)
class Prop:
    """One property: its relative identifier, type, expected value type and description."""

    id: str
    type: str
    data: str
    text: str


@dataclass(frozen=True)
class Group:
    """A group of properties and subgroups; ``kind`` says when it is processed."""

    id: str
    kind: str
    props: tuple[Prop, ...]
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Criterion:
    """One criterion of the ESPD-EDM 4.1.0 catalogue."""

    uuid: str
    code: str
    prefix: str
    kind: str  # exclusion, selection or other
    name: str
    description: str
    groups: tuple[Group, ...]
    lot_bound: bool  # selection criteria name the lot their requirements apply to

    def full_id(self, relative: str) -> str:
        return f"{self.prefix}/{relative}"

    def properties(self) -> tuple[Prop, ...]:
        """Every property, in document order."""
        found: list[Prop] = []

        def walk(group: Group) -> None:
            found.extend(group.props)
            for sub in group.groups:
                walk(sub)

        for group in self.groups:
            walk(group)
        return tuple(found)


@dataclass
class _Node:
    id: str
    kind: str
    props: list[Prop]
    groups: list[_Node]

    def freeze(self) -> Group:
        return Group(self.id, self.kind, tuple(self.props), tuple(g.freeze() for g in self.groups))


def parse_groups(text: str) -> tuple[Group, ...]:
    """The top-level groups written in the notation above."""
    roots: list[_Node] = []
    stack: list[tuple[int, _Node]] = []
    last: list[Prop] | None = None
    for line in text.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        if body.startswith("> ") and last:
            previous = last[-1]
            last[-1] = Prop(
                previous.id, previous.type, previous.data, f"{previous.text} {body[2:]}"
            )
            continue
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if body[:2] in ("Q ", "R ", "C "):
            head, _, description = body[2:].partition(":")
            prop_id, data = head.split()
            owner = stack[-1][1]
            owner.props.append(Prop(prop_id, _TYPES[body[0]], data, description.strip()))
            last = owner.props
            continue
        group_id, _, kind = body.partition(" ")
        node = _Node(group_id, kind, [], [])
        (stack[-1][1].groups if stack else roots).append(node)
        stack.append((depth, node))
        last = None
    return tuple(node.freeze() for node in roots)
