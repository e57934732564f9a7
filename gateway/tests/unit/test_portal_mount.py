"""The reference front end (web/) is served as plain static files under /portal/, nothing else."""

from pathlib import Path

from starlette.testclient import TestClient

from onewindow_gateway import config
from onewindow_gateway.app import create_app


def _client(environ: dict[str, str]) -> TestClient:
    settings = config.load({"ONEWINDOW_GATEWAY_RATELIMIT_STORAGE": "async+memory://", **environ})
    return TestClient(create_app(settings))


def test_the_built_portal_is_served_under_portal(tmp_path: Path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>OneWindow</title>")
    (tmp_path / "assets" / "app.js").write_text("console.log('portal')")
    client = _client({"ONEWINDOW_GATEWAY_WEB_DIR": str(tmp_path)})
    page = client.get("/portal/")
    assert page.status_code == 200 and "<title>OneWindow</title>" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"  # the gateway's security headers apply
    script = client.get("/portal/assets/app.js")
    assert script.status_code == 200 and "portal" in script.text
    missing = client.get("/portal/nothing-here.js")
    assert missing.status_code == 404
    # the API keeps its own routes: /v1 is never looked up among the files
    assert client.get("/v1/me").status_code == 401
    assert client.get("/portal/../../etc/passwd").status_code == 404


def test_no_portal_when_switched_off():
    client = _client({"ONEWINDOW_GATEWAY_WEB_DIR": "-"})
    assert client.get("/portal/").status_code == 404
