"""With no screen, gisgrid-app says what to do instead of aborting inside Qt."""

import os
import subprocess
import sys


def test_no_screen_gives_a_clear_message(tmp_path):
    env = {k: v for k, v in os.environ.items()}
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    run = subprocess.run(
        [sys.executable, "-c", "import sys; from gisgrid.ui.app import main; sys.exit(main([]))"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "no screen found" in run.stderr and "xvfb-run" in run.stderr
    assert "Traceback" not in run.stderr
