/* funcs_regex.c - Sprig's regular expressions (Go's regexp, RE2 syntax)
 * run by PCRE2: regexMatch regexFind regexFindAll regexReplaceAll
 * regexReplaceAllLiteral regexSplit regexQuoteMeta and the must forms.
 *
 * A pattern is first read as Go's regexp/syntax reads it: what Go rejects
 * (lookarounds, backreferences, \Z, a** ...) fails with Go's message
 * ("error parsing regexp: invalid nested repetition operator: `**`"), and
 * the rest is rewritten for PCRE2 with Go's meaning: \s and \v are
 * ASCII as in Go, named groups become numbered ones (names kept here),
 * literals are escaped; $ is end of text unless (?m), ^ in (?m) also
 * matches after a final newline. Matching loops (FindAll, ReplaceAll,
 * Split) follow Go's rules for empty matches.
 *
 * Go's regexp runs in linear time; PCRE2 backtracks, so a pattern such as
 * (a|a)*b could run for ages: every match spends from the execution's
 * backtracking budget (util/regex.h), and running out is an error that
 * names the limit. */
#include "tmpl/funcs_int.h"
#include "tmpl/gofmt.h"
#include "tmpl/goyaml.h"
#include "yaml/value.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/regex.h"

#include <stdlib.h>
#include <string.h>

struct rx {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	struct regex_budget *budget;  /* the execution's */
	int error;                    /* PCRE2's error of the last failed match */
	const char **names;     /* group number -> Go name, or NULL */
	size_t ngroups;
};

/* ---- reading Go's syntax ---------------------------------------------------- */

struct rx_parse {
	const char *s;      /* the whole pattern */
	size_t n, i;
	struct buf out;     /* the PCRE2 pattern */
	struct buf err;     /* Go's error, once one is found */
	const char **names;
	size_t ngroups, capnames;
	int depth;
	bool atom;          /* is there something a repetition could apply to? */
	long last_repeat;   /* start of the previous repetition operator, or -1 */
};

static bool rx_error(struct rx_parse *p, const char *code, const char *expr, size_t len)
{
	if (!p->err.len)
		buf_addf(&p->err, "error parsing regexp: %s: `%.*s`", code, (int)len, expr);
	return false;
}

static bool rx_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool rx_is_word(int c)
{
	return rx_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* A literal code point, escaped for PCRE2 (inside a class or not). */
static void rx_literal(struct buf *out, int32_t r, bool in_class)
{
	if (r < 0x80 && (strchr(in_class ? "\\]^-[" : "\\^$.|?*+()[]{}", (int)r) && r)) {
		buf_addc(out, '\\');
		buf_addc(out, (char)r);
	} else if (r < 0x20 || r == 0x7F || r >= 0x80) {
		buf_addf(out, "\\x{%x}", (unsigned)r);
	} else {
		buf_addc(out, (char)r);
	}
}

/* Go's parseInt for repeat counts: no leading zeros, -1 when too big. */
static bool rx_count(struct rx_parse *p, size_t *i, long *v)
{
	size_t start = *i;
	if (*i >= p->n || !rx_is_digit(p->s[*i]))
		return false;
	if (p->n - *i >= 2 && p->s[*i] == '0' && rx_is_digit(p->s[*i + 1]))
		return false;
	while (*i < p->n && rx_is_digit(p->s[*i]))
		(*i)++;
	*v = *i - start > 8 ? -1 : strtol(p->s + start, NULL, 10);
	return true;
}

/* parseRepeat: {n}, {n,} or {n,m}; false when it is not one (then the {
 * is a literal). */
static bool rx_brace(struct rx_parse *p, size_t *end, long *min, long *max)
{
	size_t i = p->i + 1;
	if (!rx_count(p, &i, min) || i >= p->n)
		return false;
	*max = *min;
	if (p->s[i] == ',') {
		i++;
		if (i >= p->n)
			return false;
		if (p->s[i] == '}')
			*max = -1;
		else if (!rx_count(p, &i, max))
			return false;
		else if (*max < 0)
			*min = -1;
	}
	if (i >= p->n || p->s[i] != '}')
		return false;
	*end = i + 1;
	return true;
}

static bool rx_repeat(struct rx_parse *p, size_t op_end)
{
	size_t start = p->i;
	if (op_end < p->n && p->s[op_end] == '?')
		op_end++;
	if (p->last_repeat >= 0)
		return rx_error(p, "invalid nested repetition operator", p->s + p->last_repeat,
				op_end - (size_t)p->last_repeat);
	if (!p->atom)
		return rx_error(p, "missing argument to repetition operator", p->s + start,
				op_end - start);
	buf_add(&p->out, p->s + start, op_end - start);
	p->i = op_end;
	p->last_repeat = (long)start;
	return true;
}

static bool rx_brace_repeat(struct rx_parse *p)
{
	size_t end;
	long min, max;
	if (!rx_brace(p, &end, &min, &max)) {
		rx_literal(&p->out, '{', false);
		p->i++;
		p->atom = true;
		p->last_repeat = -1;
		return true;
	}
	if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
		return rx_error(p, "invalid repeat count", p->s + p->i, end - p->i);
	return rx_repeat(p, end);
}

/* Go's isValidCaptureName: letters, digits and _ (non-ASCII as letters). */
static bool rx_capture_name_ok(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!rx_is_word((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
			return false;
	return true;
}

/* Number the next group, remembering its name (names[0] is the whole
 * match and has none). */
static void rx_name_group(struct rx_parse *p, const char *name)
{
	if (p->ngroups + 2 >= p->capnames) {
		size_t cap = p->capnames ? p->capnames * 2 : 16;
		const char **names = xmalloc(cap * sizeof *names);
		memset(names, 0, cap * sizeof *names);
		if (p->names)
			memcpy(names, p->names, p->capnames * sizeof *names);
		free(p->names);
		p->names = names;
		p->capnames = cap;
	}
	p->names[++p->ngroups] = name;
}

/* (?P<name> and (?<name>: a numbered group whose name we keep. */
static bool rx_named_group(struct rx_parse *p, struct arena *a, size_t begin)
{
	const char *gt = memchr(p->s + p->i, '>', p->n - p->i);
	if (!gt)
		return rx_error(p, "invalid named capture", p->s + p->i, p->n - p->i);
	size_t end = (size_t)(gt - p->s);
	if (!rx_capture_name_ok(p->s + begin, end - begin))
		return rx_error(p, "invalid named capture", p->s + p->i, end + 1 - p->i);
	rx_name_group(p, arena_strndup(a, p->s + begin, end - begin));
	buf_addc(&p->out, '(');
	p->i = end + 1;
	p->depth++;
	p->atom = false;
	return true;
}

/* (?flags) or (?flags:...): i m s U, - to negate. */
static bool rx_flags(struct rx_parse *p)
{
	size_t i = p->i + 2;
	bool neg = false, saw = false;
	for (; i < p->n; i++) {
		char c = p->s[i];
		if (c == 'i' || c == 'm' || c == 's' || c == 'U') {
			saw = true;
			continue;
		}
		if (c == '-' && !neg) {
			neg = true;
			saw = false;
			continue;
		}
		if ((c == ':' || c == ')') && (!neg || saw)) {
			buf_add(&p->out, p->s + p->i, i + 1 - p->i);
			if (c == ':') {
				p->depth++;
				p->atom = false;
			}
			p->i = i + 1;
			return true;
		}
		i++;
		break;
	}
	return rx_error(p, "invalid or unsupported Perl syntax", p->s + p->i,
			(i > p->n ? p->n : i) - p->i);
}

static bool rx_group(struct rx_parse *p, struct arena *a)
{
	const char *t = p->s + p->i;
	size_t rest = p->n - p->i;
	p->last_repeat = -1;
	if (rest >= 2 && t[1] == '?') {
		if (rest > 4 && t[2] == 'P' && t[3] == '<')
			return rx_named_group(p, a, p->i + 4);
		if (rest > 3 && t[2] == '<')
			return rx_named_group(p, a, p->i + 3);
		return rx_flags(p);
	}
	rx_name_group(p, NULL);
	buf_addc(&p->out, '(');
	p->i++;
	p->depth++;
	p->atom = false;
	return true;
}

/* ---- escapes ---------------------------------------------------------------- */

static const char *const rx_posix_classes[] = {
	"alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
	"print", "punct", "space", "upper", "word", "xdigit"};

/* \s in Go is [\t\n\f\r ]; PCRE's also takes \v. */
static void rx_space_class(struct buf *out, bool negated, bool in_class)
{
	const char *set = negated ? "\\x00-\\x08\\x0b\\x0e-\\x1f!-\\x{10ffff}" : "\\t\\n\\f\\r ";
	if (in_class)
		buf_adds(out, set);
	else
		buf_addf(out, "[%s]", set);
}

static int rx_hex(int c)
{
	return rx_is_digit(c) ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1;
}

/* \xHH or \x{H...}: the code point, or -1; *end is past what Go's
 * parseEscape consumed (its error text ends there). */
static int32_t rx_hex_escape(struct rx_parse *p, size_t *end)
{
	size_t i = p->i + 2;
	if (i < p->n && p->s[i] == '{') {
		long v = 0;
		size_t digits = 0;
		for (i++;;) {
			if (i >= p->n) {
				*end = p->n;
				return -1;
			}
			char c = p->s[i++];
			if (c == '}')
				break;
			*end = i;
			if (rx_hex(c) < 0 || (v = v * 16 + rx_hex(c)) > 0x10FFFF)
				return -1;
			digits++;
		}
		*end = i;
		return digits ? (int32_t)v : -1;
	}
	size_t take = p->n - i < 2 ? p->n - i : 2;
	*end = i + take;
	if (take < 2 || rx_hex(p->s[i]) < 0 || rx_hex(p->s[i + 1]) < 0)
		return -1;
	return rx_hex(p->s[i]) * 16 + rx_hex(p->s[i + 1]);
}

/* \p{Name}, \pL and \P...: passed on as written once PCRE2 says it
 * knows the name (Go's names are Unicode's, as PCRE2's are); false when
 * malformed or unknown. */
static bool rx_unicode_class(struct rx_parse *p, size_t *end)
{
	size_t i = p->i + 2;
	if (i >= p->n)
		return false;
	if (p->s[i] != '{') {
		*end = i + 1;
	} else {
		const char *close = memchr(p->s + i, '}', p->n - i);
		if (!close)
			return false;
		*end = (size_t)(close - p->s) + 1;
	}
	int code;
	PCRE2_SIZE off;
	pcre2_code *probe = pcre2_compile((PCRE2_SPTR)(p->s + p->i), *end - p->i, PCRE2_UTF,
					  &code, &off, NULL);
	pcre2_code_free(probe);
	return probe != NULL;
}

/* \a \f \n \r \t \v: their control character, else -1. */
static int rx_simple_escape(char c)
{
	static const char names[] = "afnrtv", codes[] = "\x07\f\n\r\t\x0b";
	const char *at = c ? strchr(names, c) : NULL;
	return at ? codes[at - names] : -1;
}

/* One escape: appends its PCRE2 form; sets *lit to its code point when it
 * is a single character (class ranges need that), else -1. The upper end
 * of a class range takes single characters only (no \d, \p). */
static bool rx_escape_in(struct rx_parse *p, bool in_class, bool classes, int32_t *lit)
{
	*lit = -1;
	if (p->i + 1 >= p->n)
		return rx_error(p, "trailing backslash at end of expression", "", 0);
	char c = p->s[p->i + 1];
	size_t end = p->i + 2;
	int simple = rx_simple_escape(c);
	if (simple >= 0) {
		*lit = simple;
	} else if (c == 'x') {
		*lit = rx_hex_escape(p, &end);
		if (*lit < 0)
			return rx_error(p, "invalid escape sequence", p->s + p->i, end - p->i);
	} else if (c >= '0' && c <= '7' && (c == '0' || (end < p->n && p->s[end] >= '0' && p->s[end] <= '7'))) {
		int v = c - '0';
		for (int k = 0; k < 2 && end < p->n && p->s[end] >= '0' && p->s[end] <= '7'; k++)
			v = v * 8 + (p->s[end++] - '0');
		*lit = v;
	} else if ((unsigned char)c < 0x80 && (!rx_is_word(c) || c == '_')) {
		*lit = (unsigned char)c;   /* Go: escaped punctuation is itself */
	} else if (classes && strchr("dDwW", c) && c) {
		buf_add(&p->out, p->s + p->i, 2);
	} else if (classes && (c == 's' || c == 'S')) {
		rx_space_class(&p->out, c == 'S', in_class);
	} else if (classes && (c == 'p' || c == 'P')) {
		if (!rx_unicode_class(p, &end))
			return rx_error(p, "invalid character class range", p->s + p->i, p->n - p->i);
		buf_add(&p->out, p->s + p->i, end - p->i);
	} else if (!in_class && strchr("AzbB", c) && c) {
		buf_add(&p->out, p->s + p->i, 2);
	} else {
		size_t len;
		goyaml_utf8_decode(p->s + p->i + 1, p->n - p->i - 1, &len);
		return rx_error(p, "invalid escape sequence", p->s + p->i, 1 + len);
	}
	if (*lit >= 0)
		rx_literal(&p->out, *lit, in_class);
	p->i = end;
	return true;
}

static bool rx_escape(struct rx_parse *p, bool in_class, int32_t *lit)
{
	return rx_escape_in(p, in_class, true, lit);
}

/* ---- classes ---------------------------------------------------------------- */

static bool rx_posix_class(struct rx_parse *p, bool *done)
{
	*done = false;
	if (p->n - p->i <= 2 || p->s[p->i] != '[' || p->s[p->i + 1] != ':')
		return true;
	const char *close = NULL;
	for (size_t k = p->i + 2; k + 1 < p->n; k++)
		if (p->s[k] == ':' && p->s[k + 1] == ']') {
			close = p->s + k;
			break;
		}
	if (!close)
		return true;
	size_t end = (size_t)(close - p->s) + 2;
	const char *name = p->s + p->i + 2;
	size_t len = (size_t)(close - name);
	if (len && name[0] == '^')
		name++, len--;
	for (size_t k = 0; k < sizeof rx_posix_classes / sizeof *rx_posix_classes; k++) {
		if (strlen(rx_posix_classes[k]) == len && memcmp(rx_posix_classes[k], name, len) == 0) {
			buf_add(&p->out, p->s + p->i, end - p->i);
			p->i = end;
			*done = true;
			return true;
		}
	}
	return rx_error(p, "invalid character class range", p->s + p->i, end - p->i);
}

/* One class character (maybe escaped): its code point, or -1 for a
 * class escape such as \d (already written). */
static bool rx_class_char(struct rx_parse *p, size_t class_start, bool classes, int32_t *r)
{
	if (p->i >= p->n)
		return rx_error(p, "missing closing ]", p->s + class_start, p->n - class_start);
	if (p->s[p->i] == '\\')
		return rx_escape_in(p, true, classes, r);
	size_t len;
	*r = goyaml_utf8_decode(p->s + p->i, p->n - p->i, &len);
	if (*r < 0)
		return rx_error(p, "invalid UTF-8", p->s + p->i, p->n - p->i);
	p->i += len;
	rx_literal(&p->out, *r, true);
	return true;
}

static bool rx_class_item(struct rx_parse *p, size_t class_start)
{
	bool done;
	size_t item = p->i;
	if (!rx_posix_class(p, &done))
		return false;
	if (done)
		return true;
	int32_t lo, hi;
	if (!rx_class_char(p, class_start, true, &lo))
		return false;
	if (lo < 0 || p->n - p->i < 2 || p->s[p->i] != '-' || p->s[p->i + 1] == ']')
		return true;
	p->i++;
	buf_addc(&p->out, '-');
	if (!rx_class_char(p, class_start, false, &hi))
		return false;
	if (hi < lo || hi < 0)
		return rx_error(p, "invalid character class range", p->s + item, p->i - item);
	return true;
}

static bool rx_class(struct rx_parse *p)
{
	size_t start = p->i;
	p->i++;
	buf_addc(&p->out, '[');
	if (p->i < p->n && p->s[p->i] == '^') {
		buf_addc(&p->out, '^');
		p->i++;
	}
	for (bool first = true; p->i >= p->n || p->s[p->i] != ']' || first; first = false)
		if (!rx_class_item(p, start))
			return false;
	p->i++;
	buf_addc(&p->out, ']');
	p->atom = true;
	p->last_repeat = -1;
	return true;
}

/* ---- the main loop ---------------------------------------------------------- */

static bool rx_quoted(struct rx_parse *p)
{
	const char *e = NULL;
	for (size_t k = p->i + 2; k + 1 < p->n; k++)
		if (p->s[k] == '\\' && p->s[k + 1] == 'E') {
			e = p->s + k;
			break;
		}
	size_t stop = e ? (size_t)(e - p->s) : p->n, len;
	for (size_t k = p->i + 2; k < stop; k += len) {
		int32_t r = goyaml_utf8_decode(p->s + k, stop - k, &len);
		rx_literal(&p->out, r < 0 ? 0xFFFD : r, false);
		p->atom = true;
	}
	p->i = e ? stop + 2 : p->n;
	p->last_repeat = -1;
	return true;
}

static bool rx_item(struct rx_parse *p, struct arena *a)
{
	char c = p->s[p->i];
	int32_t lit;
	size_t len;
	switch (c) {
	case '(':
		return rx_group(p, a);
	case ')':
		if (p->depth == 0)
			return rx_error(p, "unexpected )", p->s, p->n);
		p->depth--;
		break;
	case '|':
		buf_addc(&p->out, '|');
		p->i++;
		p->atom = false;
		p->last_repeat = -1;
		return true;
	case '*': case '+': case '?':
		return rx_repeat(p, p->i + 1);
	case '{':
		return rx_brace_repeat(p);
	case '[':
		return rx_class(p);
	case '\\':
		if (p->i + 1 < p->n && p->s[p->i + 1] == 'Q')
			return rx_quoted(p);
		p->last_repeat = -1;
		p->atom = true;
		return rx_escape(p, false, &lit);
	case '^': case '$': case '.':
		break;
	default:
		lit = goyaml_utf8_decode(p->s + p->i, p->n - p->i, &len);
		if (lit < 0)
			return rx_error(p, "invalid UTF-8", p->s + p->i, p->n - p->i);
		rx_literal(&p->out, lit, false);
		p->i += len;
		p->atom = true;
		p->last_repeat = -1;
		return true;
	}
	buf_addc(&p->out, c);
	p->i++;
	p->atom = true;
	p->last_repeat = -1;
	return true;
}

static bool rx_translate(struct rx_parse *p, struct arena *a)
{
	while (p->i < p->n)
		if (!rx_item(p, a))
			return false;
	if (p->depth > 0)
		return rx_error(p, "missing closing )", p->s, p->n);
	return true;
}

/* ---- compiling ------------------------------------------------------------------ */

static void rx_free(struct rx *rx)
{
	pcre2_match_data_free(rx->md);
	pcre2_match_context_free(rx->mctx);
	pcre2_code_free(rx->code);
	free(rx->names);
}

/* Compile a Go pattern; on error err holds Go's message. */
static bool rx_compile(struct rx *rx, struct tmpl_call *c, const struct val *pat,
		       struct buf *err)
{
	struct arena *a = c->arena;
	struct rx_parse p = {.s = pat->str.s, .n = pat->str.len, .out = BUF_INIT,
			     .err = BUF_INIT, .last_repeat = -1};
	memset(rx, 0, sizeof *rx);
	bool ok = rx_translate(&p, a);
	if (ok) {
		int code;
		PCRE2_SIZE off;
		pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
		pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
		pcre2_set_parens_nest_limit(cc, 1000);   /* Go's nesting limit */
		rx->code = pcre2_compile((PCRE2_SPTR)buf_str(&p.out), p.out.len,
					 PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_DOLLAR_ENDONLY |
					 PCRE2_ALT_CIRCUMFLEX, &code, &off, cc);
		pcre2_compile_context_free(cc);
		if (!rx->code) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof msg);
			buf_addf(&p.err, "error parsing regexp: %s: `%.*s`", (const char *)msg,
				 (int)pat->str.len, pat->str.s);
			ok = false;
		}
	}
	if (ok) {
		rx->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
		rx->mctx = pcre2_match_context_create(NULL);
		rx->budget = tmpl_regex_budget(c->exec);
		rx->names = p.names;
		rx->ngroups = p.ngroups;
	} else {
		buf_add(err, p.err.p, p.err.len);
		free(p.names);
	}
	buf_free(&p.out);
	buf_free(&p.err);
	return ok;
}

/* strconv.CanBackquote. */
static bool rx_can_backquote(const char *s, size_t n)
{
	size_t len;
	for (size_t i = 0; i < n; i += len) {
		int32_t r = goyaml_utf8_decode(s + i, n - i, &len);
		if (r < 0 || r == '`' || r == 0xFEFF || (r < 0x20 && r != '\t') || r == 0x7F)
			return false;
	}
	return true;
}

/* regexp.MustCompile's panic: regexp: Compile(`pat`): error... */
static int rx_must_fail(struct tmpl_call *c, const struct val *pat, const struct buf *err)
{
	struct buf q = BUF_INIT;
	if (rx_can_backquote(pat->str.s, pat->str.len)) {
		buf_addc(&q, '`');
		buf_add(&q, pat->str.s, pat->str.len);
		buf_addc(&q, '`');
	} else {
		gofmt_quote(&q, pat->str.s, pat->str.len);
	}
	tmpl_call_fail(c, "regexp: Compile(%s): %s", buf_str(&q), err->p);
	buf_free(&q);
	return -1;
}

/* Compile for a function: must forms fail with Go's error, the others
 * with MustCompile's panic text. */
static bool rx_open(struct tmpl_call *c, struct rx *rx, const struct val *pat, bool must)
{
	struct buf err = BUF_INIT;
	bool ok = rx_compile(rx, c, pat, &err);
	if (!ok) {
		if (must)
			tmpl_call_fail(c, "%s", err.p);
		else
			rx_must_fail(c, pat, &err);
	}
	buf_free(&err);
	return ok;
}

/* ---- matching ---------------------------------------------------------------------- */

/* The leftmost match at or after pos: 1 found, 0 none, -1 error (in
 * rx->error), within the execution's backtracking budget. */
static int rx_exec(struct rx *rx, const struct val *s, size_t pos)
{
	int rc = regex_match(rx->budget, rx->code, s->str.s, s->str.len, pos, rx->md, rx->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	rx->error = rc;
	return rc < 0 ? -1 : 1;
}

static const PCRE2_SIZE *rx_ovector(struct rx *rx)
{
	return pcre2_get_ovector_pointer(rx->md);
}

static int rx_exec_fail(struct tmpl_call *c, const struct rx *rx)
{
	struct buf msg = BUF_INIT;
	if (!regex_limit_message(rx->budget, rx->error, &msg))
		buf_adds(&msg, "the match is too expensive for this engine");
	tmpl_call_fail(c, "regexp: %s", buf_str(&msg));
	buf_free(&msg);
	return -1;
}

/* Width of the rune at pos (1 at the end or for invalid bytes). */
static size_t rx_width(const struct val *s, size_t pos)
{
	size_t len = 1;
	if (pos < s->str.len)
		goyaml_utf8_decode(s->str.s + pos, s->str.len - pos, &len);
	return len;
}

/* Go's allMatches: successive non-overlapping matches, an empty match
 * right after a previous match skipped; deliver [start, end) pairs. */
typedef void (*rx_deliver)(void *ctx, size_t start, size_t end);

static int rx_all(struct rx *rx, const struct val *s, long n, rx_deliver fn, void *ctx)
{
	size_t pos = 0;
	long found = 0;
	long prev_end = -1;
	if (n < 0)
		n = (long)s->str.len + 1;
	while (found < n && pos <= s->str.len) {
		int rc = rx_exec(rx, s, pos);
		if (rc <= 0)
			return rc;
		const PCRE2_SIZE *ov = rx_ovector(rx);
		bool accept = true;
		if (ov[1] == pos) {
			accept = (long)ov[0] != prev_end;
			pos += rx_width(s, pos);
		} else {
			pos = ov[1];
		}
		prev_end = (long)ov[1];
		if (accept) {
			fn(ctx, ov[0], ov[1]);
			found++;
		}
	}
	return 0;
}

struct rx_collect {
	struct tmpl_call *c;
	const struct val *s;
	struct val *list;
	size_t *spans;     /* for split: start, end pairs */
	size_t nspans, cap;
};

static void rx_collect_string(void *ctx, size_t start, size_t end)
{
	struct rx_collect *k = ctx;
	val_seq_push(k->c->arena, k->list, tmplfn_str(k->c, k->s->str.s + start, end - start));
}

static void rx_collect_span(void *ctx, size_t start, size_t end)
{
	struct rx_collect *k = ctx;
	if (k->nspans == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 16;
		k->spans = arena_grow(k->c->arena, k->spans, k->nspans * 2 * sizeof *k->spans,
				      k->cap * 2 * sizeof *k->spans);
	}
	k->spans[2 * k->nspans] = start;
	k->spans[2 * k->nspans + 1] = end;
	k->nspans++;
}

/* A nil []string (Go's FindAll without matches, Split with n 0). */
static struct val *rx_nil_strings(struct tmpl_call *c)
{
	struct val *l = tmplfn_strings(c);
	l->tag = GOYAML_NIL;
	return l;
}

/* ---- the functions ----------------------------------------------------------------- */

static int rx_match(struct tmpl_call *c, struct val **r, bool must)
{
	struct rx rx;
	struct buf err = BUF_INIT;
	bool ok = rx_compile(&rx, c, c->argv[0], &err);
	if (!ok && must)
		tmpl_call_fail(c, "%s", err.p);
	buf_free(&err);
	if (!ok) {
		*r = tmplfn_bool(c, false);   /* regexMatch swallows the error */
		return must ? -1 : 0;
	}
	int rc = rx_exec(&rx, c->argv[1], 0);
	rx_free(&rx);
	if (rc < 0)
		return rx_exec_fail(c, &rx);
	*r = tmplfn_bool(c, rc > 0);
	return 0;
}

int tmplfn_fn_regexmatch(struct tmpl_call *c, struct val **r)
{
	return rx_match(c, r, false);
}

int tmplfn_fn_mustregexmatch(struct tmpl_call *c, struct val **r)
{
	return rx_match(c, r, true);
}

static int rx_find(struct tmpl_call *c, struct val **r, bool must)
{
	struct rx rx;
	if (!rx_open(c, &rx, c->argv[0], must))
		return -1;
	int rc = rx_exec(&rx, c->argv[1], 0);
	if (rc > 0)
		*r = tmplfn_str(c, c->argv[1]->str.s + rx_ovector(&rx)[0],
				rx_ovector(&rx)[1] - rx_ovector(&rx)[0]);
	else
		*r = tmplfn_str(c, "", 0);
	rx_free(&rx);
	return rc < 0 ? rx_exec_fail(c, &rx) : 0;
}

int tmplfn_fn_regexfind(struct tmpl_call *c, struct val **r)
{
	return rx_find(c, r, false);
}

int tmplfn_fn_mustregexfind(struct tmpl_call *c, struct val **r)
{
	return rx_find(c, r, true);
}

static int rx_find_all(struct tmpl_call *c, struct val **r, bool must)
{
	struct rx rx;
	if (!rx_open(c, &rx, c->argv[0], must))
		return -1;
	struct rx_collect k = {c, c->argv[1], tmplfn_strings(c), NULL, 0, 0};
	int rc = c->argv[2]->i == 0 ? 0 : rx_all(&rx, c->argv[1], (long)c->argv[2]->i,
						   rx_collect_string, &k);
	rx_free(&rx);
	if (rc < 0)
		return rx_exec_fail(c, &rx);
	*r = k.list->seq.n ? k.list : rx_nil_strings(c);
	return 0;
}

int tmplfn_fn_regexfindall(struct tmpl_call *c, struct val **r)
{
	return rx_find_all(c, r, false);
}

int tmplfn_fn_mustregexfindall(struct tmpl_call *c, struct val **r)
{
	return rx_find_all(c, r, true);
}

/* Regexp.Split. */
static int rx_split(struct tmpl_call *c, struct val **r, bool must)
{
	const struct val *s = c->argv[1];
	long n = (long)c->argv[2]->i;
	struct rx rx;
	if (!rx_open(c, &rx, c->argv[0], must))
		return -1;
	struct rx_collect k = {c, s, tmplfn_strings(c), NULL, 0, 0};
	int rc = 0;
	if (n == 0) {
		*r = rx_nil_strings(c);
	} else if (c->argv[0]->str.len && !s->str.len) {
		val_seq_push(c->arena, k.list, tmplfn_str(c, "", 0));
		*r = k.list;
	} else if ((rc = rx_all(&rx, s, n, rx_collect_span, &k)) == 0) {
		size_t beg = 0, end = 0;
		for (size_t i = 0; i < k.nspans; i++) {
			if (n > 0 && (long)k.list->seq.n == n - 1)
				break;
			end = k.spans[2 * i];
			if (k.spans[2 * i + 1] != 0)
				val_seq_push(c->arena, k.list, tmplfn_str(c, s->str.s + beg, end - beg));
			beg = k.spans[2 * i + 1];
		}
		if (end != s->str.len)
			val_seq_push(c->arena, k.list, tmplfn_str(c, s->str.s + beg, s->str.len - beg));
		*r = k.list;
	}
	rx_free(&rx);
	return rc < 0 ? rx_exec_fail(c, &rx) : 0;
}

int tmplfn_fn_regexsplit(struct tmpl_call *c, struct val **r)
{
	return rx_split(c, r, false);
}

int tmplfn_fn_mustregexsplit(struct tmpl_call *c, struct val **r)
{
	return rx_split(c, r, true);
}

/* Regexp.Expand's $name / ${name} / $$ for one match. */
static void rx_expand(struct rx *rx, const struct val *tpl, const struct val *s, struct buf *out)
{
	const PCRE2_SIZE *ov = rx_ovector(rx);
	uint32_t pairs = pcre2_get_ovector_count(rx->md);
	const char *t = tpl->str.s, *end = t + tpl->str.len;
	while (t < end) {
		const char *dollar = memchr(t, '$', (size_t)(end - t));
		if (!dollar) {
			buf_add(out, t, (size_t)(end - t));
			break;
		}
		buf_add(out, t, (size_t)(dollar - t));
		t = dollar + 1;
		if (t < end && *t == '$') {
			buf_addc(out, '$');
			t++;
			continue;
		}
		bool brace = t < end && *t == '{';
		const char *name = t + brace, *e = name;
		while (e < end && (rx_is_word((unsigned char)*e) || (unsigned char)*e >= 0x80))
			e++;
		if (e == name || (brace && (e >= end || *e != '}'))) {
			buf_addc(out, '$');
			continue;
		}
		t = e + brace;
		size_t len = (size_t)(e - name);
		long num = -1;
		if (len <= 8 && !(name[0] == '0' && len > 1)) {
			num = 0;
			for (size_t k = 0; k < len && num >= 0; k++)
				num = rx_is_digit(name[k]) ? num * 10 + (name[k] - '0') : -1;
		}
		for (size_t g = 0; g <= rx->ngroups && g < pairs; g++) {
			bool hit = num >= 0 ? (long)g == num
				 : (rx->names && rx->names[g] && strlen(rx->names[g]) == len &&
				    memcmp(rx->names[g], name, len) == 0);
			if (hit && ov[2 * g] != PCRE2_UNSET) {
				buf_add(out, s->str.s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
				break;
			}
		}
	}
}

/* Regexp.replaceAll: each match replaced, but not an empty match right
 * after the previous one; always advance at least one rune. */
static int rx_replace(struct tmpl_call *c, struct val **r, bool must, bool literal)
{
	const struct val *s = c->argv[1], *repl = c->argv[2];
	struct rx rx;
	if (!rx_open(c, &rx, c->argv[0], must))
		return -1;
	struct buf out = BUF_INIT;
	size_t last_end = 0, search = 0;
	int rc = 0;
	while (search <= s->str.len && (rc = rx_exec(&rx, s, search)) > 0) {
		const PCRE2_SIZE *ov = rx_ovector(&rx);
		buf_add(&out, s->str.s + last_end, ov[0] - last_end);
		if (ov[1] > last_end || ov[0] == 0) {
			if (literal)
				buf_add(&out, repl->str.s, repl->str.len);
			else
				rx_expand(&rx, repl, s, &out);
		}
		last_end = ov[1];
		size_t width = rx_width(s, search);
		if (search + width > ov[1])
			search += width;
		else if (search + 1 > ov[1])
			search++;
		else
			search = ov[1];
	}
	if (rc >= 0) {
		buf_add(&out, s->str.s + last_end, s->str.len - last_end);
		*r = tmplfn_buf_str(c, &out);
	}
	buf_free(&out);
	rx_free(&rx);
	return rc < 0 ? rx_exec_fail(c, &rx) : 0;
}

int tmplfn_fn_regexreplaceall(struct tmpl_call *c, struct val **r)
{
	return rx_replace(c, r, false, false);
}

int tmplfn_fn_mustregexreplaceall(struct tmpl_call *c, struct val **r)
{
	return rx_replace(c, r, true, false);
}

int tmplfn_fn_regexreplaceallliteral(struct tmpl_call *c, struct val **r)
{
	return rx_replace(c, r, false, true);
}

int tmplfn_fn_mustregexreplaceallliteral(struct tmpl_call *c, struct val **r)
{
	return rx_replace(c, r, true, true);
}

/* regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$ */
int tmplfn_fn_regexquotemeta(struct tmpl_call *c, struct val **r)
{
	const struct val *s = c->argv[0];
	struct buf out = BUF_INIT;
	for (size_t i = 0; i < s->str.len; i++) {
		if (strchr("\\.+*?()|[]{}^$", s->str.s[i]) && s->str.s[i])
			buf_addc(&out, '\\');
		buf_addc(&out, s->str.s[i]);
	}
	*r = tmplfn_buf_str(c, &out);
	buf_free(&out);
	return 0;
}
