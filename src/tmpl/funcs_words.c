/* funcs_words.c - Sprig's word-level string functions: swapcase,
 * initials, wrap, wrapWith (from goutils) and snakecase, kebabcase,
 * camelcase (from xstrings: its word splitter, "HTTPServer" is two words,
 * numbers stick to the word before them).
 *
 * goutils works on bytes taken as runes (initials of "élan" is "Ã"), so
 * do we there; xstrings works on runes. Unicode classes (upper, lower,
 * letter, punctuation) come from the C.UTF-8 locale beyond ASCII, from
 * Go's tables for ASCII. */
#define _POSIX_C_SOURCE 200809L
#include "tmpl/funcs_int.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/buf.h"

#include <locale.h>
#include <string.h>
#include <wctype.h>

/* ---- runes ------------------------------------------------------------------- */

struct words {
	locale_t loc;   /* C.UTF-8, or 0 for ASCII-only classes */
};

static void words_open(struct words *w)
{
	w->loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static void words_close(struct words *w)
{
	if (w->loc)
		freelocale(w->loc);
}

static bool is_upper(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return r >= 'A' && r <= 'Z';
	return iswupper_l((wint_t)r, w->loc);
}

static bool is_lower(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return r >= 'a' && r <= 'z';
	return iswlower_l((wint_t)r, w->loc);
}

static bool is_letter(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
	return iswalpha_l((wint_t)r, w->loc);
}

static bool is_number(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return r >= '0' && r <= '9';
	return iswalnum_l((wint_t)r, w->loc) && !iswalpha_l((wint_t)r, w->loc);
}

/* unicode.IsPunct: for ASCII the P* categories (not $+<=>^`|~). */
static bool is_punct(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return r < 0x80 && r && strchr("!\"#%&'()*,-./:;?@[\\]_{}", (int)r);
	return iswpunct_l((wint_t)r, w->loc);
}

static int32_t to_lower(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return r >= 'A' && r <= 'Z' ? r + 32 : r;
	return (int32_t)towlower_l((wint_t)r, w->loc);
}

static int32_t to_upper(const struct words *w, int32_t r)
{
	if (r < 0x80 || !w->loc)
		return r >= 'a' && r <= 'z' ? r - 32 : r;
	return (int32_t)towupper_l((wint_t)r, w->loc);
}


/* Decode the rune at s[*i] (U+FFFD, one byte, when invalid). */
static int32_t next_rune(const char *s, size_t n, size_t *i)
{
	size_t len;
	int32_t r = goyaml_utf8_decode(s + *i, n - *i, &len);
	*i += len;
	return r < 0 ? 0xFFFD : r;
}

static struct val *words_result(struct tmpl_call *c, struct buf *b)
{
	struct val *v = tmplfn_buf_str(c, b);
	buf_free(b);
	return v;
}

/* ---- goutils ---------------------------------------------------------------- */

/* SwapCase: upper and title case to lower, lower to upper. */
int tmplfn_fn_swapcase(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	struct words w;
	struct buf out = BUF_INIT;
	words_open(&w);
	for (size_t i = 0; i < s->str.len;) {
		int32_t ch = next_rune(s->str.s, s->str.len, &i);
		bool title = ch == 0x01C5 || ch == 0x01C8 || ch == 0x01CB || ch == 0x01F2;
		if (is_upper(&w, ch) || title)
			ch = title ? ch + 1 : to_lower(&w, ch);
		else if (is_lower(&w, ch))
			ch = to_upper(&w, ch);
		buf_add_utf8(&out, ch);
	}
	words_close(&w);
	*r = words_result(c, &out);
	return 0;
}

/* Initials: the first byte after each run of (Latin-1) spaces. */
int tmplfn_fn_initials(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	struct buf out = BUF_INIT;
	bool gap = true;
	for (size_t i = 0; i < s->str.len; i++) {
		unsigned char b = (unsigned char)s->str.s[i];
		if (tmplfn_is_space(b)) {
			gap = true;
		} else if (gap) {
			buf_add_utf8(&out, b);
			gap = false;
		}
	}
	*r = words_result(c, &out);
	return 0;
}

/* WrapCustom: break at the last space within the width; a longer word
 * is cut (wrapLongWords) or runs on to the next space. */
static void wrap_custom(struct buf *out, const char *s, size_t n, int64_t width,
			const char *nl, size_t nllen, bool long_words)
{
	size_t off = 0, w = width < 1 ? 1 : (size_t)width;
	if (!nllen)
		nl = "\n", nllen = 1;
	while (n - off > w) {
		if (s[off] == ' ') {
			off++;
			continue;
		}
		long space = -1;
		for (size_t k = off; k < off + w + 1; k++)
			if (s[k] == ' ')
				space = (long)k;
		if (space >= (long)off) {
			buf_add(out, s + off, (size_t)space - off);
			buf_add(out, nl, nllen);
			off = (size_t)space + 1;
		} else if (long_words) {
			buf_add(out, s + off, w);
			buf_add(out, nl, nllen);
			off += w;
		} else {
			const char *sp = memchr(s + off + w, ' ', n - off - w);
			if (!sp) {
				buf_add(out, s + off, n - off);
				off = n;
			} else {
				buf_add(out, s + off, (size_t)(sp - s) - off);
				buf_add(out, nl, nllen);
				off = (size_t)(sp - s) + 1;
			}
		}
	}
	buf_add(out, s + off, n - off);
}

int tmplfn_fn_wrap(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[1];
	struct buf out = BUF_INIT;
	if (s->str.len)
		wrap_custom(&out, s->str.s, s->str.len, c->argv[0]->i, "", 0, false);
	*r = words_result(c, &out);
	return 0;
}

int tmplfn_fn_wrapwith(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[2], *nl = c->argv[1];
	struct buf out = BUF_INIT;
	if (s->str.len)
		wrap_custom(&out, s->str.s, s->str.len, c->argv[0]->i, nl->str.s, nl->str.len, true);
	*r = words_result(c, &out);
	return 0;
}

/* ---- xstrings ------------------------------------------------------------------ */

static bool is_connector(int32_t r)
{
	return r == '-' || r == '_' || tmplfn_is_space(r);
}

/* toCamelCase(s, true) (Sprig's camelcase is xstrings' ToPascalCase):
 * words split at - _ and spaces, each capitalised; leading and doubled
 * connectors kept. */
int tmplfn_fn_camelcase(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	struct words w;
	struct buf out = BUF_INIT;
	size_t i = 0;
	int32_t r0 = 0, r1;
	bool first_upper = false, any = false;
	words_open(&w);
	while (i < s->str.len) {
		r0 = next_rune(s->str.s, s->str.len, &i);
		any = true;
		if (!is_connector(r0)) {
			first_upper = is_upper(&w, r0);
			r0 = to_upper(&w, r0);
			break;
		}
		buf_add_utf8(&out, r0);
	}
	if (i >= s->str.len) {
		if (any)   /* xstrings writes the last rune again, even a connector */
			buf_add_utf8(&out, r0);
		words_close(&w);
		*r = words_result(c, &out);
		return 0;
	}
	while (i < s->str.len) {
		r1 = r0;
		r0 = next_rune(s->str.s, s->str.len, &i);
		if (is_connector(r0) && is_connector(r1)) {
			buf_add_utf8(&out, r1);
			continue;
		}
		if (is_connector(r1)) {
			first_upper = is_upper(&w, r0);
			r0 = to_upper(&w, r0);
		} else {
			if (first_upper) {
				if (is_upper(&w, r0))
					r0 = to_lower(&w, r0);
				else
					first_upper = false;
			}
			buf_add_utf8(&out, r1);
		}
	}
	buf_add_utf8(&out, r0);
	words_close(&w);
	*r = words_result(c, &out);
	return 0;
}

enum word_type { W_INVALID, W_NUMBER, W_UPPER, W_ALPHA, W_CONNECTOR, W_PUNCT, W_OTHER };

struct word {
	enum word_type type;
	size_t start, end;
};

/* Where a run of runes matching `class` that starts at i ends. */
static size_t run_end(const struct words *w, const char *s, size_t n, size_t i,
		      bool (*class)(const struct words *, int32_t))
{
	for (size_t end = i; i < n; end = i)
		if (!class(w, next_rune(s, n, &i)))
			return end;
	return n;
}

static bool is_connector_w(const struct words *w, int32_t r)
{
	(void)w;
	return is_connector(r);
}

/* A lower-case letter: a letter that is not upper case. */
static bool is_small(const struct words *w, int32_t r)
{
	return is_letter(w, r) && !is_upper(w, r);
}

static bool is_other(const struct words *w, int32_t r)
{
	return !is_connector(r) && !is_letter(w, r) && !is_number(w, r) && !is_punct(w, r);
}

/* An upper-case word from i (just after its first rune): "Word",
 * "HTTP" of "HTTPServer" (whose S starts the next word), or one rune. */
static size_t upper_word_end(const struct words *w, const char *s, size_t n, size_t i)
{
	if (i >= n)
		return i;
	size_t at = i;
	int32_t r = next_rune(s, n, &i);
	if (is_small(w, r))
		return run_end(w, s, n, i, is_small);
	if (!is_upper(w, r))
		return at;
	size_t last = at;   /* start of the last upper-case rune taken */
	for (;;) {
		size_t end = i;
		if (i >= n)
			return n;
		int32_t r2 = next_rune(s, n, &i);
		if (!is_upper(w, r2))
			return is_letter(w, r2) ? last : end;
		last = end;
	}
}

/* xstrings' nextWord: the class of the word at *pos and its extent. */
static struct word next_word(const struct words *w, const char *s, size_t n, size_t *pos)
{
	struct word wd = {W_INVALID, *pos, *pos};
	if (*pos >= n)
		return wd;
	size_t i = *pos;
	int32_t r = next_rune(s, n, &i);
	if (r == 0xFFFD) {
		wd.end = i;
	} else if (is_connector(r)) {
		wd.type = W_CONNECTOR;
		wd.end = run_end(w, s, n, i, is_connector_w);
	} else if (is_punct(w, r)) {
		wd.type = W_PUNCT;
		wd.end = run_end(w, s, n, i, is_punct);
	} else if (is_upper(w, r)) {
		wd.type = W_UPPER;
		wd.end = upper_word_end(w, s, n, i);
	} else if (is_letter(w, r)) {
		wd.type = W_ALPHA;
		wd.end = run_end(w, s, n, i, is_small);
	} else if (is_number(w, r)) {
		wd.type = W_NUMBER;
		wd.end = run_end(w, s, n, i, is_number);
	} else {
		wd.type = W_OTHER;
		wd.end = run_end(w, s, n, i, is_other);
	}
	*pos = wd.end;
	return wd;
}

/* xstrings' toLower: upper-case and connector words lower-cased, their
 * connectors replaced; other words as they are. */
static void word_lower(const struct words *w, struct buf *out, const char *s, struct word wd,
		       char connector)
{
	if (wd.type != W_UPPER && wd.type != W_CONNECTOR) {
		buf_add(out, s + wd.start, wd.end - wd.start);
		return;
	}
	for (size_t i = wd.start; i < wd.end;) {
		int32_t r = next_rune(s, wd.end, &i);
		buf_add_utf8(out, is_connector(r) ? connector : is_upper(w, r) ? to_lower(w, r) : r);
	}
}

static bool joins(enum word_type t)
{
	return t != W_INVALID && t != W_PUNCT && t != W_CONNECTOR;
}

/* camelCaseToLowerCase: words lower-cased and joined by the connector. */
static void to_lower_case(const struct words *w, struct buf *out, const char *s, size_t n,
			  char connector)
{
	size_t pos = 0;
	struct word wd = next_word(w, s, n, &pos);
	while (pos < n) {
		if (wd.type != W_CONNECTOR)
			word_lower(w, out, s, wd, connector);
		struct word prev = wd;
		wd = next_word(w, s, n, &pos);
		if (prev.type == W_NUMBER) {
			while (wd.type == W_ALPHA || wd.type == W_NUMBER) {
				word_lower(w, out, s, wd, connector);
				wd = next_word(w, s, n, &pos);
			}
			if (joins(wd.type))
				buf_addc(out, connector);
		} else if (prev.type == W_CONNECTOR) {
			word_lower(w, out, s, prev, connector);
		} else if (prev.type != W_PUNCT) {
			if (wd.type != W_NUMBER) {
				if (wd.type != W_CONNECTOR && wd.type != W_PUNCT)
					buf_addc(out, connector);
				continue;
			}
			if (pos >= n)
				continue;
			struct word last = wd;
			wd = next_word(w, s, n, &pos);
			if (wd.type != W_ALPHA) {
				last.type = W_NUMBER;
				word_lower(w, out, s, last, connector);
				if (wd.type != W_CONNECTOR && wd.type != W_PUNCT)
					buf_addc(out, connector);
				continue;
			}
			buf_addc(out, connector);
			last.type = W_NUMBER;
			word_lower(w, out, s, last, connector);
			while (wd.type == W_ALPHA || wd.type == W_NUMBER) {
				word_lower(w, out, s, wd, connector);
				wd = next_word(w, s, n, &pos);
			}
			if (joins(wd.type))
				buf_addc(out, connector);
		}
	}
	word_lower(w, out, s, wd, connector);
}

static int lower_case_words(struct tmpl_call *c, struct val **r, char connector)
{
	const struct val *s = c->argv[0];
	struct words w;
	struct buf out = BUF_INIT;
	words_open(&w);
	if (s->str.len)
		to_lower_case(&w, &out, s->str.s, s->str.len, connector);
	words_close(&w);
	*r = words_result(c, &out);
	return 0;
}

int tmplfn_fn_snakecase(struct tmpl_call *c, struct val **r)
{
	return lower_case_words(c, r, '_');
}

int tmplfn_fn_kebabcase(struct tmpl_call *c, struct val **r)
{
	return lower_case_words(c, r, '-');
}
