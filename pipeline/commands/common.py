"""Helpers shared by command modules: the store from the context, errors as clean exits, tables."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from pipeline.store import Store, default_db_path

console = Console()
err_console = Console(stderr=True)


def db_path(ctx: typer.Context) -> Path:
    return (ctx.obj or {}).get("db") or default_db_path()


def fail(message: str) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code=1)


def missing_db_message(path: Path) -> str:
    return f"no database at {path} (run `danvan run` or `danvan crawl` first, or pass --db)"


def existing_db(ctx: typer.Context) -> Path:
    """The database path named by --db / DANVAN_DB, which must exist (a mistyped path is not a new empty store)."""
    path = db_path(ctx)
    if not Path(path).exists():
        raise fail(missing_db_message(path))
    return path


@contextmanager
def open_store(ctx: typer.Context, read_only: bool = False, create: bool = False) -> Iterator[Store]:
    """The store named by --db; library errors become a clean error message and exit code 1.

    create: make the database when it is missing (only `run`, `crawl` and `load` do); otherwise a missing
    database is refused.
    """
    path = db_path(ctx) if create else existing_db(ctx)
    try:
        store = Store(path, read_only=read_only)
    except Exception as exc:  # noqa: BLE001 - any failure to open is reported the same way
        raise fail(str(exc)) from None
    try:
        yield store
    finally:
        store.close()


def print_table(columns: Sequence[str], rows: Sequence[Sequence], title: str | None = None) -> None:
    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(str(c), overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    console.print(table)
