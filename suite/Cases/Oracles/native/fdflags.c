/* The fd-flags oracle: the names and values of the status flags a kernel reports for an open fd,
   one "NAME VALUE" line each.
   Linux: /proc/PID/fdinfo's "flags:" is the kernel's f_flags, so the values are the kernel's own
   headers (<asm/fcntl.h>): glibc's <fcntl.h> defines O_LARGEFILE as 0 on 64-bit targets while the
   kernel sets its bit (0100000 on x86_64, 0400000 on arm64) in every fd a 64-bit process opens.
   macOS: proc_pidfdinfo's fi_openflags is the kernel's fg_flag, FREAD|FWRITE and the O_* of <fcntl.h>. */
#include <stdio.h>
#ifdef __linux__
#include <asm/fcntl.h>
#else
#include <fcntl.h>
#endif

#define C(name) printf("%s %ld\n", #name, (long)(name))

int main(void) {
    C(O_ACCMODE); C(O_APPEND); C(O_NONBLOCK); C(O_SYNC); C(O_DSYNC); C(O_NOFOLLOW); C(O_DIRECTORY);
    C(O_CLOEXEC);
#ifdef O_ASYNC
    C(O_ASYNC);
#elif defined(FASYNC)
    printf("O_ASYNC %ld\n", (long)FASYNC);
#endif
#ifdef O_DIRECT
    C(O_DIRECT);
#endif
#ifdef O_LARGEFILE
    C(O_LARGEFILE);
#endif
#ifdef O_NOATIME
    C(O_NOATIME);
#endif
#ifdef O_PATH
    C(O_PATH);
#endif
#ifdef O_SHLOCK
    C(O_SHLOCK);
#endif
#ifdef O_EXLOCK
    C(O_EXLOCK);
#endif
#ifdef O_EVTONLY
    C(O_EVTONLY);
#endif
    return 0;
}
