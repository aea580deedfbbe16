"""The layer rules of DESIGN.md, checked by import-linter's contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_only_the_store_mentions_tinydb():
    offenders = [
        path.relative_to(ROOT)
        for path in (ROOT / "console").rglob("*.py")
        if "import tinydb" in path.read_text() or "from tinydb" in path.read_text()
        if "store" not in path.relative_to(ROOT / "console").parts[:1]
    ]
    assert offenders == []


def _cycles(graph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.find_modules_directly_imported_by(module):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle_anywhere_in_console():
    import grimp

    # TYPE_CHECKING imports count too: a cycle hidden behind them is still a tangle.
    graph = grimp.build_graph("console")
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    class Graph:
        modules = {"a", "b", "c"}
        edges = {"a": {"b"}, "b": {"a"}, "c": set()}

        def find_modules_directly_imported_by(self, module):
            return self.edges[module]

    assert _cycles(Graph()) == [["a", "b"]]


#: What ``console/`` may hold: the layer folders and the few modules outside them.
LAYOUT = {
    "cli",
    "tools",
    "app.py",
    "app.tcss",
    "ui",
    "services",
    "desk",
    "store",
    "clinic",
    "locations.py",
    "shipped.py",
    "__init__.py",
    "__main__.py",
}


def test_console_folder_reads_as_the_layer_diagram():
    present = {
        p.name
        for p in (ROOT / "console").iterdir()
        if p.name != "__pycache__" and not p.name.startswith(".")
    }
    assert present == LAYOUT


def _contract_layers() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c for c in contracts if c["type"] == "layers"]
    assert layers["containers"] == ["console"]
    return layers["layers"]


def test_architecture_doc_lists_the_layers_of_the_contract_in_order():
    text = (ROOT / "ARCHITECTURE.md").read_text()
    table = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    # First cell of each row: "`cli/`" or "`app.py`, `app.tcss`" -> "cli", "app".
    named = [row.split("`")[1].removesuffix("/").removesuffix(".py") for row in rows]
    assert named == _contract_layers()


def test_every_folder_and_module_of_console_is_in_a_layer():
    layers = set(_contract_layers())
    for name in LAYOUT - {"__init__.py", "__main__.py", "app.tcss"}:
        assert name.removesuffix(".py") in layers, name
