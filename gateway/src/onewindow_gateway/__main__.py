"""`python -m onewindow_gateway serve | openapi [--check FILE] | describe`."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from onewindow_kit.settings import SettingsError, refuse_plaintext_in_production


def _serve() -> int:
    import uvicorn

    from onewindow_gateway import config

    # the gateway dials the services (gRPC) and reads identity's topic (revocations); no database
    refuse_plaintext_in_production(database=False)
    settings = config.load()
    metrics_dir = Path(
        os.environ.get("ONEWINDOW_GATEWAY_METRICS_DIR")
        or Path(tempfile.gettempdir()) / f"onewindow-gateway-{settings.port}"
    )
    shutil.rmtree(metrics_dir, ignore_errors=True)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)  # every worker writes here
    # uvicorn drains in-flight requests on SIGTERM, then re-raises the signal it captured; this
    # handler turns that last step into a clean exit status 0 instead of death by signal.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))
    uvicorn.run(
        "onewindow_gateway.app:factory",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        loop="uvloop",
        http="httptools",
        log_config=None,
        access_log=False,
        proxy_headers=False,
        timeout_graceful_shutdown=30,
        server_header=False,
    )
    return 0


def _document() -> str:
    from onewindow_gateway import config
    from onewindow_gateway.app import create_app

    settings = config.load({"ONEWINDOW_GATEWAY_RATELIMIT_STORAGE": "async+memory://"})
    return (
        json.dumps(create_app(settings).openapi(), indent=2, ensure_ascii=False, sort_keys=True)
        + "\n"
    )


def _openapi(check: str | None) -> int:
    document = _document()
    if check is None:
        sys.stdout.write(document)
        return 0
    committed = Path(check).read_text(encoding="utf-8") if Path(check).exists() else ""
    if committed != document:
        print(
            f"{check} differs from the document the gateway serves; run: make openapi",
            file=sys.stderr,
        )
        return 1
    print(f"{check} is up to date")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one gateway command."""
    parser = argparse.ArgumentParser(prog="onewindow_gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("serve", help="serve HTTP (ONEWINDOW_GATEWAY_ADDR, ONEWINDOW_GATEWAY_WORKERS)")
    doc = sub.add_parser("openapi", help="print the OpenAPI document, or --check FILE against it")
    doc.add_argument("--check", metavar="FILE")
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return _serve()
        return _openapi(args.check)
    except SettingsError as exc:
        print(f"gateway: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
