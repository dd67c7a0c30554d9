/* testutil.c - running programs for the test runners (see testutil.h). */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int testutil_temp(char *path)
{
	strcpy(path, "/tmp/agentenv-test-XXXXXX");
	return mkstemp(path);
}

static _Noreturn void testutil_child(char **argv, const struct testutil_opts *o, int out, int err)
{
	int null = open("/dev/null", O_RDONLY);
	dup2(null, 0);
	dup2(out, 1);
	dup2(err, 2);
	if (o->dir && chdir(o->dir) != 0)
		_exit(126);
	if (o->envp)
		environ = o->envp;
	if (o->utc)
		setenv("TZ", "UTC", 1);
	if (o->timeout)
		alarm(o->timeout);   /* a hang is a failure, not a stuck suite */
	if (strchr(argv[0], '/'))
		execv(argv[0], argv);
	else
		execvp(argv[0], argv);
	_exit(127);
}

void testutil_run(char **argv, const struct testutil_opts *o, struct testutil_run *r)
{
	static const struct testutil_opts none;
	o = o ? o : &none;
	char out_path[64], err_path[64];
	int out = o->out_path ? open(o->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644)
			      : testutil_temp(out_path);
	int err = testutil_temp(err_path);
	pid_t pid = fork();
	if (pid == 0)
		testutil_child(argv, o, out, err);
	int st = 0;
	waitpid(pid, &st, 0);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	close(out);
	close(err);
	buf_reset(&r->out);
	buf_reset(&r->err);
	if (!o->out_path) {
		buf_read_file(&r->out, out_path);
		unlink(out_path);
	}
	buf_read_file(&r->err, err_path);
	unlink(err_path);
}

void testutil_run_free(struct testutil_run *r)
{
	buf_free(&r->out);
	buf_free(&r->err);
}
