"""Helpers shared by command modules: the store from the context, errors as clean exits, tables."""
from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipeline.store import Store, default_db_path

def _hide_flag_placeholder() -> None:
    """--help shows no "<bool>" after a flag (--dry-run, --help): a flag takes no value. Typer prints the type
    of every option; for flags it is noise that reads as if a value were expected."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "_danvan", False):
        return

    def display_type_rich(self, ctx):
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    display_type_rich._danvan = True
    TyperOption.display_type_rich = display_type_rich


_hide_flag_placeholder()

# markup off: messages carry titles, paths and user input ("[sender]" must print as written)
# tables written to a pipe or a file (make demo in CI, `> out.txt`) are not folded at 80 columns: COLUMNS, else 160
PIPE_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
console = Console(markup=False, width=PIPE_WIDTH)
err_console = Console(stderr=True, markup=False)


VN_TZ = timezone(timedelta(hours=7))


def db_path(ctx: typer.Context) -> Path:
    return (ctx.obj or {}).get("db") or default_db_path()


def fail(message: str) -> typer.Exit:
    """Print a one-line error (its text shown as written: "[sender]" is not markup) and return the exit."""
    err_console.print(Text.assemble(("Error:", "bold red"), " ", " ".join(str(message).split())), highlight=False,
                      soft_wrap=True)
    return typer.Exit(code=1)


def say(message: str, *, err: bool = False) -> None:
    """Print a message as written (no markup, no highlighting): article titles and paths may hold brackets."""
    (err_console if err else console).print(Text(str(message)), highlight=False, soft_wrap=True)


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 article", "2 articles" (many: an irregular plural)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def output_format(fmt: str | None, out: Path | None, formats: Sequence[str], default: str) -> str:
    """The output format: --format when given, else from --out's suffix, else the default. An --out whose
    suffix names another format, or no known one, is refused (a .docx is never written as Markdown)."""
    suffixes = {f".{f}": f for f in formats if f != "table"}
    suffixes.update({k: v for k, v in {".htm": "html", ".markdown": "md", ".jsonl": "json"}.items() if v in formats})
    if fmt is not None and fmt not in formats:
        raise fail(f"unknown format {fmt!r}; one of: {', '.join(formats)}")
    if out is None:
        return fmt or default
    by_suffix = suffixes.get(out.suffix.lower())
    if by_suffix is None:
        known = ", ".join(sorted(suffixes))
        raise fail(f"--out {out.name}: unknown file type {out.suffix or '(no suffix)'!r}; use one of {known}")
    if fmt is not None and fmt != by_suffix:
        raise fail(f"--format {fmt} does not match --out {out.name} (a {by_suffix} file name)")
    return by_suffix


def store_writable(path: Path) -> bool:
    """Whether a database file can be opened for writing (the file, or its folder when it does not exist yet:
    DuckDB also writes a .wal file beside it). False sends read-only commands to a read-only connection."""
    path = Path(path)
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return os.access(path.parent if path.parent.exists() else Path.cwd(), os.W_OK)


def vn_time(value):
    """An aware timestamp in Vietnam time (+07:00), the time people read. Naive values (DuckDB TIMESTAMP, e.g.
    the views' local wall-clock months) and dates are returned as they are: their zone is unknown."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(VN_TZ)
    return value


def write_rows(columns: Sequence[str], rows: Sequence[Sequence], fmt: str, out: Path | None = None) -> None:
    """Rows as csv or JSON lines, to a file or stdout; timestamps in Vietnam time, ISO 8601."""
    def cell(v):
        v = vn_time(v)
        return v.isoformat() if hasattr(v, "isoformat") else v

    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([cell(v) for v in r] for r in rows)
        text = buf.getvalue()
    elif fmt == "json":
        text = "".join(json.dumps(dict(zip(columns, (cell(v) for v in r))), ensure_ascii=False, default=str) + "\n"
                       for r in rows)
    else:
        raise ValueError(f"format must be csv or json, not {fmt!r}")
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@contextmanager
def progress(description: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr while a long step runs: yields advance(n). A count (and a bar) when total is
    known, else a running count or a pulsing bar with the elapsed time. Quiet when stderr is not a terminal
    (pipes, CI, tests), so nothing pollutes logs or redirected output."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn() if total else TextColumn("{task.completed:,.0f}"), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def scheduler_option():
    return typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://HOST:8786) for --engine dask; "
                        "default: a local cluster of --workers processes.")


def workers_option():
    return typer.Option(None, "--workers", help="Worker processes of the local Dask cluster (default: the CPU "
                        "count).")


def staging_option():
    return typer.Option(None, "--staging", help="Folder for the workers' Parquet partitions (--engine dask; "
                        "shared by all machines on a cluster).")


def dask_options(engine: str, scheduler: str | None, workers: int | None, staging: Path | None):
    """The Dask options of a command's --engine/--scheduler/--workers/--staging (None for --engine local),
    after checking that they go together."""
    from corpus.distributed import ScaleOptions

    if engine not in ("local", "dask"):
        raise fail(f"--engine wants local or dask, not {engine!r}")
    if engine == "local":
        if scheduler or workers or staging:
            raise fail("--scheduler, --workers and --staging need --engine dask")
        return None
    if scheduler and workers:
        raise fail("name either --scheduler (a running cluster) or --workers (a local one), not both")
    return ScaleOptions(scheduler=scheduler, workers=workers or os.cpu_count() or 1, staging=staging)


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
    table = Table(title=Text(title) if title else None, show_lines=False)
    for c in columns:
        table.add_column(Text(str(c)), overflow="fold")
    for r in rows:
        table.add_row(*[Text("" if v is None else str(v)) for v in r])
    console.print(table)
