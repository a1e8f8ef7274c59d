"""The ``marketdesk`` command: a thin layer over :class:`marketdesk.desk.Desk`.

Exit codes: 0 ok; 1 unexpected; 2 usage; 3 bad file; 4 unknown symbol; 5 bad date; 6 no data;
7 store error; 8 conflicting values (nothing written); 9 provider failed; 10 doctor found errors.
"""

from __future__ import annotations

import typer

from . import check_command, data_commands, facts_command, serve_command, wrap_command

app = typer.Typer(
    name="marketdesk",
    help="The numbers behind market news: load daily bars, compute the facts, write and check.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
data_commands.register(app)
facts_command.register(app)
check_command.register(app)
wrap_command.register(app)
serve_command.register(app)


def main() -> None:
    """Console-script entry point. numpy's RuntimeWarnings (a division by zero inside a
    statistic that is then left out) are not for the user's terminal."""
    import warnings

    warnings.filterwarnings("ignore", category=RuntimeWarning)
    app()


if __name__ == "__main__":
    main()
