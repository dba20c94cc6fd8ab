"""Walking the vector reader's node tuples ``(op, ...)``: every node once, parents before children, so a
note-taker (what the scope says of a reading) is a loop over them, not another recursive walker."""

from __future__ import annotations

__all__ = ["applied_site", "argument_text", "map_subscripts", "nodes"]


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


def applied_site(node) -> str:
    """``o^s_y(x)``: an ``applied`` node as the scope and ``VectorSpec.readings`` name it."""
    inner = node[1]
    base = inner[1] if inner[0] == "var" else inner[1][1]
    sub = "_" + "".join(t.text for t in inner[2]) if inner[0] == "sub" else ""
    return f"{base}{sub}({', '.join(map(argument_text, node[2]))})"


def argument_text(node) -> str:
    """An argument as the scope names it: x, x_i (an entry), or … for anything longer."""
    if node[0] == "var":
        return node[1]
    if node[0] == "sub" and node[1][0] == "var":
        return node[1][1] + "_" + "".join(getattr(t, "text", "") for t in node[2])
    return "…"


def map_subscripts(tree, letters) -> list:
    """(name, subscript tokens) of every ``name_{…}`` in ``tree`` where ``letters`` are free: a sum over one of
    them binds its own (the ranges of a map's letters, ``maps.apply_map``)."""
    found, todo = [], [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, tuple) and node and isinstance(node[0], str):
            if node[0] == "sum" and node[1] in letters:
                todo.extend(c for c in node[2:4] if isinstance(c, tuple))  # its limits are outside it
                continue
            if node[0] == "sub" and node[1][0] == "var":
                found.append((node[1][1], node[2]))
            todo.extend(c for c in node[1:] if isinstance(c, (tuple, list)))
    return found
