/* semver.c - Masterminds/semver v3 as Helm uses it: is a chart version
 * valid, and does the Kubernetes version satisfy Chart.yaml's kubeVersion
 * (comparisons, ~ ^ wildcards, hyphen ranges, || and , / space). The
 * Kubernetes version is always a release (no prerelease part), which
 * keeps prerelease matching out of the picture. */
#define _POSIX_C_SOURCE 200809L
#include "helm/chart.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

struct sv_version {
	long part[3];
	bool given[3];      /* written (not a wildcard, not left out) */
};

/* dot-separated identifiers of [0-9A-Za-z-]; numeric ones without
 * leading zeros when `numeric_rule` (prerelease) */
static bool sv_idents(const char *s, size_t n, bool numeric_rule)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		bool digits = true;
		while (j < n && s[j] != '.') {
			if (!isalnum((unsigned char)s[j]) && s[j] != '-')
				return false;
			digits &= isdigit((unsigned char)s[j]) != 0;
			j++;
		}
		if (j == i || (numeric_rule && digits && s[i] == '0' && j - i > 1))
			return false;
		i = j + 1;
		if (j < n && i == n)
			return false;   /* a trailing dot */
	}
	return true;
}

bool helm_semver_valid(const char *v)
{
	const char *p = v + (*v == 'v');
	for (int i = 0; i < 3; i++) {
		size_t d = strspn(p, "0123456789");
		if (d == 0)
			return false;
		p += d;
		if (*p != '.' || i == 2)
			break;
		p++;
	}
	const char *plus = strchr(p, '+');
	if (*p == '-') {
		size_t n = plus ? (size_t)(plus - p - 1) : strlen(p + 1);
		if (!sv_idents(p + 1, n, true))
			return false;
		p += 1 + n;
	}
	if (*p == '+')
		return sv_idents(p + 1, strlen(p + 1), false);
	return *p == '\0';
}

/* A version in a constraint: parts may be x, X, * or missing. */
static bool sv_parse(const char *s, size_t n, struct sv_version *v)
{
	memset(v, 0, sizeof *v);
	size_t i = s[0] == 'v' ? 1 : 0;
	for (int k = 0; k < 3 && i < n; k++) {
		if (strchr("xX*", s[i])) {
			i++;
		} else {
			size_t d = 0;
			while (i + d < n && isdigit((unsigned char)s[i + d]))
				d++;
			if (d == 0)
				return false;
			v->part[k] = strtol(s + i, NULL, 10);
			v->given[k] = true;
			i += d;
		}
		if (i < n && s[i] == '.' && k < 2)
			i++;
		else
			break;
	}
	/* a prerelease or build suffix does not change a release comparison */
	return i == n || s[i] == '-' || s[i] == '+';
}

static int sv_cmp(const struct sv_version *a, const struct sv_version *b)
{
	for (int k = 0; k < 3; k++)
		if (a->part[k] != b->part[k])
			return a->part[k] < b->part[k] ? -1 : 1;
	return 0;
}

static bool sv_dirty(const struct sv_version *c)
{
	return !c->given[0] || !c->given[1] || !c->given[2];
}

/* =, or a bare version: the written parts must be equal. */
static bool sv_equal(const struct sv_version *v, const struct sv_version *c)
{
	for (int k = 0; k < 3; k++)
		if (c->given[k] && v->part[k] != c->part[k])
			return false;
	return true;
}

static bool sv_tilde(const struct sv_version *v, const struct sv_version *c)
{
	if (sv_cmp(v, c) < 0 || v->part[0] != c->part[0])
		return false;
	return !c->given[1] || v->part[1] == c->part[1];
}

static bool sv_caret(const struct sv_version *v, const struct sv_version *c)
{
	if (sv_cmp(v, c) < 0)
		return false;
	if (c->part[0] > 0 || !c->given[1])
		return v->part[0] == c->part[0];
	if (c->part[1] > 0 || !c->given[2])
		return v->part[0] == 0 && v->part[1] == c->part[1];
	return v->part[0] == 0 && v->part[1] == 0 && v->part[2] == c->part[2];
}

static bool sv_check(const char *op, const struct sv_version *v, const struct sv_version *c)
{
	int cmp = sv_cmp(v, c);
	if (!*op || strcmp(op, "=") == 0)
		return sv_equal(v, c);
	if (strcmp(op, "!=") == 0)
		return !sv_equal(v, c);
	if (strcmp(op, ">") == 0) {
		if (!sv_dirty(c))
			return cmp > 0;
		if (v->part[0] != c->part[0])
			return v->part[0] > c->part[0];
		return c->given[1] && (v->part[1] > c->part[1] ||
				       (v->part[1] == c->part[1] && c->given[2] && cmp > 0));
	}
	if (strcmp(op, ">=") == 0 || strcmp(op, "=>") == 0)
		return cmp >= 0;
	if (strcmp(op, "<") == 0)
		return cmp < 0;
	if (strcmp(op, "<=") == 0 || strcmp(op, "=<") == 0)
		return cmp <= 0 || (sv_dirty(c) && sv_equal(v, c));
	if (strcmp(op, "~") == 0 || strcmp(op, "~>") == 0)
		return sv_tilde(v, c);
	return sv_caret(v, c);   /* ^ */
}

/* One comparison "OP VERSION" at *s; advances past it. -1 if malformed. */
static int sv_one(const char **s, const struct sv_version *v)
{
	const char *p = *s;
	char op[3] = "";
	size_t n = strspn(p, "=!<>~^");
	if (n > 2)
		return -1;
	memcpy(op, p, n);
	op[n] = '\0';
	p += n;
	p += strspn(p, " ");
	size_t len = strcspn(p, " ,|");
	struct sv_version c;
	if (len == 0 || !sv_parse(p, len, &c))
		return -1;
	*s = p + len;
	static const char *const ops[] = {"", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~",
					  "~>", "^", NULL};
	for (int i = 0; ops[i]; i++)
		if (strcmp(op, ops[i]) == 0)
			return sv_check(op, v, &c);
	return -1;
}

/* "A - B": an inclusive range. Returns -1 when `s` is not one. */
static int sv_hyphen(const char *s, size_t n, const struct sv_version *v)
{
	const char *dash = NULL;
	for (size_t i = 1; i + 2 < n; i++)
		if (s[i] == ' ' && s[i + 1] == '-' && s[i + 2] == ' ')
			dash = s + i;
	if (!dash)
		return -1;
	struct sv_version lo, hi;
	const char *b = dash + 3;
	while (*b == ' ')
		b++;
	if (!sv_parse(s, (size_t)(dash - s), &lo) || !sv_parse(b, n - (size_t)(b - s), &hi))
		return 0;
	return sv_cmp(v, &lo) >= 0 && (sv_cmp(v, &hi) <= 0 || (sv_dirty(&hi) && sv_equal(v, &hi)));
}

/* An AND group: comparisons separated by commas or spaces. */
static int sv_group(const char *s, size_t n, const struct sv_version *v)
{
	while (n && s[0] == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 0)
		return -1;
	int h = sv_hyphen(s, n, v);
	if (h >= 0)
		return h;
	char *text = strndup(s, n);
	const char *p = text;
	int all = 1;
	while (*p) {
		int r = sv_one(&p, v);
		if (r < 0) {
			all = -1;
			break;
		}
		all &= r;
		p += strspn(p, " ,");
	}
	free(text);
	return all;
}

bool helm_semver_satisfies(const char *constraint, const char *version)
{
	struct sv_version v;
	if (!sv_parse(version, strlen(version), &v))
		return false;
	bool any = false;
	for (const char *s = constraint;;) {
		const char *bar = strstr(s, "||");
		size_t n = bar ? (size_t)(bar - s) : strlen(s);
		int r = sv_group(s, n, &v);
		if (r < 0)
			return false;   /* a constraint that does not parse */
		any |= r == 1;
		if (!bar)
			return any;
		s = bar + 2;
	}
}
