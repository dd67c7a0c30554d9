/* match.c - filepath.Match, gobwas/glob and Helm's .helmignore rules,
 * by backtracking over the pattern (patterns are short; names too). */
#define _POSIX_C_SOURCE 200809L
#include "helm/match.h"
#include "helm/gostr.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

/* ---- character classes ------------------------------------------------------ */

/* A class starting after '[' at p; `neg` is its negation character ('^'
 * for filepath.Match, '!' for gobwas). Sets *end past the ']' and
 * returns whether the rune c is in it; *end is NULL if malformed. */
static bool class_match(const char *p, char neg, uint32_t c, const char **end)
{
	bool negated = *p == neg, hit = false;
	p += negated;
	int n = 0;
	for (;; n++) {
		if (*p == '\0') {
			*end = NULL;
			return false;
		}
		if (*p == ']' && n > 0)
			break;
		size_t size;
		if (*p == '\\' && p[1])
			p++;
		uint32_t lo = gostr_rune(p, strlen(p), &size), hi = lo;
		p += size;
		if (*p == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\' && p[1])
				p++;
			hi = gostr_rune(p, strlen(p), &size);
			p += size;
		}
		if (lo <= c && c <= hi)
			hit = true;
	}
	*end = p + 1;
	return hit != negated;
}

/* ---- filepath.Match ---------------------------------------------------------- */

static bool path_match(const char *p, const char *s)
{
	while (*p) {
		size_t size;
		switch (*p) {
		case '*':
			while (*p == '*')
				p++;
			for (;;) {
				if (path_match(p, s))
					return true;
				if (*s == '\0' || *s == '/')
					return false;
				s++;
			}
		case '?':
			if (*s == '\0' || *s == '/')
				return false;
			gostr_rune(s, strlen(s), &size);
			s += size;
			p++;
			break;
		case '[': {
			if (*s == '\0' || *s == '/')
				return false;
			const char *end;
			bool in = class_match(p + 1, '^', gostr_rune(s, strlen(s), &size), &end);
			if (!end || !in)
				return false;
			s += size;
			p = end;
			break;
		}
		case '\\':
			if (p[1] == '\0')
				return false;
			p++;
			/* fall through */
		default:
			if (*p != *s)
				return false;
			p++;
			s++;
		}
	}
	return *s == '\0';
}

bool helm_path_pattern_ok(const char *p)
{
	for (; *p; p++) {
		if (*p == '\\') {
			if (!*++p)
				return false;
		} else if (*p == '[') {
			const char *end;
			class_match(p + 1, '^', 0, &end);
			if (!end)
				return false;
			p = end - 1;
		}
	}
	return true;
}

bool helm_path_match(const char *pattern, const char *name)
{
	return helm_path_pattern_ok(pattern) && path_match(pattern, name);
}

/* ---- gobwas/glob ------------------------------------------------------------ */

static bool glob_at(const char *p, const char *s);

/* The end of the alternative starting at p (a ',' or the closing '}'). */
static const char *glob_alt_end(const char *p)
{
	int depth = 0;
	for (; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '{')
			depth++;
		else if (*p == '}' && depth-- == 0)
			return p;
		else if (*p == ',' && depth == 0)
			return p;
	}
	return NULL;
}

/* {a,b}: try each alternative followed by what comes after the braces. */
static bool glob_braces(const char *p, const char *s)
{
	const char *close = p;
	while (close && *close != '}')
		close = glob_alt_end(close + 1);
	if (!close)
		return false;
	for (const char *alt = p + 1;;) {
		const char *end = glob_alt_end(alt);
		size_t n = (size_t)(end - alt), m = strlen(close + 1);
		char *tmp = xmalloc(n + m + 1);
		memcpy(tmp, alt, n);
		memcpy(tmp + n, close + 1, m + 1);
		bool hit = glob_at(tmp, s);
		free(tmp);
		if (hit)
			return true;
		if (*end == '}')
			return false;
		alt = end + 1;
	}
}

static bool glob_star(const char *p, const char *s)
{
	bool any = p[1] == '*';
	p += any ? 2 : 1;
	for (;;) {
		if (glob_at(p, s))
			return true;
		if (*s == '\0' || (!any && *s == '/'))
			return false;
		s++;
	}
}

/* Match all of s against p (a brace group is expanded into copies of
 * the pattern, one per alternative). */
static bool glob_at(const char *p, const char *s)
{
	while (*p) {
		size_t size;
		if (*p == '{')
			return glob_braces(p, s);
		if (*p == '*')
			return glob_star(p, s);
		if (*p == '?' || *p == '[') {
			if (*s == '\0' || *s == '/')
				return false;
			uint32_t c = gostr_rune(s, strlen(s), &size);
			if (*p == '[') {
				const char *end;
				if (!class_match(p + 1, '!', c, &end) || !end)
					return false;
				p = end;
			} else {
				p++;
			}
			s += size;
			continue;
		}
		if (*p == '\\' && p[1])
			p++;
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *s == '\0';
}

bool helm_glob_match(const char *pattern, const char *name)
{
	return glob_at(pattern, name);
}

/* ---- .helmignore -------------------------------------------------------------- */

struct ignore_rule {
	const char *pattern;
	bool negate, must_dir, rooted, structural;
	struct ignore_rule *next;
};

struct helm_ignore {
	struct ignore_rule *head, *tail;
};

static void ignore_add(struct arena *a, struct helm_ignore *r, const char *rule)
{
	struct ignore_rule *p = arena_alloc(a, sizeof *p);
	p->negate = rule[0] == '!';
	rule += p->negate;
	size_t n = strlen(rule);
	p->must_dir = n > 0 && rule[n - 1] == '/';
	n -= p->must_dir;
	p->rooted = rule[0] == '/';
	p->structural = !p->rooted && memchr(rule, '/', n) != NULL;
	p->pattern = arena_strndup(a, rule + p->rooted, n - p->rooted);
	if (r->tail)
		r->tail->next = p;
	else
		r->head = p;
	r->tail = p;
}

struct helm_ignore *helm_ignore_parse(struct arena *a, const char *text, size_t len,
				      struct buf *err)
{
	struct helm_ignore *r = arena_alloc(a, sizeof *r);
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		const char *line = text + pos;
		size_t n = end - pos;
		pos = end + 1;
		gostr_trim_space(&line, &n);
		if (n == 0 || line[0] == '#')
			continue;
		char *rule = arena_strndup(a, line, n);
		if (strstr(rule, "**")) {
			buf_adds(err, "double-star (**) syntax is not supported");
			return NULL;
		}
		if (!helm_path_pattern_ok(rule)) {
			buf_adds(err, "syntax error in pattern");
			return NULL;
		}
		ignore_add(a, r, rule);
	}
	return r;
}

void helm_ignore_add_defaults(struct arena *a, struct helm_ignore *r)
{
	ignore_add(a, r, "templates/.?*");
}

static bool ignore_rule_match(const struct ignore_rule *p, const char *path)
{
	if (p->rooted || p->structural)
		return helm_path_match(p->pattern, path);
	const char *base = strrchr(path, '/');
	return helm_path_match(p->pattern, base ? base + 1 : path);
}

/* Helm's Rules.Ignore, including its reading of negation: a negated rule
 * ignores whatever it does not match. */
bool helm_ignore_match(const struct helm_ignore *r, const char *path, bool is_dir)
{
	if (!r || path[0] == '\0' || strcmp(path, ".") == 0 || strcmp(path, "./") == 0)
		return false;
	for (const struct ignore_rule *p = r->head; p; p = p->next) {
		if (p->negate) {
			if (p->must_dir && !is_dir)
				return true;
			if (!ignore_rule_match(p, path))
				return true;
			continue;
		}
		if (p->must_dir && !is_dir)
			continue;
		if (ignore_rule_match(p, path))
			return true;
	}
	return false;
}
