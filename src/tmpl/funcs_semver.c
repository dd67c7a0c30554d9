/* funcs_semver.c - Sprig's semver and semverCompare (Masterminds/semver
 * v3): versions as that library reads them ("v1.2", "1.2.3-beta.1+b"),
 * and constraints: = != > < >= <= ~ ~> ^, x, X and * wildcards, "a - b"
 * ranges, AND by space or comma, OR by ||. A version with a prerelease
 * only satisfies a comparison whose own version has one (">= 1.20-0").
 *
 * semver returns a *semver.Version object: a map tagged with that Go type
 * whose fields Major, Minor, Patch, Prerelease, Metadata and Original the
 * templates read. */
#include "tmpl/funcs_int.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

struct sv {
	uint64_t part[3];
	const char *pre, *meta;    /* without - and +; "" when absent */
	size_t prelen, metalen;
};

/* A constraint: an operator, its version, and which parts were wildcards
 * (or left out). */
struct sv_con {
	char op[3];
	struct sv v;
	bool dirty, minor_dirty, patch_dirty;
};

static bool sv_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool sv_ident_char(char c)
{
	return sv_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* [0-9A-Za-z-]+(\.[0-9A-Za-z-]+)* from *i; its length. */
static size_t sv_idents(const char *s, size_t n, size_t *i)
{
	size_t start = *i;
	for (;;) {
		size_t k = *i;
		while (*i < n && sv_ident_char(s[*i]))
			(*i)++;
		if (*i == k) {
			*i = k > start ? k - 1 : start;   /* give back a trailing dot */
			return *i - start;
		}
		if (*i >= n || s[*i] != '.')
			return *i - start;
		(*i)++;
	}
}

/* Prerelease identifiers that are all digits may not start with 0. */
static bool sv_pre_ok(const char *p, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		bool digits = true;
		for (; j < n && p[j] != '.'; j++)
			digits = digits && sv_digit(p[j]);
		if (digits && j - i > 1 && p[i] == '0')
			return false;
		i = j + 1;
	}
	return true;
}

/* One numeric part: digits, or (in constraints) x X *. */
static bool sv_part(const char *s, size_t n, size_t *i, uint64_t *v, bool wild_ok, bool *wild)
{
	*wild = false;
	if (*i < n && wild_ok && strchr("xX*", s[*i]) && s[*i]) {
		(*i)++;
		*wild = true;
		return true;
	}
	if (*i >= n || !sv_digit(s[*i]))
		return false;
	for (*v = 0; *i < n && sv_digit(s[*i]); (*i)++)
		*v = *v * 10 + (uint64_t)(s[*i] - '0');
	return true;
}

/* NewVersion (or a constraint's version when wild_ok): returns the
 * number of parts written (1-3), 0 when not a version, -1 when a numeric
 * prerelease identifier starts with 0. */
static int sv_parse(const char *s, size_t n, struct sv *v, bool wild_ok, bool wild[3])
{
	size_t i = 0;
	int parts = 0;
	memset(v, 0, sizeof *v);
	v->pre = v->meta = "";
	wild[0] = wild[1] = wild[2] = false;
	if (i < n && s[i] == 'v')
		i++;
	for (; parts < 3; parts++) {
		if (parts && (i >= n || s[i] != '.'))
			break;
		size_t at = i + (parts > 0);
		if (!sv_part(s, n, &at, &v->part[parts], wild_ok, &wild[parts]))
			break;
		i = at;
	}
	if (!parts)
		return 0;
	if (i < n && s[i] == '-') {
		i++;
		v->pre = s + i;
		if (!(v->prelen = sv_idents(s, n, &i)))
			return 0;
	}
	if (i < n && s[i] == '+') {
		i++;
		v->meta = s + i;
		if (!(v->metalen = sv_idents(s, n, &i)))
			return 0;
	}
	if (i != n)
		return 0;
	return sv_pre_ok(v->pre, v->prelen) ? parts : -1;
}

/* ---- ordering --------------------------------------------------------------- */

static int sv_cmp_ident(const char *a, size_t an, const char *b, size_t bn)
{
	bool ad = an > 0, bd = bn > 0;
	for (size_t i = 0; i < an; i++)
		ad = ad && sv_digit(a[i]);
	for (size_t i = 0; i < bn; i++)
		bd = bd && sv_digit(b[i]);
	if (ad && bd) {
		unsigned long long x = strtoull(a, NULL, 10), y = strtoull(b, NULL, 10);
		return (x > y) - (x < y);
	}
	if (ad != bd)
		return ad ? -1 : 1;
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? (c > 0) - (c < 0) : (an > bn) - (an < bn);
}

/* Prerelease precedence: none beats any; then identifier by identifier. */
static int sv_cmp_pre(const struct sv *a, const struct sv *b)
{
	if (!a->prelen || !b->prelen)
		return !a->prelen && !b->prelen ? 0 : a->prelen ? -1 : 1;
	size_t i = 0, j = 0;
	while (i < a->prelen && j < b->prelen) {
		size_t ie = i, je = j;
		while (ie < a->prelen && a->pre[ie] != '.')
			ie++;
		while (je < b->prelen && b->pre[je] != '.')
			je++;
		int c = sv_cmp_ident(a->pre + i, ie - i, b->pre + j, je - j);
		if (c)
			return c;
		i = ie + 1, j = je + 1;
	}
	return (i < a->prelen) - (j < b->prelen);
}

static int sv_cmp(const struct sv *a, const struct sv *b)
{
	for (int k = 0; k < 3; k++)
		if (a->part[k] != b->part[k])
			return a->part[k] < b->part[k] ? -1 : 1;
	return sv_cmp_pre(a, b);
}

/* ---- constraints -------------------------------------------------------------- */

static bool sv_check_tilde(const struct sv *v, const struct sv_con *c)
{
	if (sv_cmp(v, &c->v) < 0)
		return false;
	if (!c->v.part[0] && !c->v.part[1] && !c->v.part[2] && !c->minor_dirty && !c->patch_dirty)
		return true;
	return v->part[0] == c->v.part[0] && (v->part[1] == c->v.part[1] || c->minor_dirty);
}

static bool sv_check_caret(const struct sv *v, const struct sv_con *c)
{
	if (sv_cmp(v, &c->v) < 0)
		return false;
	if (c->v.part[0] > 0 || c->minor_dirty)
		return v->part[0] == c->v.part[0];
	if (v->part[0] > 0)
		return false;
	if (c->v.part[1] > 0 || c->patch_dirty)
		return v->part[1] == c->v.part[1];
	if (v->part[1] > 0)
		return false;
	return v->part[2] == c->v.part[2];
}

static bool sv_check_not_equal(const struct sv *v, const struct sv_con *c)
{
	if (c->dirty) {
		if (c->v.part[0] != v->part[0])
			return true;
		if (c->minor_dirty)
			return false;
		if (c->v.part[1] != v->part[1])
			return true;
		if (c->patch_dirty)
			return sv_cmp_pre(v, &c->v) != 0;
	}
	return sv_cmp(v, &c->v) != 0;
}

static bool sv_check_greater(const struct sv *v, const struct sv_con *c)
{
	if (!c->dirty || v->part[0] != c->v.part[0])
		return c->dirty ? v->part[0] > c->v.part[0] : sv_cmp(v, &c->v) > 0;
	if (c->minor_dirty)
		return false;
	if (c->patch_dirty)
		return v->part[1] > c->v.part[1];
	return sv_cmp(v, &c->v) > 0;
}

static bool sv_check_less_equal(const struct sv *v, const struct sv_con *c)
{
	if (!c->dirty)
		return sv_cmp(v, &c->v) <= 0;
	if (v->part[0] > c->v.part[0])
		return false;
	return !(v->part[0] == c->v.part[0] && v->part[1] > c->v.part[1] && !c->minor_dirty);
}

static bool sv_check(const struct sv *v, const struct sv_con *c)
{
	const char *op = c->op;
	if (v->prelen && !c->v.prelen && strcmp(op, "!=") != 0)
		return false;   /* prereleases only where the constraint has one */
	if (!strcmp(op, "") || !strcmp(op, "="))
		return c->dirty ? sv_check_tilde(v, c) : sv_cmp(v, &c->v) == 0;
	if (!strcmp(op, "!="))
		return (!v->prelen || c->v.prelen || !c->dirty) && sv_check_not_equal(v, c);
	if (!strcmp(op, ">"))
		return sv_check_greater(v, c);
	if (!strcmp(op, "<"))
		return sv_cmp(v, &c->v) < 0;
	if (!strcmp(op, ">=") || !strcmp(op, "=>"))
		return sv_cmp(v, &c->v) >= 0;
	if (!strcmp(op, "<=") || !strcmp(op, "=<"))
		return sv_check_less_equal(v, c);
	if (!strcmp(op, "~") || !strcmp(op, "~>"))
		return sv_check_tilde(v, c);
	return sv_check_caret(v, c);
}

static size_t sv_op(const char *s, size_t n, char op[3])
{
	static const char *const ops[] = {"!=", ">=", "=>", "<=", "=<", "~>", "=", ">", "<", "~", "^"};
	for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
		size_t l = strlen(ops[k]);
		if (n >= l && memcmp(s, ops[k], l) == 0) {
			memcpy(op, ops[k], l + 1);
			return l;
		}
	}
	op[0] = '\0';
	return 0;
}

static bool sv_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* parseConstraint: OP VERSION with wildcards and missing parts turned
 * into zeros (the version then "dirty"). */
static bool sv_constraint(const char *s, size_t n, struct sv_con *c)
{
	size_t i = sv_op(s, n, c->op);
	bool wild[3];
	while (i < n && sv_space(s[i]))
		i++;
	int parts = sv_parse(s + i, n - i, &c->v, true, wild);
	if (parts <= 0)
		return false;
	c->dirty = c->minor_dirty = c->patch_dirty = false;
	if (wild[0]) {
		c->dirty = true;
		c->v.part[0] = c->v.part[1] = c->v.part[2] = 0;
	} else if (parts < 2 || wild[1]) {
		c->dirty = c->minor_dirty = true;
		c->v.part[1] = c->v.part[2] = 0;
	} else if (parts < 3 || wild[2]) {
		c->dirty = c->patch_dirty = true;
		c->v.part[2] = 0;
	}
	return true;
}

/* The end of one `OP VERSION` term starting at i (skipping blanks). */
static size_t sv_term_end(const char *s, size_t n, size_t i)
{
	char op[3];
	i += sv_op(s + i, n - i, op);
	while (i < n && sv_space(s[i]))
		i++;
	while (i < n && !sv_space(s[i]) && s[i] != ',')
		i++;
	return i;
}

/* One || alternative: every term must hold. -1 malformed. */
static int sv_check_and(const struct sv *v, const char *s, size_t n)
{
	size_t i = 0;
	bool all = true, any = false;
	while (i < n) {
		while (i < n && (sv_space(s[i]) || (any && s[i] == ',')))
			i++;
		if (i >= n)
			break;
		size_t end = sv_term_end(s, n, i);
		struct sv_con c;
		if (!sv_constraint(s + i, end - i, &c))
			return -1;
		all = all && sv_check(v, &c);
		any = true;
		i = end;
	}
	return any ? all : -1;
}

/* "a - b" ranges become ">= a, <= b". */
static void sv_rewrite_ranges(const char *s, size_t n, struct buf *out)
{
	for (size_t i = 0; i < n;) {
		const char *dash = NULL;
		for (size_t k = i; k + 2 < n; k++)
			if (s[k] == ' ' && s[k + 1] == '-' && s[k + 2] == ' ') {
				dash = s + k;
				break;
			}
		if (!dash) {
			buf_add(out, s + i, n - i);
			return;
		}
		size_t d = (size_t)(dash - s), a = d;
		while (a > i && !sv_space(s[a - 1]) && s[a - 1] != ',' && s[a - 1] != '|')
			a--;
		size_t b = d + 3;
		while (b < n && sv_space(s[b]))
			b++;
		size_t e = b;
		while (e < n && !sv_space(s[e]) && s[e] != ',' && s[e] != '|')
			e++;
		buf_add(out, s + i, a - i);
		buf_addf(out, ">= %.*s, <= %.*s", (int)(d - a), s + a, (int)(e - b), s + b);
		i = e;
	}
}

/* ---- the functions ------------------------------------------------------------- */

static const char *sv_error(int parts)
{
	return parts < 0 ? "version segment starts with 0" : "invalid semantic version";
}

/* Run every || alternative against v (NULL: only check the syntax).
 * Returns 1/0, or -1 with *bad and *badlen the malformed alternative. */
static int sv_check_or(const struct sv *v, const struct buf *s, const char **bad, size_t *badlen)
{
	static const struct sv any;
	const char *p = s->p ? s->p : "";
	int result = 0;
	for (size_t i = 0;;) {
		const char *bar = strstr(p + i, "||");
		size_t end = bar ? (size_t)(bar - p) : s->len;
		int m = sv_check_and(v ? v : &any, p + i, end - i);
		if (m < 0) {
			*bad = p + i;
			*badlen = end - i;
			return -1;
		}
		result = result || (v && m == 1);
		if (!bar)
			return result;
		i = end + 2;
	}
}

/* semverCompare CONSTRAINT VERSION: the constraint is read first (its
 * error wins), then the version. */
int tmplfn_fn_semvercompare(struct tmpl_call *c, struct val **r)
{
	const struct val *con = c->argv[0], *ver = c->argv[1];
	struct buf s = BUF_INIT;
	const char *bad;
	size_t badlen;
	struct sv v;
	bool wild[3];
	int rc = 0;
	sv_rewrite_ranges(con->str.s, con->str.len, &s);
	int parts;
	if (sv_check_or(NULL, &s, &bad, &badlen) < 0)
		rc = tmpl_call_fail(c, "improper constraint: %.*s", (int)badlen, bad);
	else if ((parts = sv_parse(ver->str.s, ver->str.len, &v, false, wild)) <= 0)
		rc = tmpl_call_fail(c, "%s", sv_error(parts));
	else
		*r = tmplfn_bool(c, sv_check_or(&v, &s, &bad, &badlen) == 1);
	buf_free(&s);
	return rc;
}

int tmplfn_fn_semver(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	struct sv v;
	bool wild[3];
	int parts = sv_parse(s->str.s, s->str.len, &v, false, wild);
	if (parts <= 0)
		return tmpl_call_fail(c, "%s", sv_error(parts));
	static const char *const names[] = {"Major", "Minor", "Patch"};
	struct val *o = tmplfn_map(c);
	o->tag = "*semver.Version";
	for (int k = 0; k < 3; k++)
		val_map_set(c->arena, o, names[k], tmplfn_int64(c, (int64_t)v.part[k]));
	val_map_set(c->arena, o, "Prerelease", tmplfn_str(c, v.pre, v.prelen));
	val_map_set(c->arena, o, "Metadata", tmplfn_str(c, v.meta, v.metalen));
	val_map_set(c->arena, o, "Original", c->argv[0]);
	*r = o;
	return 0;
}
