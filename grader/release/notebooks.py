"""A module's exercise notebook, written from its stub: a release regenerates every notebook,
so that learners never receive one that drifted from its stub.

The stub is the one source of truth, and the notebook says the same in Jupyter's form:

    intro                 markdown: the module's title and explanation, and how to work
    imports               code: the stub's top-level statements other than functions
    data-intro, data      markdown and code, when the stub's docstring names tables
    first-look            data/<folder>/<table>.csv: read them, and look at the first one
    <function>-example    markdown, per function: its contract and worked example
    <function>            code, per function: the stub, its docstring cut to the first line
    check-intro, check    markdown and code: the self-check, `!grader check <module>.ipynb`

The cell ids are those role names; the output is deterministic (no outputs, no execution
counts, no timestamps, JSON as nbformat writes it), the same bytes as the course's
`exercises/make_notebooks.py` writes, which the course's tests hold its notebooks to.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from string import Template

import nbformat
from nbformat import v4

__all__ = ["notebook_text"]

HOW_TO_WORK = (
    "**How to work.** Write each function in the code cell under its description, in place "
    "of `raise NotImplementedError`; add cells of your own to try things out. Only the "
    "functions are graded. When you are done, save the notebook and run the last cell: it "
    "checks the saved file."
)
CHECK_INTRO = (
    "## Check your work\n\n"
    "Save the notebook (Ctrl+S), then run the cell below. It runs the course's public checks "
    "on the saved file, with the code cells run top to bottom as *Restart Kernel and Run All "
    "Cells* runs them, and says what passes and what to look at."
)
# A table the stub's docstring names, as the module's files keep it beside the stub.
DATA_TABLE = re.compile(r"\bdata/([A-Za-z0-9_-]+)/([A-Za-z_][A-Za-z0-9_]*)\.csv\b")
# Demonstrations run in Jupyter, never when the notebook is graded (its module is not
# __main__ there): reading files and pandas would only cost the grading time.
IN_JUPYTER = 'if __name__ == "__main__":  # in Jupyter, not when your work is graded'
DATA_INTRO = Template(
    "## A first look at the data\n\n"
    "The tables are in $folders, beside this notebook, and the README.md there says what "
    "every column means. `read_table` reads a table as the grader hands it to your "
    "functions: a dict of columns, a float array per number column (NaN where a value is "
    "missing) and a list of strings per text column (None where missing); with pandas "
    "installed, `pandas.DataFrame(table)` makes a DataFrame of it. These cells run in "
    "Jupyter only, not when your work is graded: keep your own experiments under the same "
    "`if`."
)
# The cells' code, as learners read it ($guard is IN_JUPYTER).
READ_TABLES = Template("""$guard
    from pathlib import Path

    from grader.predictions import read_table

$reads
    for name, table in {$named}.items():
        print(f"{name}: {len(next(iter(table.values())))} rows, {len(table)} columns")""")
# numpy only: pandas is no dependency of the grader, so learners may not have it
FIRST_LOOK = Template("""$guard
    from collections import Counter

    import numpy as np

    print(f"{'column':<18} {'missing':>7}  values")
    for column, values in $table.items():
        if isinstance(values, np.ndarray):
            missing = int(np.isnan(values).sum())
            low, middle, high = np.nanpercentile(values, [0, 50, 100])
            summary = f"min {low:g}, median {middle:g}, max {high:g}"
        else:
            missing = values.count(None)
            common = Counter(value for value in values if value is not None).most_common(3)
            summary = ", ".join(f"{value} ({count})" for value, count in common)
        print(f"{column:<18} {missing:>7}  {summary}")""")
METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def notebook_text(stub: Path) -> str:
    """The exercise notebook of the stub `stub`, exactly as it is written to disk."""
    source = stub.read_text(encoding="utf-8")
    notebook = v4.new_notebook(metadata=METADATA, cells=list(_cells(stub.stem, source)))
    nbformat.validate(notebook)
    text: str = nbformat.writes(notebook)
    return text if text.endswith("\n") else text + "\n"


def _cells(module: str, source: str) -> Iterator[nbformat.NotebookNode]:
    tree = ast.parse(source)
    lines = source.splitlines()
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    yield v4.new_markdown_cell(_intro(ast.get_docstring(tree) or module), id="intro")
    yield v4.new_code_cell(_setup(tree, lines), id="imports")
    yield from _data_cells(ast.get_docstring(tree) or "")
    for function in functions:
        if ast.get_docstring(function):
            yield v4.new_markdown_cell(_described(function), id=f"{function.name}-example")
        yield v4.new_code_cell(_stub(function, lines), id=function.name)
    yield v4.new_markdown_cell(CHECK_INTRO, id="check-intro")
    yield v4.new_code_cell(f"!grader check {module}.ipynb", id="check")


def _intro(docstring: str) -> str:
    first, _, rest = docstring.partition("\n")
    title, _, subtitle = first.partition(": ")
    parts = [
        f"# {_escaped(title)}",
        _escaped(subtitle[:1].upper() + subtitle[1:]),
        _escaped(rest.strip()),
        HOW_TO_WORK,
    ]
    return "\n\n".join(part for part in parts if part)


def _setup(tree: ast.Module, lines: list[str]) -> str:
    """The stub's top-level statements other than its docstring and functions (the imports)."""
    body = tree.body[1:] if ast.get_docstring(tree) else tree.body
    return "\n".join(
        "\n".join(_lines(node, lines)) for node in body if not isinstance(node, ast.FunctionDef)
    )


def _data_cells(docstring: str) -> Iterator[nbformat.NotebookNode]:
    """Cells that read the tables the docstring names and take a first look at the first."""
    tables = list(dict.fromkeys(DATA_TABLE.findall(docstring)))
    if not tables:
        return
    folders = " and ".join(dict.fromkeys(f"`data/{folder}/`" for folder, _ in tables))
    yield v4.new_markdown_cell(DATA_INTRO.substitute(folders=folders), id="data-intro")
    reads = "\n".join(
        f'    {name} = read_table(Path("data/{folder}/{name}.csv"))' for folder, name in tables
    )
    named = ", ".join(f'"{name}": {name}' for _, name in tables)
    yield v4.new_code_cell(
        READ_TABLES.substitute(guard=IN_JUPYTER, reads=reads, named=named), id="data"
    )
    yield v4.new_code_cell(
        FIRST_LOOK.substitute(guard=IN_JUPYTER, table=tables[0][1]), id="first-look"
    )


def _described(function: ast.FunctionDef) -> str:
    """A function's docstring as markdown: summary, contract, then the worked example."""
    paragraphs = (ast.get_docstring(function) or "").split("\n\n")
    examples = [p for p in paragraphs[1:] if p.lstrip().startswith(">>>")]
    contract = [p for p in paragraphs[1:] if p not in examples]
    arguments = ", ".join(a.arg for a in function.args.args)
    parts = [f"## `{function.name}({arguments})`", _escaped(paragraphs[0])]
    if contract:
        parts.append("```text\n" + "\n\n".join(contract) + "\n```")
    if examples:
        parts += ["**Worked example**", "```python\n" + "\n\n".join(examples) + "\n```"]
    return "\n\n".join(parts)


def _stub(function: ast.FunctionDef, lines: list[str]) -> str:
    """The function as in the stub, with its docstring cut to the summary line."""
    code = _lines(function, lines)
    docstring = function.body[0]
    if ast.get_docstring(function) and isinstance(docstring, ast.Expr):
        start = docstring.lineno - _first_line(function)
        end = docstring.end_lineno or docstring.lineno
        indent = " " * docstring.col_offset
        summary = (ast.get_docstring(function) or "").split("\n", 1)[0]
        code[start : end - _first_line(function) + 1] = [f'{indent}"""{summary}"""']
    return "\n".join(code)


def _lines(node: ast.stmt, lines: list[str]) -> list[str]:
    return lines[_first_line(node) - 1 : node.end_lineno]


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _escaped(text: str) -> str:
    """Prose for markdown: `*`, `_` and the like are the stub's arithmetic, not emphasis."""
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
