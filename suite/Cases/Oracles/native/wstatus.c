/* The wait-status oracle: the platform's own <sys/wait.h> macros, compiled on the machine
   under test. For each status given in argv, prints one line:
   status WIFEXITED WEXITSTATUS WIFSIGNALED WTERMSIG WIFSTOPPED WSTOPSIG WIFCONTINUED */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        int s = (int)strtol(argv[i], NULL, 0);
        printf("%d %d %d %d %d %d %d %d\n", s, WIFEXITED(s) != 0, WEXITSTATUS(s), WIFSIGNALED(s) != 0,
               WTERMSIG(s), WIFSTOPPED(s) != 0, WSTOPSIG(s), WIFCONTINUED(s) != 0);
    }
    return 0;
}
