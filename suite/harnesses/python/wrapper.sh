#!/bin/sh
# A wrapper done right: whatever it sets up, it ends with exec, so the process the suite spawned is
# the one that makes the calls. Without exec, getpid and every /proc oracle disagree (smoke says so).
# It runs with the case's PATH, which may be empty: no external commands (no dirname), only builtins.
exec "${OSC_PYTHON:-/usr/bin/python3}" "${0%/*}/harness.py" "$@"
