"""The layer rules of docs/architecture.md, read from the source with ``ast`` (nothing imported).

Each module of ``tenders`` sits in one of two layers: the web layer (pages, API and other
controllers, ``tenders/web/``, the app factory and the command line) or the core below it
(services, tables, rules). Then:

- no core module imports the web layer (controller → service → table), nor Litestar;
- a package's pages and API import no other package's pages or API;
- the pure modules (notices/, matching/, documents/ and the rule modules) reach neither Piccolo
  nor Litestar, directly or through the ``tenders`` modules they import (a package's
  ``__init__`` included, as Python runs it);
- no import cycle between the top-level packages of ``tenders``, imports inside functions
  included; the web layer of a package counts apart from its core, since pages may use any
  package's services;
- ``tenders`` never imports ``workers`` (the web process sends tasks by name).

The checkers are plain functions over an import graph: the last tests feed them a made-up graph
and watch them fail.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("tenders", "workers")
FRAMEWORKS = ("piccolo", "litestar")

PURE_PACKAGES = ("tenders.notices", "tenders.matching", "tenders.documents", "tenders.espd")
PURE_MODULES = (
    "tenders.consortia.rules",
    "tenders.cpv.shipped",
    "tenders.packages.build",
    "tenders.packages.contract",
    "tenders.packages.demo",
    "tenders.packages.french",
    "tenders.xmlsafe",
)
CONTROLLER_NAMES = ("pages", "api", "web", "controllers")
# Page code without routes of its own: `<what>_page.py`, one page several controllers show
# (re-shown with their form's errors), which other packages' pages may use too; and
# `page_<what>.py`, what a package's pages share (reading their forms, say).
SHARED_PAGE_SUFFIX = "_page"
PAGE_HELPER_PREFIX = "page_"
# The composition roots: they wire every package, pages included.
ROOTS = ("tenders.app", "tenders.asgi", "tenders.cli", "tenders.__main__")

# Known breaks in files this change did not own, each with why it is there. An entry is a debt
# to pay, not a rule: the last real-source test fails once it allows nothing any more.
WEB_MODULES_NAMED_LIKE_CORE: dict[str, str] = {}
ALLOWED_FRAMEWORK_IMPORTS: dict[tuple[str, str], str] = {}
ALLOWED_PACKAGE_EDGES: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    """One module an import statement loads, and the line it is written on."""

    target: str
    line: int


Graph = Mapping[str, tuple[Import, ...]]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(
    node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]
) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    # `from tenders.x import y` loads the module tenders.x.y when there is one, else tenders.x.
    found = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    return list(dict.fromkeys(found))


def read_imports(
    root: Path = ROOT, packages: Iterable[str] = PROJECT_PACKAGES
) -> dict[str, tuple[Import, ...]]:
    """Every import of every module under the packages, at any depth (functions included)."""
    files = {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }
    known = set(files)
    graph: dict[str, tuple[Import, ...]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        graph[module] = tuple(
            Import(target, node.lineno)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for target in _targets(node, module, is_package, known)
        )
    return graph


def _is_within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _loaded_modules(target: str, graph: Graph) -> list[str]:
    """The project modules Python runs for `import target`: each parent package, then itself."""
    parts = target.split(".")
    names = (".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return [name for name in names if name in graph]


def is_controller(module: str) -> bool:
    leaf = module.rpartition(".")[2]
    suffixes = tuple(f"_{name}" for name in CONTROLLER_NAMES)
    return leaf in CONTROLLER_NAMES or leaf.endswith(suffixes) or ".controllers." in module


def is_web(module: str) -> bool:
    return (
        is_controller(module)
        or module.endswith(SHARED_PAGE_SUFFIX)
        or module.rpartition(".")[2].startswith(PAGE_HELPER_PREFIX)
        or _is_within(module, "tenders.web")
        or module in ROOTS
        or module in WEB_MODULES_NAMED_LIKE_CORE
    )


def is_core(module: str) -> bool:
    return _is_within(module, "tenders") and not is_web(module)


def is_pure(module: str) -> bool:
    return module in PURE_MODULES or any(_is_within(module, p) for p in PURE_PACKAGES)


def top_package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "tenders" or len(parts) < 2:
        return None
    return ".".join(parts[:2])


def core_imports_of_the_web_layer(graph: Graph) -> list[str]:
    """Services, tables and rules that import pages, API, tenders.web or Litestar."""
    problems = []
    for module, imports in sorted(graph.items()):
        if not is_core(module):
            continue
        for imp in imports:
            if is_web(imp.target) or _is_within(imp.target, "litestar"):
                problems.append(
                    f"{module} (line {imp.line}) imports {imp.target}: services and the "
                    "modules below them never import pages, API or Litestar; move what they "
                    "share down into a service or a helper"
                )
    return problems


def controllers_importing_other_packages_controllers(graph: Graph) -> list[str]:
    problems = []
    for module, imports in sorted(graph.items()):
        if not is_controller(module):
            continue
        for imp in imports:
            if is_controller(imp.target) and top_package(imp.target) != top_package(module):
                problems.append(
                    f"{module} (line {imp.line}) imports {imp.target}: a package's pages "
                    "and API use other packages' services, never their pages or API"
                )
    return problems


def framework_path(
    start: str,
    graph: Graph,
    allowed: Iterable[tuple[str, str]] = (),
    frameworks: Iterable[str] = FRAMEWORKS,
) -> list[str] | None:
    """The shortest chain of imports from `start` to a framework: `module:line → target` links."""
    frameworks, allowed = tuple(frameworks), set(allowed)
    came_from: dict[str, tuple[str, Import] | None] = {start: None}
    queue = [start]
    for module in queue:
        for imp in graph.get(module, ()):
            if (module, imp.target) in allowed:
                continue
            if any(_is_within(imp.target, framework) for framework in frameworks):
                chain = [f"{module}:{imp.line} → {imp.target}"]
                while (step := came_from[module]) is not None:
                    module, previous = step
                    chain.append(f"{module}:{previous.line} → {previous.target}")
                return chain[::-1]
            for loaded in _loaded_modules(imp.target, graph):
                if loaded not in came_from:
                    came_from[loaded] = (module, imp)
                    queue.append(loaded)
    return None


def pure_modules_reaching_a_framework(
    graph: Graph, allowed: Iterable[tuple[str, str]] = ALLOWED_FRAMEWORK_IMPORTS
) -> list[str]:
    """Pure modules that load Piccolo or Litestar, with the chain of imports that gets there."""
    allowed = tuple(allowed)
    problems = []
    for module in sorted(graph):
        if is_pure(module) and (chain := framework_path(module, graph, allowed)):
            problems.append(f"{module} is pure but loads a framework: " + " ; ".join(chain))
    return problems


def layer_node(module: str) -> str | None:
    """A top-level package of tenders, its web layer apart: `tenders.x` or `tenders.x (web)`."""
    package = top_package(module)
    if package is None:
        return None
    return f"{package} (web)" if is_web(module) else package


def _package(node: str) -> str:
    return node.removesuffix(" (web)")


def package_edges(graph: Graph) -> dict[tuple[str, str], list[str]]:
    """Imports between packages (web layers apart), each edge with the imports that make it."""
    edges: dict[tuple[str, str], list[str]] = {}
    for module, imports in sorted(graph.items()):
        source = layer_node(module)
        for imp in imports:
            target = layer_node(imp.target)
            if source and target and top_package(module) != top_package(imp.target):
                where = f"{module}:{imp.line} imports {imp.target}"
                edges.setdefault((source, target), []).append(where)
    return edges


def _strongly_connected(following: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of nodes that all reach one another, of two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(following[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                on_stack.discard(member)
                group.append(member)
            on_stack.discard(node)
            group.append(node)
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(following):
        if node not in index:
            visit(node)
    return sorted(groups)


def package_cycles(
    graph: Graph, allowed: Iterable[tuple[str, str]] = ALLOWED_PACKAGE_EDGES
) -> list[str]:
    """Each group of packages that import one another, with every import between them."""
    allowed = set(allowed)
    edges = {
        edge: where
        for edge, where in package_edges(graph).items()
        if (_package(edge[0]), _package(edge[1])) not in allowed
    }
    following: dict[str, set[str]] = {}
    for source, target in edges:
        following.setdefault(source, set()).add(target)
        following.setdefault(target, set())
    problems = []
    for group in _strongly_connected(following):
        links = [
            f"  {source} → {target}: " + ", ".join(where)
            for (source, target), where in sorted(edges.items())
            if source in group and target in group
        ]
        problems.append("import cycle between " + ", ".join(group) + ":\n" + "\n".join(links))
    return problems


def worker_imports(graph: Graph) -> list[str]:
    return [
        f"{module} (line {imp.line}) imports {imp.target}: "
        "tenders sends tasks by name (tenders.jobs), it never imports workers"
        for module, imports in sorted(graph.items())
        if _is_within(module, "tenders")
        for imp in imports
        if _is_within(imp.target, "workers")
    ]


GRAPH = read_imports()


def test_the_graph_holds_the_whole_project_and_imports_inside_functions() -> None:
    assert "tenders.app" in GRAPH and "workers.tasks" in GRAPH
    assert any(imp.target == "litestar" for imp in GRAPH["tenders.app"])
    assert len(GRAPH) > 150


def test_services_and_what_is_below_import_no_pages_api_or_litestar() -> None:
    problems = core_imports_of_the_web_layer(GRAPH)
    assert not problems, "\n".join(problems)


def test_pages_and_api_import_no_other_packages_pages_or_api() -> None:
    problems = controllers_importing_other_packages_controllers(GRAPH)
    assert not problems, "\n".join(problems)


def test_pure_modules_load_neither_piccolo_nor_litestar() -> None:
    problems = pure_modules_reaching_a_framework(GRAPH)
    assert not problems, "\n".join(problems)


def test_no_import_cycle_between_packages() -> None:
    problems = package_cycles(GRAPH)
    assert not problems, "\n".join(problems)


def test_tenders_never_imports_workers() -> None:
    problems = worker_imports(GRAPH)
    assert not problems, "\n".join(problems)


def test_every_allow_list_entry_still_allows_something() -> None:
    stale = [m for m in WEB_MODULES_NAMED_LIKE_CORE if m not in GRAPH]
    for module, target in ALLOWED_FRAMEWORK_IMPORTS:
        others = [edge for edge in ALLOWED_FRAMEWORK_IMPORTS if edge != (module, target)]
        if framework_path(module, GRAPH, others) is None:
            stale.append(f"{module} → {target}")
    for edge in ALLOWED_PACKAGE_EDGES:
        others = [other for other in ALLOWED_PACKAGE_EDGES if other != edge]
        if not package_cycles(GRAPH, others):
            stale.append(" → ".join(edge))
    assert not stale, "allow-list entries with nothing left to allow: " + ", ".join(stale)


# The checkers can fail: a made-up project with each break once.
FAKE = {
    "tenders": (),
    "tenders.shop": (),
    "tenders.shop.service": (Import("tenders.shop.pages", 3),),
    "tenders.shop.pages": (Import("litestar", 1), Import("tenders.shop.service", 2)),
    "tenders.shop.tables": (Import("piccolo.table", 1),),
    "tenders.notices": (),
    "tenders.notices.reader": (Import("tenders.notices.helpers", 4),),
    "tenders.notices.helpers": (Import("tenders.shop.tables", 7),),
    "tenders.matching": (),
    "tenders.matching.scoring": (Import("decimal", 1),),
    "tenders.billing": (),
    "tenders.billing.service": (
        Import("tenders.ledger.service", 5),
        Import("workers.tasks", 9),
        Import("litestar.exceptions", 10),
    ),
    "tenders.billing.api": (Import("tenders.shop.pages", 2), Import("tenders.billing.service", 3)),
    "tenders.ledger": (),
    "tenders.ledger.service": (Import("tenders.billing.service", 12),),
    "tenders.ledger.pages": (Import("tenders.billing.service", 4),),
    "workers": (),
    "workers.tasks": (Import("tenders.billing.service", 1),),
}


def test_a_service_importing_pages_or_litestar_is_named_with_its_line() -> None:
    assert core_imports_of_the_web_layer(FAKE) == [
        "tenders.billing.service (line 10) imports litestar.exceptions: services and the "
        "modules below them never import pages, API or Litestar; move what they share down "
        "into a service or a helper",
        "tenders.shop.service (line 3) imports tenders.shop.pages: services and the modules "
        "below them never import pages, API or Litestar; move what they share down into a "
        "service or a helper",
    ]


def test_pages_importing_another_packages_pages_are_named() -> None:
    assert controllers_importing_other_packages_controllers(FAKE) == [
        "tenders.billing.api (line 2) imports tenders.shop.pages: a package's pages and API "
        "use other packages' services, never their pages or API"
    ]


def test_a_pure_module_loading_piccolo_through_another_module_shows_the_chain() -> None:
    assert pure_modules_reaching_a_framework(FAKE) == [
        "tenders.notices.helpers is pure but loads a framework: "
        "tenders.notices.helpers:7 → tenders.shop.tables ; tenders.shop.tables:1 → piccolo.table",
        "tenders.notices.reader is pure but loads a framework: "
        "tenders.notices.reader:4 → tenders.notices.helpers ; "
        "tenders.notices.helpers:7 → tenders.shop.tables ; tenders.shop.tables:1 → piccolo.table",
    ]
    allowed = [("tenders.notices.helpers", "tenders.shop.tables")]
    assert pure_modules_reaching_a_framework(FAKE, allowed) == []


def test_a_package_init_counts_as_loaded_with_its_submodule() -> None:
    graph = {
        "tenders": (),
        "tenders.matching": (),
        "tenders.matching.scoring": (Import("tenders.storage.names", 2),),
        "tenders.storage": (Import("tenders.storage.service", 4),),
        "tenders.storage.names": (),
        "tenders.storage.service": (Import("piccolo.columns", 1),),
    }
    assert framework_path("tenders.matching.scoring", graph) == [
        "tenders.matching.scoring:2 → tenders.storage.names",
        "tenders.storage:4 → tenders.storage.service",
        "tenders.storage.service:1 → piccolo.columns",
    ]


def test_a_cycle_between_packages_names_each_import_and_pages_apart_make_none() -> None:
    assert package_cycles(FAKE, allowed=()) == [
        "import cycle between tenders.billing, tenders.ledger:\n"
        "  tenders.billing → tenders.ledger: "
        "tenders.billing.service:5 imports tenders.ledger.service\n"
        "  tenders.ledger → tenders.billing: "
        "tenders.ledger.service:12 imports tenders.billing.service"
    ]
    # ledger's pages import billing's service, and billing's service ledger's: no cycle,
    # pages stand above every service. The service's own import is the cycle.
    assert package_cycles(FAKE, allowed=[("tenders.billing", "tenders.ledger")]) == []


def test_importing_workers_from_tenders_is_named() -> None:
    assert worker_imports(FAKE) == [
        "tenders.billing.service (line 9) imports workers.tasks: "
        "tenders sends tasks by name (tenders.jobs), it never imports workers"
    ]


def test_the_source_is_read_with_relative_and_late_imports(tmp_path: Path) -> None:
    package = tmp_path / "tenders" / "shop"
    package.mkdir(parents=True)
    (tmp_path / "tenders" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "pages.py").write_text("")
    (package / "service.py").write_text(
        "from tenders.shop import pages\n\n\ndef late():\n    from . import pages as again\n"
    )
    graph = read_imports(tmp_path, ("tenders",))
    assert graph["tenders.shop.service"] == (
        Import("tenders.shop.pages", 1),
        Import("tenders.shop.pages", 5),
    )
    assert core_imports_of_the_web_layer(graph)[1].startswith(
        "tenders.shop.service (line 5) imports tenders.shop.pages"
    )


def test_page_helpers_are_web_layer_and_a_shared_page_may_be_shown_by_others() -> None:
    graph = {
        "tenders.shop.basket_page": (Import("litestar.response", 1),),
        "tenders.shop.page_forms": (Import("tenders.web.forms", 2),),
        "tenders.billing.pages": (Import("tenders.shop.basket_page", 3),),
        "tenders.billing.service": (Import("tenders.shop.basket_page", 8),),
    }
    assert controllers_importing_other_packages_controllers(graph) == []
    assert core_imports_of_the_web_layer(graph) == [
        "tenders.billing.service (line 8) imports tenders.shop.basket_page: services and the "
        "modules below them never import pages, API or Litestar; move what they share down "
        "into a service or a helper"
    ]
