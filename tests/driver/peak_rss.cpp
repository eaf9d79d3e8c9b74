// peak_rss COMMAND [ARGS...]: runs COMMAND with this process's standard streams, then prints
// the child's peak resident set size in KiB to standard error as "peak_rss_kb=N" and exits
// with the child's status. Used by the driver's bounded-memory test (getrusage, POSIX).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs("usage: peak_rss COMMAND [ARGS...]\n", stderr);
        return 2;
    }
    const pid_t child = fork();
    if (child < 0) {
        std::perror("peak_rss: fork");
        return 2;
    }
    if (child == 0) {
        execvp(argv[1], argv + 1);
        std::perror("peak_rss: exec");
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(child, &status, 0, &usage) < 0) {
        std::perror("peak_rss: wait4");
        return 2;
    }
    // Linux reports ru_maxrss in KiB.
    std::fprintf(stderr, "peak_rss_kb=%ld\n", usage.ru_maxrss);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
