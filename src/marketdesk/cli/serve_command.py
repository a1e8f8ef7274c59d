"""serve: the web dashboard on this machine (127.0.0.1 unless --host says otherwise)."""

from __future__ import annotations

from typing import Annotated

import typer

from .options import DbOpt

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: DbOpt = None,
        host: Annotated[str, typer.Option("--host", help="Interface to bind. Anything but 127.0.0.1 exposes the dashboard to the network.")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    ) -> None:
        """Serve the dashboard and JSON API (read-only over the store; stop with Ctrl-C)."""
        from .render import console

        try:
            import uvicorn  # noqa: F401  (present, or the message below)

            from ..web.app import create_app
        except ImportError as err:
            console(stderr=True).print(
                f"The web dashboard needs the 'web' extra ({err.name} is missing): "
                "pip install 'marketdesk[web]'", markup=False)
            raise typer.Exit(2) from None
        if host not in LOOPBACK:
            console(stderr=True).print(
                f"WARNING: binding {host}: anyone who can reach this machine on port {port} can "
                "read the dashboard. There is no authentication.", style="bold yellow",
                markup=False)
        shown = f"[{host}]" if ":" in host else host
        console(stderr=True).print(f"marketdesk dashboard on http://{shown}:{port}/ "
                                   "(API docs at /api/docs)", markup=False)
        hosts = ["*"] if host in ("0.0.0.0", "::") else None if host in LOOPBACK else [*LOOPBACK, host]
        from ..web import server

        server.run(create_app(db, hosts=hosts), host, port)
