"""The `danvan` command line: a thin layer over the Python API.

Each command parses its arguments, opens the store, calls one library function and turns library errors
into clear messages (exit code 1). Command groups live in pipeline/commands/, one module each.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import typer

from pipeline.commands import COMMAND_MODULES
from pipeline.store import DB_ENV, DEFAULT_DB

app = typer.Typer(
    name="danvan",
    help="Vietnamese provincial news on công tác dân vận, turned into comparable statistics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global(
    ctx: typer.Context,
    db: Path = typer.Option(DEFAULT_DB, "--db", envvar=DB_ENV, help="DuckDB database file."),
) -> None:
    ctx.obj = {"db": db}


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
