"""os-conformance harness for pyos (the sjs os API in Python): the protocol of docs/protocol.md, version 1.

Run: /usr/bin/python3 suite/harnesses/python/harness.py (JSON Lines on stdin/stdout, diagnostics on
stderr). Give the interpreter's real path, not a shim. docs/writing-a-harness.md walks through it.
--report-pid puts this process's pid in the start reply, for running behind a wrapper that does not exec.
"""
import errno
import json
import os
import platform
import signal
import sys
import time

sys.dont_write_bytecode = True  # nothing written next to the sources while the suite runs
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyos  # noqa: E402

PROTOCOL = 1
REPORT_PID = "--report-pid" in sys.argv[1:]
DOCUMENTED = [
    "abort", "chdir", "cloexec", "close", "dup", "dup2", "execv", "execvp", "execve", "execvpe",
    "exit", "_exit", "fork", "getegid", "geteuid", "getgid", "getgroups", "getpid", "getppid",
    "getuid", "isatty", "nonblock", "open", "pipe", "read", "scandir", "setgid", "setgroups",
    "setuid", "setsid", "stat", "ttyname", "unlink", "urandom", "waitpid", "write",
    "S_IMODE", "S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK", "S_ISSOCK",
    "WIFEXITED", "WEXITSTATUS", "WIFSIGNALED", "WTERMSIG", "WIFSTOPPED", "WSTOPSIG", "WIFCONTINUED"]
FILLS = {"read", "urandom"}  # functions that fill a Buffer argument: the reply carries it
# errno number -> the kernel headers' name (Python's errorcode picks ENOTSUP, EDEADLOCK).
ERRNO_NAMES = dict(errno.errorcode)
ERRNO_NAMES.update({getattr(errno, n): n for n in ("EAGAIN", "EOPNOTSUPP", "EDEADLK") if hasattr(errno, n)})


class Fault(Exception):
    """A request the harness cannot honour: answered with {"fault": ...}."""


def undo_startup():
    """Python changes its process at start-up; the cases need it as the suite spawned it."""
    # Python catches SIGINT and ignores SIGPIPE and SIGXFSZ; fork children and exec'd programs inherit that.
    for sig in (signal.SIGINT, signal.SIGPIPE, getattr(signal, "SIGXFSZ", None)):
        if sig is not None:
            signal.signal(sig, signal.SIG_DFL)
    # PEP 538 sets LC_CTYPE when the locale is C. On Linux the start-up environment is in /proc.
    try:
        with open("/proc/self/environ", "rb") as f:
            given = dict(e.split(b"=", 1) for e in f.read().split(b"\0") if b"=" in e)
    except OSError:  # no /proc (macOS): drop what PEP 538 sets when nothing else names a locale
        if "LC_ALL" not in os.environ and "LANG" not in os.environ and os.environ.get("LC_CTYPE") in ("C.UTF-8", "UTF-8"):
            del os.environ["LC_CTYPE"]
        return
    for k in [k for k in os.environb if k not in given]:
        del os.environb[k]
    for k, v in given.items():
        if os.environb.get(k) != v:
            os.environb[k] = v


def encode(v):
    if v is pyos.UNDEFINED:
        return {"$undefined": True}
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, float)):
        if v != v:
            return {"$number": "NaN"}
        if v in (float("inf"), float("-inf")):
            return {"$number": "Infinity" if v > 0 else "-Infinity"}
        return v
    if isinstance(v, pyos.Date):
        return {"$date": v.ms}
    if isinstance(v, (bytes, bytearray)):
        return {"$buffer": v.hex()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, dict):
        return {"$object": {k: encode(x) for k, x in v.items()}}
    raise Fault(f"cannot encode a {type(v).__name__}")


def encode_result(v):
    # A Python function without a return statement gives None: JavaScript's undefined.
    return {"$undefined": True} if v is None else encode(v)


NUMBERS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


def decode(v, steps):
    """steps: None outside fork; an int n checks refs point before step n; a list resolves them (in the child)."""
    if isinstance(v, list):
        return [decode(x, steps) for x in v]
    if not isinstance(v, dict):
        return v
    if len(v) != 1:
        raise Fault("a JSON object must be a tagged value with one $ key")
    (tag, x), = v.items()
    if tag == "$number" and x in NUMBERS:
        return NUMBERS[x]
    if tag == "$undefined" and x is True:
        return pyos.UNDEFINED
    if tag == "$buffer" and isinstance(x, str) and len(x) % 2 == 0 and all(c in "0123456789abcdef" for c in x):
        return bytearray.fromhex(x)
    if tag == "$date" and (x is None or isinstance(x, (int, float))):
        return pyos.Date(x)
    if tag == "$object" and isinstance(x, dict):
        return {k: decode(y, steps) for k, y in x.items()}
    if tag == "$step":
        if steps is None:
            raise Fault("$step is only valid in fork steps")
        if not (isinstance(x, list) and 1 <= len(x) <= 2 and all(type(i) is int and i >= 0 for i in x)):
            raise Fault("$step needs [i] or [i, k]")
        if isinstance(steps, int):
            if x[0] >= steps:
                raise Fault(f"$step [{x[0]}] does not refer to an earlier step")
            return None
        if "value" not in steps[x[0]]:
            raise Fault(f"$step [{x[0]}] has no value: that step threw")
        value = steps[x[0]]["value"]
        return value if len(x) == 1 else value[x[1]]
    raise Fault(f"bad tagged value {tag}")


def thrown(e):
    code = e.errno if isinstance(e, OSError) and e.errno else None
    kind = "system" if code else "type" if isinstance(e, TypeError) else "range" if isinstance(e, pyos.RangeError) else "error"
    return {"kind": kind, "name": type(e).__name__,
            "message": f"[errno {code}] {os.strerror(code)}" if code else str(e),
            "errno": ERRNO_NAMES.get(code, f"E{code}") if code else None, "code": code,
            "syscall": None, "path": getattr(e, "filename", None) if code else None}


def line(obj):
    return (json.dumps(obj, ensure_ascii=True, allow_nan=False) + "\n").encode("ascii")


def write_all(fd, data):
    while data:
        data = data[os.write(fd, data):]


def function(fn, op):
    if fn == "fork":  # os.fork() run by call or repeat would leave two processes on one stdin/stdout
        raise Fault(f"fork cannot be run by {op}; use the fork op")
    if fn not in DOCUMENTED:
        raise Fault(f"unknown fn {json.dumps(fn)}")
    return getattr(pyos, fn)


def arguments(args, steps):
    if not isinstance(args, list):
        raise Fault("args must be an array")
    return decode(args, steps)


def with_buffers(fn, args, reply):
    if fn in FILLS:
        filled = {str(i): encode(a) for i, a in enumerate(args) if isinstance(a, bytearray)}
        if filled:
            reply["buffers"] = filled
    return reply


def start(req):
    if req.get("protocol") != PROTOCOL:
        raise Fault(f"unsupported protocol {json.dumps(req.get('protocol'))}; supported: [1]")
    u = os.uname()
    libc = " ".join(platform.libc_ver()) if sys.platform.startswith("linux") else "libSystem"
    # The pid from Python itself, not from pyos: the getpid cases judge pyos against it.
    pid = {"pid": os.getpid()} if REPORT_PID else {}
    return {"protocol": PROTOCOL, **pid, "implementation": {"name": "pyos", "version": platform.python_version()},
            "platform": {"os": "macos" if sys.platform == "darwin" else sys.platform,
                         "arch": {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64"}.get(u.machine, u.machine),
                         "kernel": u.release, "libc": libc.strip() or "unknown"},
            "capabilities": {"functions": DOCUMENTED, "constants": pyos.CONSTANTS, "extensions": [],
                             "ops": ["call", "fork", "repeat"]}}


def call(req):
    f, args = function(req.get("fn"), "call"), arguments(req.get("args"), None)
    try:
        value = f(*args)
    except Exception as e:  # noqa: BLE001 - every throw of the implementation is a reply
        return {"thrown": thrown(e)}
    return with_buffers(req["fn"], args, {"value": encode_result(value)})


def fork(req):
    report, exit_status, steps = req.get("report"), req.get("exit", 0), req.get("steps")
    if not isinstance(report, str) or type(exit_status) is not int or not isinstance(steps, list):
        raise Fault("fork needs report (a string), exit (an integer) and steps (an array)")
    for i, s in enumerate(steps):
        if not isinstance(s, dict):
            raise Fault("a step must be an object")
        function(s.get("fn"), "a fork step")
        arguments(s.get("args"), i)
    try:
        pid = pyos.fork()
    except OSError as e:
        return {"thrown": thrown(e)}
    if pid == 0:
        child(report, steps, exit_status, pid)
    return {"pid": pid}


def child(report, steps, exit_status, forked):
    """Never touches stdin or stdout: one report line per step, then _exit; 125 if the report cannot be written."""
    try:
        fd = pyos.open(report, "a", 0o644)
        write_all(fd, line({"forked": encode(forked)}))
        results = []
        for i, s in enumerate(steps):
            try:
                args = arguments(s["args"], results)
                value = getattr(pyos, s["fn"])(*args)
                results.append({"value": value})
                out = with_buffers(s["fn"], args, {"step": i, "value": encode_result(value)})
            except Exception as e:  # noqa: BLE001
                results.append({"thrown": e})
                out = {"step": i, "thrown": thrown(e)}
            write_all(fd, line(out))
    except Exception as e:  # noqa: BLE001
        write_all(2, f"python harness: fork report {report}: {e}\n".encode())
        os._exit(125)
    os._exit(exit_status)


def repeat(req):
    f, args, n = function(req.get("fn"), "repeat"), arguments(req.get("args"), None), req.get("n")
    if type(n) is not int or n < 0:
        raise Fault("n must be an integer >= 0")
    t0 = time.perf_counter_ns()
    try:
        for _ in range(n):
            f(*args)
    except Exception as e:  # noqa: BLE001
        return {"thrown": thrown(e)}
    return {"n": n, "elapsed_ns": time.perf_counter_ns() - t0}


OPS = {"start": start, "call": call, "fork": fork, "repeat": repeat}


def requests():
    pending = b""
    while True:
        while b"\n" not in pending:
            chunk = os.read(0, 65536)
            if not chunk:
                return
            pending += chunk
        text, pending = pending.split(b"\n", 1)
        yield text.decode("utf-8", "surrogatepass")


def main():
    undo_startup()
    for text in requests():
        if not text.strip():
            continue
        rid = None
        try:
            try:
                req = json.loads(text)
            except ValueError as e:
                raise Fault(f"request is not valid JSON: {e}") from None
            if not isinstance(req, dict) or type(req.get("id")) is not int or req["id"] < 0:
                raise Fault("a request is an object with an integer id >= 0")
            rid = req["id"]
            if req.get("op") == "stop":
                write_all(1, line({"id": rid, "stopped": True}))
                os._exit(0)
            if req.get("op") not in OPS:
                raise Fault(f"unknown op {json.dumps(req.get('op'))}")
            reply = OPS[req["op"]](req)
        except Fault as e:
            reply = {"fault": str(e)}
        except Exception as e:  # noqa: BLE001 - a harness bug, said as a fault
            reply = {"fault": f"harness error: {type(e).__name__}: {e}"}
        write_all(1, line({"id": rid, **reply}))
    os._exit(0)


if __name__ == "__main__":
    main()
