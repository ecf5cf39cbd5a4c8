"""Where a sample township's people live: its outline, village seats and household points.

All coordinates are metres in a Gauss-Krüger plane. Rural villages are compact clusters of
courtyard houses in rows (排) facing south, one to three clusters (自然村) per village; the town
seat (镇驻地) is a block grid of apartment compounds (楼/单元), bungalow streets and open blocks
(the town square, the school, the market).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

#: Household spacing in a rural cluster: along a row, and between rows (metres).
ROW_STEP, ROW_GAP = 16.0, 24.0
#: Block size of the town seat's street grid (metres).
BLOCK_W, BLOCK_H = 110.0, 90.0


@dataclass
class Households:
    """Household points and how each is addressed.

    ``kind`` is 0 for a rural courtyard (``a`` = row 排, ``b`` = number 号), 1 for a flat
    (``a`` = building, ``b`` = unit 单元, ``c`` = room), 2 for a seat bungalow (``a`` = street
    index, ``b`` = number). ``settlement`` numbers the cluster, ``home`` the village seat it was
    built around (-1 for the town seat).
    """

    xy: np.ndarray
    kind: np.ndarray
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    settlement: np.ndarray
    home: np.ndarray
    part: np.ndarray  # 0 main cluster; 1–4 a satellite east/west/south/north of it


def town_outline(
    centre: np.ndarray, area_m2: float, rng: np.random.Generator, n: int = 360
) -> shapely.Polygon:
    """Return a smooth, irregular, star-shaped outline of about ``area_m2`` around ``centre``."""
    theta = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    radius = np.ones(n)
    for k in range(2, 8):
        radius += rng.normal(0.0, 0.16 / k) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    ring = np.column_stack([np.cos(theta), np.sin(theta)]) * radius[:, None]
    unit = shapely.Polygon(ring)
    scale = np.sqrt(area_m2 / unit.area)
    return shapely.Polygon(ring * scale + centre)


def village_seats(
    outline: shapely.Polygon,
    seat: np.ndarray,
    n: int,
    keep_out: float,
    rng: np.random.Generator,
    iterations: int = 8,
) -> np.ndarray:
    """Spread ``n`` village seats over ``outline`` (Lloyd relaxation), away from the town seat."""
    minx, miny, maxx, maxy = outline.bounds
    pts = np.empty((0, 2))
    while len(pts) < n:
        cand = rng.uniform([minx, miny], [maxx, maxy], (4 * n, 2))
        ok = shapely.contains_xy(outline, cand[:, 0], cand[:, 1])
        ok &= np.hypot(*(cand - seat).T) > keep_out
        pts = np.vstack([pts, cand[ok]])[:n]
    for _ in range(iterations):
        allp = np.vstack([pts, seat])
        cells = shapely.voronoi_polygons(shapely.multipoints(allp), extend_to=outline)
        cells = shapely.intersection(shapely.get_parts(cells), outline)
        # Voronoi output order is not the input order: match each cell to its seat.
        tree = shapely.STRtree(cells)
        idx = tree.query(shapely.points(pts), predicate="within")
        cent = shapely.get_coordinates(shapely.centroid(cells[idx[1]]))
        pts[idx[0]] = cent
        d = np.hypot(*(pts - seat).T)
        far = d < keep_out
        pts[far] = seat + (pts[far] - seat) / d[far, None] * keep_out
    return pts + rng.normal(0.0, 60.0, pts.shape)


def rural_cluster(
    centre: np.ndarray, count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return ``count`` courtyard points in rows around ``centre``, with row and number."""
    area = count * ROW_STEP * ROW_GAP / 0.85
    aspect = rng.uniform(0.6, 1.6)
    rx, ry = np.sqrt(area / np.pi * aspect), np.sqrt(area / np.pi / aspect)
    span = int(max(rx, ry) * 1.6 / min(ROW_STEP, ROW_GAP)) + 3
    i, j = np.meshgrid(np.arange(-span * 2, span * 2 + 1), np.arange(-span, span + 1))
    i, j = i.ravel(), j.ravel()
    local = np.column_stack([i * ROW_STEP, j * ROW_GAP])
    ang = np.arctan2(local[:, 1], local[:, 0])
    wobble = 1 + 0.18 * np.cos(3 * ang + rng.uniform(0, 6.3)) + 0.1 * np.cos(5 * ang)
    score = ((local[:, 0] / rx) ** 2 + (local[:, 1] / ry) ** 2) / wobble**2
    # The `count` sites nearest the wobbly ellipse's centre, with a ragged edge.
    pick = np.sort(np.argsort(score + rng.uniform(0.0, 0.25, len(score)))[:count])
    rot = rng.normal(0.0, 0.08)
    c, s = np.cos(rot), np.sin(rot)
    xy = local[pick] @ np.array([[c, s], [-s, c]]) + centre + rng.normal(0, 1.5, (count, 2))
    rows = j[pick]
    row_no = np.unique(-rows, return_inverse=True)[1] + 1  # 1排 is the northernmost
    cols = i[pick]
    number = np.zeros(count, dtype=np.int64)
    for r in np.unique(row_no):
        m = row_no == r
        number[m] = np.argsort(np.argsort(cols[m])) + 1
    return xy, row_no, number


def seat_blocks(
    centre: np.ndarray, households: int, rng: np.random.Generator
) -> tuple[Households, np.ndarray, np.ndarray]:
    """Lay out the town seat's blocks until they house about ``households`` households.

    Returns the households, the town square's centre and the other open blocks' centres.
    """
    n = 18
    bi, bj = np.meshgrid(np.arange(-n, n + 1), np.arange(-n, n + 1))
    bxy = np.column_stack([bi.ravel() * BLOCK_W, bj.ravel() * BLOCK_H])
    dist = np.hypot(*bxy.T) * rng.uniform(0.85, 1.15, len(bxy))
    order = np.argsort(dist)
    xs, kinds, a_, b_, c_ = [], [], [], [], []
    square = centre + bxy[order[0]]
    opens = []
    total, building, street_no = 0, 0, {}
    for rank, blk in enumerate(order[1:], start=1):
        if total >= households:
            break
        origin = centre + bxy[blk]
        roll = rng.random()
        if roll < 0.14 or rank in (3, 7):
            opens.append(origin)
            continue
        if roll < 0.70:  # apartment compound: 2 rows of 2–3 buildings
            for row in (-1, 1):
                for col in range(int(rng.integers(2, 4))):
                    building += 1
                    units, floors = int(rng.integers(2, 4)), int(rng.integers(5, 7))
                    bx = origin[0] - 30 + col * 32
                    by = origin[1] + row * 20
                    for u in range(units):
                        ux = bx + (u - (units - 1) / 2) * 10
                        rooms = [f * 100 + r for f in range(1, floors + 1) for r in (1, 2)]
                        k = len(rooms)
                        xs.append(np.column_stack([np.full(k, ux), np.full(k, by)]))
                        kinds.append(np.full(k, 1))
                        a_.append(np.full(k, building))
                        b_.append(np.full(k, u + 1))
                        c_.append(np.array(rooms))
                        total += k
        else:  # bungalows along the block's east–west street
            street = int(bj.ravel()[blk])
            start = street_no.get(street, 0)
            gi, gj = np.meshgrid(np.arange(6), np.arange(3))
            pts = np.column_stack([gi.ravel() * 16 - 40, gj.ravel() * 24 - 24]) + origin
            k = len(pts)
            xs.append(pts)
            kinds.append(np.full(k, 2))
            a_.append(np.full(k, street))
            b_.append(start + np.arange(1, k + 1))
            c_.append(np.zeros(k, dtype=np.int64))
            street_no[street] = start + k
            total += k
    xy = np.vstack(xs) + rng.normal(0.0, 1.2, (total, 2))
    streets = np.unique(np.concatenate(a_)[np.concatenate(kinds) == 2], return_inverse=True)[1]
    a = np.concatenate(a_)
    a[np.concatenate(kinds) == 2] = streets
    hh = Households(
        xy=xy,
        kind=np.concatenate(kinds),
        a=a,
        b=np.concatenate(b_),
        c=np.concatenate(c_),
        settlement=np.zeros(total, dtype=np.int64),
        home=np.full(total, -1),
        part=np.zeros(total, dtype=np.int64),
    )
    return hh, square, np.array(opens).reshape(-1, 2)


def place_households(
    outline: shapely.Polygon,
    seats: np.ndarray,
    seat: np.ndarray,
    rural_sizes: np.ndarray,
    seat_households: int,
    rng: np.random.Generator,
) -> tuple[Households, np.ndarray, np.ndarray]:
    """Build every household: the seat's blocks, then each village's one to three clusters.

    Returns the households, the town square's centre and the seat's other open blocks.
    """
    town, square, opens = seat_blocks(seat, seat_households, rng)
    inner = outline.buffer(-250.0)
    parts: list[Households] = [town]
    settlement = 1
    for v, (centre, size) in enumerate(zip(seats, rural_sizes)):
        n_sat = int(rng.choice([0, 1, 2], p=[0.45, 0.4, 0.15]))
        shares = rng.dirichlet(np.r_[4.0, np.full(n_sat, 1.5)]) if n_sat else np.ones(1)
        centres, dirs = [centre], [0]
        others = np.delete(np.vstack([seats, seat]), v, axis=0)
        for _ in range(60):
            if len(centres) > n_sat:
                break
            ang = rng.uniform(0, 2 * np.pi)
            cand = centre + rng.uniform(380, 600) * np.array([np.cos(ang), np.sin(ang)])
            own = np.hypot(*(cand - centre))
            if np.hypot(*(others - cand).T).min() < own * 1.5 or not inner.contains(
                shapely.Point(cand)
            ):
                continue
            if min(np.hypot(*(c - cand)) for c in centres) < 350:
                continue
            centres.append(cand)
            # 1 east, 2 west, 3 south, 4 north of the main cluster
            dirs.append(
                (1 if np.cos(ang) > 0 else 2)
                if abs(np.cos(ang)) > abs(np.sin(ang))
                else (4 if np.sin(ang) > 0 else 3)
            )
        shares = shares[: len(centres)] / shares[: len(centres)].sum()
        counts = np.maximum(20, np.round(shares * size)).astype(int)
        for c, k, d in zip(centres, counts, dirs):
            xy, row, num = rural_cluster(c, int(k), rng)
            parts.append(
                Households(
                    xy=xy,
                    kind=np.zeros(k, dtype=np.int64),
                    a=row,
                    b=num,
                    c=np.zeros(k, dtype=np.int64),
                    settlement=np.full(k, settlement),
                    home=np.full(k, v),
                    part=np.full(k, d),
                )
            )
            settlement += 1
    fields = Households.__dataclass_fields__
    merged = Households(**{f: np.concatenate([getattr(p, f) for p in parts]) for f in fields})
    keep = shapely.contains_xy(outline.buffer(-30.0), merged.xy[:, 0], merged.xy[:, 1])
    merged = Households(**{f: getattr(merged, f)[keep] for f in fields})
    return merged, square, opens
