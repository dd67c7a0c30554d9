/* output.c - atomic file output: temporary file, fsync, rename. */
#define _POSIX_C_SOURCE 200809L
#include "util/output.h"
#include "util/arena.h"
#include "util/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int output_write(const char *path, const char *data, size_t len, struct diag *d)
{
	struct mark m = {path, 0, 0};
	if (!path || strcmp(path, "-") == 0) {
		if (output_all(STDOUT_FILENO, data, len) == 0)
			return 0;
		diag_error(d, NULL, "cannot write to standard output: %s", strerror(errno));
		return -1;
	}
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 16);
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		diag_error(d, &m, "cannot create a temporary file beside it: %s", strerror(errno));
		free(tmp);
		return -1;
	}
	int rc = output_all(fd, data, len);
	mode_t mask = umask(0);   /* mkstemp made it 0600; honour the umask */
	umask(mask);
	if (rc == 0)
		rc = fchmod(fd, 0666 & ~mask);
	if (close(fd) != 0)
		rc = -1;
	if (rc == 0)
		rc = rename(tmp, path);
	if (rc != 0) {
		diag_error(d, &m, "cannot write: %s", strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc == 0 ? 0 : -1;
}
