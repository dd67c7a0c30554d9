/* funcs_string.c - Sprig's defaults and string functions: default empty
 * coalesce all any ternary, quote squote, case, trim, trunc, replace,
 * split, join, repeat, indent, nospace, cat, toString, substr, abbrev...
 *
 * Strings are Go strings: bytes, UTF-8 by convention; functions that
 * slice (trunc, substr, abbrev) count bytes as Go does, those that map
 * runes (upper, title) turn invalid bytes into U+FFFD as strings.Map
 * does. Case mapping is Unicode's simple mapping, taken from the C.UTF-8
 * locale (ASCII only if that locale is missing). Go's panics become the
 * function's error with the runtime's text. */
#define _POSIX_C_SOURCE 200809L
#include "tmpl/funcs_int.h"
#include "tmpl/gofmt.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wctype.h>

/* ---- defaults ------------------------------------------------------------ */

int tmplfn_fn_default_(struct tmpl_call *c, struct val **r)
{
	bool unset = c->argc < 2 || tmplfn_empty(c->argv[1]);
	*r = unset ? c->argv[0] : c->argv[1];
	return 0;
}

int tmplfn_fn_empty(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_empty(c->argv[0]));
	return 0;
}

int tmplfn_fn_coalesce(struct tmpl_call *c, struct val **r)
{
	for (size_t i = 0; i < c->argc; i++) {
		if (!tmplfn_empty(c->argv[i])) {
			*r = c->argv[i];
			return 0;
		}
	}
	*r = tmplfn_null(c);
	return 0;
}

int tmplfn_fn_all(struct tmpl_call *c, struct val **r)
{
	bool all = true;
	for (size_t i = 0; i < c->argc && all; i++)
		all = !tmplfn_empty(c->argv[i]);
	*r = tmplfn_bool(c, all);
	return 0;
}

int tmplfn_fn_any(struct tmpl_call *c, struct val **r)
{
	bool any = false;
	for (size_t i = 0; i < c->argc && !any; i++)
		any = !tmplfn_empty(c->argv[i]);
	*r = tmplfn_bool(c, any);
	return 0;
}

int tmplfn_fn_ternary(struct tmpl_call *c, struct val **r)
{
	*r = c->argv[2]->b ? c->argv[0] : c->argv[1];
	return 0;
}

int tmplfn_fn_fail(struct tmpl_call *c, struct val **r)
{
	(void)r;
	return tmpl_call_fail(c, "%.*s", (int)c->argv[0]->str.len, c->argv[0]->str.s);
}

/* ---- quoting and joining ------------------------------------------------ */

/* quote: %q of each non-nil argument's strval, space-separated. */
int tmplfn_fn_quote(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT, s = BUF_INIT;
	bool first = true;
	for (size_t i = 0; i < c->argc; i++) {
		if (c->argv[i]->kind == VAL_NULL)
			continue;
		buf_reset(&s);
		tmplfn_strval(&s, c->argv[i]);
		buf_adds(&out, first ? "" : " ");
		gofmt_quote(&out, s.p ? s.p : "", s.len);
		first = false;
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	buf_free(&s);
	return 0;
}

/* squote: '%v' of each non-nil argument, space-separated. */
int tmplfn_fn_squote(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	bool first = true;
	for (size_t i = 0; i < c->argc; i++) {
		if (c->argv[i]->kind == VAL_NULL)
			continue;
		buf_adds(&out, first ? "'" : " '");
		gofmt_value(&out, c->argv[i]);
		buf_addc(&out, '\'');
		first = false;
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

/* cat: the non-nil arguments' %v, space-separated. */
int tmplfn_fn_cat(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < c->argc; i++) {
		if (c->argv[i]->kind == VAL_NULL)
			continue;
		if (out.len)
			buf_addc(&out, ' ');
		gofmt_value(&out, c->argv[i]);
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_tostring(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	tmplfn_strval(&out, c->argv[0]);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_tostrings(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_strslice(c, c->argv[0]);
	return 0;
}

int tmplfn_fn_join(struct tmpl_call *c, struct val **r)
{
	const struct val *sep = c->argv[0], *l = tmplfn_strslice(c, c->argv[1]);
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < l->seq.n; i++) {
		if (i)
			buf_add(&out, sep->str.s, sep->str.len);
		buf_add(&out, l->seq.items[i]->str.s, l->seq.items[i]->str.len);
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

/* ---- case ----------------------------------------------------------------- */

/* unicode.ToTitle: upper case but for the digraphs, which have their own
 * title forms (ǆ -> ǅ). */
static wint_t tmplfn_totitle(wint_t r, locale_t loc)
{
	static const wint_t digraphs[][2] = {
		{0x01C4, 0x01C5}, {0x01C7, 0x01C8}, {0x01CA, 0x01CB}, {0x01F1, 0x01F2}};
	for (size_t i = 0; i < sizeof digraphs / sizeof digraphs[0]; i++)
		if (r >= digraphs[i][0] && r <= digraphs[i][0] + 2)
			return digraphs[i][1];
	return towupper_l(r, loc);
}

enum tmplfn_case { CASE_UPPER, CASE_LOWER, CASE_TITLE };

static int32_t tmplfn_map_rune(int32_t r, enum tmplfn_case how, locale_t loc)
{
	if (r < 0x80 || !loc) {
		if (how == CASE_LOWER)
			return r >= 'A' && r <= 'Z' ? r + 32 : r;
		return r >= 'a' && r <= 'z' ? r - 32 : r;
	}
	if (how == CASE_LOWER)
		return (int32_t)towlower_l((wint_t)r, loc);
	return (int32_t)(how == CASE_TITLE ? tmplfn_totitle((wint_t)r, loc)
					   : towupper_l((wint_t)r, loc));
}


/* strings.Title's isSeparator: ASCII non-alphanumerics (but _), and
 * beyond ASCII the spaces. */
static bool tmplfn_title_separator(int32_t r)
{
	if (r < 0x80)
		return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') ||
			 (r >= 'A' && r <= 'Z') || r == '_');
	return tmplfn_is_space(r);
}

/* strings.ToUpper/ToLower/Title: rune by rune; ASCII-only text keeps
 * its bytes, otherwise invalid bytes become U+FFFD (strings.Map). */
static struct val *tmplfn_recase(struct tmpl_call *c, const struct val *s,
				 enum tmplfn_case how)
{
	locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	struct buf out = BUF_INIT;
	int32_t prev = ' ';
	size_t len;
	for (size_t i = 0; i < s->str.len; i += len) {
		int32_t r = goyaml_utf8_decode(s->str.s + i, s->str.len - i, &len);
		if (r < 0)
			r = 0xFFFD;
		int32_t m = r;
		if (how != CASE_TITLE || tmplfn_title_separator(prev))
			m = tmplfn_map_rune(r, how, loc);
		prev = r;
		buf_add_utf8(&out, m);
	}
	if (loc)
		freelocale(loc);
	struct val *v = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return v;
}

int tmplfn_fn_upper(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_recase(c, c->argv[0], CASE_UPPER);
	return 0;
}

int tmplfn_fn_lower(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_recase(c, c->argv[0], CASE_LOWER);
	return 0;
}

int tmplfn_fn_title(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_recase(c, c->argv[0], CASE_TITLE);
	return 0;
}

/* goutils.Uncapitalize: the first rune of each space-separated word
 * lower-cased. */
int tmplfn_fn_untitle(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	struct buf out = BUF_INIT;
	bool next = true;
	size_t len;
	for (size_t i = 0; i < s->str.len; i += len) {
		int32_t ch = goyaml_utf8_decode(s->str.s + i, s->str.len - i, &len);
		if (ch < 0)
			ch = 0xFFFD;
		if (tmplfn_is_space(ch)) {
			next = true;
		} else if (next) {
			ch = tmplfn_map_rune(ch, CASE_LOWER, loc);
			next = false;
		}
		buf_add_utf8(&out, ch);
	}
	if (loc)
		freelocale(loc);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

/* ---- trimming ---------------------------------------------------------- */

static bool tmplfn_rune_at_end(const char *s, size_t n, int32_t *r, size_t *len)
{
	/* back up to the start of the last rune, as utf8.DecodeLastRune */
	size_t start = n - 1, lim = n >= 4 ? n - 4 : 0;
	while (start > lim && ((unsigned char)s[start] & 0xC0) == 0x80)
		start--;
	*r = goyaml_utf8_decode(s + start, n - start, len);
	if (*r < 0 || start + *len != n) {
		*r = 0xFFFD;
		*len = 1;
	}
	return true;
}

int tmplfn_fn_trim(struct tmpl_call *c, struct val **r)
{
	const char *s = c->argv[0]->str.s;
	size_t n = c->argv[0]->str.len, len;
	int32_t rune;
	while (n) {
		rune = goyaml_utf8_decode(s, n, &len);
		if (!tmplfn_is_space(rune))
			break;
		s += len, n -= len;
	}
	while (n && tmplfn_rune_at_end(s, n, &rune, &len) && tmplfn_is_space(rune))
		n -= len;
	*r = tmplfn_str(c, s, n);
	return 0;
}

/* strings.ContainsRune(cutset, r); invalid bytes on either side count
 * as U+FFFD. */
static bool tmplfn_in_cutset(const struct val *cut, int32_t r)
{
	size_t len;
	for (size_t k = 0; k < cut->str.len; k += len) {
		int32_t cr = goyaml_utf8_decode(cut->str.s + k, cut->str.len - k, &len);
		if ((cr < 0 ? 0xFFFD : cr) == r)
			return true;
	}
	return false;
}

/* trimAll CUTSET S: strings.Trim(S, CUTSET). */
int tmplfn_fn_trimall(struct tmpl_call *c, struct val **r)
{
	const struct val *cut = c->argv[0];
	const char *s = c->argv[1]->str.s;
	size_t n = c->argv[1]->str.len, len;
	int32_t rune;
	while (n) {
		rune = goyaml_utf8_decode(s, n, &len);
		if (!tmplfn_in_cutset(cut, rune < 0 ? 0xFFFD : rune))
			break;
		s += len, n -= len;
	}
	while (n && tmplfn_rune_at_end(s, n, &rune, &len) && tmplfn_in_cutset(cut, rune))
		n -= len;
	*r = tmplfn_str(c, s, n);
	return 0;
}

static bool tmplfn_has_prefix(const struct val *s, const struct val *p)
{
	return s->str.len >= p->str.len && memcmp(s->str.s, p->str.s, p->str.len) == 0;
}

static bool tmplfn_has_suffix(const struct val *s, const struct val *p)
{
	return s->str.len >= p->str.len &&
	       memcmp(s->str.s + s->str.len - p->str.len, p->str.s, p->str.len) == 0;
}

int tmplfn_fn_trimprefix(struct tmpl_call *c, struct val **r)
{
	const struct val *p = c->argv[0], *s = c->argv[1];
	*r = tmplfn_has_prefix(s, p) ? tmplfn_str(c, s->str.s + p->str.len, s->str.len - p->str.len)
				     : c->argv[1];
	return 0;
}

int tmplfn_fn_trimsuffix(struct tmpl_call *c, struct val **r)
{
	const struct val *p = c->argv[0], *s = c->argv[1];
	*r = tmplfn_has_suffix(s, p) ? tmplfn_str(c, s->str.s, s->str.len - p->str.len)
				     : c->argv[1];
	return 0;
}

int tmplfn_fn_hasprefix(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_has_prefix(c->argv[1], c->argv[0]));
	return 0;
}

int tmplfn_fn_hassuffix(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_bool(c, tmplfn_has_suffix(c->argv[1], c->argv[0]));
	return 0;
}

/* strings.Index over bytes; -1 when absent. */
static long tmplfn_index(const char *s, size_t n, const char *sub, size_t m, size_t from)
{
	if (m == 0)
		return (long)from;
	for (size_t i = from; i + m <= n; i++)
		if (s[i] == sub[0] && memcmp(s + i, sub, m) == 0)
			return (long)i;
	return -1;
}

int tmplfn_fn_contains(struct tmpl_call *c, struct val **r)
{
	const struct val *sub = c->argv[0], *s = c->argv[1];
	*r = tmplfn_bool(c, tmplfn_index(s->str.s, s->str.len, sub->str.s, sub->str.len, 0) >= 0);
	return 0;
}

/* ---- replace, split ------------------------------------------------------- */

/* strings.Replace(src, old, new, -1); an empty old inserts new before
 * every rune and at the end. */
int tmplfn_fn_replace(struct tmpl_call *c, struct val **r)
{
	const struct val *old = c->argv[0], *nw = c->argv[1], *src = c->argv[2];
	struct buf out = BUF_INIT;
	size_t i = 0, len;
	if (old->str.len == 0) {
		for (; i < src->str.len; i += len) {
			buf_add(&out, nw->str.s, nw->str.len);
			goyaml_utf8_decode(src->str.s + i, src->str.len - i, &len);
			buf_add(&out, src->str.s + i, len);
		}
		buf_add(&out, nw->str.s, nw->str.len);
	} else {
		long at;
		while ((at = tmplfn_index(src->str.s, src->str.len, old->str.s, old->str.len, i)) >= 0) {
			buf_add(&out, src->str.s + i, (size_t)at - i);
			buf_add(&out, nw->str.s, nw->str.len);
			i = (size_t)at + old->str.len;
		}
		buf_add(&out, src->str.s + i, src->str.len - i);
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

/* strings.SplitN(s, sep, n) into a []string: n < 0 all parts, n == 0
 * none, else at most n; an empty sep splits into runes. */
static struct val *tmplfn_split_n(struct tmpl_call *c, const struct val *s,
				  const struct val *sep, long n)
{
	struct val *out = tmplfn_strings(c);
	size_t i = 0, len;
	if (n == 0)
		return out;
	if (sep->str.len == 0) {
		for (; i < s->str.len; i += len) {
			goyaml_utf8_decode(s->str.s + i, s->str.len - i, &len);
			if (n > 0 && (long)out->seq.n == n - 1)
				len = s->str.len - i;
			val_seq_push(c->arena, out, tmplfn_str(c, s->str.s + i, len));
		}
		return out;
	}
	long at;
	while ((n < 0 || (long)out->seq.n < n - 1) &&
	       (at = tmplfn_index(s->str.s, s->str.len, sep->str.s, sep->str.len, i)) >= 0) {
		val_seq_push(c->arena, out, tmplfn_str(c, s->str.s + i, (size_t)at - i));
		i = (size_t)at + sep->str.len;
	}
	val_seq_push(c->arena, out, tmplfn_str(c, s->str.s + i, s->str.len - i));
	return out;
}

/* split's map: _0, _1... (Go's map[string]string). */
static struct val *tmplfn_split_map(struct tmpl_call *c, const struct val *parts)
{
	struct val *m = tmplfn_map(c);
	for (size_t i = 0; i < parts->seq.n; i++) {
		char key[32];
		snprintf(key, sizeof key, "_%zu", i);
		val_map_set(c->arena, m, key, parts->seq.items[i]);
	}
	return m;
}

int tmplfn_fn_splitlist(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_split_n(c, c->argv[1], c->argv[0], -1);
	return 0;
}

int tmplfn_fn_split(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_split_map(c, tmplfn_split_n(c, c->argv[1], c->argv[0], -1));
	return 0;
}

int tmplfn_fn_splitn(struct tmpl_call *c, struct val **r)
{
	*r = tmplfn_split_map(c, tmplfn_split_n(c, c->argv[2], c->argv[0], (long)c->argv[1]->i));
	return 0;
}

/* ---- repeat, indent, nospace ---------------------------------------------- */

/* strings.Repeat, refusing a negative count as Go does and anything past
 * 1 GiB (Go would try to allocate it). */
static int tmplfn_repeat(struct tmpl_call *c, struct buf *out, const char *s, size_t n,
			 int64_t count)
{
	if (count < 0)
		return tmpl_call_fail(c, "strings: negative Repeat count");
	if (n && (uint64_t)count > (1u << 30) / n)
		return tmpl_call_fail(c, "strings: Repeat output length overflow");
	for (int64_t i = 0; i < count; i++)
		buf_add(out, s, n);
	return 0;
}

int tmplfn_fn_repeat(struct tmpl_call *c, struct val **r)
{
	struct buf out = BUF_INIT;
	int rc = tmplfn_repeat(c, &out, c->argv[1]->str.s, c->argv[1]->str.len, c->argv[0]->i);
	if (rc == 0)
		*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return rc;
}

static int tmplfn_indent(struct tmpl_call *c, struct val **r, bool newline)
{
	const struct val *s = c->argv[1];
	struct buf pad = BUF_INIT, out = BUF_INIT;
	int rc = tmplfn_repeat(c, &pad, " ", 1, c->argv[0]->i);
	if (rc == 0) {
		if (newline)
			buf_addc(&out, '\n');
		buf_add(&out, buf_str(&pad), pad.len);
		const char *p = s->str.s, *end = p + s->str.len;
		for (const char *nl; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
			buf_add(&out, p, (size_t)(nl + 1 - p));
			buf_add(&out, buf_str(&pad), pad.len);
		}
		buf_add(&out, p, (size_t)(end - p));
		*r = tmplfn_buf_str(c, &out);
	}
	buf_free(&pad);
	buf_free(&out);
	return rc;
}

int tmplfn_fn_indent(struct tmpl_call *c, struct val **r)
{
	return tmplfn_indent(c, r, false);
}

int tmplfn_fn_nindent(struct tmpl_call *c, struct val **r)
{
	return tmplfn_indent(c, r, true);
}

/* goutils.DeleteWhiteSpace works on bytes taken as runes: it drops the
 * bytes that are spaces as Latin-1 (0x85 and 0xA0 too, even inside a
 * UTF-8 sequence) and re-encodes every other byte >= 0x80 as a rune. */
int tmplfn_fn_nospace(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	struct buf out = BUF_INIT;
	size_t kept = 0;
	for (size_t i = 0; i < s->str.len; i++) {
		unsigned char b = (unsigned char)s->str.s[i];
		if (tmplfn_is_space(b))
			continue;
		buf_add_utf8(&out, b);
		kept++;
	}
	*r = kept == s->str.len ? c->argv[0] : tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

/* ---- slicing by bytes ------------------------------------------------------ */

int tmplfn_fn_trunc(struct tmpl_call *c, struct val **r)
{
	int64_t n = c->argv[0]->i, len = (int64_t)c->argv[1]->str.len;
	const char *s = c->argv[1]->str.s;
	if (n < 0 && len + n > 0)
		*r = tmplfn_str(c, s + len + n, (size_t)-n);
	else if (n >= 0 && len > n)
		*r = tmplfn_str(c, s, (size_t)n);
	else
		*r = c->argv[1];
	return 0;
}

/* s[lo:hi] with Go's bounds checks and panic texts; hi < 0 means s[lo:]. */
static int tmplfn_slice_str(struct tmpl_call *c, struct val **r, const struct val *s,
			    int64_t lo, int64_t hi, bool has_lo)
{
	int64_t len = (int64_t)s->str.len;
	if (hi > len)
		return tmpl_call_fail(c, "runtime error: slice bounds out of range [:%lld] "
				      "with length %lld", (long long)hi, (long long)len);
	if (hi < 0 && !has_lo)
		return tmpl_call_fail(c, "runtime error: slice bounds out of range [:%lld]",
				      (long long)hi);
	if (hi < 0)
		hi = len;
	if (lo > hi)
		return tmpl_call_fail(c, "runtime error: slice bounds out of range [%lld:%lld]",
				      (long long)lo, (long long)hi);
	*r = tmplfn_str(c, s->str.s + lo, (size_t)(hi - lo));
	return 0;
}

/* substr START END S: s[:end] when start < 0, s[start:] when end < 0 or
 * beyond the string, else s[start:end]. */
int tmplfn_fn_substr(struct tmpl_call *c, struct val **r)
{
	int64_t start = c->argv[0]->i, end = c->argv[1]->i;
	const struct val *s = c->argv[2];
	if (start < 0)
		return tmplfn_slice_str(c, r, s, 0, end, false);
	if (end < 0 || end > (int64_t)s->str.len)
		return tmplfn_slice_str(c, r, s, start, -1, true);
	return tmplfn_slice_str(c, r, s, start, end, true);
}

/* goutils.AbbreviateFull by bytes; "" (the error case) below the minimum
 * widths. */
static void tmplfn_abbreviate(struct buf *out, const char *s, size_t n, int64_t off, int64_t w)
{
	int64_t len = (int64_t)n;
	if (n == 0 || w < 4)
		return;
	if (len <= w) {
		buf_add(out, s, n);
		return;
	}
	if (off > len)
		off = len;
	if (len - off < w - 3)
		off = len - (w - 3);
	if (off <= 4) {
		buf_add(out, s, (size_t)(w - 3));
		buf_adds(out, "...");
		return;
	}
	if (w < 7)
		return;
	buf_adds(out, "...");
	if (off + w - 3 < len)
		tmplfn_abbreviate(out, s + off, n - (size_t)off, 0, w - 3);
	else
		buf_add(out, s + len - (w - 3), (size_t)(w - 3));
}

int tmplfn_fn_abbrev(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[1];
	if (c->argv[0]->i < 4) {
		*r = c->argv[1];
		return 0;
	}
	struct buf out = BUF_INIT;
	tmplfn_abbreviate(&out, s->str.s, s->str.len, 0, c->argv[0]->i);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_abbrevboth(struct tmpl_call *c, struct val **r)
{
	int64_t left = c->argv[0]->i, right = c->argv[1]->i;
	const struct val *s = c->argv[2];
	if (right < 4 || (left > 0 && right < 7)) {
		*r = c->argv[2];
		return 0;
	}
	struct buf out = BUF_INIT;
	tmplfn_abbreviate(&out, s->str.s, s->str.len, left, right);
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}

int tmplfn_fn_plural(struct tmpl_call *c, struct val **r)
{
	*r = c->argv[2]->i == 1 ? c->argv[0] : c->argv[1];
	return 0;
}
