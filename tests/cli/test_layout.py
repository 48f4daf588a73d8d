"""The command line's modules import one way: the package assembles its areas, never the reverse."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import skillaward.cli

CLI = Path(skillaward.cli.__file__).parent


def module_name(path: Path) -> str:
    parts = ["skillaward", "cli", *path.relative_to(CLI).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def cli_imports() -> dict[str, set[str]]:
    """Each module of ``skillaward.cli`` and the modules of the package it imports, also those
    imported inside functions."""
    paths = {module_name(path): path for path in CLI.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names if alias.name in paths}
            elif isinstance(node, ast.ImportFrom) and node.module in paths:
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    targets.add(submodule if submodule in paths else node.module)
        graph[name] = targets - {name}
    return graph


def test_no_module_of_the_command_line_imports_one_that_imports_it():
    graph = cli_imports()
    assert "skillaward.cli.operator" in graph["skillaward.cli"]
    # imports inside functions count: a handler imports the lookups when it runs
    assert "skillaward.cli.operator.lookups" in graph["skillaward.cli.operator.common"]
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail(f"import loop: {' → '.join(error.args[1])}")
