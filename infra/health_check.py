"""Exit 0 when a gRPC server at ADDR reports SERVICE as SERVING.

Usage: python infra/health_check.py ADDR SERVICE   (cheap: imports no service code)
"""

import sys

from onewindow_kit.health_probe import serving

if __name__ == "__main__":
    sys.exit(0 if serving(sys.argv[1], sys.argv[2]) else 1)
