"""The grid hierarchy as a tree (town → villages → large → small …) with its figures.

Built from the project's level layers by ``parent_code``; households are counted where their
``micro_code``, ``grid_code`` or ``village_code`` points (the deepest one found), and the
counts are summed up the tree. The app's hierarchy panel shows it; search finds nodes by name
or code.

Examples
--------
>>> from gisgrid.project import Project
>>> import geopandas as gpd, shapely
>>> p = Project.create(None, "临河镇", "371521103000")
>>> p.set_layer("villages", gpd.GeoDataFrame(
...     {"code": ["371521103001"], "name": ["张家庄村"], "parent_code": ["371521103000"]},
...     geometry=[shapely.box(118.7, 37.0, 118.71, 37.01)], crs=4490))
>>> tree = build_tree(p)
>>> [child.name for child in tree.children]
['张家庄村']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from gisgrid.schema import LEVEL_LAYERS

if TYPE_CHECKING:
    from gisgrid.project import Project


@dataclass(eq=False)
class HierarchyNode:
    """One unit of the hierarchy.

    Attributes
    ----------
    level : str
        ``"town"``, ``"village"``, ``"large"``, ``"small"`` or ``"micro"``; ``"root"`` for the
        project node made up when the project has no town polygon.
    layer : str or None
        Project layer holding the feature (None for a made-up root).
    row : int or None
        Row position of the feature in its layer.
    code, name : str
        The unit's code and name.
    households : int
        Households in this unit and all units below it.
    direct_households : int
        Households attached to this unit itself (not to a unit below it).
    population, area_mu, cadres, issues : int, float, int, int
        Figures of :func:`gisgrid.stats.unit_statistics` for the unit (0 for a made-up root).
    children : list of HierarchyNode
        Units one level down, sorted by code.
    parent : HierarchyNode or None
        The unit one level up.
    """

    level: str
    layer: str | None
    row: int | None
    code: str
    name: str
    households: int = 0
    direct_households: int = 0
    population: int = 0
    area_mu: float = 0.0
    cadres: int = 0
    issues: int = 0
    children: list[HierarchyNode] = field(default_factory=list)
    parent: HierarchyNode | None = field(default=None, repr=False)

    def walk(self) -> Iterator[HierarchyNode]:
        """Yield this node and every node below it, depth first, in display order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def matches(self, text: str) -> bool:
        """Whether ``text`` (case-insensitive) occurs in the node's name or code."""
        needle = text.strip().lower()
        return bool(needle) and (needle in self.name.lower() or needle in self.code.lower())

    def path(self) -> list[HierarchyNode]:
        """Nodes from the root down to this one."""
        nodes = []
        node: HierarchyNode | None = self
        while node is not None:
            nodes.append(node)
            node = node.parent
        return nodes[::-1]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    return str(value)


def build_tree(project: Project) -> HierarchyNode:
    """Return the root of ``project``'s hierarchy with household counts.

    The root is the town feature when the project has exactly one; otherwise a node named after
    the project holds the top-level units. Units whose ``parent_code`` names no unit of the
    level above (orphans) hang under the root, so nothing is hidden.
    """
    levels = list(project.meta.levels)
    by_code: dict[str, HierarchyNode] = {}
    # per level: (node, parent code) pairs
    per_level: list[list[tuple[HierarchyNode, str]]] = []
    for level in levels:
        frame = project.layer(LEVEL_LAYERS[level])
        per_level.append(
            [
                (
                    HierarchyNode(level, LEVEL_LAYERS[level], i, _text(code), _text(name)),
                    _text(parent),
                )
                for i, (code, name, parent) in enumerate(
                    zip(frame["code"], frame["name"], frame["parent_code"])
                )
            ]
        )

    towns = per_level[0] if levels and levels[0] == "town" else []
    if len(towns) == 1:
        root = towns[0][0]
        start = 1
    else:
        root = HierarchyNode("root", None, None, project.meta.code, project.meta.name)
        start = 0
    by_code[root.code] = root
    for pairs in per_level[start:]:
        for node, parent_code in sorted(pairs, key=lambda pair: pair[0].code):
            parent = by_code.get(parent_code, root)
            node.parent = parent
            parent.children.append(node)
        for node, _ in pairs:
            by_code.setdefault(node.code, node)
    _count_households(project, root, by_code)
    _add_statistics(project, by_code)
    return root


def _add_statistics(project: Project, by_code: dict[str, HierarchyNode]) -> None:
    from gisgrid.stats import unit_statistics

    for table in unit_statistics(project).values():
        for row in table.itertuples(index=False):
            node = by_code.get(_text(row.code))
            if node is not None:
                node.population = int(row.population)
                node.area_mu = float(row.area_mu)
                node.cadres = int(row.cadres)
                node.issues = int(row.issues)


def _count_households(project: Project, root: HierarchyNode, by_code: dict) -> None:
    households = project.layer("households")
    if len(households):
        # Each household counts once, at the deepest unit it names.
        target = pd.Series(pd.NA, index=households.index, dtype=object)
        for column in ("village_code", "grid_code", "micro_code"):
            if column in households:
                codes = households[column].astype(object)
                known = codes.isin(list(by_code)).to_numpy()  # codes are strings: no NA hits
                target = target.where(~known, codes)
        counts = target.dropna().value_counts()
        for code, n in counts.items():
            by_code[code].direct_households += int(n)
        unplaced = int(target.isna().sum())
        root.direct_households += unplaced

    def total(node: HierarchyNode) -> int:
        node.households = node.direct_households + sum(total(c) for c in node.children)
        return node.households

    total(root)


def search(root: HierarchyNode, text: str) -> list[HierarchyNode]:
    """Return the nodes whose name or code contains ``text``, in display order.

    Examples
    --------
    >>> root = HierarchyNode("town", "town", 0, "371521103000", "临河镇")
    >>> root.children.append(HierarchyNode("village", "villages", 0, "371521103001", "张家庄村"))
    >>> [n.name for n in search(root, "张家")]
    ['张家庄村']
    """
    return [node for node in root.walk() if node.matches(text)]
