"""Every command has --help with an example, and the README names it."""
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pipeline.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _commands(group: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for info in group.registered_commands:
        name = info.name or info.callback.__name__.replace("_", "-")
        out.append(prefix + (name,))
    for sub in group.registered_groups:
        out.append(prefix + (sub.name,))
        out += _commands(sub.typer_instance, prefix + (sub.name,))
    return out


COMMANDS = _commands(app)


def test_docs_commands_found():
    assert {("run",), ("extract",), ("load",), ("compare",), ("query",), ("evaluate",)} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_docs_every_command_has_help_and_is_in_readme(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert f"danvan {' '.join(command)}" in README or f"danvan {command[0]}" in README
    if len(command) == 1 and command[0] not in ("bench", "digest"):
        assert "Example" in result.output, f"{command} --help shows no example"
