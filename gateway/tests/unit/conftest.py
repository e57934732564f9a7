"""Unit tests of the gateway: fake services in-process (see gateway_fakes.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
