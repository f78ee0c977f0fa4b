"""``workbench`` / ``python -m workbench``: the CLI, with environment problems told apart from bad input.

The CLI's own modules import lazily, so a missing module can surface at
start-up or deep inside a command; either way it ends here, as one line that
names the missing piece and how to install it, with exit code 3
(``errors.EXIT_ENVIRONMENT``) — never as a refused input file.
"""
from __future__ import annotations

import sys

from .errors import EXIT_ENVIRONMENT, EnvironmentProblem, from_import_error


def main() -> None:
    try:
        from .cli import cli

        cli(prog_name="workbench")
    except ImportError as error:
        _environment_exit(from_import_error(error, "this command"))
    except EnvironmentProblem as problem:
        _environment_exit(problem)


def _environment_exit(problem: EnvironmentProblem) -> None:
    print(f"Error: {problem}", file=sys.stderr)
    sys.exit(EXIT_ENVIRONMENT)


if __name__ == "__main__":
    main()
