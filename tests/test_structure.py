"""The package's layout follows the data flow: each module imports only from stages before its own."""

import ast
import re
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).parent
LAYOUT = PACKAGE.parent / "docs" / "reference" / "layout.md"  # the guide's layout table


def layout_rows() -> list[tuple[str, list[str]]]:
    """The layout table of the guide (docs/reference/layout.md), top to bottom: (first cell, every `name` in the row's
    cells)."""
    text = LAYOUT.read_text(encoding="utf-8")
    rows = [line.split("|")[1:-1] for line in text.splitlines() if line.startswith("| `")]
    return [(cells[0].strip(), re.findall(r"`([^`]+)`", "|".join(cells))) for cells in rows]


def readme_stages() -> list[set[str]]:
    """The package's stages as the guide's layout table lists them: one row of `analysis/...` modules a stage.

    articles -> coded CSV + dictionary -> load -> views -> charts -> notebooks -> build -> reports, with
    exports -> imports -> linking beside it. A module may import from earlier rows only (and, inside a
    subpackage, from its siblings), so the table a newcomer reads is the rule the code obeys.
    """
    return [
        set(re.findall(r"`(?:analysis/)?([\w.]+?)(?:\.py|/)`", first))
        for first, _ in layout_rows()
        if first.startswith("`analysis/")
    ]


STAGES = readme_stages()
STAGE_OF = {name: number for number, names in enumerate(STAGES) for name in names}


def top_level_imports(path: Path) -> set[str]:
    """The analysis modules (first name below analysis) that a file imports, relatively or absolutely."""
    inside = path.relative_to(PACKAGE).parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            depth = len(inside) - node.level  # how deep below analysis/ the import lands
            parts = list(inside[:depth]) + (node.module.split(".") if node.module else [])
            names = [parts[0]] if parts else [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis."):
            names = [node.module.split(".")[1]]
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("analysis.")]
        else:
            continue
        found |= {name for name in names if name in STAGE_OF}
    return found


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts != ("__init__.py",):
            yield parts[0].removesuffix(".py"), path


def test_every_module_has_a_stage():
    assert {name for name, _ in modules()} <= set(STAGE_OF)


def test_imports_point_only_to_earlier_stages():
    upward = [
        f"{path.relative_to(PACKAGE)} imports {target}"
        for name, path in modules()
        for target in top_level_imports(path)
        if target != name and STAGE_OF[target] >= STAGE_OF[name]
    ]
    assert upward == []


def test_the_base_modules_need_no_pandas():
    for name in STAGES[0] | {"actors"}:
        text = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
        assert "import pandas" not in text and "import numpy" not in text, name


def test_the_editable_install_is_a_plain_path_entry():
    """`make` installs the package editable; as a path entry (pyproject's package-dir), not setuptools' meta-path
    finder, whose install warns about 'folders in your working directory with the same name as your package'."""
    import sysconfig

    pth = sorted(Path(sysconfig.get_path("purelib")).glob("__editable__*iskp_analysis*.pth"))
    assert pth, "not an editable install (make installs it with pip install -e)"
    lines = pth[0].read_text().split()
    assert lines == [str(PACKAGE.parent)], lines  # a path, not "import __editable___..._finder"


def test_the_readme_layout_names_every_module_of_each_subpackage_and_every_benchmark():
    """A module or benchmark missing from the layout table (docs/reference/layout.md) is one a newcomer cannot find."""
    rows = dict(layout_rows())
    missing = []
    for first, names in rows.items():
        folder = re.fullmatch(r"`analysis/(\w+)/`", first)
        if folder:
            modules_here = {p.stem for p in (PACKAGE / folder.group(1)).glob("*.py") if p.stem != "__init__"}
            missing += [f"analysis/{folder.group(1)}/{m}.py" for m in sorted(modules_here - set(names))]
    benchmarks = {p.name for p in (PACKAGE.parent / "benchmarks").glob("*.py")}
    named = {name.removeprefix("benchmarks/") for _, names in rows.items() for name in names}
    missing += [f"benchmarks/{b}" for b in sorted(benchmarks - named)]
    assert missing == []
