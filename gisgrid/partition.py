"""Balanced, contiguous partitioning of a weighted face graph: METIS, then repair.

METIS (through ``pymetis``) cuts the graph into ``k`` parts of nearly equal weight with a
short total border, which is what makes grids compact. Under tight balance it can still leave
a part in pieces or empty (see SETUP.md), so its answer is repaired here: stray pieces join
the neighbour they share most border with, empty parts are seeded, then vertices move across
borders — never cutting a part in two — until every part's households lie within bounds, and
a last pass straightens borders where balance allows.

Measured on this machine kind (see ``bench/bench_plan.py``): METIS with this repair balances
a town's 15,000 households into 662 grids within a few per cent in well under a second, where
spopt's Skater / MaxP heuristics need seconds for a few hundred households.
"""

from __future__ import annotations

from collections import deque

import numpy as np
import pymetis
from scipy import sparse
from scipy.sparse import csgraph

#: METIS balances ``households × HOUSEHOLD_SCALE + FACE_WEIGHT`` per face: the small face
#: weight shares empty land out too (on the sample town, 0 gave mean Polsby-Popper 0.47,
#: 1 in 50 gives 0.51 at the same balance; 1 in 20 already cost balance).
HOUSEHOLD_SCALE = 50
FACE_WEIGHT = 1


def metis_labels(
    weights: sparse.csr_matrix, households: np.ndarray, k: int, seed: int
) -> np.ndarray:
    """Partition the face graph into ``k`` parts with METIS.

    Parameters
    ----------
    weights : scipy.sparse.csr_matrix
        Symmetric edge weights (shared border length).
    households : ndarray of int
        Vertex weights (households per face).
    k : int
        Number of parts.
    seed : int
        METIS random seed, for reproducible plans.

    Returns
    -------
    ndarray of int
        Part label of each face, ``0..k-1``.
    """
    n = weights.shape[0]
    if k <= 1 or n == 0:
        return np.zeros(n, dtype=np.int64)
    if n <= k:
        return np.arange(n, dtype=np.int64)
    weights = weights.tocsr()
    weights.sort_indices()
    positive = weights.data[weights.data > 0]
    scale = 100.0 / (np.median(positive) if len(positive) else 1.0)
    eweights = np.maximum(1, np.round(weights.data * scale)).astype(np.int64)
    vweights = np.asarray(households, dtype=np.int64) * HOUSEHOLD_SCALE + FACE_WEIGHT
    n_comp, _ = csgraph.connected_components(weights, directed=False)
    starts, adjacent = weights.indptr.astype(np.int64), weights.indices.astype(np.int64)
    if hasattr(pymetis, "CSRAdjacency"):  # pymetis ≥ 2025.2
        graph = {"adjacency": pymetis.CSRAdjacency(starts, adjacent)}
    else:
        graph = {"xadj": starts, "adjncy": adjacent}

    def run(contig: bool):
        options = pymetis.Options(seed=int(seed), contig=int(contig))
        return pymetis.part_graph(k, vweights=vweights, eweights=eweights, options=options, **graph)

    try:
        _, labels = run(n_comp == 1)
    except RuntimeError:  # METIS refuses contiguity on some graphs; the repair handles it
        _, labels = run(False)
    return np.asarray(labels, dtype=np.int64)


class Repairer:
    """Make parts contiguous, non-empty and balanced by moving faces across borders.

    Parameters
    ----------
    weights : scipy.sparse.csr_matrix
        Symmetric edge weights (border length) of the face graph.
    households : ndarray of int
        Households per face.
    labels : ndarray of int
        Initial part of each face (modified in place).
    k : int
        Number of parts.
    """

    def __init__(
        self, weights: sparse.csr_matrix, households: np.ndarray, labels: np.ndarray, k: int
    ) -> None:
        self.w = weights.tocsr()
        self.indptr, self.indices, self.data = self.w.indptr, self.w.indices, self.w.data
        self.hh = np.asarray(households, dtype=np.int64)
        self.labels = labels
        self.k = k
        self.load = np.bincount(labels, self.hh, minlength=k).astype(np.int64)
        self.size = np.bincount(labels, minlength=k).astype(np.int64)

    # -- helpers ----------------------------------------------------------------------------
    def neighbours(self, v: int) -> tuple[np.ndarray, np.ndarray]:
        """Neighbours of face ``v`` and the border shared with each."""
        lo, hi = self.indptr[v], self.indptr[v + 1]
        return self.indices[lo:hi], self.data[lo:hi]

    def border_with(self, v: int) -> dict[int, float]:
        """Border length between face ``v`` and each part it touches (its own included)."""
        out: dict[int, float] = {}
        nbrs, lengths = self.neighbours(v)
        for u, length in zip(nbrs, lengths):
            part = int(self.labels[u])
            out[part] = out.get(part, 0.0) + float(length)
        return out

    def move(self, v: int, part: int) -> None:
        """Move face ``v`` to ``part``."""
        old = self.labels[v]
        self.load[old] -= self.hh[v]
        self.size[old] -= 1
        self.labels[v] = part
        self.load[part] += self.hh[v]
        self.size[part] += 1

    def stays_connected(self, v: int) -> bool:
        """Whether ``v``'s part stays in one piece (and non-empty) without ``v``."""
        part = self.labels[v]
        if self.size[part] <= 1:
            return False
        nbrs, _ = self.neighbours(v)
        same = [int(u) for u in nbrs if self.labels[u] == part]
        if not same:
            return True  # v is a stray piece of its own; its part loses nothing
        if len(same) == 1:
            return True  # a leaf: removing it cannot cut the rest
        seen = {same[0], v}
        todo = deque([same[0]])
        targets = set(same[1:])
        while todo and targets:
            u = todo.popleft()
            for x in self.neighbours(u)[0]:
                x = int(x)
                if x not in seen and self.labels[x] == part:
                    seen.add(x)
                    targets.discard(x)
                    todo.append(x)
        return not targets

    # -- repairs ----------------------------------------------------------------------------
    def components(self) -> np.ndarray:
        """Connected-component id of each face within its part."""
        coo = self.w.tocoo()
        keep = self.labels[coo.row] == self.labels[coo.col]
        n = self.w.shape[0]
        inner = sparse.coo_matrix((np.ones(keep.sum()), (coo.row[keep], coo.col[keep])), (n, n))
        _, comp = csgraph.connected_components(inner, directed=False)
        return comp

    def connect(self) -> int:
        """Give every stray piece of a part to the neighbour it shares most border with.

        Returns the number of pieces moved. A piece with no neighbour outside its part (an
        island of the parent) stays where it is.
        """
        moved = 0
        for _ in range(50):
            comp = self.components()
            n_comp = comp.max() + 1 if len(comp) else 0
            comp_hh = np.bincount(comp, self.hh, minlength=n_comp)
            comp_size = np.bincount(comp, minlength=n_comp)
            comp_part = np.zeros(n_comp, dtype=np.int64)
            comp_part[comp] = self.labels
            # the main piece of each part: most households, then most faces
            rank = np.lexsort((-comp_size, -comp_hh, comp_part))
            main = np.zeros(n_comp, dtype=bool)
            first = np.ones(len(rank), dtype=bool)
            first[1:] = comp_part[rank[1:]] != comp_part[rank[:-1]]
            main[rank[first]] = True
            stray = np.flatnonzero(~main)
            if len(stray) == 0:
                return moved
            changed = False
            for c in stray[np.argsort(comp_hh[stray], kind="stable")]:
                members = np.flatnonzero(comp == c)
                part = self.labels[members[0]]
                if np.any(self.labels[members] != part):
                    continue  # already moved as part of another piece this round
                shared: dict[int, float] = {}
                for v in members:
                    for p, length in self.border_with(int(v)).items():
                        if p != part:
                            shared[p] = shared.get(p, 0.0) + length
                if not shared:
                    continue
                dest = max(shared, key=shared.__getitem__)
                for v in members:
                    self.move(int(v), dest)
                moved += 1
                changed = True
            if not changed:
                return moved
        return moved

    def fill_empty(self) -> None:
        """Seed each empty part with a face taken from the heaviest part that can spare one."""
        for part in np.flatnonzero(self.size == 0):
            for donor in np.argsort(-self.load, kind="stable"):
                members = np.flatnonzero(self.labels == donor)
                if len(members) <= 1:
                    continue
                # a face on the donor's edge whose loss keeps the donor whole
                order = members[np.argsort(-self.hh[members], kind="stable")]
                half = self.load[donor] / 2
                chosen = next(
                    (
                        int(v)
                        for v in order
                        if self.hh[v] <= max(half, 1) and self.stays_connected(int(v))
                    ),
                    None,
                )
                if chosen is not None:
                    self.move(chosen, int(part))
                    break

    def violation(self, lo: float, hi: float) -> float:
        """Total households above ``hi`` or below ``lo`` over all parts."""
        return float(np.maximum(self.load - hi, 0).sum() + np.maximum(lo - self.load, 0).sum())

    def rebalance(self, lo: float, hi: float, max_moves: int | None = None) -> int:
        """Move faces across borders until every part holds ``lo..hi`` households.

        Each single move takes a face from a heavier part to a lighter neighbouring part so
        that the sum of squared loads strictly falls and the total violation of the bounds
        does not grow; it never splits the part it leaves and prefers the face with the
        longest border to its new part. When a part out of bounds has no such move, load is
        pushed along a chain of parts, or a light part reaches across empty land for the
        nearest households; those are kept only when the violation falls. Every step thus
        lowers (violation, sum of squares), so the loop cannot cycle.

        Returns
        -------
        int
            Number of faces moved.
        """
        max_moves = max_moves or 20 * len(self.labels) + 100
        moves = 0
        while moves < max_moves:
            over = self.load - hi
            under = lo - self.load
            worst = np.maximum(over, under)
            bad = np.flatnonzero(worst > 1e-9)
            if len(bad) == 0:
                break
            done = 0
            ranked = bad[np.argsort(-worst[bad], kind="stable")]
            for part in ranked:
                if self._relieve(int(part), over[part] > 0, lo, hi):
                    done = 1
                    break
            if not done:
                for part in ranked:
                    done = self._chain(int(part), over[part] > 0, lo, hi)
                    if not done and under[part] > 0:
                        done = self._reach(int(part), lo, hi)
                    if done:
                        break
            if not done:
                break
            moves += done
        return moves

    def _undo(self, log: list[tuple[int, int]]) -> None:
        for v, part in reversed(log):
            self.move(v, part)

    def _chain(self, part: int, heavy: bool, lo: float, hi: float, depth: int = 16) -> int:
        """Push one face's worth of households along a chain of parts to or from ``part``."""
        target = (lo + hi) / 2
        quotient = self._quotient()
        prev = {part: -1}
        order = [part]
        for p in order:
            for q in quotient.get(p, ()):
                if q not in prev:
                    prev[q] = p
                    order.append(q)
        # an end part must take (give) one household and stay inside the bounds
        spare = [
            q for q in order[1:] if (self.load[q] + 1 <= hi if heavy else self.load[q] - 1 >= lo)
        ]
        ends = [q for q in spare if (self.load[q] < target if heavy else self.load[q] > target)]
        ends = ends or spare
        before = self.violation(lo, hi)
        sign = 1 if heavy else -1
        for end in sorted(ends, key=lambda q: (self._hops(prev, q), sign * self.load[q]))[:8]:
            path = [end]
            while path[-1] != part:
                path.append(prev[path[-1]])
            if len(path) - 1 > depth:
                continue
            path = path[::-1]  # part ... end
            steps = list(zip(path[:-1], path[1:]))  # heavy: move src->dst along the path
            if not heavy:
                steps = [(b, a) for a, b in steps]
            log: list[tuple[int, int]] = []
            ok = True
            for src, dst in reversed(steps) if heavy else steps[::-1]:
                if not self._transfer(src, dst, log):
                    ok = False
                    break
            if ok and self.violation(lo, hi) < before - 1e-9:
                return len(log)
            self._undo(log)
        return 0

    @staticmethod
    def _hops(prev: dict[int, int], q: int) -> int:
        n = 0
        while prev[q] != -1:
            q = prev[q]
            n += 1
        return n

    def _quotient(self) -> dict[int, set[int]]:
        coo = self.w.tocoo()
        a, b = self.labels[coo.row], self.labels[coo.col]
        cross = a != b
        out: dict[int, set[int]] = {}
        for x, y in set(zip(a[cross].tolist(), b[cross].tolist())):
            out.setdefault(x, set()).add(y)
        return out

    def _transfer(self, src: int, dst: int, log: list[tuple[int, int]]) -> bool:
        """Move one face with households from ``src`` to ``dst``; ``True`` on success.

        The face comes with the empty faces of ``src`` on the shortest way to it; a piece of
        ``src`` that such a move would cut off comes along too. Moves go into ``log``.
        """
        best = None
        for v in np.flatnonzero(self.labels == src):
            v = int(v)
            if self.hh[v] == 0:
                continue
            shared = self.border_with(v)
            if dst not in shared:
                continue
            key = (self.hh[v], -(shared[dst] - shared.get(src, 0.0)))
            if (best is None or key < best[0]) and self.stays_connected(v):
                best = (key, v)
        if best is not None:
            log.append((best[1], src))
            self.move(best[1], dst)
            return True
        # no face with households on the border: walk in through src's empty faces, to the
        # nearest faces with households; take the way that carries the fewest extra households
        starts = [int(v) for v in np.flatnonzero(self.labels == dst)]
        prev = {v: -1 for v in starts}
        todo = deque(starts)
        found: list[int] = []
        while todo and len(found) < 6:
            u = todo.popleft()
            for x in self.neighbours(u)[0]:
                x = int(x)
                if x in prev or self.labels[x] != src:
                    continue
                prev[x] = u
                if self.hh[x] > 0:
                    found.append(x)
                else:
                    todo.append(x)
        best_way = None
        for face in found:
            path = [face]
            while self.labels[prev[path[-1]]] == src:
                path.append(prev[path[-1]])
            trial: list[tuple[int, int]] = []
            for v in reversed(path):
                if self.labels[v] != src:
                    continue  # already carried over with a cut-off piece
                carried = [] if self.stays_connected(v) else self._cut_off(v)
                for u in [v, *carried]:
                    trial.append((u, src))
                    self.move(u, dst)
            extra = int(sum(self.hh[u] for u, _ in trial)) - int(self.hh[face])
            self._undo(trial)
            if best_way is None or extra < best_way[0]:
                best_way = (extra, trial)
            if extra == 0:
                break
        if best_way is None:
            return False
        for u, _ in best_way[1]:
            log.append((u, src))
            self.move(u, dst)
        return True

    def _cut_off(self, v: int) -> list[int]:
        """Faces of ``v``'s part that lose touch with its main piece when ``v`` leaves."""
        part = self.labels[v]
        members = [int(u) for u in np.flatnonzero(self.labels == part) if u != v]
        seen: set[int] = set()
        pieces: list[list[int]] = []
        for start in members:
            if start in seen:
                continue
            piece, todo = [start], deque([start])
            seen.add(start)
            while todo:
                u = todo.popleft()
                for x in self.neighbours(u)[0]:
                    x = int(x)
                    if x != v and x not in seen and self.labels[x] == part:
                        seen.add(x)
                        piece.append(x)
                        todo.append(x)
            pieces.append(piece)
        pieces.sort(key=lambda p: (int(self.hh[p].sum()), len(p)), reverse=True)
        return [u for piece in pieces[1:] for u in piece]

    def _reach(self, part: int, lo: float, hi: float) -> int:
        """Take the faces on the shortest path from ``part`` to the nearest households."""
        members = np.flatnonzero(self.labels == part)
        if len(members) == 0:
            return 0
        prev = {int(v): -1 for v in members}
        todo = deque(prev)
        found = None
        while todo and found is None:
            u = todo.popleft()
            for x in self.neighbours(u)[0]:
                x = int(x)
                if x in prev:
                    continue
                prev[x] = u
                if self.hh[x] > 0 and self.load[self.labels[x]] - self.hh[x] >= self.load[part]:
                    found = x
                    break
                todo.append(x)
        if found is None:
            return 0
        path = [found]
        while prev[path[-1]] != -1:
            path.append(prev[path[-1]])
        before = self.violation(lo, hi)
        log: list[tuple[int, int]] = []
        for v in reversed(path[:-1]):  # from next to part outwards
            src = int(self.labels[v])
            if not self.stays_connected(v):
                self._undo(log)
                return 0
            log.append((v, src))
            self.move(v, part)
        if self.violation(lo, hi) < before - 1e-9:
            return len(log)
        self._undo(log)
        return 0

    def _relieve(self, part: int, heavy: bool, lo: float, hi: float) -> bool:
        def off(load: float) -> float:
            return max(load - hi, 0.0) + max(lo - load, 0.0)

        best = None
        boundary = self._boundary(part) if heavy else self._boundary_into(part)
        for v, src, dst in boundary:
            w = self.hh[v]
            if w == 0:
                continue
            if self.load[dst] + w >= self.load[src]:
                continue  # must strictly reduce the sum of squares …
            before = off(self.load[src]) + off(self.load[dst])
            if off(self.load[src] - w) + off(self.load[dst] + w) > before + 1e-9:
                continue  # … without adding to the violation (chains may not undo it)
            shared = self.border_with(v)
            gain = shared.get(dst, 0.0) - shared.get(src, 0.0)
            after = max(self.load[src] - w, self.load[dst] + w)
            key = (after if heavy else -min(self.load[src] - w, self.load[dst] + w), -gain)
            if best is None or key < best[0]:
                if self.stays_connected(v):
                    best = (key, v, dst)
        if best is None:
            return False
        self.move(best[1], best[2])
        return True

    def _boundary(self, part: int):
        for v in np.flatnonzero(self.labels == part):
            for u in set(int(self.labels[x]) for x in self.neighbours(int(v))[0]):
                if u != part:
                    yield int(v), part, u

    def _boundary_into(self, part: int):
        for v in np.flatnonzero(self.labels == part):
            for x in self.neighbours(int(v))[0]:
                src = int(self.labels[x])
                if src != part:
                    yield int(x), src, part

    def share_empty_land(self, distance: sparse.csr_matrix) -> None:
        """Give each face without households to the part whose households are nearest.

        METIS shares empty land out by weight, which can leave one grid wrapped around a
        village as a thin ring; sharing fields by graph distance to each part's households
        cuts them into wedges instead. Parts with no households keep their faces as sources.
        """
        sources = self.hh > 0
        empty_parts = np.setdiff1d(np.arange(self.k), np.unique(self.labels[sources]))
        sources |= np.isin(self.labels, empty_parts)
        idx = np.flatnonzero(sources)
        if len(idx) == 0 or sources.all():
            return
        _, _, nearest = csgraph.dijkstra(
            distance, directed=False, indices=idx, min_only=True, return_predecessors=True
        )
        reach = nearest >= 0
        self.labels[reach] = self.labels[nearest[reach]]
        self.load = np.bincount(self.labels, self.hh, minlength=self.k).astype(np.int64)
        self.size = np.bincount(self.labels, minlength=self.k).astype(np.int64)

    def smooth(self, lo: float, hi: float, passes: int = 3) -> int:
        """Move boundary faces to the part they share most border with, keeping balance.

        Straightens ragged borders (raises Polsby-Popper) without leaving ``lo..hi`` for
        parts already inside it.
        """
        moved = 0
        for _ in range(passes):
            changed = 0
            coo = self.w.tocoo()
            cross = self.labels[coo.row] != self.labels[coo.col]
            for v in np.unique(coo.row[cross]):
                v = int(v)
                src = int(self.labels[v])
                shared = self.border_with(v)
                dst = max((p for p in shared if p != src), key=shared.__getitem__, default=None)
                if dst is None or shared[dst] <= shared.get(src, 0.0) * 1.05:
                    continue
                w = self.hh[v]
                if w and not (self.load[src] - w >= lo - 1e-9 and self.load[dst] + w <= hi + 1e-9):
                    continue
                if self.stays_connected(v):
                    self.move(v, dst)
                    changed += 1
            moved += changed
            if not changed:
                break
        return moved


def partition(
    weights: sparse.csr_matrix,
    households: np.ndarray,
    k: int,
    lo: float,
    hi: float,
    seed: int = 0,
    attempts: int = 4,
    distance: sparse.csr_matrix | None = None,
) -> np.ndarray:
    """Contiguous parts of the face graph whose households lie within ``lo..hi`` if possible.

    Parameters
    ----------
    weights : scipy.sparse.csr_matrix
        Symmetric edge weights (border length, barriers discounted).
    households : ndarray of int
        Households per face.
    k : int
        Number of parts.
    lo, hi : float
        Bounds on households per part.
    seed : int
        METIS seed.
    attempts : int
        METIS runs with seeds ``seed, seed + 1, …`` until one repairs within bounds; the
        least violating one is kept.
    distance : scipy.sparse.csr_matrix, optional
        Face-to-face distances (m); when given, faces without households go to the part
        whose households are nearest (see :meth:`Repairer.share_empty_land`).

    Returns
    -------
    ndarray of int
        Part label of each face.
    """
    best = None
    for attempt in range(attempts):
        labels = metis_labels(weights, households, k, seed + attempt)
        repair = Repairer(weights, households, labels, k)
        repair.connect()
        repair.fill_empty()
        # aim inside a narrower band first: parts left at the band's edge still have slack
        mid, half = (lo + hi) / 2, (hi - lo) / 2
        repair.rebalance(mid - 0.6 * half, mid + 0.6 * half)
        repair.rebalance(lo, hi)
        if distance is not None:
            repair.share_empty_land(distance)
        repair.connect()
        repair.rebalance(lo, hi)
        repair.connect()
        repair.smooth(lo, hi)
        score = repair.violation(lo, hi)
        if best is None or score < best[0]:
            best = (score, repair.labels)
        if score <= 1e-9:
            break
    return best[1]
