/* timeit.c - run a command R times; print its median wall time, peak RSS
 * and median CPU time.
 *
 * usage: timeit R COMMAND [ARGS...]
 * Prints `MEDIAN_MS MAX_RSS_KB MEDIAN_CPU_MS` (CPU: user + system, which
 * other work on the machine disturbs less than the wall time). The command's output goes to /dev/null;
 * a failing run aborts with its exit status (a benchmark of an error is no
 * benchmark). */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double run_once(char **argv, long *rss_kb, double *cpu_ms)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "timeit: %s failed (status %d)\n", argv[0], status);
		exit(1);
	}
	*rss_kb = ru.ru_maxrss;
	*cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		  (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	return (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0;
	if (runs < 1) {
		fprintf(stderr, "usage: timeit R COMMAND [ARGS...]\n");
		return 2;
	}
	double *ms = calloc((size_t)runs, sizeof *ms), *cpu = calloc((size_t)runs, sizeof *cpu);
	long peak = 0, rss;
	for (int i = 0; i < runs; i++) {
		ms[i] = run_once(argv + 2, &rss, &cpu[i]);
		peak = rss > peak ? rss : peak;
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
	printf("%.2f %ld %.2f\n", ms[runs / 2], peak, cpu[runs / 2]);
	free(ms);
	free(cpu);
	return 0;
}
