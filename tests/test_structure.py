"""The package's layout follows the data flow: each module imports only from stages before its own."""

import ast
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).parent
# articles -> coded CSV + dictionary -> load -> views -> charts -> notebooks -> build -> reports, with
# exports -> imports -> linking beside it. A module may import from earlier stages only (and, inside a
# subpackage, from its siblings).
STAGES = [
    {"base", "errors", "files"},
    {"actors", "dictionary", "boundaries", "relative_dates"},
    {"validation"},
    {"imports"},
    {"dataset"},
    {"linking"},
    {"coding"},
    {"views"},
    {"rendering"},
    {"narrative", "summary"},
    {"charts", "parameters", "notebooks", "tables"},
    {"build"},
    {"cli"},
    {"__main__"},
]
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
