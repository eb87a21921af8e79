/* The constants oracle: the values of the module's constants in the platform's own headers.
   Prints one "NAME VALUE" line per constant of sjs 18.6's os binding. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define C(name) printf("%s %ld\n", #name, (long)(name))

int main(void) {
    C(O_APPEND); C(O_CREAT); C(O_EXCL); C(O_RDONLY); C(O_RDWR); C(O_SYNC); C(O_TRUNC); C(O_WRONLY);
    C(S_IFDIR); C(S_IFCHR); C(S_IFBLK); C(S_IFREG); C(S_IFIFO); C(S_IFLNK); C(S_IFSOCK);
    C(S_ISUID); C(S_ISGID); C(S_ISVTX); C(S_IREAD); C(S_IWRITE); C(S_IEXEC);
    C(S_IRWXU); C(S_IRUSR); C(S_IWUSR); C(S_IXUSR); C(S_IRWXG); C(S_IRGRP); C(S_IWGRP); C(S_IXGRP);
    C(S_IRWXO); C(S_IROTH); C(S_IWOTH); C(S_IXOTH);
    C(WCONTINUED); C(WNOHANG); C(WUNTRACED);
    C(STDIN_FILENO); C(STDOUT_FILENO); C(STDERR_FILENO);
    return 0;
}
