/* The errno oracle: makes one failing call itself, in this process, and prints the kernel's answer
 * as "<NAME> <number>\n<strerror text>\n" (names from the platform's <errno.h>), or "ok\n" when the
 * call succeeded. Usage: errno <call> [args...]; see the switch below for the calls. */
#ifdef __linux__
#define _GNU_SOURCE /* prlimit */
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct { const char *name; int value; } names[] = {
#define E(x) {#x, x},
    E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENXIO) E(E2BIG) E(ENOEXEC) E(EBADF) E(ECHILD)
    E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST) E(EXDEV) E(ENODEV) E(ENOTDIR)
    E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ENOTTY) E(ETXTBSY) E(EFBIG) E(ENOSPC) E(ESPIPE)
    E(EROFS) E(EMLINK) E(EPIPE) E(EDOM) E(ERANGE) E(ENAMETOOLONG) E(ELOOP) E(ENOSYS) E(ENOTEMPTY)
#undef E
};

static int answer(int r) {
    int e = errno;
    if (r >= 0) { puts("ok"); return 0; }
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].value == e) { printf("%s %d\n%s\n", names[i].name, e, strerror(e)); return 0; }
    printf("? %d\n%s\n", e, strerror(e));
    return 0;
}

static int num(const char *s) { return (int)strtol(s, NULL, 10); }

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    const char *call = argv[1];
    const char *a = argc > 2 ? argv[2] : "", *b = argc > 3 ? argv[3] : "";
    char buf[16];
    struct stat st;
    if (!strcmp(call, "chdir")) return answer(chdir(a));
    if (!strcmp(call, "open")) return answer(open(a, O_RDONLY | O_CLOEXEC));
    if (!strcmp(call, "stat")) return answer(stat(a, &st));
    if (!strcmp(call, "unlink")) return answer(unlink(a));
    if (!strcmp(call, "opendir")) { errno = 0; return answer(opendir(a) ? 0 : -1); }
    if (!strcmp(call, "execv")) { char *args[] = {(char *)a, NULL}; return answer(execv(a, args)); }
    if (!strcmp(call, "close")) return answer(close(num(a)));
    if (!strcmp(call, "dup")) return answer(dup(num(a)));
    if (!strcmp(call, "dup2")) return answer(dup2(num(a), num(b)));
    if (!strcmp(call, "fcntl-getfd")) return answer(fcntl(num(a), F_GETFD));
    if (!strcmp(call, "fcntl-getfl")) return answer(fcntl(num(a), F_GETFL));
    if (!strcmp(call, "read")) return answer((int)read(num(a), buf, sizeof buf));
    if (!strcmp(call, "write")) return answer((int)write(num(a), "x", 1));
    if (!strcmp(call, "ttyname")) { int e = ttyname_r(num(a), buf, sizeof buf); errno = e; return answer(e ? -1 : 0); }
    if (!strcmp(call, "waitpid")) { int s; return answer(waitpid(num(a), &s, 0)); }
    if (!strcmp(call, "setuid")) return answer(setuid((uid_t)num(a)));
    if (!strcmp(call, "setgid")) return answer(setgid((gid_t)num(a)));
    if (!strcmp(call, "setgroups")) {
        /* a list of n zeros */
        int n = num(a);
        gid_t *list = calloc((size_t)n, sizeof *list);
        return answer(list ? setgroups(n, list) : -1);
    }
    if (!strcmp(call, "setsid")) {
        /* as the harness is: the leader of its own process group */
        if (setpgid(0, 0) < 0) return 3;
        return answer(setsid());
    }
    if (!strcmp(call, "pipe-no-fds-left")) {
        /* as the harness is after its limit was lowered: no fd number below the soft limit is free */
        int fds[2], lowest = 0;
        while (fcntl(lowest, F_GETFD) >= 0) lowest++;
        struct rlimit rl;
        if (getrlimit(RLIMIT_NOFILE, &rl) < 0) return 3;
        rl.rlim_cur = (rlim_t)lowest;
        if (setrlimit(RLIMIT_NOFILE, &rl) < 0) return 3;
        return answer(pipe(fds));
    }
#ifdef __linux__
    if (!strcmp(call, "lower-fd-limit")) {
        /* lowers process a's soft RLIMIT_NOFILE to b (prlimit: same user, or CAP_SYS_RESOURCE) */
        struct rlimit rl;
        if (prlimit(num(a), RLIMIT_NOFILE, NULL, &rl) < 0) return answer(-1);
        rl.rlim_cur = (rlim_t)num(b);
        return answer(prlimit(num(a), RLIMIT_NOFILE, &rl, NULL));
    }
#endif
    if (!strcmp(call, "ngroups-max")) { printf("%ld\n", sysconf(_SC_NGROUPS_MAX)); return 0; }
    if (!strcmp(call, "drop")) {
        /* drop to uid/gid b, then make the call named in a with the id in argv[4] */
        gid_t none[1] = {0};
        if (setgroups(0, none) < 0 || setgid((gid_t)num(b)) < 0 || setuid((uid_t)num(b)) < 0) return 3;
        if (!strcmp(a, "setuid")) return answer(setuid((uid_t)num(argc > 4 ? argv[4] : "0")));
        if (!strcmp(a, "setgid")) return answer(setgid((gid_t)num(argc > 4 ? argv[4] : "0")));
        return 2;
    }
    return 2;
}
