/* output.c - safe file output: a temporary file created beside the target,
 * never through a symbolic link, then renamed into place (see output.h). */
#define _POSIX_C_SOURCE 200809L
#include "util/output.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int output_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The target may be a new name or a regular file, nothing else. */
static int output_check_target(int dirfd, const char *name, struct buf *err)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	if (S_ISLNK(st.st_mode))
		buf_adds(err, "is a symbolic link; refusing to replace it (remove it, or name "
			 "the file it points to)");
	else if (!S_ISREG(st.st_mode))
		buf_adds(err, "exists and is not a regular file");
	return S_ISREG(st.st_mode) ? 0 : -1;
}

/* Create a new temporary file NAME.tmpXXXXXX beside name; its mode is
 * 0666 less the umask, as for any new file. */
static int output_create_tmp(struct output_file *f)
{
	size_t n = strlen(f->name) + 32;
	f->tmp = xmalloc(n);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ (uintptr_t)f;
	for (int attempt = 0; attempt < 100; attempt++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		snprintf(f->tmp, n, "%s.tmp%06llx", f->name, (unsigned long long)(seed >> 40));
		int fd = openat(f->dirfd, f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				O_CLOEXEC, 0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int output_stage(struct output_file *f, int dirfd, const char *name, const char *data,
		 size_t len, struct buf *err)
{
	*f = (struct output_file){dirfd, name, NULL};
	if (output_check_target(dirfd, name, err) != 0)
		return -1;
	int fd = output_create_tmp(f);
	if (fd < 0) {
		buf_addf(err, "cannot create a temporary file beside it: %s", strerror(errno));
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	int rc = output_all(fd, data, len);
	int e = errno;
	if (close(fd) != 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0) {
		buf_addf(err, "cannot write: %s", strerror(e));
		output_discard(f);
	}
	return rc;
}

int output_commit(struct output_file *f, struct buf *err)
{
	if (output_check_target(f->dirfd, f->name, err) != 0 ||
	    renameat(f->dirfd, f->tmp, f->dirfd, f->name) != 0) {
		if (!err->len)
			buf_addf(err, "cannot write: %s", strerror(errno));
		output_discard(f);
		return -1;
	}
	free(f->tmp);
	f->tmp = NULL;
	return 0;
}

void output_discard(struct output_file *f)
{
	if (!f->tmp)
		return;
	unlinkat(f->dirfd, f->tmp, 0);
	free(f->tmp);
	f->tmp = NULL;
}

int output_write(const char *path, const char *data, size_t len, struct diag *d)
{
	if (!path || strcmp(path, "-") == 0) {
		if (output_all(STDOUT_FILENO, data, len) == 0)
			return 0;
		diag_error(d, NULL, "cannot write to standard output: %s", strerror(errno));
		return -1;
	}
	struct output_file f;
	struct buf err = BUF_INIT;
	int rc = output_stage(&f, AT_FDCWD, path, data, len, &err);
	if (rc == 0)
		rc = output_commit(&f, &err);
	struct mark m = {path, 0, 0};
	if (rc != 0)
		diag_error(d, &m, "%s", buf_str(&err));
	buf_free(&err);
	return rc;
}
