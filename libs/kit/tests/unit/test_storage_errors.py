"""A full disk answers UNAVAILABLE (503), other OS errors stay what they are."""

import errno

from onewindow_kit.errors import Unavailable
from onewindow_kit.storage_errors import storage_full


def test_no_space_and_quota_become_unavailable():
    for code in (errno.ENOSPC, errno.EDQUOT):
        found = storage_full(OSError(code, "No space left on device"))
        assert isinstance(found, Unavailable) and "nothing was stored" in str(found)


def test_other_errors_are_not_translated():
    assert storage_full(OSError(errno.EACCES, "Permission denied")) is None
    assert storage_full(ValueError("x")) is None
