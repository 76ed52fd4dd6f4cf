"""``network``: a co-occurrence graph with node size by frequency, edge width by association
score and communities in colour."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from .axes import check_digits, literal, new_axes
from .style import themed_plot


def as_graph(data: Any, **kwargs: Any) -> nx.Graph:
    """A ``networkx.Graph`` from a Graph or from any object with ``.to_networkx(**kwargs)``
    (the toolkit's ``Cooccurrence``)."""
    if isinstance(data, nx.Graph):
        return data
    if hasattr(data, "to_networkx"):
        return data.to_networkx(**kwargs)
    raise TypeError(f"network() needs a networkx.Graph or an object with .to_networkx(), "
                    f"not {type(data).__name__}")


def _scale(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Map ``values`` linearly onto [lo, hi] (all ``(lo + hi) / 2`` when they are equal)."""
    span = values.max() - values.min() if values.size else 0.0
    if span == 0:
        return np.full(values.shape, (lo + hi) / 2)
    return lo + (hi - lo) * (values - values.min()) / span


def communities(graph: nx.Graph, weight: str | None = "weight") -> dict[Any, int]:
    """Community number of every node: greedy modularity maximisation (Clauset, Newman & Moore
    2004, ``networkx.community.greedy_modularity_communities``), communities numbered by size,
    largest first."""
    if graph.number_of_edges() == 0:
        return {node: i for i, node in enumerate(graph.nodes)}
    groups = nx.community.greedy_modularity_communities(graph, weight=weight)
    ordered = sorted(groups, key=lambda c: (-len(c), min(map(str, c))))
    return {node: i for i, group in enumerate(ordered) for node in group}


def _component_layout(graph: nx.Graph, part: set) -> dict[Any, np.ndarray]:
    """Kamada-Kawai positions of one component, centred on 0, with about one unit between
    neighbouring nodes, so that the component's area grows with its number of nodes."""
    if len(part) == 1:
        return {next(iter(part)): np.zeros(2)}
    # Unweighted: strong edges would pull their nodes, and labels, on top of each other;
    # Kamada-Kawai then spaces a dense cluster evenly (a clique becomes a circle).
    sub = nx.Graph(graph.subgraph(part).edges)
    local = nx.kamada_kawai_layout(sub, weight=None, pos=nx.circular_layout(sorted(part)))
    xy = np.array([local[n] for n in sorted(part)])
    xy -= xy.mean(axis=0)
    gaps = np.array([np.linalg.norm(local[u] - local[v]) for u, v in sub.edges])
    xy /= max(float(np.median(gaps)), 1e-9)
    return dict(zip(sorted(part), xy, strict=True))


def layout(graph: nx.Graph, aspect: float = 1.0, gap: float = 1.2) -> dict[Any, np.ndarray]:
    """Node positions: each connected component laid out on its own by the Kamada-Kawai layout
    (``networkx.kamada_kawai_layout``, unweighted, started from a circle in node order, so no
    random seed is involved) and scaled to one unit per edge, so a component's area grows with
    its size; the components' bounding boxes are then packed in rows (largest first, reading
    from the top left) into a region of about ``aspect`` (width / height), ``gap`` units apart.

    (One layout of a disconnected graph pushes the components apart and crushes each of them
    into a corner; equal grid cells squeeze a large component into the room of a pair.)
    """
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(map(str, c))))
    local = [_component_layout(graph, part) for part in parts]
    boxes = []
    for pos in local:
        xy = np.array(list(pos.values()))
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        boxes.append((lo, hi - lo + gap))
    area = sum(float(size[0] * size[1]) for _, size in boxes)
    row_width = max(np.sqrt(area * aspect), max(size[0] for _, size in boxes))
    out: dict[Any, np.ndarray] = {}
    x = y = row_height = 0.0
    for pos, (lo, size) in zip(local, boxes, strict=True):
        if x > 0 and x + size[0] > row_width + 1e-9:
            x, y, row_height = 0.0, y - row_height, 0.0
        offset = np.array([x, y - size[1]]) - lo + gap / 2
        out.update({node: xy + offset for node, xy in pos.items()})
        x += size[0]
        row_height = max(row_height, size[1])
    return out


def _labelled(graph: nx.Graph, nodes: list, count: str,
              labels: int | Iterable[Any] | None) -> list[int]:
    """Indices (into ``nodes``) of the nodes to label: all, the ``labels`` most frequent, or
    the nodes listed in ``labels``."""
    if labels is None:
        return list(range(len(nodes)))
    if isinstance(labels, int | np.integer):
        if labels < 0:
            raise ValueError(f"labels={labels}: give a number of nodes >= 0, a list of nodes "
                             "or None for all")
        freq = [-float(graph.nodes[n].get(count, 1)) for n in nodes]
        return sorted(sorted(range(len(nodes)), key=lambda i: (freq[i], i))[: int(labels)])
    wanted = set(labels)
    unknown = wanted - set(nodes)
    if unknown:
        raise KeyError(f"labels= names nodes that are not in the graph: {sorted(map(str, unknown))}")
    return [i for i, n in enumerate(nodes) if n in wanted]


def place_labels(ax: Axes, texts: list[Text], xy: np.ndarray, radius: np.ndarray | None = None,
                 iterations: int = 400) -> list[FancyArrowPatch]:
    """Move overlapping ``texts`` apart with adjustText (Flyamer, ``adjustText.adjust_text``),
    each pulled back towards its point ``xy`` (data coordinates). A label that ends up outside
    its node (``radius``: node radii in points; default 0) is joined to it by a thin grey line.
    A fixed number of iterations (no time limit) keeps the result the same from run to run.
    Returns the connecting lines."""
    if not texts:
        return []
    radius = np.zeros(len(texts)) if radius is None else np.asarray(radius, dtype=float)
    if len(texts) > 1:
        from adjustText import adjust_text

        adjust_text(texts, ax=ax, target_x=xy[:, 0], target_y=xy[:, 1], avoid_self=False,
                    expand=(1.15, 1.35), force_text=(0.3, 0.5), force_pull=(0.02, 0.02),
                    force_explode=(0.2, 0.6), ensure_inside_axes=True, iter_lim=iterations,
                    time_lim=None, prevent_crossings=False)
    points = ax.figure.dpi / 72
    lines = []
    for text, node, r in zip(texts, xy, radius, strict=True):
        moved = np.hypot(*(ax.transData.transform(text.get_position())
                           - ax.transData.transform(node)))
        if moved > r * points:
            line = FancyArrowPatch(text.get_position(), node, patchA=text, arrowstyle="-",
                                   shrinkA=0, shrinkB=0.8 * r, color="0.45", linewidth=0.6,
                                   zorder=2.9)
            ax.add_patch(line)
            lines.append(line)
    return lines


@themed_plot
def network(data: Any, *, score: str = "score", count: str = "count",
            node_size: tuple[float, float] = (300, 2400), width: tuple[float, float] = (0.6, 6),
            font_size: float = 11, labels: int | Iterable[Any] | None = None,
            title: str | None = None, digits: str = "persian", rtl: bool = False,
            ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw a co-occurrence network with Persian node labels that do not overlap.

    ``data`` is a ``networkx.Graph`` whose nodes carry ``count`` (frequency) and whose edges
    carry ``score`` (an association measure; ``count`` or 1 when absent), or an object with
    ``.to_networkx(**kwargs)`` (keyword arguments such as ``top=`` or ``min_score=`` are passed
    on to it). Node area grows linearly with frequency over ``node_size`` (points^2), edge width
    with the score over ``width`` (points). Positions come from :func:`layout` (Kamada-Kawai
    per component, components given room in proportion to their size, deterministic); labels
    that would overlap are moved apart by :func:`place_labels` (adjustText, a fixed number of
    iterations) and, once outside their node, joined to it by a thin line, so the same graph
    always gives the same picture. Nodes are coloured by community (:func:`communities`).
    ``labels``: ``None`` labels every node, an int ``k`` only the ``k`` most frequent nodes (for
    dense graphs), a list those nodes. Labels are drawn literally (never as mathtext). Without
    ``ax`` the figure grows with the number of nodes (7 x 6 inches up to 40 nodes, its area in
    proportion beyond). ``digits`` and ``rtl`` are accepted for a uniform signature (a graph has
    no numeric axis).

    Returns the Axes. Raises ``KeyError`` for ``labels`` naming unknown nodes, ``TypeError`` for
    data that is not a graph.
    """
    check_digits(digits)
    graph = as_graph(data, **kwargs)
    nodes = list(graph.nodes)
    shown = _labelled(graph, nodes, count, labels)
    side = max(1.0, np.sqrt(len(nodes) / 40))
    ax = new_axes(ax, (7 * side, 6 * side))
    ax.set_axis_off()
    if not nodes:
        ax.text(0.5, 0.5, "گرافی برای نمایش نیست", ha="center", transform=ax.transAxes)
        return ax
    edges = list(graph.edges)
    sizes = np.array([float(graph.nodes[n].get(count, 1)) for n in nodes])
    scores = np.array([float(graph.edges[e].get(score, graph.edges[e].get(count, 1)))
                       for e in edges])
    strength = _scale(scores, 0.1, 1.0) if edges else scores
    # Layout and communities run on node numbers (graph order): sets of strings iterate in an
    # order that changes with PYTHONHASHSEED, which would change the picture from run to run.
    index = {n: i for i, n in enumerate(nodes)}
    numbered = [(index[u], index[v]) for u, v in edges]
    weighted = nx.Graph()
    weighted.add_nodes_from(range(len(nodes)))
    weighted.add_weighted_edges_from((u, v, w) for (u, v), w in zip(numbered, strength,
                                                                     strict=True))
    box = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    pos = layout(weighted, aspect=(box.width * fig_w) / max(box.height * fig_h, 1e-9))
    community = communities(weighted)
    colors = [f"C{community[i] % 10}" for i in range(len(nodes))]
    nx.draw_networkx_edges(weighted, pos, ax=ax, edgelist=numbered, edge_color="0.55",
                           width=_scale(scores, *width) if edges else 1.0, alpha=0.7)
    areas = _scale(sizes, *node_size)
    nx.draw_networkx_nodes(weighted, pos, ax=ax, nodelist=list(range(len(nodes))),
                           node_color=colors, node_size=areas, alpha=0.35, linewidths=0)
    xy = np.array([pos[i] for i in range(len(nodes))])
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    pad = np.maximum((hi - lo) * 0.06, 0.6)
    ax.set_xlim(lo[0] - pad[0], hi[0] + pad[0])
    ax.set_ylim(lo[1] - pad[1], hi[1] + pad[1])
    texts = [literal(ax.text(*xy[i], str(nodes[i]), fontsize=font_size, ha="center",
                             va="center", zorder=3,
                             bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75,
                                   "boxstyle": "round,pad=0.15"}))
             for i in shown]
    if title:
        ax.set_title(title, loc="right" if rtl else "center")
    place_labels(ax, texts, xy[shown], np.sqrt(areas[shown]) / 2)
    return ax
