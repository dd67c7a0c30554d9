/* scan.c - a YAML document in the plain block style, read without a
 * parser, for the texts whose syntax is plainly valid.
 *
 * Rendered manifests and the values files converters write are block
 * YAML of a narrow shape: indented `key: scalar` lines, `- ` items, quoted
 * strings on one line, `|` blocks, `{}` and `[]`. This scanner reads that
 * shape line by line, keeping the stack of open block collections as
 * libyaml does, and tells a sink what it finds (collections, scalars and
 * their positions). It is several times faster than libyaml's parser.
 *
 * It is conservative: any construct it does not fully understand (flow
 * collections, anchors, aliases, tags, directives, multi-line plain or
 * quoted scalars, tabs, keys that are not simple names, control or unusual
 * Unicode characters, documents markers) makes it give up, and the caller
 * parses the text with libyaml, which gives the exact answer or error.
 * When it does finish, the text is one document libyaml accepts, and the
 * events were those of libyaml's parse. tests/test_yamlfast and
 * tests/test_goyaml check that on every document the test suites render
 * and on mutants of them. */
#include "yaml/scan.h"

#include <stdint.h>
#include <string.h>

#define YS_MAX_DEPTH 200
#define YS_MAX_KEY 1000          /* libyaml: simple keys are at most 1024 chars */

struct ys_level {
	size_t col;
	bool seq;
	bool indentless;        /* a sequence at its parent mapping's column */
};

struct ys {
	const struct yscan_sink *sink;
	const char *line, *eol; /* the line being read */
	const char *doc_end;
	size_t lineno;          /* 1-based */
	struct ys_level stack[YS_MAX_DEPTH];
	size_t depth;
	bool rooted;            /* the root node has begun */
	bool pending;           /* `key:` or `-` waits for its node */
	size_t pend_col;        /* the column of the collection that waits */
	bool pend_key;          /* it waits after a key (a compact sequence may follow) */
	size_t pend_line, pend_at;  /* where its empty node would be */
};

/* ---- characters ------------------------------------------------------------ */

static size_t ys_char_utf8(const char *s, const char *end);

/* The length of one character libyaml accepts as printable and that is not
 * a line break, or 0. */
static inline size_t ys_char(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80)
		return c >= 0x20 && c < 0x7f;
	return ys_char_utf8(s, end);
}

/* Beyond ASCII: valid UTF-8, without C1 controls, NEL, the line and
 * paragraph separators, the BOM and non-characters. */
static size_t ys_char_utf8(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
	if (n == 0 || n > 4 || (size_t)(end - s) < n)
		return 0;
	uint32_t cp = c & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		unsigned char d = (unsigned char)s[i];
		if ((d & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (d & 0x3f);
	}
	static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
	if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return n;
}

static bool ys_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool ys_key_char(char c)
{
	return ys_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/* Spaces, then the end of the line or a comment. */
static bool ys_rest_empty(const char *s, const char *end)
{
	while (s < end && *s == ' ')
		s++;
	if (s == end)
		return true;
	if (*s != '#' || s[-1] != ' ')
		return false;
	for (size_t n; s < end; s += n)
		if ((n = ys_char(s, end)) == 0)
			return false;
	return true;
}

static const char *ys_line_end(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	return nl ? nl : end;
}

/* ---- scalars on one line ------------------------------------------------------ */

/* A plain scalar from s to the end of the line (or a comment): *len. */
static bool ys_plain(const char *s, const char *end, size_t *len)
{
	char c = *s;
	bool start = ys_alnum(c) || c == '/' || c == '_' || c == '$' || c == '(' || c == '~' ||
		     c == '=' || c == '^' || c == ';' ||
		     (c == '-' && end - s > 1 && (ys_alnum(s[1]) || s[1] == '-'));
	if (!start)
		return false;
	const char *q = s, *last = s;
	while (q < end) {
		unsigned char c = (unsigned char)*q;
		if (c > ' ' && c < 0x7f && c != ':') {     /* the common case first */
			last = ++q;
			continue;
		}
		if (c == ' ') {
			if (q + 1 < end && q[1] == '#')
				break;
			q++;
			continue;
		}
		if (c == ':' && (q + 1 == end || q[1] == ' '))
			return false;
		size_t n = ys_char(q, end);
		if (n == 0)
			return false;
		q += n;
		last = q;
	}
	*len = (size_t)(last - s);
	return ys_rest_empty(last, end);
}

static bool ys_escape_ok(const char *s, const char *end, size_t *skip)
{
	static const char simple[] = "0abtnvfre \"/\\N_LP";
	size_t hex = *s == 'x' ? 2 : *s == 'u' ? 4 : *s == 'U' ? 8 : 0;
	if (!hex) {
		*skip = 1;
		return *s && strchr(simple, *s) != NULL;
	}
	if ((size_t)(end - s) <= hex)
		return false;
	for (size_t i = 1; i <= hex; i++)
		if (!s[i] || !strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	*skip = hex + 1;
	return true;
}

/* A quoted scalar on one line: its content, and whether it needs
 * unescaping; what follows it is left to the caller. */
static bool ys_quoted_in_flow(const char *s, const char *end, size_t *len, bool *escaped)
{
	char quote = *s;
	const char *q = s + 1;
	*escaped = false;
	for (;;) {
		if (q == end)
			return false;            /* it goes on to the next line */
		if (*q == quote) {
			if (quote == '\'' && q + 1 < end && q[1] == '\'') {
				*escaped = true;
				q += 2;
				continue;
			}
			break;
		}
		if (quote == '"' && *q == '\\') {
			size_t skip;
			if (q + 1 == end || !ys_escape_ok(q + 1, end, &skip))
				return false;
			*escaped = true;
			q += 1 + skip;
			continue;
		}
		size_t n = ys_char(q, end);
		if (n == 0)
			return false;
		q += n;
	}
	*len = (size_t)(q - s - 1);
	return true;
}

/* A quoted scalar that ends its line. */
static bool ys_quoted(const char *s, const char *end, size_t *len, bool *escaped)
{
	return ys_quoted_in_flow(s, end, len, escaped) && ys_rest_empty(s + *len + 2, end);
}

/* ---- block scalars -------------------------------------------------------------- */

/* Skips the content of a `|` or `>` scalar, from the line at s, whose
 * parent collection sits at column parent: *next is the first line after
 * it, *lines the number of lines skipped. */
static bool ys_block(const char *s, const char *end, size_t parent, const char **next,
		     size_t *lines)
{
	size_t indent = 0, blank_max = 0;
	const char *line = s;
	*lines = 0;
	while (line < end) {
		const char *eol = ys_line_end(line, end), *q = line;
		while (q < eol && *q == ' ')
			q++;
		size_t col = (size_t)(q - line);
		if (q == eol) {                     /* an empty line belongs to the scalar */
			if (!indent && col > blank_max)
				blank_max = col;
			line = eol < end ? eol + 1 : end;
			++*lines;
			continue;
		}
		if (!indent) {
			/* libyaml's detection of the indentation would differ, or
			 * refuse a tab next to it. */
			if (blank_max > col || *q == '\t')
				return false;
			indent = col > parent ? col : 0;
			if (!indent)
				break;
		}
		if (col < indent)
			break;
		for (size_t n; q < eol; q += n) {
			unsigned char c = (unsigned char)*q;
			if ((c >= ' ' && c < 0x7f) || c == '\t')
				n = 1;
			else if ((n = ys_char(q, eol)) == 0)
				return false;
		}
		line = eol < end ? eol + 1 : end;
		++*lines;
	}
	*next = line;
	return true;
}

static bool ys_block_header(const char *s, const char *end)
{
	if (*s != '|' && *s != '>')
		return false;
	s++;
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	return s == end || ys_rest_empty(s, end);
}

/* ---- events ------------------------------------------------------------------ */

static size_t ys_col(const struct ys *y, const char *s)
{
	return (size_t)(s - y->line) + 1;
}

static bool ys_scalar(struct ys *y, const char *text, size_t len, enum yscan_style style,
		      const char *at)
{
	return y->sink->scalar(y->sink->ctx, text, len, style, y->lineno, ys_col(y, at));
}

/* The empty node a `key:` or `-` left waiting gets, if any. */
static bool ys_settle(struct ys *y)
{
	if (!y->pending)
		return true;
	y->pending = false;
	return y->sink->scalar(y->sink->ctx, "", 0, YSCAN_EMPTY, y->pend_line, y->pend_at);
}

static bool ys_push(struct ys *y, size_t col, bool seq, bool indentless, const char *at)
{
	if (y->depth == YS_MAX_DEPTH)
		return false;
	y->stack[y->depth++] = (struct ys_level){col, seq, indentless};
	return y->sink->start(y->sink->ctx, seq, y->lineno, ys_col(y, at));
}

static bool ys_pop(struct ys *y)
{
	y->depth--;
	return y->sink->end(y->sink->ctx);
}

/* Places a node of the given kind at column col (at): a new collection
 * where a node waits, else the next entry of an open one, as libyaml's
 * indentation rules decide. */
static bool ys_place(struct ys *y, size_t col, bool seq, const char *at)
{
	if (y->pending && col > y->pend_col) {
		y->pending = false;
		return ys_push(y, col, seq, false, at);
	}
	if (y->pending && seq && y->pend_key && col == y->pend_col) {
		y->pending = false;
		return ys_push(y, col, true, true, at);
	}
	if (!ys_settle(y))
		return false;
	if (!y->rooted) {
		y->rooted = true;
		return ys_push(y, col, seq, false, at);
	}
	while (y->depth && y->stack[y->depth - 1].col > col)
		if (!ys_pop(y))
			return false;
	if (!seq && y->depth && y->stack[y->depth - 1].indentless &&
	    y->stack[y->depth - 1].col == col && !ys_pop(y))
		return false;
	return y->depth && y->stack[y->depth - 1].col == col && y->stack[y->depth - 1].seq == seq;
}

static void ys_wait(struct ys *y, size_t col, bool key, const char *at)
{
	y->pending = true;
	y->pend_col = col;
	y->pend_key = key;
	y->pend_line = y->lineno;
	y->pend_at = ys_col(y, at);
}

/* The line after the current one. */
static const char *ys_next_line(const struct ys *y)
{
	return y->eol < y->doc_end ? y->eol + 1 : y->doc_end;
}

/* `{}` or `[]` alone. */
static bool ys_empty(struct ys *y, const char *s)
{
	if (y->eol - s < 2 || !((s[0] == '{' && s[1] == '}') || (s[0] == '[' && s[1] == ']')) ||
	    !ys_rest_empty(s + 2, y->eol))
		return false;
	y->pending = false;
	if (y->depth == YS_MAX_DEPTH)
		return false;
	return y->sink->start(y->sink->ctx, s[0] == '[', y->lineno, ys_col(y, s)) &&
	       y->sink->end(y->sink->ctx);
}

/* A plain scalar inside [...] on one line: letters, digits and a few
 * punctuation characters, inner spaces, no `: `; *len excludes trailing
 * spaces. */
static bool ys_flow_plain(const char *s, const char *end, size_t *len)
{
	static const char more[] = "_./@=+~%$()^-";
	if (!(ys_alnum(*s) || (*s && strchr("_./$(~=", *s)) ||
	      (*s == '-' && end - s > 1 && ys_alnum(s[1]))))
		return false;
	const char *q = s, *last = s;
	for (; q < end && *q != ',' && *q != ']'; q++) {
		if (*q == ' ') {
			if (q + 1 < end && q[1] == '#')
				return false;
			continue;
		}
		if (*q == ':' && q + 1 < end && (q[1] == ' ' || q[1] == ',' || q[1] == ']'))
			return false;
		if (!ys_alnum(*q) && *q != ':' && !strchr(more, *q))
			return false;
		last = q + 1;
	}
	*len = (size_t)(last - s);
	return true;
}

/* `[item, item, ...]` on one line, of quoted or simple plain scalars. */
static bool ys_flow_seq(struct ys *y, const char *s)
{
	if (y->depth == YS_MAX_DEPTH ||
	    !y->sink->start(y->sink->ctx, true, y->lineno, ys_col(y, s)))
		return false;
	const char *q = s + 1;
	for (;;) {
		while (q < y->eol && *q == ' ')
			q++;
		if (q == y->eol)
			return false;
		size_t len;
		bool escaped = false;
		enum yscan_style style = *q == '"' ? YSCAN_DOUBLE : *q == '\'' ? YSCAN_SINGLE
								   : YSCAN_PLAIN;
		const char *text = style == YSCAN_PLAIN ? q : q + 1;
		if (style == YSCAN_PLAIN ? !ys_flow_plain(q, y->eol, &len)
					 : !ys_quoted_in_flow(q, y->eol, &len, &escaped))
			return false;
		if (!ys_scalar(y, escaped ? NULL : text, len, style, q))
			return false;
		q = style == YSCAN_PLAIN ? text + len : q + len + 2;
		while (q < y->eol && *q == ' ')
			q++;
		if (q < y->eol && *q == ']')
			break;
		if (q == y->eol || *q != ',')
			return false;
		q++;
	}
	return ys_rest_empty(q + 1, y->eol) && y->sink->end(y->sink->ctx);
}

/* A scalar node at s, in a collection at column parent; *next is where
 * the next line starts (after a block scalar's content). */
static bool ys_value(struct ys *y, const char *s, size_t parent, const char **next)
{
	*next = ys_next_line(y);
	y->pending = false;
	if (ys_block_header(s, y->eol)) {
		size_t lines;
		if (!ys_scalar(y, NULL, 0, YSCAN_BLOCK, s) ||
		    !ys_block(*next, y->doc_end, parent, next, &lines))
			return false;
		y->lineno += lines;
		return true;
	}
	size_t len;
	bool escaped;
	if (*s == '"' || *s == '\'')
		return ys_quoted(s, y->eol, &len, &escaped) &&
		       ys_scalar(y, escaped ? NULL : s + 1, len,
				 *s == '"' ? YSCAN_DOUBLE : YSCAN_SINGLE, s);
	if (ys_plain(s, y->eol, &len))
		return ys_scalar(y, s, len, YSCAN_PLAIN, s);
	if (*s == '[' && !(y->eol - s >= 2 && s[1] == ']'))
		return ys_flow_seq(y, s);
	return ys_empty(y, s);
}

static bool ys_node(struct ys *y, const char *s, const char **next);

static bool ys_dash(struct ys *y, const char *s, size_t col, const char **next)
{
	if (!ys_place(y, col, true, s))
		return false;
	const char *q = s + 1;
	while (q < y->eol && *q == ' ')
		q++;
	ys_wait(y, col, false, q);
	if (ys_rest_empty(q, y->eol)) {
		*next = ys_next_line(y);
		return true;
	}
	return ys_node(y, q, next);
}

static bool ys_key(struct ys *y, const char *s, size_t col, size_t klen, const char **next)
{
	if (!ys_place(y, col, false, s) || !ys_scalar(y, s, klen, YSCAN_PLAIN, s))
		return false;
	const char *q = s + klen + 1;
	while (q < y->eol && *q == ' ')
		q++;
	if (!ys_rest_empty(q, y->eol))
		return ys_value(y, q, col, next);
	*next = ys_next_line(y);
	ys_wait(y, col, true, q);
	return true;
}

/* The node that starts at s on the current line, and what follows it on
 * the line; *next is where the next line starts. */
static bool ys_node(struct ys *y, const char *s, const char **next)
{
	size_t col = (size_t)(s - y->line);
	if (*s == '-' && (s + 1 == y->eol || s[1] == ' '))
		return ys_dash(y, s, col, next);
	size_t klen = 0;
	if (ys_alnum(*s) || *s == '_')
		while (s + klen < y->eol && ys_key_char(s[klen]))
			klen++;
	if (klen && klen <= YS_MAX_KEY && s + klen < y->eol && s[klen] == ':' &&
	    (s + klen + 1 == y->eol || s[klen + 1] == ' '))
		return ys_key(y, s, col, klen, next);
	/* Otherwise a scalar, where a node waits: an item, or `{}`/`[]`. */
	if (!y->pending || col <= y->pend_col)
		return false;
	if (y->pend_key) {
		*next = ys_next_line(y);
		return ys_empty(y, s);
	}
	return ys_value(y, s, y->pend_col, next);
}

/* A line of only spaces, or a comment. */
static bool ys_blank(const char *s, const char *eol)
{
	if (s < eol && *s != '#')
		return false;
	for (size_t n; s < eol; s += n)
		if ((n = ys_char(s, eol)) == 0)
			return false;
	return true;
}

/* ---- documents --------------------------------------------------------------------- */

int yscan_document(const char *text, size_t len, const struct yscan_sink *sink)
{
	struct ys y = {.sink = sink, .doc_end = text + len, .lineno = 1};
	for (const char *line = text; line < y.doc_end; y.lineno++) {
		y.line = line;
		y.eol = ys_line_end(line, y.doc_end);
		const char *s = line;
		while (s < y.eol && *s == ' ')
			s++;
		if (ys_blank(s, y.eol)) {
			line = ys_next_line(&y);
			continue;
		}
		if (!ys_node(&y, s, &line))
			return 0;
	}
	if (!ys_settle(&y))
		return 0;
	while (y.depth)
		if (!ys_pop(&y))
			return 0;
	return 1;
}
