"""A service process refuses to start on bad settings, naming the variable."""

from pathlib import Path

from onewindow_kit.entrypoint import ServiceSpec, main

SPEC = ServiceSpec(
    name="probe",
    migrations_dir=Path("/nonexistent"),
    grpc_service_names=["probe.v1.Probe"],
    build_grpc=lambda settings, engine: (lambda server: None, None),
)


def test_malformed_variable_stops_the_process_with_its_name(monkeypatch, capsys):
    monkeypatch.setenv("ONEWINDOW_PG_PORT", "not-a-port")
    assert main(SPEC, ["address"]) == 2
    err = capsys.readouterr().err
    assert "ONEWINDOW_PG_PORT" in err and "must be an integer" in err


def test_good_settings_answer_the_address(monkeypatch, capsys):
    monkeypatch.setenv("ONEWINDOW_PROBE_GRPC_ADDR", "127.0.0.1:50999")
    assert main(SPEC, ["address"]) == 0
    assert capsys.readouterr().out.strip() == "127.0.0.1:50999"
    assert main(SPEC, ["processes"]) == 0
    assert capsys.readouterr().out.split() == ["serve", "relay"]
