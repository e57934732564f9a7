"""Backup and restore of a OneWindow stack (docs/operations.md): ``make backup`` / ``make restore``.

    backup  [--out DIR] [--parts databases,content,keycloak]
                                             every service database (pg_dump -Fc), the documents
                                             content (filesystem directory or S3 bucket), the
                                             development signing key, the realm's users; a
                                             manifest.json with sizes, SHA-256 and times
    restore --from DIR [--parts databases,content,keycloak] [--recreate-databases]
            [--replace-content] [--keycloak-realm NAME [--create-realm]]
            [--keycloak-users NAME,...]
                                             checks every checksum first, then loads it all into
                                             the stack the ONEWINDOW_* variables name

Both read the same ONEWINDOW_* variables as the services (database names, users and passwords,
ONEWINDOW_DOCUMENTS_STORE and its directory or bucket, ONEWINDOW_VAR, Keycloak's URL and
bootstrap admin), so a restore into another stack is the same command with that stack's
variables (e.g. ``eval "$(tests/faults/private-stack.sh env)"``). Kafka is not backed up:
every event is in its service's outbox (published or not) and consumers record what they
applied, so a restored stack starts on an empty broker without losing or redoing effects.
The backup holds personal data and (in development) the signing key: keep it encrypted and
access-controlled like the databases themselves."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import backup_keycloak

from onewindow_documents import config as documents_config
from onewindow_kit.settings import CommonSettings, load_common

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("identity", "cases", "documents", "notifications")
CONTENT = "documents-content.tar"
SIGNING_KEY = "documents-signing-key.pem"
KEYCLOAK = "keycloak-realm.json"


def _pg_env(common: CommonSettings) -> dict[str, str]:
    return {**os.environ, "PGPASSWORD": common.db_password.value}


def _pg_args(common: CommonSettings) -> list[str]:
    return ["-h", common.pg_host, "-p", str(common.pg_port), "-U", common.db_user]


def dump_database(service: str, out: Path) -> dict[str, Any]:
    """pg_dump -Fc of the service's database as its own role; its Alembic revision."""
    common = load_common(service)
    target = out / f"{service}.dump"
    subprocess.run(
        ["pg_dump", "-Fc", *_pg_args(common), "-d", common.db_name, "-f", str(target)],
        env=_pg_env(common),
        check=True,
    )
    revision = subprocess.run(
        ["psql", "-tAq", *_pg_args(common), "-d", common.db_name, "-c",
         f'SELECT version_num FROM "{service}".alembic_version'],
        env=_pg_env(common), check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    return {"database": common.db_name, "file": target.name, "alembic_revision": revision}


def restore_database(service: str, source: Path, recreate: bool) -> None:
    """Load ``<service>.dump`` into the service's database (owned by its role). With
    ``recreate`` the database is dropped and created empty first (as the local ``postgres``
    superuser); otherwise the dump's objects replace their namesakes (pg_restore --clean)."""
    common = load_common(service)
    if recreate:
        as_postgres = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [*as_postgres, "dropdb", "--if-exists", "--force", common.db_name], check=True
        )
        subprocess.run([*as_postgres, "createdb", "-O", common.db_user, common.db_name], check=True)
    subprocess.run(
        ["pg_restore", *_pg_args(common), "-d", common.db_name, "--clean", "--if-exists",
         "--no-owner", "--role", common.db_user, "--single-transaction", "--exit-on-error",
         str(source / f"{service}.dump")],
        env=_pg_env(common), check=True,
    )  # fmt: skip


def _s3(settings: documents_config.DocumentsSettings) -> Any:
    from onewindow_documents.adapters.s3 import client

    assert settings.s3 is not None
    return client(settings.s3)


def dump_content(out: Path) -> dict[str, Any]:
    """The documents content as one tar: the directory as it is (hard links kept: one copy per
    object), or every object of the bucket under its key."""
    settings = documents_config.load()
    target = out / CONTENT
    with tarfile.open(target, "w") as tar:
        if settings.store == "fs":
            if settings.storage_dir.exists():
                tar.add(settings.storage_dir, arcname=".")
            where = str(settings.storage_dir)
        else:
            s3, bucket = _s3(settings), settings.s3.bucket  # type: ignore[union-attr]
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for item in page.get("Contents", []):
                    body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"]
                    info = tarfile.TarInfo(item["Key"])
                    info.size = item["Size"]
                    tar.addfile(info, body)
            where = f"{settings.s3.endpoint}/{bucket}"  # type: ignore[union-attr]
        members = sum(1 for m in tar.getmembers() if m.isfile() or m.islnk())
    return {"store": settings.store, "location": where, "files": members, "file": CONTENT}


def empty_bucket(s3: Any, bucket: str) -> int:
    """Delete every object of ``bucket``; how many there were."""
    deleted = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:  # a page holds at most 1000 keys, as many as one DeleteObjects takes
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
            deleted += len(keys)
    return deleted


def _bucket_ready(s3: Any, bucket: str, replace: bool) -> None:
    """The bucket exists and is empty: created when missing; emptied with ``replace``."""
    if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
        s3.create_bucket(Bucket=bucket)
        return
    if s3.list_objects_v2(Bucket=bucket, MaxKeys=1).get("KeyCount", 0):
        if not replace:
            sys.exit(f"restore: bucket {bucket} is not empty (--replace-content empties it first)")
        empty_bucket(s3, bucket)


def restore_content(source: Path, replace: bool, store: str) -> None:
    """Unpack the content tar into the documents store of this stack (``store``: the backup's;
    the filesystem and S3 layouts differ, so each restores only into its own kind)."""
    settings = documents_config.load()
    if store != settings.store:
        sys.exit(
            f"restore: the backup's content comes from the {store} store and this stack's"
            f" ONEWINDOW_DOCUMENTS_STORE is {settings.store}; set it to {store}"
        )
    with tarfile.open(source / CONTENT) as tar:
        if settings.store == "fs":
            root = settings.storage_dir
            if root.exists() and any(root.iterdir()):
                if not replace:
                    sys.exit(f"restore: {root} is not empty (--replace-content empties it first)")
                shutil.rmtree(root)
            root.mkdir(parents=True, exist_ok=True)
            tar.extractall(root, filter="tar")
            return
        s3, bucket = _s3(settings), settings.s3.bucket  # type: ignore[union-attr]
        _bucket_ready(s3, bucket, replace)
        for member in tar:
            if member.isfile():
                s3.upload_fileobj(tar.extractfile(member), bucket, member.name)


def dump_signing_key(out: Path) -> dict[str, Any]:
    """The generated development signing key (certificates verify only with it); a configured
    key (ONEWINDOW_DOCUMENTS_SIGNING_KEY) lives in the operator's secret store, not here."""
    settings = documents_config.load()
    if settings.signing_key_configured or not settings.signing_key_path.exists():
        return {"included": False, "why": "configured key: kept in the secret store"}
    target = out / SIGNING_KEY
    shutil.copyfile(settings.signing_key_path, target)
    target.chmod(0o600)
    return {"included": True, "file": SIGNING_KEY}


def restore_signing_key(source: Path) -> None:
    """Put the backed-up development key where this stack's documents service reads it."""
    settings = documents_config.load()
    if not (source / SIGNING_KEY).exists() or settings.signing_key_configured:
        return
    settings.signing_key_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / SIGNING_KEY, settings.signing_key_path)
    settings.signing_key_path.chmod(0o600)


def _keycloak_admin() -> backup_keycloak.Admin:
    return backup_keycloak.Admin(
        os.environ.get("ONEWINDOW_KEYCLOAK_URL", "http://127.0.0.1:8080"),
        os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_USER") or "admin",
        os.environ.get("ONEWINDOW_KEYCLOAK_ADMIN_PASSWORD") or "admin",
    )


def dump_keycloak(out: Path) -> dict[str, Any]:
    """The realm's users, roles and user profile (see infra/backup_keycloak.py for why)."""
    realm = os.environ.get("ONEWINDOW_KEYCLOAK_REALM", "onewindow")
    export = backup_keycloak.export_realm(_keycloak_admin(), realm)
    (out / KEYCLOAK).write_text(json.dumps(export, ensure_ascii=False))
    return {"realm": realm, "users": len(export["users"]), "file": KEYCLOAK,
            "credentials": "not exported (the admin API never gives them out)"}  # fmt: skip


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


PARTS = ("databases", "content", "keycloak")


def _parts(value: str) -> set[str]:
    parts = set(filter(None, value.split(",")))
    if not parts or parts - set(PARTS):
        sys.exit(f"backup.py: --parts takes some of {','.join(PARTS)}, got {value!r}")
    return parts


def backup(out: Path, parts: frozenset[str] = frozenset(PARTS)) -> dict[str, Any]:
    """Write a backup of ``parts`` (all of them: a complete one) into ``out``; the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    started = time.monotonic()
    manifest: dict[str, Any] = {"format": 1, "started_at": datetime.now(UTC).isoformat()}
    manifest["parts"] = sorted(parts)
    if "databases" in parts:
        manifest["databases"] = {svc: dump_database(svc, out) for svc in SERVICES}
    if "content" in parts:  # the signing key with the content: certificates verify with it
        manifest["content"] = dump_content(out)
        manifest["signing_key"] = dump_signing_key(out)
    if "keycloak" in parts:
        manifest["keycloak"] = dump_keycloak(out)
    manifest["files"] = {
        p.name: {"bytes": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(out.iterdir())
        if p.name != "manifest.json"
    }
    manifest["finished_at"] = datetime.now(UTC).isoformat()
    manifest["seconds"] = round(time.monotonic() - started, 2)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def verify(source: Path) -> dict[str, Any]:
    """The manifest, once every file it lists has its size and checksum (exit naming one that
    does not)."""
    manifest = json.loads((source / "manifest.json").read_text())
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.exists():
            sys.exit(f"restore: {name} is missing from {source}")
        if path.stat().st_size != expected["bytes"] or _sha256(path) != expected["sha256"]:
            sys.exit(f"restore: {name} does not match its checksum in the manifest")
    return manifest


def restore(source: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Verify, then load the chosen parts into the stack the environment names; what was done."""
    started = time.monotonic()
    manifest = verify(source)
    parts = _parts(args.parts)
    missing = sorted(p for p in parts if p not in manifest)
    if missing:
        sys.exit(f"restore: the backup in {source} holds no {', '.join(missing)}")
    done: dict[str, Any] = {"parts": sorted(parts)}
    if "databases" in parts:
        for svc in manifest["databases"]:
            restore_database(svc, source, args.recreate_databases)
    if "content" in parts:  # the signing key with the content: certificates verify with it
        restore_content(source, args.replace_content, manifest["content"]["store"])
        restore_signing_key(source)
        done["content"] = {"store": manifest["content"]["store"],
                           "files": manifest["content"]["files"]}  # fmt: skip
    if "keycloak" in parts:
        export = json.loads((source / KEYCLOAK).read_text())
        realm = args.keycloak_realm or os.environ.get("ONEWINDOW_KEYCLOAK_REALM", "onewindow")
        only = frozenset(filter(None, args.keycloak_users.split(",")))
        done["keycloak"] = backup_keycloak.import_realm(
            _keycloak_admin(), export, realm, args.create_realm, only
        )
    done["seconds"] = round(time.monotonic() - started, 2)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="infra/backup.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup", help="write a backup")
    default_out = Path(os.environ.get("ONEWINDOW_VAR") or ROOT / "var") / "backups"
    make.add_argument("--out", type=Path, default=None, help=f"default {default_out}/<UTC time>")
    make.add_argument("--parts", default=",".join(PARTS), help="default: all of them")
    back = sub.add_parser("restore", help="restore a backup into this stack")
    back.add_argument("--from", dest="source", type=Path, required=True)
    back.add_argument("--recreate-databases", action="store_true")
    back.add_argument("--replace-content", action="store_true")
    back.add_argument("--keycloak-realm", default="")
    back.add_argument("--create-realm", action="store_true")
    back.add_argument("--keycloak-users", default="", help="only these usernames (comma list)")
    back.add_argument("--parts", default=",".join(PARTS), help="default: all of them")
    args = parser.parse_args(argv)
    if args.command == "backup":
        out = args.out or default_out / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        manifest = backup(out, frozenset(_parts(args.parts)))
        print(json.dumps({"backup": str(out), "seconds": manifest["seconds"]}))
    else:
        print(json.dumps(restore(args.source, args)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
