/* osbench: the C comparison figures for `bench harness --c PATH` (docs/performance.md).
 * Times, in a plain C loop, the operations of issue 6's goal table and prints one line per
 * operation: "op<TAB>ns per op<TAB>how". Usage: osbench [N [ROUNDS]]; each figure is the minimum
 * over ROUNDS rounds (after one warm-up round). Build: cc -O2 -o /tmp/osbench bench/c/osbench.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/random.h>
#endif

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what) { perror(what); exit(1); }

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static const char *path = "osbench.tmp";
static int pfd[2];
static unsigned char buf64[64], rnd[32];
static volatile int sink;

static void op_getpid(void) { sink = getpid(); }
static void op_open_close(void) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open");
    close(fd);
}
static void op_stat(void) { struct stat st; if (stat(path, &st) < 0) die("stat"); sink = (int)st.st_size; }
static void op_pipe(void) {
    if (write(pfd[1], buf64, 64) != 64) die("write");
    if (read(pfd[0], buf64, 64) != 64) die("read");
}
static void op_urandom(void) {
#ifdef __linux__
    if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd) die("getrandom");
#else
    arc4random_buf(rnd, sizeof rnd);
#endif
}
static void op_fork(void) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) _exit(0);
    int status;
    if (waitpid(pid, &status, 0) < 0) die("waitpid");
}
static void op_fork_exec(void) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) {
        char *argv[] = {"/bin/true", NULL};
        execv(argv[0], argv);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0) die("waitpid");
}

static double measure(void (*op)(void), long n, int rounds) {
    double *xs = malloc(sizeof(double) * (size_t)rounds);
    for (int r = -1; r < rounds; r++) {
        double t0 = now_ns();
        for (long i = 0; i < n; i++) op();
        double per = (now_ns() - t0) / (double)n;
        if (r >= 0) xs[r] = per;
    }
    qsort(xs, (size_t)rounds, sizeof(double), cmp);
    double m = xs[0]; /* the minimum over rounds: the least-disturbed round on a loaded machine */
    free(xs);
    return m;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 20000;
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    if (n < 1 || rounds < 1) { fprintf(stderr, "usage: osbench [N [ROUNDS]]\n"); return 2; }
    char dir[] = "/tmp/osbench-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) < 0) die("mkdtemp");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, buf64, 64) != 64) die("create");
    close(fd);
    if (pipe(pfd) < 0) die("pipe");
    long forks = n / 400 > 20 ? n / 400 : 20;

    printf("getpid\t%.1f\tC loop, n=%ld\n", measure(op_getpid, n, rounds), n);
    printf("open+close\t%.1f\tC loop, n=%ld\n", measure(op_open_close, n, rounds), n);
    printf("stat\t%.1f\tC loop (stat), n=%ld\n", measure(op_stat, n, rounds), n);
    printf("64-byte pipe write+read\t%.1f\tC loop, n=%ld\n", measure(op_pipe, n, rounds), n);
    printf("urandom 32\t%.1f\tC loop (getrandom / arc4random_buf), n=%ld\n", measure(op_urandom, n, rounds), n);
    printf("fork+_exit+waitpid\t%.1f\tC loop, n=%ld\n", measure(op_fork, forks, rounds), forks);
    printf("fork+exec+waitpid\t%.1f\tC loop (/bin/true), n=%ld\n", measure(op_fork_exec, forks / 2 > 10 ? forks / 2 : 10, rounds), forks / 2 > 10 ? forks / 2 : 10);

    unlink(path);
    chdir("/");
    rmdir(dir);
    return 0;
}
