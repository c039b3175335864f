"""The ``kg`` command line: a thin Typer layer over the library.

- :mod:`kg.cli.app`: the application and the top-level commands;
- :mod:`kg.cli.views`: ``kg view ...`` and ``kg analyse`` (heavy imports stay inside commands);
- :mod:`kg.cli.options`: option groups shared by several commands, and :func:`open_store`;
- :mod:`kg.cli.output`: output formats, ``-o FILE``, terminal-safe text;
- :mod:`kg.cli.exits`: exit codes and the mapping from error classes to them.

``app`` imports ``views``; ``views`` never imports ``app``, so there is no import cycle.
"""
from .app import app, main

__all__ = ["app", "main"]
