"""`danvan bench …`: benchmarks that print figures. Each area adds its own subcommand to bench_app."""
from __future__ import annotations

import typer

bench_app = typer.Typer(help="Benchmarks that print measured figures (speed, quality).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(bench_app, name="bench")
