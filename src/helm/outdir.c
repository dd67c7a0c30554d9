/* outdir.c - `helm template --output-dir DIR`, written safely.
 *
 * Helm's layout and messages: one file per template, DIR/CHART/templates/
 * FILE, holding its documents in order ("---\n# Source: ...\n" before
 * each); a hook whose file already exists (from a manifest just written,
 * or from before) is appended to it; a `wrote PATH` line per document,
 * then an empty line. Unlike Helm's, the writing is safe:
 *
 * - a name that would leave DIR (absolute, empty, `.` or `..` parts) is
 *   refused before anything is written;
 * - nothing under DIR is followed if it is a symbolic link: directories
 *   are opened with O_NOFOLLOW, files are never written through a link
 *   (util/output.h); DIR itself is the user's choice and may be one;
 * - every file is staged first (a temporary file beside it) and only
 *   renamed into place when all are ready: on an error no file is
 *   written, existing files are untouched, and directories created for
 *   the run are removed again. */
#define _POSIX_C_SOURCE 200809L
#include "helm/manifest.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One file to write: its documents, in order. */
struct od_file {
	const char *source;
	struct buf text;
	bool append;             /* a hook: keep what the file already holds */
	int dirfd;               /* its directory, once opened */
	bool shared_fd;          /* dirfd belongs to an earlier file */
	const char *base;        /* its last path component */
	struct output_file staged;
};

struct od_run {
	const char *dir;
	int dirfd;
	struct od_file *files;
	size_t n;
	char **made;             /* directories created, to remove on error */
	size_t nmade;
	struct buf *err;
};

/* A relative path of plain components: no /x, x//y, ., .. or empty. */
static bool od_name_ok(const char *s)
{
	if (!*s || *s == '/')
		return false;
	for (const char *p = s;;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[n])
			return true;
		p += n + 1;
	}
}

static struct od_file *od_find(struct od_run *r, const char *source)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->files[i].source, source) == 0)
			return &r->files[i];
	return NULL;
}

static void od_entry(struct buf *out, const struct helm_manifest *m)
{
	buf_addf(out, "---\n# Source: %s\n", m->source);
	buf_add(out, m->text, m->len);
	buf_addc(out, '\n');
}

/* Group the documents by file; false when a name would escape DIR. */
static bool od_collect(struct od_run *r, const struct helm_manifest *list, size_t n, bool hooks)
{
	for (size_t i = 0; i < n; i++) {
		struct od_file *f = od_find(r, list[i].source);
		if (!f) {
			if (!od_name_ok(list[i].source)) {
				buf_addf(r->err, "%s/%s: the template name leaves the output "
					 "directory; refusing to write it", r->dir, list[i].source);
				return false;
			}
			f = &r->files[r->n++];
			*f = (struct od_file){.source = list[i].source, .text = BUF_INIT,
					      .append = hooks, .dirfd = -1};
		}
		od_entry(&f->text, &list[i]);
	}
	return true;
}

static void od_fail(struct od_run *r, const char *path, size_t len, const char *why)
{
	if (!r->err->len)
		buf_addf(r->err, "%s/%.*s: %s", r->dir, (int)len, path, why);
}

/* Open (creating) the directory source[0..end) below fd, the directory
 * source[0..start); a symbolic link there is refused. */
static int od_open_dir(struct od_run *r, int fd, const char *source, size_t start, size_t end)
{
	char *comp = strndup(source + start, end - start);
	int sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (sub < 0 && errno == ENOENT && mkdirat(fd, comp, 0777) == 0) {
		r->made = realloc(r->made, (r->nmade + 1) * sizeof *r->made);
		r->made[r->nmade++] = strndup(source, end);
		sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (sub < 0)
		od_fail(r, source, end, errno == ELOOP || errno == ENOTDIR
			? "is a symbolic link or not a directory; refusing to write through it"
			: strerror(errno));
	free(comp);
	return sub;
}

/* An earlier file's open directory, when f is in the same one. */
static bool od_same_dir(struct od_run *r, struct od_file *f)
{
	const char *slash = strrchr(f->source, '/');
	size_t len = slash ? (size_t)(slash - f->source) : 0;
	for (struct od_file *g = r->files; g < f; g++) {
		const char *gs = strrchr(g->source, '/');
		if (g->dirfd >= 0 && (gs ? (size_t)(gs - g->source) : 0) == len &&
		    strncmp(g->source, f->source, len) == 0) {
			f->dirfd = g->dirfd;
			f->shared_fd = true;
			f->base = f->source + (slash ? len + 1 : 0);
			return true;
		}
	}
	return false;
}

/* Open the directory of f below DIR; f->base is then its file name. */
static bool od_open_parent(struct od_run *r, struct od_file *f)
{
	if (od_same_dir(r, f))
		return true;
	int fd = r->dirfd;
	size_t start = 0;
	for (const char *slash; (slash = strchr(f->source + start, '/')) != NULL;) {
		size_t end = (size_t)(slash - f->source);
		int sub = od_open_dir(r, fd, f->source, start, end);
		if (fd != r->dirfd)
			close(fd);
		if (sub < 0)
			return false;
		fd = sub;
		start = end + 1;
	}
	f->dirfd = fd;
	f->base = f->source + start;
	return true;
}

/* A hook's file that exists keeps its text: read it (not through a link). */
static bool od_read_existing(struct od_run *r, struct od_file *f, struct buf *text)
{
	int fd = openat(f->dirfd, f->base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return true;
	if (fd < 0) {
		od_fail(r, f->source, strlen(f->source), errno == ELOOP
			? "is a symbolic link; refusing to replace it" : strerror(errno));
		return false;
	}
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		buf_add(text, chunk, (size_t)n);
	if (n < 0)
		od_fail(r, f->source, strlen(f->source), strerror(errno));
	close(fd);
	return n == 0;
}

static bool od_stage(struct od_run *r, struct od_file *f)
{
	if (!od_open_parent(r, f))
		return false;
	struct buf text = BUF_INIT, why = BUF_INIT;
	bool ok = !f->append || od_read_existing(r, f, &text);
	buf_add(&text, f->text.p, f->text.len);
	if (ok && output_stage(&f->staged, f->dirfd, f->base, buf_str(&text), text.len, &why) != 0) {
		od_fail(r, f->source, strlen(f->source), buf_str(&why));
		ok = false;
	}
	buf_free(&text);
	buf_free(&why);
	return ok;
}

static bool od_commit(struct od_run *r, struct od_file *f)
{
	struct buf why = BUF_INIT;
	bool ok = output_commit(&f->staged, &why) == 0;
	if (!ok)
		od_fail(r, f->source, strlen(f->source), buf_str(&why));
	buf_free(&why);
	return ok;
}

/* Undo: staged files removed, directories made for the run removed. */
static void od_rollback(struct od_run *r)
{
	for (size_t i = 0; i < r->n; i++)
		output_discard(&r->files[i].staged);
	for (size_t i = r->nmade; i-- > 0;)
		unlinkat(r->dirfd, r->made[i], AT_REMOVEDIR);
}

static void od_free(struct od_run *r)
{
	for (size_t i = 0; i < r->n; i++) {
		buf_free(&r->files[i].text);
		if (r->files[i].dirfd >= 0 && r->files[i].dirfd != r->dirfd &&
		    !r->files[i].shared_fd)
			close(r->files[i].dirfd);
	}
	for (size_t i = 0; i < r->nmade; i++)
		free(r->made[i]);
	free(r->made);
	free(r->files);
	if (r->dirfd >= 0)
		close(r->dirfd);
}

/* os.MkdirAll(DIR), then open it (DIR may be a link: the user named it). */
static bool od_open_root(struct od_run *r)
{
	char *path = strdup(r->dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0777);
		*p = '/';
	}
	mkdir(path, 0777);
	free(path);
	r->dirfd = open(r->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0)
		buf_addf(r->err, "%s: cannot open the output directory: %s", r->dir,
			 strerror(errno));
	return r->dirfd >= 0;
}

static void od_wrote(const char *dir, const struct helm_manifest *list, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n; i++)
		buf_addf(out, "wrote %s/%s\n", dir, list[i].source);
}

int helm_write_dir(const struct helm_manifests *m, const char *dir, struct buf *out,
		   struct buf *err)
{
	struct od_run r = {.dir = dir, .dirfd = -1, .err = err};
	r.files = calloc(m->ngeneric + m->nhooks + 1, sizeof *r.files);
	bool ok = od_collect(&r, m->generic, m->ngeneric, false) &&
		  od_collect(&r, m->hooks, m->nhooks, true) && od_open_root(&r);
	for (size_t i = 0; ok && i < r.n; i++)
		ok = od_stage(&r, &r.files[i]);
	for (size_t i = 0; ok && i < r.n; i++)
		ok = od_commit(&r, &r.files[i]);
	if (!ok)
		od_rollback(&r);
	od_free(&r);
	if (!ok)
		return -1;
	od_wrote(dir, m->generic, m->ngeneric, out);
	od_wrote(dir, m->hooks, m->nhooks, out);
	buf_addc(out, '\n');
	return 0;
}
