"""The drawing of jixiao's imports, docs/imports.svg, and the check that they run one way.

    python scripts/imports.py          # print the layers, every arrow and what is wrong; write docs/imports.svg
    python scripts/imports.py --check  # the same, writing nothing; exit 1 if anything is wrong or the
                                       # drawing is not what it would be now (tests/test_architecture.py)

grimp reads every import of the package: at the top of a module, inside a function or for type
checking alike (only ``importlib.import_module`` by name, as the registries discover their rule
kinds and checks, is not an import). The graph is collapsed to the package's top-level modules and
folders (``jixiao.report.to_docx`` → ``report``), and each of those has its place in one layer of
:data:`LAYERS`, bottom first. The rules:

* every arrow points down: ``a → b`` (a imports b) only when b's layer is below a's, so the
  modules of one layer do not import each other;
* no circle between any two modules, inside a folder too (grimp keeps every module);
* every top-level module and folder is in exactly one layer.

The drawing leaves out the arrows that other arrows imply (a → c when a → b → c): all point down
all the same, and the text this prints lists every one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import grimp

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "docs" / "imports.svg"
PACKAGE = "jixiao"
API = "__init__"  # the package's own __init__.py: the public API


@dataclass(frozen=True)
class Layer:
    title: str  # what the layer is, as the drawing labels it
    names: tuple[str, ...]  # top-level modules and folders of jixiao, left to right in the drawing
    kind: str = "core"  # core | way-in | shell: the colour of its boxes


# Bottom first. The stages run load → score → audit → render; the shells call them through the
# pipeline (see docs/development.md).
LAYERS: tuple[Layer, ...] = (
    Layer("foundation", ("numbers", "diagnostics", "registry", "limits")),
    Layer("inputs", ("settings", "sheets", "yamlsrc")),
    Layer("rule kinds", ("rules",)),
    Layer("what a project file declares", ("evidence", "plans", "wording")),
    Layer("model", ("model",)),
    Layer("figures", ("measures",)),
    Layer("indicator systems", ("frameworks",)),
    Layer("load", ("project", "templates")),
    Layer("import · score", ("importers", "score")),
    Layer("audit", ("audit",)),
    Layer("report model · renderers", ("report",)),
    Layer("render", ("forms", "review")),
    Layer("pipeline", ("pipeline",), "way-in"),
    Layer("public API", (API,), "way-in"),
    Layer("storage", ("storage",), "shell"),
    Layer("web", ("web", "migrations"), "shell"),
    Layer("command line", ("cli",), "shell"),
)

Arrow = tuple[str, str]


def build() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, cache_dir=None)


def top(module: str) -> str:
    """``jixiao.report.to_docx`` → ``report``; the package itself → ``__init__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else API


def module_arrows(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}


def arrows(graph: grimp.ImportGraph) -> list[Arrow]:
    """Every import between two top-level names, once."""
    found = {(top(a), top(b)) for a, targets in module_arrows(graph).items() for b in targets}
    return sorted((a, b) for a, b in found if a != b)


def names(graph: grimp.ImportGraph) -> set[str]:
    return {top(m) for m in graph.modules}


def folders(graph: grimp.ImportGraph) -> set[str]:
    return {top(m) for m in graph.modules if m.count(".") == 1 and graph.find_children(m)}


def floor_of() -> dict[str, int]:
    return {name: i for i, layer in enumerate(LAYERS) for name in layer.names}


def circles(edges: Mapping[str, Iterable[str]]) -> list[tuple[str, ...]]:
    """The strongly connected parts of more than one node (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[tuple[str, ...]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    part = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        part.append(member)
                        if member == node:
                            break
                    if len(part) > 1:
                        found.append(tuple(sorted(part)))
            elif target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                on_stack.add(target)
                work.append((target, iter(sorted(edges.get(target, ())))))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
    return sorted(found)


def misplaced(graph: grimp.ImportGraph) -> list[str]:
    """Top-level names in no layer, in two, or in a layer but no longer in the package."""
    listed = [name for layer in LAYERS for name in layer.names]
    present = names(graph)
    out = [f"{name}: in no layer of LAYERS" for name in sorted(present - set(listed))]
    out += [f"{name}: in more than one layer" for name in sorted({n for n in listed if listed.count(n) > 1})]
    out += [f"{name}: in LAYERS but not in the package" for name in sorted(set(listed) - present)]
    return out


def upward(graph: grimp.ImportGraph) -> list[Arrow]:
    """Arrows that do not point down: to the same layer or one above (names in no layer aside)."""
    floor = floor_of()
    return [(a, b) for a, b in arrows(graph) if a in floor and b in floor and floor[a] <= floor[b]]


def module_circles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    return circles(module_arrows(graph))


def package_circles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    edges: dict[str, set[str]] = {}
    for a, b in arrows(graph):
        edges.setdefault(a, set()).add(b)
    return circles(edges)


def problems(graph: grimp.ImportGraph) -> list[str]:
    """Everything that breaks the rules, one line each; empty when the imports run one way."""
    out = misplaced(graph)
    out += [f"{a} → {b}: points up (or sideways) — {why(graph, a, b)}" for a, b in upward(graph)]
    out += [f"circle of folders: {' ↔ '.join(c)}" for c in package_circles(graph)]
    out += [f"circle of modules: {' ↔ '.join(c)}" for c in module_circles(graph)]
    return out


def why(graph: grimp.ImportGraph, a: str, b: str) -> str:
    """The imports behind a top-level arrow, as ``module:line``."""
    lines = []
    for importer, targets in module_arrows(graph).items():
        for imported in sorted(targets):
            if top(importer) == a and top(imported) == b:
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    lines.append(f"{importer}:{detail['line_number']} imports {imported}")
    return "; ".join(lines)


# The drawing ------------------------------------------------------------------------------------

ROW = 64  # from one layer's boxes to the next
BOX_H = 28
GAP = 22  # between boxes of one layer
CHAR = 7.8  # width of a character of the labels' monospace font at 13px
PAD = 14
LEFT = 190  # room for the layers' titles
TOP = 96
FILLS = {"core": ("#e3eefa", "#4a78a8"), "way-in": ("#fdf0d5", "#b07d1a"), "shell": ("#ececec", "#777777")}


@dataclass(frozen=True)
class Box:
    name: str
    label: str
    x: float
    y: float
    w: float
    kind: str


def reduced(edges: Sequence[Arrow]) -> list[Arrow]:
    """The arrows no path of others implies (the transitive reduction of an acyclic graph)."""
    out = {a: {b for x, b in edges if x == a} for a, _ in edges}

    def reachable(start: str, skip: Arrow) -> set[str]:
        seen: set[str] = set()
        todo = [b for b in out.get(start, ()) if (start, b) != skip]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(out.get(node, ()))
        return seen

    return [(a, b) for a, b in edges if b not in reachable(a, (a, b))]


def boxes(folder_names: set[str]) -> dict[str, Box]:
    def label(name: str) -> str:
        return f"{name}/" if name in folder_names else f"{name}.py"

    widths = [sum(len(label(n)) * CHAR + 2 * PAD for n in layer.names) + GAP * (len(layer.names) - 1)
              for layer in LAYERS]
    span = max(widths)
    placed = {}
    for depth, layer in enumerate(reversed(LAYERS)):
        x = LEFT + (span - widths[len(LAYERS) - 1 - depth]) / 2
        for name in layer.names:
            w = len(label(name)) * CHAR + 2 * PAD
            placed[name] = Box(name, label(name), x, TOP + depth * ROW, w, layer.kind)
            x += w + GAP
    return placed


def _ports(edges: Sequence[Arrow], placed: Mapping[str, Box]) -> dict[tuple[Arrow, str], float]:
    """Where each arrow leaves its box and enters the other, spread along the edges in the order of
    the other ends, so that arrows from one box do not start on top of each other."""
    where: dict[tuple[Arrow, str], float] = {}
    for name, box in placed.items():
        for end, other in (("out", 1), ("in", 0)):
            mine = [e for e in edges if e[1 - other] == name]
            mine.sort(key=lambda e: (placed[e[other]].x + placed[e[other]].w / 2, placed[e[other]].y))
            for i, edge in enumerate(mine):
                where[(edge, end)] = box.x + box.w * (i + 1) / (len(mine) + 1)
    return where


def svg(graph: grimp.ImportGraph) -> str:
    every = arrows(graph)
    drawn = reduced(every)
    placed = boxes(folders(graph))
    right = max(max(b.x + b.w for b in placed.values()) + 30, 800)
    bottom = TOP + (len(LAYERS) - 1) * ROW + BOX_H + 40
    ports = _ports(drawn, placed)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{right:.0f}" height="{bottom:.0f}" '
        f'viewBox="0 0 {right:.0f} {bottom:.0f}" font-family="DejaVu Sans, Arial, sans-serif">',
        "<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
        "orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#556\"/></marker></defs>",
        f'<rect width="{right:.0f}" height="{bottom:.0f}" fill="white"/>',
        '<text x="20" y="26" font-size="16" font-weight="bold">jixiao: who imports whom</text>',
        '<text x="20" y="44" font-size="12" fill="#444">a → b: a imports b. Every arrow points down a layer or more, '
        'and no modules import each other in a circle.</text>',
        '<text x="20" y="60" font-size="12" fill="#444">Arrows that others imply (a → c when a → b → c) are left out; '
        'python scripts/imports.py lists every import.</text>',
    ]
    for depth, layer in enumerate(reversed(LAYERS)):
        if depth % 2 == 0:  # every other floor shaded, so the layers read as floors
            out.append(f'<rect x="10" y="{TOP + depth * ROW - (ROW - BOX_H) / 2:.0f}" width="{right - 20:.0f}" '
                       f'height="{ROW}" fill="#f6f7f9"/>')
        y = TOP + depth * ROW + BOX_H / 2 + 4
        out.append(f'<text x="20" y="{y:.0f}" font-size="12" fill="#555">{escape(layer.title)}</text>')
    for edge in drawn:
        a, b = placed[edge[0]], placed[edge[1]]
        x1, y1 = ports[(edge, "out")], a.y + BOX_H
        x2, y2 = ports[(edge, "in")], b.y - 1
        bend = min(36.0, (y2 - y1) / 2)
        out.append(f'<path d="M {x1:.1f} {y1:.1f} C {x1:.1f} {y1 + bend:.1f} {x2:.1f} {y2 - bend:.1f} '
                   f'{x2:.1f} {y2:.1f}" fill="none" stroke="#556" stroke-opacity="0.55" stroke-width="1.1" '
                   f'marker-end="url(#head)"><title>{escape(edge[0])} → {escape(edge[1])}</title></path>')
    for box in placed.values():  # over the arrows, so an arrow passing a layer goes behind its boxes
        fill, stroke = FILLS[box.kind]
        out.append(f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{BOX_H}" rx="5" '
                   f'fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{box.x + box.w / 2:.1f}" y="{box.y + BOX_H / 2 + 4.5:.1f}" font-size="13" '
                   f'text-anchor="middle" font-family="DejaVu Sans Mono, Menlo, monospace">{escape(box.label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# The report -------------------------------------------------------------------------------------


def report(graph: grimp.ImportGraph) -> list[str]:
    floor = floor_of()
    lines = ["Layers, bottom first:"]
    lines += [f"  {i + 1:2}. {layer.title}: {', '.join(layer.names)}" for i, layer in enumerate(LAYERS)]
    every = arrows(graph)
    lines.append(f"\nArrows ({len(every)}; a → b: a imports b):")
    for a in sorted({a for a, _ in every}, key=lambda n: (floor.get(n, -1), n), reverse=True):
        lines.append(f"  {a} → {', '.join(sorted((b for x, b in every if x == a), key=lambda n: -floor.get(n, -1)))}")
    wrong = problems(graph)
    lines.append("\nProblems:" if wrong else "\nNo arrow points up, no circle, every module in its layer.")
    lines += [f"  {p}" for p in wrong]
    return lines


def main(argv: Sequence[str]) -> int:
    check = "--check" in argv
    graph = build()
    print("\n".join(report(graph)))
    drawing = svg(graph)
    stale = not SVG.exists() or SVG.read_text(encoding="utf-8") != drawing
    if check and stale:
        print(f"\n{SVG.relative_to(ROOT)} is out of date: run python scripts/imports.py")
    elif stale:
        SVG.write_text(drawing, encoding="utf-8")
        print(f"\nwrote {SVG.relative_to(ROOT)}")
    return 1 if problems(graph) or (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
