/* resolve.c - PyYAML's implicit resolvers (YAML 1.1), compiled with PCRE2.
 *
 * The patterns are PyYAML's, tried in its registration order; like Python's
 * re, `$` also matches before a final newline. */
#include "yaml/resolve.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/limits.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

static const struct yres_rule {
	enum yres_type type;
	const char *pattern;
} yres_rules[] = {
	{YRES_BOOL, NULL},   /* word lists: see yres_words */
	{YRES_FLOAT, "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
		     "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
		     "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
		     "|[-+]?\\.(?:inf|Inf|INF)"
		     "|\\.(?:nan|NaN|NAN))$"},
	{YRES_INT, "^(?:[-+]?0b[0-1_]+"
		   "|[-+]?0[0-7_]+"
		   "|[-+]?(?:0|[1-9][0-9_]*)"
		   "|[-+]?0x[0-9a-fA-F_]+"
		   "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"},
	{YRES_MERGE, NULL},
	{YRES_NULL, NULL},
	{YRES_TIMESTAMP, "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
			 "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
			 "(?:[Tt]|[ \\t]+)[0-9][0-9]?"
			 ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
			 "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"},
	{YRES_VALUE, NULL},
};

#define YRES_NRULES (sizeof yres_rules / sizeof yres_rules[0])

struct yres {
	pcre2_code *code[YRES_NRULES];
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

struct yres *yres_new(void)
{
	struct yres *r = xmalloc(sizeof *r);
	for (size_t i = 0; i < YRES_NRULES; i++) {
		r->code[i] = NULL;
		if (!yres_rules[i].pattern)
			continue;
		int err;
		PCRE2_SIZE off;
		r->code[i] = pcre2_compile((PCRE2_SPTR)yres_rules[i].pattern,
					   PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
		if (!r->code[i])
			abort(); /* the patterns are constants */
	}
	r->md = pcre2_match_data_create(4, NULL);
	/* The patterns are PyYAML's, without nested repetition: matching is
	 * linear, and the limits (per match, util/limits.h) only guard. A
	 * scalar that reached one would be no number, so it stays a string. */
	r->mctx = pcre2_match_context_create(NULL);
	unsigned long long steps = limit_get(LIMIT_REGEX_STEPS);
	unsigned long long depth = limit_get(LIMIT_REGEX_DEPTH);
	pcre2_set_match_limit(r->mctx, steps > UINT32_MAX ? UINT32_MAX : (uint32_t)steps);
	pcre2_set_depth_limit(r->mctx, depth > UINT32_MAX ? UINT32_MAX : (uint32_t)depth);
	return r;
}

void yres_free(struct yres *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < YRES_NRULES; i++)
		pcre2_code_free(r->code[i]);
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mctx);
	free(r);
}

static bool yres_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* PyYAML only tries a resolver when the first character could start it.
 * The length and digit tests are ours: cheap necessary conditions of each
 * pattern, so most strings never reach PCRE2. */
static bool yres_may_match(enum yres_type t, const char *s, size_t n)
{
	char c = n ? s[0] : '\0';
	const char *d = n && (c == '-' || c == '+') ? s + 1 : s;   /* after a sign */
	size_t dn = n - (size_t)(d - s);
	switch (t) {
	case YRES_BOOL: return n >= 2 && n <= 5 && strchr("yYnNtTfFoO", c);
	case YRES_FLOAT: return dn && (yres_isdigit(d[0]) || d[0] == '.');
	case YRES_INT: return dn && yres_isdigit(d[0]);
	case YRES_MERGE: return n == 2 && c == '<';
	case YRES_NULL: return !n || (n <= 4 && strchr("~nN", c));
	case YRES_TIMESTAMP: return n >= 8 && yres_isdigit(s[0]) && yres_isdigit(s[3]);
	case YRES_VALUE: return n == 1 && c == '=';
	default: return false;
	}
}

/* The bool, null, merge and value patterns are lists of literal words. */
static const char *const yres_words[][19] = {
	[YRES_BOOL] = {"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
		       "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", NULL},
	[YRES_NULL] = {"~", "null", "Null", "NULL", "", NULL},
	[YRES_MERGE] = {"<<", NULL},
	[YRES_VALUE] = {"=", NULL},
};

static bool yres_is_word(enum yres_type t, const char *s, size_t n)
{
	for (const char *const *w = yres_words[t]; *w; w++)
		if ((n ? (*w)[0] == s[0] : !(*w)[0]) && strlen(*w) == n && memcmp(*w, s, n) == 0)
			return true;
	return false;
}

static bool yres_matches(struct yres *r, size_t rule, const char *s, size_t n)
{
	enum yres_type t = yres_rules[rule].type;
	if (yres_words[t][0])
		return yres_is_word(t, s, n);
	return pcre2_match(r->code[rule], (PCRE2_SPTR)s, n, 0, 0, r->md, r->mctx) >= 0;
}

/* Most strings start with a character no resolver accepts. */
static bool yres_may_be_special(const char *s, size_t n)
{
	return !n || strchr("0123456789-+.<=~yYnNtTfFoO", s[0]) != NULL;
}

enum yres_type yres_plain_type(struct yres *r, const char *s, size_t n)
{
	if (!yres_may_be_special(s, n))
		return YRES_STR;
	for (size_t i = 0; i < YRES_NRULES; i++) {
		if (!yres_may_match(yres_rules[i].type, s, n) || !yres_matches(r, i, s, n))
			continue;
		return yres_rules[i].type;
	}
	return YRES_STR;
}

/* Copy s without underscores into a NUL-terminated scratch string. */
static char *yres_strip_underscores(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '_')
			*o++ = s[i];
	*o = '\0';
	return out;
}

/* "1:30:05" style base-60 digits (sign already removed). */
static double yres_sexagesimal(const char *s)
{
	double v = 0;
	for (const char *p = s; *p;) {
		char *end;
		double part = strtod(p, &end);
		v = v * 60 + part;
		p = *end == ':' ? end + 1 : end + strlen(end);
	}
	return v;
}

static struct val *yres_int_value(struct arena *a, const char *s, size_t n,
				  const struct mark *m)
{
	char *t = yres_strip_underscores(a, s, n);
	int sign = 1;
	if (*t == '-' || *t == '+')
		sign = *t++ == '-' ? -1 : 1;
	char *end = NULL;
	long long v;
	if (strcmp(t, "0") == 0)
		v = 0;
	else if (strncmp(t, "0b", 2) == 0)
		v = strtoll(t + 2, &end, 2);
	else if (strncmp(t, "0x", 2) == 0)
		v = strtoll(t + 2, &end, 16);
	else if (t[0] == '0')
		v = strtoll(t + 1, &end, 8);
	else if (strchr(t, ':')) {
		double d = yres_sexagesimal(t);
		/* beyond int64 (or NaN): the cast would be undefined */
		v = d > -9.2e18 && d < 9.2e18 ? (long long)d : LLONG_MAX;
	} else
		v = strtoll(t, &end, 10);
	if (v == LLONG_MAX || v == LLONG_MIN) /* beyond int64: keep the text */
		return val_strn(a, s, n, m);
	return val_int(a, sign * v, m);
}

static struct val *yres_float_value(struct arena *a, const char *s, size_t n,
				    const struct mark *m)
{
	char *t = yres_strip_underscores(a, s, n);
	for (char *p = t; *p; p++)
		*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	double sign = 1;
	if (*t == '-' || *t == '+')
		sign = *t++ == '-' ? -1 : 1;
	double v;
	if (strcmp(t, ".inf") == 0)
		v = INFINITY;
	else if (strcmp(t, ".nan") == 0)
		v = NAN;
	else if (strchr(t, ':'))
		v = yres_sexagesimal(t);
	else
		v = strtod(t, NULL);
	return val_float(a, sign * v, m);
}

struct val *yres_plain_value(struct yres *r, struct arena *a, const char *s,
			     size_t n, const struct mark *m)
{
	switch (yres_plain_type(r, s, n)) {
	case YRES_NULL:
		return val_null(a, m);
	case YRES_BOOL:
		return val_bool(a, strncasecmp(s, "yes", n) == 0 ||
				       strncasecmp(s, "true", n) == 0 ||
				       strncasecmp(s, "on", n) == 0, m);
	case YRES_INT:
		return yres_int_value(a, s, n, m);
	case YRES_FLOAT:
		return yres_float_value(a, s, n, m);
	default:
		return val_strn(a, s, n, m);
	}
}
