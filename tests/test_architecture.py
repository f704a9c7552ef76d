"""The shape of the code, checked: no import circles between the project's modules, no oversized module, the groups
app split by purpose, and templates that ask models about states instead of comparing status strings.

These rules are what keeps the codebase easy to carry on (docs/architecture.md); a failure names the files."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["website", "portal", "courses", "recruitment"]
MAX_LINES = 450


def _app_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path, module, known):
    """Every project module this file imports, at any depth (an import inside a function still ties the two)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names = [prefix] + [f"{prefix}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # "from a.b import c" is a dependency on a.b.c when c is a module, else on a.b.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_graph():
    files = {_module_name(path): path for path in _app_files()}
    known = set(files)
    return {module: _imports(path, module, known) for module, path in files.items()}


def _is_ancestor_package(a, b):
    return b.startswith(a + ".") or a.startswith(b + ".")


def import_cycles(graph):
    """Strongly connected components with more than one module (Tarjan), ignoring a package's own __init__ importing
    its submodules to re-export them, which Python resolves without a circle."""
    edges = {m: {d for d in deps if not _is_ancestor_package(m, d)} for m, deps in graph.items()}
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return components


def test_no_module_imports_one_that_imports_it_back():
    cycles = import_cycles(import_graph())
    assert cycles == [], "import circles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_no_app_module_is_over_the_size_limit():
    oversized = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in _app_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert oversized == [], f"modules over {MAX_LINES} lines:\n" + "\n".join(oversized)


def test_groups_app_is_split_by_purpose():
    groups = ROOT / "portal" / "groups"
    assert (groups / "services" / "__init__.py").is_file()
    assert (groups / "views" / "__init__.py").is_file()
    assert not (groups / "services.py").exists()
    assert not (groups / "views.py").exists()


STATUS_COMPARISON = re.compile(r"""\.?(status|state|stage|kind|role)\s*(==|!=|\bin\b)\s*["'(]""")


def test_templates_ask_models_instead_of_comparing_status_strings():
    offenders = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "{%" in line and STATUS_COMPARISON.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "templates comparing states (ask the model instead):\n" + "\n".join(offenders)
