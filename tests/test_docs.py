"""The README and the help texts agree (in the style of sqlite-utils' test_docs.py): every command
and option is in the README's command tables, has help text and an example; exit codes are
documented the same way in both."""
import re
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kg.cli import app
from kg.cli.exits import EXIT_CODES_HELP

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ROOT_COMMAND = typer.main.get_command(app)
runner = CliRunner()


def _walk(group, path=()):
    yield path, group
    for name, command in getattr(group, "commands", {}).items():
        yield from _walk(command, path + (name,))


COMMANDS = dict(_walk(ROOT_COMMAND))
LEAVES = {path: c for path, c in COMMANDS.items() if not hasattr(c, "commands")}


def _long_options(command) -> set[str]:
    names = set()
    for p in command.params:
        if p.param_type_name == "option":
            names |= {o for o in [*p.opts, *p.secondary_opts] if o.startswith("--")}
    return names - {"--help"}


def _readme_rows() -> dict[tuple[str, ...], str]:
    """command path -> the code span of its row in a README table (`| `kg ...` | ... |`)."""
    rows = {}
    for line in README.splitlines():
        m = re.match(r"\|\s*`(kg(?: [^`]*)?)`\s*\|", line)
        if not m:
            continue
        tokens, path = m[1].split()[1:], ()
        for token in tokens:
            if path + (token,) in COMMANDS:
                path += (token,)
            else:
                break
        rows[path] = m[1]
    return rows


ROWS = _readme_rows()


@pytest.mark.parametrize("path", sorted(LEAVES) + [()], ids=lambda p: " ".join(p) or "kg")
def test_every_command_has_a_readme_row_listing_exactly_its_options(path):
    assert path in ROWS, f"no README table row for 'kg {' '.join(path)}'"
    listed = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", ROWS[path]))
    assert listed == _long_options(COMMANDS[path]), ROWS[path]


def test_every_readme_row_names_a_command():
    for path, cell in ROWS.items():
        assert path in COMMANDS, cell


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=lambda p: " ".join(p) or "kg")
def test_every_command_and_option_has_help_and_every_command_an_example(path):
    command = COMMANDS[path]
    assert command.help, path
    for p in command.params:
        assert getattr(p, "help", None), (path, p.name)
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "\n    kg " in result.stdout, path
    for leak in ("list[", "<str>", "<path>", "<Path>", "Optional["):
        assert leak not in result.stdout, (path, leak)


def test_exit_codes_are_documented_alike_in_the_readme_and_in_help():
    help_text = runner.invoke(app, ["--help"]).stdout
    for code, meaning in EXIT_CODES_HELP:
        assert f"{code}  {meaning}" in help_text
        assert re.search(rf"^\|\s*{code}\s*\|\s*{re.escape(meaning)}\s*\|\s*$", README, re.M), code
