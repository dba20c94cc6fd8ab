"""Walking the vector reader's node tuples ``(op, ...)``: every node once, parents before children, so a
note-taker (what the scope says of a reading) is a loop over them, not another recursive walker."""

from __future__ import annotations

__all__ = ["nodes"]


def nodes(tree):
    """Every node tuple in ``tree`` (a node or a list of them), parents before children."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(reversed(node))
        elif isinstance(node, tuple) and node and isinstance(node[0], str):
            yield node
            todo.extend(reversed([c for c in node[1:] if isinstance(c, (tuple, list))]))
