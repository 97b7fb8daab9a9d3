/* Baseline: a bare pipe round trip between two processes, 64 bytes each way (the cost of any
 * out-of-process design for one synchronous request). Prints "pipe <roundtrips> <seconds>". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void full(int fd, char *b, int n, int w) {
    for (int got = 0; got < n;) {
        ssize_t r = w ? write(fd, b + got, n - got) : read(fd, b + got, n - got);
        if (r <= 0) exit(3);
        got += r;
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 50000;
    int to[2], from[2];
    char buf[64] = {0};
    if (pipe(to) || pipe(from)) return 1;
    pid_t child = fork();
    if (child == 0) {
        for (;;) { full(to[0], buf, 64, 0); full(from[1], buf, 64, 1); }
    }
    for (int i = 0; i < 1000; i++) { full(to[1], buf, 64, 1); full(from[0], buf, 64, 0); }
    double start = now();
    for (int i = 0; i < n; i++) { full(to[1], buf, 64, 1); full(from[0], buf, 64, 0); }
    printf("pipe %d %.6f\n", n, now() - start);
    kill(child, 9);
    waitpid(child, 0, 0);
    return 0;
}
