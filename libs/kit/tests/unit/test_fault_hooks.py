"""The fault suite's hooks: off unless asked for, refused in production, and a real SIGKILL."""

import signal
import subprocess
import sys

import pytest

from onewindow_kit.faults import RELAY_DIE_AFTER_ACK, die_hook
from onewindow_kit.settings import SettingsError


def test_off_unless_the_variable_asks_and_refused_in_production():
    assert die_hook(RELAY_DIE_AFTER_ACK, {}) is None
    assert die_hook(RELAY_DIE_AFTER_ACK, {RELAY_DIE_AFTER_ACK: "0"}) is None
    with pytest.raises(SettingsError, match=RELAY_DIE_AFTER_ACK):
        die_hook(RELAY_DIE_AFTER_ACK, {RELAY_DIE_AFTER_ACK: "1", "ONEWINDOW_ENV": "production"})


def test_the_hook_sigkills_its_process():
    code = (
        "from onewindow_kit.faults import die_hook\n"
        "die_hook('X', {'X': 'true'})([1, 2])\n"
        "print('survived')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert b"survived" not in done.stdout
