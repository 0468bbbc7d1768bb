"""The examples under examples/ run as documented."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_in_memory_example_places_one_order_without_django():
    """Another service can reuse application/ with adapters of its own."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "place_order_in_memory.py")],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    lines = result.stdout.splitlines()
    assert "order 9 pending, total 6.66" in lines
    assert "same key again: order 9, replayed=True" in lines
    assert "messages sent: ['verification', 'order_confirmation']" in lines
    assert "django imported: False" in lines
