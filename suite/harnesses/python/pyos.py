"""The sjs `os` module's API (docs/spec/os-module.txt) in Python, over Python's own os module.

The example implementation behind harness.py: every documented function and constant, with the
argument rules of docs/decisions.md. JavaScript types map as: Number -> int/float, String -> str,
Boolean -> bool, null -> None, undefined -> UNDEFINED, Buffer -> bytearray, Date -> Date,
Array -> list, Object -> dict. A TypeError is Python's; RangeError is the class below.
"""
import errno as _errno
import os as _os
import stat as _stat
import sys as _sys


class RangeError(ValueError):
    """JavaScript's RangeError: a number out of range."""


class _Undefined:
    def __repr__(self):
        return "undefined"


UNDEFINED = _Undefined()


class Date:
    """A JavaScript Date: milliseconds since the epoch, or None for an invalid Date."""

    def __init__(self, ms):
        self.ms = ms


def _type(v):
    return {type(None): "null", _Undefined: "undefined", bool: "a boolean", str: "a string",
            bytearray: "a Buffer", list: "an Array", dict: "an Object"}.get(
        type(v), "a number" if isinstance(v, (int, float)) else type(v).__name__)


def _int(v, name):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f'"{name}" must be a number, not {_type(v)}')
    if v != v or v in (float("inf"), float("-inf")) or v != int(v) or not -2**31 <= v < 2**31:
        raise RangeError(f'"{name}" must be an integer in the int32 range')
    return int(v)


def _str(v, name):
    if not isinstance(v, str):
        raise TypeError(f'"{name}" must be a string, not {_type(v)}')
    return v


def _bool(v, name):
    if not isinstance(v, bool):
        raise TypeError(f'"{name}" must be a boolean, not {_type(v)}')
    return v


def _absent(v):
    return v is None or v is UNDEFINED


# ---- constants (the documented set, docs/constants.md) ----
O_RDONLY, O_WRONLY, O_RDWR = _os.O_RDONLY, _os.O_WRONLY, _os.O_RDWR
O_APPEND, O_CREAT, O_EXCL, O_SYNC, O_TRUNC = _os.O_APPEND, _os.O_CREAT, _os.O_EXCL, _os.O_SYNC, _os.O_TRUNC
WNOHANG, WUNTRACED, WCONTINUED = _os.WNOHANG, _os.WUNTRACED, _os.WCONTINUED
STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO = 0, 1, 2  # fixed by POSIX (unistd.h)
CONSTANTS = {n: getattr(_stat, n) for n in (
    "S_IFDIR", "S_IFCHR", "S_IFBLK", "S_IFREG", "S_IFIFO", "S_IFLNK", "S_IFSOCK", "S_ISUID", "S_ISGID",
    "S_ISVTX", "S_IREAD", "S_IWRITE", "S_IEXEC", "S_IRWXU", "S_IRUSR", "S_IWUSR", "S_IXUSR", "S_IRWXG",
    "S_IRGRP", "S_IWGRP", "S_IXGRP", "S_IRWXO", "S_IROTH", "S_IWOTH", "S_IXOTH")}
CONSTANTS.update({n: globals()[n] for n in (
    "O_RDONLY", "O_WRONLY", "O_RDWR", "O_APPEND", "O_CREAT", "O_EXCL", "O_SYNC", "O_TRUNC",
    "WNOHANG", "WUNTRACED", "WCONTINUED", "STDIN_FILENO", "STDOUT_FILENO", "STDERR_FILENO")})
_OPEN_BITS = O_RDONLY | O_WRONLY | O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_SYNC | O_TRUNC
_FLAGS = {"r": O_RDONLY, "r+": O_RDWR, "w": O_TRUNC | O_CREAT | O_WRONLY, "w+": O_TRUNC | O_CREAT | O_RDWR,
          "wx": O_TRUNC | O_CREAT | O_WRONLY | O_EXCL, "wx+": O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
          "a": O_APPEND | O_CREAT | O_WRONLY, "a+": O_APPEND | O_CREAT | O_RDWR,
          "ax": O_APPEND | O_CREAT | O_WRONLY | O_EXCL, "ax+": O_APPEND | O_CREAT | O_RDWR | O_EXCL}


# ---- fds ----
def open(path, flags, mode=UNDEFINED, *_):
    _str(path, "path")
    if mode is UNDEFINED:
        mode = 0o666
    elif isinstance(mode, str):
        if not mode or any(c not in "01234567" for c in mode):
            raise TypeError(f'"mode" must be an octal string, got "{mode}"')
        mode = int(mode, 8)
    else:
        mode = _int(mode, "mode")
    if not 0 <= mode <= 0o7777:
        raise RangeError('"mode" must be between 0 and 07777')
    if isinstance(flags, str):
        if flags not in _FLAGS:
            raise TypeError(f'unknown open flags "{flags}"')
        flags = _FLAGS[flags]
    elif _int(flags, "flags") < 0 or flags & ~_OPEN_BITS:
        raise RangeError('"flags" has bits that are not O_* constants of the module')
    return _os.open(path, int(flags) | _os.O_CLOEXEC, mode)


def close(fd, *_):
    _os.close(_int(fd, "fd"))


def dup(oldfd, *_):
    return _os.dup(_int(oldfd, "oldfd"))  # F_DUPFD_CLOEXEC


def dup2(oldfd, newfd, cloexec=UNDEFINED, *_):
    oldfd, newfd = _int(oldfd, "oldfd"), _int(newfd, "newfd")
    cloexec = True if _absent(cloexec) else _bool(cloexec, "cloexec")
    if oldfd == newfd:  # dup3 refuses equal fds (docs/decisions.md#dup2-same-fd)
        _os.set_inheritable(oldfd, not cloexec)
        return oldfd
    return _os.dup2(oldfd, newfd, inheritable=not cloexec)  # dup3(O_CLOEXEC) on Linux


def pipe(*_):
    return list(_os.pipe())  # pipe2(O_CLOEXEC)


def cloexec(fd, set, *_):
    _os.set_inheritable(_int(fd, "fd"), not _bool(set, "set"))


def nonblock(fd, set, *_):
    _os.set_blocking(_int(fd, "fd"), not _bool(set, "set"))


def read(fd, nread=UNDEFINED, *_):
    fd = _int(fd, "fd")
    if isinstance(nread, bytearray):
        if not nread:
            raise RangeError("the Buffer is empty")
        return _os.readv(fd, [nread])
    n = 4096 if nread is UNDEFINED else _int(nread, "nread")
    if n < 0:
        raise RangeError('"nread" must be >= 0')
    return _os.read(fd, n).decode("utf-8", "replace") if n else ""


def write(fd, data, *_):
    fd = _int(fd, "fd")
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    elif not isinstance(data, bytearray):
        raise TypeError(f'"data" must be a string or a Buffer, not {_type(data)}')
    return _os.write(fd, data)


def isatty(fd, *_):
    return _os.isatty(_int(fd, "fd"))


def ttyname(fd, *_):
    return _os.ttyname(_int(fd, "fd"))


# ---- files ----
def chdir(path, *_):
    _os.chdir(_str(path, "path"))


def scandir(path, *_):
    return sorted(_os.listdir(_str(path, "path")), key=_os.fsencode)


def stat(path, *_):
    s = _os.stat(_str(path, "path"))
    ms = lambda ns: Date(ns // 1_000_000)  # toward the past (docs/decisions.md#stat-times)
    birth = getattr(s, "st_birthtime_ns", None) or s.st_ctime_ns  # Linux: Python has no statx
    return {"dev": s.st_dev, "mode": s.st_mode, "nlink": s.st_nlink, "uid": s.st_uid, "gid": s.st_gid,
            "rdev": s.st_rdev, "ino": s.st_ino, "size": s.st_size, "blksize": s.st_blksize,
            "blocks": s.st_blocks, "flags": getattr(s, "st_flags", 0), "gen": getattr(s, "st_gen", 0),
            "atime": ms(s.st_atime_ns), "mtime": ms(s.st_mtime_ns), "ctime": ms(s.st_ctime_ns),
            "birthtime": ms(birth)}


def unlink(path, *_):
    _os.unlink(_str(path, "path"))


def urandom(bytes, *_):
    if isinstance(bytes, bytearray):
        if not bytes:
            raise RangeError("the Buffer is empty")
        bytes[:] = _os.urandom(len(bytes))
        return bytes
    n = _int(bytes, "bytes")
    if n < 1:
        raise RangeError('"bytes" must be >= 1')
    return bytearray(_os.urandom(n))


# ---- ids ----
def getpid(*_): return _os.getpid()
def getppid(*_): return _os.getppid()
def getuid(*_): return _os.getuid()
def geteuid(*_): return _os.geteuid()
def getgid(*_): return _os.getgid()
def getegid(*_): return _os.getegid()
def getgroups(*_): return _os.getgroups()
def setuid(uid, *_): _os.setuid(_int(uid, "uid"))
def setgid(gid, *_): _os.setgid(_int(gid, "gid"))


def setgroups(groups, *_):
    if _absent(groups):
        groups = []  # docs/decisions.md#setgroups-null
    elif not isinstance(groups, list):
        raise TypeError(f'"groups" must be an Array, not {_type(groups)}')
    _os.setgroups([_int(g, "groups") for g in groups])


def setsid(*_):
    _os.setsid()
    return _os.getsid(0)


# ---- process ----
def fork(*_): return _os.fork()
def abort(*_): _os.abort()
def _exit(status, *_): _os._exit(_int(status, "status"))


def exit(status=UNDEFINED, *_):
    status = 0 if status is UNDEFINED else _int(status, "status")
    _sys.stdout.flush()
    _os._exit(status & 0xFF)  # what exit(3) hands the parent


def waitpid(pid, options=UNDEFINED, *_):
    options = 0 if options is UNDEFINED else _int(options, "options")
    if options & ~(WNOHANG | WUNTRACED | WCONTINUED):
        raise RangeError('"options" has bits other than WNOHANG, WUNTRACED and WCONTINUED')
    pid, status = _os.waitpid(_int(pid, "pid"), options)
    return {"pid": pid, "status": status}


def _argv(path, args):
    if _absent(args):
        return [path]
    if not isinstance(args, list):
        raise TypeError(f'"args" must be an Array, not {_type(args)}')
    return [_str(a, "args[]") for a in args]


def _envp(envp):
    if _absent(envp):
        return None  # the caller's own environment (docs/decisions.md#exec-envp-omitted)
    if not isinstance(envp, dict):
        raise TypeError(f'"envp" must be an Object, not {_type(envp)}')
    return {k: _str(v, "envp." + k) for k, v in envp.items()}


def _exec(path, argv, env):
    if env is None:
        _os.execv(path, argv)
    _os.execve(path, argv, env)


def _search(file, argv, env):
    """PATH of the calling process, else the cwd only (docs/decisions.md#exec-path-search)."""
    if "/" in file:
        _exec(file, argv, env)
    dirs = _os.environ["PATH"].split(":") if "PATH" in _os.environ else [""]
    denied = None
    for d in dirs:
        candidate = _os.path.join(d or ".", file)
        try:
            _exec(candidate, argv, env)
        except OSError as e:
            if e.errno == _errno.EACCES:
                denied = e
            elif e.errno == _errno.ENOEXEC:  # a script without #!, run by sh as execvp(3) does
                _exec("/bin/sh", ["sh", candidate] + argv[1:], env)
            elif e.errno not in (_errno.ENOENT, _errno.ENOTDIR):
                raise
    raise denied or FileNotFoundError(_errno.ENOENT, _os.strerror(_errno.ENOENT), file)


def execv(path, args=UNDEFINED, *_): _exec(_str(path, "path"), _argv(path, args), None)
def execve(path, args=UNDEFINED, envp=UNDEFINED, *_): _exec(_str(path, "path"), _argv(path, args), _envp(envp))
def execvp(file, args=UNDEFINED, *_): _search(_str(file, "file"), _argv(file, args), None)
def execvpe(file, args=UNDEFINED, envp=UNDEFINED, *_): _search(_str(file, "file"), _argv(file, args), _envp(envp))


# ---- mode and status helpers ----
def S_IMODE(mode, *_): return _stat.S_IMODE(_int(mode, "mode"))
def S_ISDIR(mode, *_): return _stat.S_ISDIR(_int(mode, "mode"))
def S_ISCHR(mode, *_): return _stat.S_ISCHR(_int(mode, "mode"))
def S_ISBLK(mode, *_): return _stat.S_ISBLK(_int(mode, "mode"))
def S_ISREG(mode, *_): return _stat.S_ISREG(_int(mode, "mode"))
def S_ISFIFO(mode, *_): return _stat.S_ISFIFO(_int(mode, "mode"))
def S_ISLNK(mode, *_): return _stat.S_ISLNK(_int(mode, "mode"))
def S_ISSOCK(mode, *_): return _stat.S_ISSOCK(_int(mode, "mode"))
def WIFEXITED(status, *_): return _os.WIFEXITED(_int(status, "status"))
def WEXITSTATUS(status, *_): return _os.WEXITSTATUS(_int(status, "status"))
def WIFSIGNALED(status, *_): return _os.WIFSIGNALED(_int(status, "status"))
def WTERMSIG(status, *_): return _os.WTERMSIG(_int(status, "status"))
def WIFSTOPPED(status, *_): return _os.WIFSTOPPED(_int(status, "status"))
def WSTOPSIG(status, *_): return _os.WSTOPSIG(_int(status, "status"))
def WIFCONTINUED(status, *_): return _os.WIFCONTINUED(_int(status, "status"))
