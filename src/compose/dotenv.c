/* dotenv.c - the .env parser, statement by statement as compose-go's.
 *
 * A statement starts at the first non-blank character that is not in a
 * comment; its key ends at `=`, `:` or the end of the line (a bare key,
 * inherited from the environment). Where compose-go does something odd
 * with a bare key on the last line without a newline (it stores the key
 * as a value of an empty name), we take it as the bare key it is. Relies
 * on interp.h for ${...} in values and value.h for the result. */
#include "compose/dotenv.h"
#include "compose/interp.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DOTENV_MAX_BYTES ((size_t)64 << 20)

struct dotenv_run {
	struct compose_dotenv *p;
	struct compose_vars vars;   /* p->lookup, then out */
	struct val *out;
	const char *t;
	size_t n, pos;
	size_t lpos, lstart;        /* newlines are counted up to lpos */
	int line;
};

/* A blank that does not end a line, as compose counts them. */
static bool dotenv_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool dotenv_space(char c)
{
	return dotenv_blank(c) || c == '\n';
}

static bool dotenv_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-' || c == '[' || c == ']' ||
	       (unsigned char)c >= 0x80;   /* letters beyond ASCII */
}

/* The mark of a position; positions only move forward. */
static struct mark dotenv_mark(struct dotenv_run *r, size_t pos)
{
	for (; r->lpos < pos; r->lpos++)
		if (r->t[r->lpos] == '\n') {
			r->line++;
			r->lstart = r->lpos + 1;
		}
	return (struct mark){r->p->name, r->line, (int)(pos - r->lstart) + 1};
}

static bool dotenv_error(struct dotenv_run *r, size_t pos, const char *msg)
{
	struct mark m = dotenv_mark(r, pos);
	diag_error(r->p->d, &m, "%s", msg);
	return false;
}

struct dotenv_site {
	struct dotenv_run *r;
	struct mark m;
};

static void dotenv_unset(void *ctx, const char *name)
{
	struct dotenv_site *site = ctx;
	compose_warn_unset(site->r->p->d, site->r->p->a, site->r->p->warned, &site->m, name);
}

/* ${...} in a value: looked up in the layers, then the file so far. */
static bool dotenv_expand(struct dotenv_run *r, size_t pos, const char *s, size_t n,
			  struct buf *out)
{
	struct dotenv_site site = {r, dotenv_mark(r, pos)};
	struct compose_subst sub = {.a = r->p->a, .vars = &r->vars, .unset = dotenv_unset,
				    .ctx = &site};
	if (compose_subst(&sub, s, n, out))
		return true;
	if (!sub.bad_template)
		return dotenv_error(r, pos, sub.error);
	diag_error(r->p->d, &site.m, "invalid interpolation format: \"%s\"", sub.bad_template);
	diag_note(r->p->d, &site.m, "You may need to escape any $ with another $.");
	return false;
}


/* \0NNN: three octal digits up to 255 make that character; anything else
 * stays as written, less the 0 (compose rewrites \0 to \ first). */
static size_t dotenv_octal(const char *s, size_t n, size_t i, struct buf *out)
{
	size_t j = i + 2, end = j;
	while (end < n && end < j + 3 && s[end] >= '0' && s[end] <= '9')
		end++;
	unsigned v = 0;
	bool ok = end - j == 3;
	for (size_t k = j; ok && k < end; k++) {
		ok = s[k] <= '7';
		v = v * 8 + (unsigned)(s[k] - '0');
	}
	if (ok && v <= 255) {
		buf_add_utf8(out, v);
	} else {
		buf_addc(out, '\\');
		buf_add(out, s + j, end - j);
	}
	return end;
}

/* Backslash escapes of double-quoted values; \$ becomes $$ so that the
 * interpolation that follows leaves a literal $. */
static void dotenv_unescape(const char *s, size_t n, struct buf *out)
{
	static const char from[] = "abfnrtv", to[] = "\a\b\f\n\r\t\v";
	for (size_t i = 0; i < n;) {
		char c = i + 1 < n && s[i] == '\\' ? s[i + 1] : '\0';
		const char *simple = c ? strchr(from, c) : NULL;
		if (simple)
			buf_addc(out, to[simple - from]);
		else if (c == '$')
			buf_adds(out, "$$");
		else if (c == '"' || c == '\\')
			buf_addc(out, c);
		else if (c == '0') {
			i = dotenv_octal(s, n, i, out);
			continue;
		} else {
			buf_addc(out, s[i++]);
			continue;
		}
		i += 2;
	}
}

static void dotenv_put(struct dotenv_run *r, size_t kpos, const char *key, size_t kn,
		       size_t vpos, const char *value, size_t vn)
{
	if (kn == 0)
		return;   /* "=x": a variable without a name can never be used */
	struct mark km = dotenv_mark(r, kpos), vm = dotenv_mark(r, vpos);
	val_map_put(r->p->a, r->out, val_strn(r->p->a, key, kn, &km),
		    val_strn(r->p->a, value ? value : "", vn, &vm));
}

/* An unquoted value: to the end of the line, less a ` #` comment. */
static bool dotenv_unquoted(struct dotenv_run *r, size_t kpos, const char *key, size_t kn)
{
	const char *t = r->t;
	const char *nl = memchr(t + r->pos, '\n', r->n - r->pos);
	size_t start = r->pos, end = nl ? (size_t)(nl - t) : r->n;
	for (size_t i = start; i + 1 < end; i++)
		if (t[i] == ' ' && t[i + 1] == '#') {
			end = i;
			break;
		}
	size_t stop = end;
	while (stop > start && dotenv_space(t[stop - 1]))
		stop--;
	r->pos = nl ? (size_t)(nl - t) : r->n;
	struct buf v = BUF_INIT;
	bool ok = dotenv_expand(r, start, t + start, stop - start, &v);
	if (ok)
		dotenv_put(r, kpos, key, kn, start, v.p, v.len);
	buf_free(&v);
	return ok;
}

/* A quoted value; a backslash keeps the quote it hides, and itself before
 * anything else. */
static bool dotenv_quoted(struct dotenv_run *r, size_t kpos, const char *key, size_t kn)
{
	const char *t = r->t;
	char quote = t[r->pos];
	size_t start = r->pos, i = start + 1;
	struct buf raw = BUF_INIT, v = BUF_INIT;
	bool escaped = false, closed = false;
	for (; i < r->n && !closed; i++) {
		char c = t[i];
		if (escaped) {
			if (c != quote)
				buf_addc(&raw, '\\');
			buf_addc(&raw, c);
			escaped = false;
		} else if (c == '\\') {
			escaped = true;
		} else if (c == quote) {
			closed = true;
		} else {
			buf_addc(&raw, c);
		}
	}
	bool ok = closed;
	if (!closed) {
		const char *nl = memchr(t + start, '\n', r->n - start);
		size_t end = nl ? (size_t)(nl - t) : r->n;
		ok = dotenv_error(r, start, arena_printf(r->p->a, "unterminated quoted value %.*s",
							  (int)(end - start), t + start));
	} else if (quote == '"') {
		struct buf un = BUF_INIT;
		dotenv_unescape(raw.p ? raw.p : "", raw.len, &un);
		ok = dotenv_expand(r, start, un.p ? un.p : "", un.len, &v);
		buf_free(&un);
	} else {
		buf_add(&v, raw.p ? raw.p : "", raw.len);
	}
	if (ok)
		dotenv_put(r, kpos, key, kn, start, v.p, v.len);
	r->pos = i;
	buf_free(&raw);
	buf_free(&v);
	return ok;
}

/* A bare KEY: its value comes from the layers, when set there. */
static void dotenv_inherit(struct dotenv_run *r, size_t kpos, const char *key, size_t kn)
{
	const char *name = arena_strndup(r->p->a, key, kn);
	const struct val *v = compose_vars_get(r->p->lookup, name);
	if (v)
		dotenv_put(r, kpos, key, kn, kpos, v->str.s, v->str.len);
}

/* `export` and the blanks after it, when followed by a blank. */
static void dotenv_skip_export(struct dotenv_run *r)
{
	const char *t = r->t + r->pos;
	if (r->n - r->pos > 6 && memcmp(t, "export", 6) == 0 && dotenv_space(t[6]))
		for (r->pos += 6; r->pos < r->n && dotenv_blank(r->t[r->pos]); r->pos++)
			;
}

static bool dotenv_statement(struct dotenv_run *r)
{
	dotenv_skip_export(r);
	const char *t = r->t;
	size_t k0 = r->pos, i = k0;
	for (; i < r->n; i++) {
		char c = t[i];
		if (dotenv_blank(c) || dotenv_key_char(c))
			continue;
		if (c == '=' || c == ':' || c == '\n')
			break;
		const char *nl = memchr(t + k0, '\n', r->n - k0);
		int len = (int)((nl ? (size_t)(nl - t) : r->n) - k0);
		return dotenv_error(r, i, arena_printf(r->p->a, "unexpected character \"%c\" in "
							"variable name \"%.*s\"", c, len, t + k0));
	}
	size_t kend = i;
	while (kend > k0 && dotenv_blank(t[kend - 1]))
		kend--;
	if (memchr(t + k0, ' ', kend - k0))
		return dotenv_error(r, k0, "key cannot contain a space");
	if (i == r->n || t[i] == '\n') {
		r->pos = i;
		dotenv_inherit(r, k0, t + k0, kend - k0);
		return true;
	}
	for (r->pos = i + 1; r->pos < r->n && dotenv_blank(t[r->pos]); r->pos++)
		;
	if (r->pos < r->n && (t[r->pos] == '"' || t[r->pos] == '\''))
		return dotenv_quoted(r, k0, t + k0, kend - k0);
	return dotenv_unquoted(r, k0, t + k0, kend - k0);
}

/* Skip blanks, newlines and comment lines; false at the end. */
static bool dotenv_next_statement(struct dotenv_run *r)
{
	for (;;) {
		while (r->pos < r->n && dotenv_space(r->t[r->pos]))
			r->pos++;
		if (r->pos >= r->n)
			return false;
		if (r->t[r->pos] != '#')
			return true;
		const char *nl = memchr(r->t + r->pos, '\n', r->n - r->pos);
		if (!nl)
			return false;
		r->pos = (size_t)(nl - r->t);
	}
}

bool compose_dotenv_parse(struct compose_dotenv *p, const char *text, size_t len,
			  struct val *out)
{
	struct dotenv_run r = {.p = p, .out = out, .t = text, .n = len, .line = 1};
	r.vars = compose_vars_then(p->a, p->lookup, out);
	while (dotenv_next_statement(&r))
		if (!dotenv_statement(&r))
			return false;
	return true;
}

static char *dotenv_read(FILE *f, size_t *len, bool *too_big)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	*too_big = false;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && !*too_big) {
		*too_big = b.len + n > DOTENV_MAX_BYTES;
		buf_add(&b, chunk, n);
	}
	buf_grow(&b, 0);
	b.p[b.len] = '\0';
	*len = b.len;
	return b.p;
}

enum compose_dotenv_result compose_dotenv_file(struct compose_dotenv *p, struct val *out)
{
	struct mark whole = {p->name, 0, 0};
	struct stat st;
	bool found = stat(p->name, &st) == 0;
	if (!found && errno == ENOENT)
		return COMPOSE_DOTENV_MISSING;
	bool dir = found && S_ISDIR(st.st_mode);
	FILE *f = dir ? NULL : fopen(p->name, "rb");
	if (!f) {
		diag_error(p->d, &whole, "cannot read: %s", dir ? "it is a directory" : strerror(errno));
		return COMPOSE_DOTENV_FAILED;
	}
	size_t len;
	bool too_big;
	char *text = dotenv_read(f, &len, &too_big);
	bool bad = ferror(f);
	fclose(f);
	bool ok = !bad && !too_big;
	if (bad)
		diag_error(p->d, &whole, "cannot read: %s", strerror(errno));
	else if (too_big)
		diag_error(p->d, &whole, "larger than %zu bytes; refusing to read it",
			   DOTENV_MAX_BYTES);
	else
		ok = compose_dotenv_parse(p, text, len, out);
	free(text);
	return ok ? COMPOSE_DOTENV_OK : COMPOSE_DOTENV_FAILED;
}
