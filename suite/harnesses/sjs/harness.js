'use strict';
// os-conformance harness for sjs (Skookum JS): the whole protocol of docs/protocol.md (version 1).
// Run: sjs suite/harnesses/sjs/harness.js (JSON Lines on stdin/stdout, diagnostics on stderr). See docs/sjs.md.
// Uses only what sjs ships: os, errno, system, JSON and Duktape's Buffer, TextEncoder/TextDecoder, performance.now.

const os = require('os'), errno = require('errno'), system = require('system');

const PROTOCOL = 1;
const DOCUMENTED = [
    'abort', 'chdir', 'cloexec', 'close', 'dup', 'dup2', 'execv', 'execvp', 'execve', 'execvpe',
    'exit', '_exit', 'fork', 'getegid', 'geteuid', 'getgid', 'getgroups', 'getpid', 'getppid',
    'getuid', 'isatty', 'nonblock', 'open', 'pipe', 'read', 'scandir', 'setgid', 'setgroups',
    'setuid', 'setsid', 'stat', 'ttyname', 'unlink', 'urandom', 'waitpid', 'write',
    'S_IMODE', 'S_ISDIR', 'S_ISCHR', 'S_ISBLK', 'S_ISREG', 'S_ISFIFO', 'S_ISLNK', 'S_ISSOCK',
    'WIFEXITED', 'WEXITSTATUS', 'WIFSIGNALED', 'WTERMSIG', 'WIFSTOPPED', 'WSTOPSIG', 'WIFCONTINUED'
];
// The documented constant families: O_*, S_IF*, S_I*, W*, STD{IN,OUT,ERR}_FILENO.
const CONSTANT = /^(O_[A-Z0-9_]+|S_I[A-Z0-9_]+|W[A-Z0-9_]+|STD(IN|OUT|ERR)_FILENO)$/;
// Functions that fill a Buffer argument: the reply carries the argument's contents.
const FILLS = { read: true, urandom: true };
const utf8in = new TextDecoder('utf-8');
const utf8out = new TextEncoder();

// errno number -> name. The first name wins, except that an alias pair (EAGAIN/EWOULDBLOCK,
// EOPNOTSUPP/ENOTSUP, EDEADLK/EDEADLOCK) reports the name of the kernel's headers.
const PREFERRED = { EAGAIN: true, EOPNOTSUPP: true, EDEADLK: true };
const ERRNO_NAMES = {};
Object.keys(errno).forEach(function (k) {
    var n = errno[k];
    if (typeof n === 'number' && /^E[A-Z0-9]+$/.test(k) && (!(n in ERRNO_NAMES) || PREFERRED[k])) {
        ERRNO_NAMES[n] = k;
    }
});

function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

// A request the harness cannot honour: answered with {"fault": ...}.
function fault(message) { var e = new Error(message); e.harnessFault = true; return e; }

function hex(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return s;
}

function unhex(s) {
    // No regexp: Duktape's backtracking engine hits its recursion limit on long strings.
    if (typeof s !== 'string' || s.length % 2) throw fault('$buffer needs lower-case hex');
    for (var j = 0; j < s.length; j++) {
        var c = s.charCodeAt(j);
        if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) throw fault('$buffer needs lower-case hex');
    }
    var buf = new Buffer(s.length / 2);
    for (var i = 0; i < buf.length; i++) buf[i] = parseInt(s.substr(2 * i, 2), 16);
    return buf;
}

function isBytes(v) { return ArrayBuffer.isView(v) || v instanceof ArrayBuffer; }

function encode(v) {
    if (v === undefined) return { $undefined: true };
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return isFinite(v) ? v : { $number: v !== v ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
    if (v instanceof Date) return { $date: isNaN(v.getTime()) ? null : v.getTime() };
    if (isBytes(v)) return { $buffer: hex(v instanceof ArrayBuffer ? new Uint8Array(v) : v) };
    if (Array.isArray(v)) return v.map(encode);
    var out = {};
    Object.keys(v).forEach(function (k) { out[k] = encode(v[k]); });
    return { $object: out };
}

const NUMBERS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

// steps: null outside fork; a number n checks that refs point before step n (before forking);
// the array of earlier steps' results resolves them (in the child).
function decode(v, steps) {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(function (x) { return decode(x, steps); });
    var keys = Object.keys(v);
    if (keys.length !== 1) throw fault('a JSON object must be a tagged value with one $ key');
    var x = v[keys[0]];
    switch (keys[0]) {
    case '$number':
        if (typeof x === 'string' && has(NUMBERS, x)) return NUMBERS[x];
        throw fault('bad $number: ' + JSON.stringify(x));
    case '$undefined':
        if (x !== true) throw fault('$undefined must be true');
        return undefined;
    case '$buffer':
        return unhex(x);
    case '$date':
        if (x !== null && typeof x !== 'number') throw fault('$date needs a number or null');
        return new Date(x === null ? NaN : x);
    case '$object':
        if (x === null || typeof x !== 'object' || Array.isArray(x)) throw fault('$object needs an object');
        var obj = {};
        Object.keys(x).forEach(function (k) { obj[k] = decode(x[k], steps); });
        return obj;
    case '$step':
        if (steps === null) throw fault('$step is only valid in fork steps');
        if (!Array.isArray(x) || x.length < 1 || x.length > 2 || !x.every(isInt) || x[0] < 0 || x[1] < 0) {
            throw fault('$step needs [i] or [i, k]');
        }
        if (typeof steps === 'number') {
            if (x[0] >= steps) throw fault('$step [' + x[0] + '] does not refer to an earlier step');
            return undefined;
        }
        var r = steps[x[0]];
        if (!has(r, 'value')) throw fault('$step [' + x[0] + '] has no value: that step threw');
        if (x.length === 1) return r.value;
        if (!Array.isArray(r.value)) throw fault('$step [' + x + ']: step ' + x[0] + ' did not return an Array');
        return r.value[x[1]];
    }
    throw fault('unknown tag ' + keys[0]);
}

function thrown(e) {
    var isError = e instanceof Error;
    var code = isError && typeof e.errno === 'number' ? e.errno : null;
    var kind = code !== null ? 'system'
        : e instanceof TypeError ? 'type' : e instanceof RangeError ? 'range' : 'error';
    // sjs's errors carry only the errno number: syscall and path are unknown.
    return { kind: kind, name: isError ? String(e.name) : typeof e, message: isError ? String(e.message) : String(e),
        errno: code === null ? null : (ERRNO_NAMES[code] || 'E' + code), code: code, syscall: null, path: null };
}

function writeAll(fd, text) {
    var bytes = utf8out.encode(text);
    for (var off = 0; off < bytes.length;) off += os.write(fd, bytes.subarray(off));
}
// Printable ASCII on the wire: strings sjs built from raw bytes (ttyname's garbage) hold code points JSON.stringify leaves raw.
function jsonLine(v) { return JSON.stringify(v).replace(/[^\x20-\x7e]/g, escapeChar) + '\n'; }
function u4(n) { return '\\u' + ('000' + n.toString(16)).slice(-4); }
function escapeChar(c) { var n = c.charCodeAt(0) - 0x10000; return n < 0 ? u4(n + 0x10000) : u4(0xd800 + (n >> 10)) + u4(0xdc00 + (n & 0x3ff)); }
function send(reply) { writeAll(1, jsonLine(reply)); }

var chunk = new Buffer(65536), pending = new Uint8Array(0), scanned = 0;

// The next request line (UTF-8), or null at the end of stdin.
function nextLine() {
    for (;;) {
        for (; scanned < pending.length; scanned++) {
            if (pending[scanned] === 10) {
                var line = utf8in.decode(pending.subarray(0, scanned));
                pending = pending.subarray(scanned + 1);
                scanned = 0;
                return line;
            }
        }
        var n = os.read(0, chunk);
        if (n === 0) return null;
        var grown = new Uint8Array(pending.length + n);
        grown.set(pending);
        grown.set(chunk.subarray(0, n), pending.length);
        pending = grown;
    }
}

// The running kernel's release, on Linux (sjs exposes no uname): /proc read through os.
function kernelRelease() {
    try {
        var fd = os.open('/proc/sys/kernel/osrelease', 'r'), buf = new Buffer(256);
        try { return utf8in.decode(buf.subarray(0, os.read(fd, buf))).trim() || 'unknown'; } finally { os.close(fd); }
    } catch (e) {
        return 'unknown';
    }
}

function start(req) {
    if (req.protocol !== PROTOCOL) {
        throw fault('unsupported protocol ' + JSON.stringify(req.protocol) + '; supported: [1]');
    }
    var names = Object.getOwnPropertyNames(os), constants = {};
    names.forEach(function (k) {
        if (CONSTANT.test(k) && typeof os[k] === 'number') constants[k] = os[k];
    });
    var platform = String(system.platform).toLowerCase();
    return {
        protocol: PROTOCOL,
        implementation: { name: 'sjs', version: String(system.versions.sjs) },
        // sjs does not expose its C library: libc is unknown.
        platform: { os: platform === 'darwin' ? 'macos' : platform, arch: String(system.arch),
            kernel: kernelRelease(), libc: 'unknown' },
        capabilities: {
            functions: DOCUMENTED.filter(function (k) { return has(os, k) && typeof os[k] === 'function'; }),
            constants: constants,
            extensions: names.filter(function (k) {
                return DOCUMENTED.indexOf(k) < 0 && !CONSTANT.test(k) && typeof os[k] === 'function';
            }),
            ops: ['call', 'fork', 'repeat']
        }
    };
}

function checkFn(fn, op) {
    // os.fork() run by call or repeat would leave two processes on one stdin/stdout.
    if (fn === 'fork') throw fault('fork cannot be run by ' + op + '; use the fork op');
    if (typeof fn === 'string' && has(os, fn) && typeof os[fn] === 'function') return os[fn];
    throw fault('unknown fn ' + JSON.stringify(fn));
}

function checkArgs(args) {
    if (Array.isArray(args)) return args;
    throw fault('args must be an array');
}

function call(req) {
    var f = checkFn(req.fn, 'call'), args = decode(checkArgs(req.args), null), value;
    try { value = f.apply(os, args); } catch (e) { return { thrown: thrown(e) }; }
    return withBuffers(req.fn, args, { value: encode(value) });
}

// After read(fd, buf) or urandom(buf), a reply (or report line) adds the filled Buffer arguments.
function withBuffers(fn, args, reply) {
    if (FILLS[fn]) {
        args.forEach(function (a, i) {
            if (isBytes(a)) (reply.buffers = reply.buffers || {})[String(i)] = encode(a);
        });
    }
    return reply;
}

function isInt(n) { return typeof n === 'number' && n % 1 === 0; }

function fork(req) {
    if (typeof req.report !== 'string') throw fault('fork needs a report path');
    var exit = req.exit === undefined ? 0 : req.exit;
    if (!isInt(exit)) throw fault('exit must be an integer');
    if (!Array.isArray(req.steps)) throw fault('steps must be an array');
    req.steps.forEach(function (s, i) {
        if (s === null || typeof s !== 'object') throw fault('a step must be an object');
        checkFn(s.fn, 'a fork step');
        decode(checkArgs(s.args), i);
    });
    var pid;
    try { pid = os.fork(); } catch (e) { return { thrown: thrown(e) }; }
    if (pid === 0) child(req, pid, exit);
    return { pid: pid };
}

// The child never touches stdin or stdout: one report line per step, then _exit. If the report
// cannot be written it says why on stderr and exits 125, never back into the protocol loop.
function child(req, forked, exit) {
    try {
        var fd = os.open(req.report, 'a', 420 /* 0o644 */), results = [];
        writeAll(fd, jsonLine({ forked: encode(forked) }));
        req.steps.forEach(function (s, i) {
            var line = { step: i };
            try {
                var args = decode(checkArgs(s.args), results), value = os[s.fn].apply(os, args);
                results.push({ value: value });
                line = withBuffers(s.fn, args, { step: i, value: encode(value) });
            } catch (e) {
                results.push({ thrown: e });
                line.thrown = thrown(e);
            }
            writeAll(fd, jsonLine(line));
        });
    } catch (e) {
        writeAll(2, 'sjs harness: fork report ' + req.report + ': ' + String(e && e.message) + '\n');
        os._exit(125);
    }
    os._exit(exit);
}

function repeat(req) {
    var f = checkFn(req.fn, 'repeat'), args = decode(checkArgs(req.args), null), n = req.n;
    if (!isInt(n) || n < 0) throw fault('n must be an integer >= 0');
    var t0 = performance.now();   // Duktape's monotonic clock, milliseconds with a fraction
    try { for (var i = 0; i < n; i++) f.apply(os, args); } catch (e) { return { thrown: thrown(e) }; }
    return { n: n, elapsed_ns: Math.round((performance.now() - t0) * 1e6) };
}

const OPS = { start: start, call: call, fork: fork, repeat: repeat };

// The main loop: one reply per request line, in order.
for (;;) {
    var line = nextLine();
    if (line === null) os.exit(0);
    if (line.trim() === '') continue;
    var id = null, reply;
    try {
        var req;
        try { req = JSON.parse(line); } catch (e) { throw fault('request is not valid JSON: ' + e.message); }
        if (req === null || typeof req !== 'object' || Array.isArray(req)) throw fault('a request is a JSON object');
        if (!isInt(req.id) || req.id < 0) throw fault('request id must be an integer >= 0');
        id = req.id;
        if (req.op === 'stop') {
            send({ id: id, stopped: true });
            os.exit(0);
        }
        if (typeof req.op !== 'string' || !has(OPS, req.op)) throw fault('unknown op ' + JSON.stringify(req.op));
        reply = OPS[req.op](req);
    } catch (e) {
        reply = { fault: e && e.harnessFault ? e.message : 'harness error: ' + String(e && e.stack || e) };
    }
    var out = { id: id };
    Object.keys(reply).forEach(function (k) { out[k] = reply[k]; });
    send(out);
}
