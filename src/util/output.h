/* output.h - writing results without ever leaving half a file, and never
 * through a symbolic link.
 *
 * A file is written to a new temporary file in its own directory (created
 * with O_EXCL|O_NOFOLLOW, so nothing existing is opened) and renamed into
 * place: an error leaves the previous file untouched, and a reader never
 * sees a partial one. A target that is a symbolic link is refused, not
 * replaced or followed. Several files are written together by staging
 * them all first, then renaming them all (output_stage, output_commit):
 * an error while staging writes none of them. "-" (or NULL) is stdout. */
#ifndef AGENTENV_OUTPUT_H
#define AGENTENV_OUTPUT_H

#include <stddef.h>

struct buf;
struct diag;

/* 0 on success; -1 after reporting the failure to the diag. */
int output_write(const char *path, const char *data, size_t len, struct diag *d);

/* One staged file: name (a single path component, or any path with
 * AT_FDCWD) in the directory dirfd. */
struct output_file {
	int dirfd;
	const char *name;
	char *tmp;          /* the temporary file, until committed */
};

/* Write data to a temporary file beside name. 0, or -1 with the reason
 * (e.g. "is a symbolic link; refusing to replace it") in err. */
int output_stage(struct output_file *f, int dirfd, const char *name, const char *data,
		 size_t len, struct buf *err);
/* Rename the staged file into place; 0, or -1 with the reason in err. */
int output_commit(struct output_file *f, struct buf *err);
/* Remove a staged file that is not to be committed (no-op after commit). */
void output_discard(struct output_file *f);

#endif
