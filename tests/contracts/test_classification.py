"""Every field of every message in proto/ (requests, responses, events, the shapes they hold)
carries a data classification (issue 16 §4): the contract check compiles the .proto sources
as they are now and names each field without ``(onewindow.common.v1.classification)``."""

from __future__ import annotations

import sys
from pathlib import Path

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import FileDescriptor
from grpc_tools import protoc

from onewindow_kit.classification import unclassified_in_files

ROOT = Path(__file__).resolve().parents[2]
PROTO = ROOT / "proto"


def _compiled(include: Path, files: list[str], out: Path) -> list[FileDescriptor]:
    """The files compiled by protoc (with everything they import) into a fresh pool."""
    import grpc_tools

    well_known = Path(grpc_tools.__file__).parent / "_proto"
    args = ["protoc", f"-I{include}", f"-I{PROTO}", f"-I{well_known}", "--include_imports",
            f"--descriptor_set_out={out}", *files]  # fmt: skip
    assert protoc.main(args) == 0, f"protoc failed on {files}"
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file:
        pool.Add(file)
    return [pool.FindFileByName(name) for name in files]


def test_every_field_of_every_contract_message_is_classified(tmp_path) -> None:
    files = sorted(str(p.relative_to(PROTO)) for p in PROTO.glob("onewindow/**/*.proto"))
    assert len(files) >= 10, files

    missing = unclassified_in_files(_compiled(PROTO, files, tmp_path / "all.pb"))

    assert missing == [], (
        f"{len(missing)} contract fields have no data classification; add "
        "[(onewindow.common.v1.classification) = PUBLIC | INTERNAL | PERSONAL | SENSITIVE] to: "
        + ", ".join(missing)
    )


def test_the_check_fails_on_a_message_with_an_unannotated_field(tmp_path) -> None:
    source = tmp_path / "onewindow" / "probe" / "v1"
    source.mkdir(parents=True)
    (source / "probe.proto").write_text(
        'syntax = "proto3";\n'
        "package onewindow.probe.v1;\n"
        'import "onewindow/common/v1/classification.proto";\n'
        "message ProbeRequest {\n"
        "  string case_id = 1 [(onewindow.common.v1.classification) = INTERNAL];\n"
        "  string national_id = 2;\n"
        "  message Child { string name = 1; }\n"
        "  Child child = 3 [(onewindow.common.v1.classification) = INTERNAL];\n"
        "}\n"
    )

    files = _compiled(tmp_path, ["onewindow/probe/v1/probe.proto"], tmp_path / "probe.pb")

    assert unclassified_in_files(files) == [
        "onewindow.probe.v1.ProbeRequest.national_id",
        "onewindow.probe.v1.ProbeRequest.Child.name",
    ]


if __name__ == "__main__":  # python tests/contracts/test_classification.py: the check alone
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        names = sorted(str(p.relative_to(PROTO)) for p in PROTO.glob("onewindow/**/*.proto"))
        left = unclassified_in_files(_compiled(PROTO, names, Path(tmp) / "all.pb"))
    print("\n".join(left) or "every contract field is classified")
    sys.exit(1 if left else 0)
