"""A service's ``migrations/release`` pins the revision its ``migrate`` goes to (a contract
migration waits there for a later release); without the file, the head."""

from onewindow_kit.migrations import release_revision


def test_the_release_file_names_the_revision_migrate_stops_at(tmp_path):
    (tmp_path / "release").write_text("0004\n")
    assert release_revision(tmp_path) == "0004"


def test_without_a_release_file_migrate_goes_to_the_head(tmp_path):
    assert release_revision(tmp_path) == "head"
