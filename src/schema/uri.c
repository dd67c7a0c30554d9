/* uri.c - resolving URI references (RFC 3986 section 5.2). */
#include "schema/uri.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdbool.h>
#include <string.h>

struct uri_parts {
	const char *scheme, *authority, *path, *query, *fragment;
	size_t scheme_n, authority_n, path_n, query_n, fragment_n;
};

static void uri_parse(const char *s, struct uri_parts *u)
{
	memset(u, 0, sizeof *u);
	size_t colon = strcspn(s, ":/?#");
	if (s[colon] == ':' && colon > 0) {
		u->scheme = s;
		u->scheme_n = colon;
		s += colon + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		u->authority = s;
		u->authority_n = strcspn(s, "/?#");
		s += u->authority_n;
	}
	u->path = s;
	u->path_n = strcspn(s, "?#");
	s += u->path_n;
	if (*s == '?') {
		u->query = ++s;
		u->query_n = strcspn(s, "#");
		s += u->query_n;
	}
	if (*s == '#') {
		u->fragment = ++s;
		u->fragment_n = strlen(s);
	}
}

/* RFC 3986 5.2.4 */
static void uri_remove_dot_segments(const char *in, size_t n, struct buf *out)
{
	struct buf b = BUF_INIT;
	buf_add(&b, in, n);
	const char *p = buf_str(&b);
	size_t len = b.len, i = 0;
	while (i < len) {
		if (strncmp(p + i, "../", 3) == 0) {
			i += 3;
		} else if (strncmp(p + i, "./", 2) == 0) {
			i += 2;
		} else if (strncmp(p + i, "/./", 3) == 0) {
			i += 2;
		} else if (len - i == 2 && strncmp(p + i, "/.", 2) == 0) {
			i += 1;
			buf_addc(out, '/');
			break;
		} else if (strncmp(p + i, "/../", 4) == 0 || (len - i == 3 && strncmp(p + i, "/..", 3) == 0)) {
			bool end = len - i == 3;
			i += 3;
			size_t keep = out->len;
			while (keep > 0 && out->p[keep - 1] != '/')
				keep--;
			out->len = keep ? keep - 1 : 0;   /* drop the last segment and its '/' */
			if (out->p)
				out->p[out->len] = '\0';
			if (end) {
				buf_addc(out, '/');
				break;
			}
		} else if ((len - i == 1 && p[i] == '.') || (len - i == 2 && strncmp(p + i, "..", 2) == 0)) {
			break;
		} else {
			size_t seg = 1 + strcspn(p + i + 1, "/");
			if (p[i] != '/')
				seg = strcspn(p + i, "/");
			buf_add(out, p + i, seg);
			i += seg;
		}
	}
	buf_free(&b);
}

/* Dot segments are removed from the path alone, so `..` cannot climb into
 * the authority. */
static void uri_add_path(struct buf *out, const char *p, size_t n)
{
	struct buf path = BUF_INIT;
	uri_remove_dot_segments(p, n, &path);
	buf_add(out, buf_str(&path), path.len);
	buf_free(&path);
}

char *uri_resolve(struct arena *a, const char *base, const char *ref)
{
	struct uri_parts b, r;
	uri_parse(base, &b);
	uri_parse(ref, &r);
	struct buf out = BUF_INIT, path = BUF_INIT;
	const struct uri_parts *auth = &r, *q = &r;
	if (r.scheme) {
		buf_add(&out, r.scheme, r.scheme_n);
		buf_addc(&out, ':');
		if (r.authority) {
			buf_adds(&out, "//");
			buf_add(&out, r.authority, r.authority_n);
		}
		uri_add_path(&out, r.path, r.path_n);
	} else {
		if (b.scheme) {
			buf_add(&out, b.scheme, b.scheme_n);
			buf_addc(&out, ':');
		}
		if (!r.authority)
			auth = &b;
		if (auth->authority) {
			buf_adds(&out, "//");
			buf_add(&out, auth->authority, auth->authority_n);
		}
		if (r.authority) {
			uri_add_path(&out, r.path, r.path_n);
		} else if (r.path_n == 0) {
			buf_add(&out, b.path, b.path_n);
			if (!r.query)
				q = &b;
		} else if (r.path[0] == '/') {
			uri_add_path(&out, r.path, r.path_n);
		} else {
			/* merge: the base path up to its last '/', then the reference */
			const char *slash = NULL;
			for (size_t i = 0; i < b.path_n; i++)
				if (b.path[i] == '/')
					slash = b.path + i;
			if (b.authority && b.path_n == 0)
				buf_addc(&path, '/');
			else if (slash)
				buf_add(&path, b.path, (size_t)(slash - b.path) + 1);
			buf_add(&path, r.path, r.path_n);
			uri_add_path(&out, path.p, path.len);
		}
	}
	if (q->query) {
		buf_addc(&out, '?');
		buf_add(&out, q->query, q->query_n);
	}
	if (r.fragment) {
		buf_addc(&out, '#');
		buf_add(&out, r.fragment, r.fragment_n);
	}
	char *s = arena_strndup(a, buf_str(&out), out.len);
	buf_free(&out);
	buf_free(&path);
	return s;
}

char *uri_split_fragment(struct arena *a, const char *uri, const char **fragment)
{
	const char *hash = strchr(uri, '#');
	*fragment = hash ? hash + 1 : NULL;
	return arena_strndup(a, uri, hash ? (size_t)(hash - uri) : strlen(uri));
}
