"""``network``: a co-occurrence graph with node size by frequency, edge width by association
score and communities in colour."""

from __future__ import annotations

from typing import Any

import networkx as nx
import numpy as np
from matplotlib.axes import Axes

from .axes import check_digits, new_axes


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


def layout(graph: nx.Graph) -> dict[Any, np.ndarray]:
    """Node positions: each connected component laid out on its own by the Kamada-Kawai layout
    (``networkx.kamada_kawai_layout``, unweighted, started from a circle in node order, so no
    random seed is involved) within [-1, 1]^2, the components placed on a grid, largest first,
    reading from the top left. (One layout of a disconnected graph pushes the components apart and crushes each of them
    into a corner, labels on top of each other.)"""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(map(str, c))))
    cols = int(np.ceil(np.sqrt(len(parts))))
    pos: dict[Any, np.ndarray] = {}
    for i, part in enumerate(parts):
        sub = graph.subgraph(part)
        # Unweighted: strong edges would pull their nodes, and labels, on top of each other;
        # Kamada-Kawai then spaces a dense cluster evenly (a clique becomes a circle).
        local = (nx.kamada_kawai_layout(nx.Graph(sub.edges), weight=None,
                                        pos=nx.circular_layout(sorted(part)))
                 if len(part) > 1 else {next(iter(part)): np.zeros(2)})
        offset = np.array([2.6 * (i % cols), -2.6 * (i // cols)])
        pos.update({node: np.asarray(xy) + offset for node, xy in local.items()})
    return pos


def network(data: Any, *, score: str = "score", count: str = "count",
            node_size: tuple[float, float] = (300, 2400), width: tuple[float, float] = (0.6, 6),
            font_size: float = 11, title: str | None = None, digits: str = "persian",
            rtl: bool = False, ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw a co-occurrence network with Persian node labels.

    ``data`` is a ``networkx.Graph`` whose nodes carry ``count`` (frequency) and whose edges
    carry ``score`` (an association measure; ``count`` or 1 when absent), or an object with
    ``.to_networkx(**kwargs)`` (keyword arguments such as ``top=`` or ``min_score=`` are passed
    on to it). Node area grows linearly with frequency over ``node_size`` (points^2), edge width
    with the score over ``width`` (points). Positions come from :func:`layout` (Kamada-Kawai
    per component, deterministic), so the same graph always gives the same picture; nodes are
    coloured by community (:func:`communities`). ``digits`` and
    ``rtl`` are accepted for a uniform signature (a graph has no numeric axis).
    """
    check_digits(digits)
    graph = as_graph(data, **kwargs)
    ax = new_axes(ax, (7, 6))
    ax.set_axis_off()
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "گرافی برای نمایش نیست", ha="center", transform=ax.transAxes)
        return ax
    nodes = list(graph.nodes)
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
    pos = layout(weighted)
    community = communities(weighted)
    colors = [f"C{community[i] % 10}" for i in range(len(nodes))]
    nx.draw_networkx_edges(weighted, pos, ax=ax, edgelist=numbered, edge_color="0.55",
                           width=_scale(scores, *width) if edges else 1.0, alpha=0.7)
    nx.draw_networkx_nodes(weighted, pos, ax=ax, nodelist=list(range(len(nodes))),
                           node_color=colors, node_size=_scale(sizes, *node_size), alpha=0.35,
                           linewidths=0)
    nx.draw_networkx_labels(weighted, pos, ax=ax, font_size=font_size,
                            labels={i: str(n) for i, n in enumerate(nodes)},
                            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75,
                                  "boxstyle": "round,pad=0.15"})
    ax.margins(0.08)
    if title:
        ax.set_title(title, loc="right" if rtl else "center")
    return ax
