/* yamlfast.c - the head of a rendered manifest without a YAML parser, for
 * the documents whose syntax is plainly valid.
 *
 * Helm parses every rendered document only to learn its apiVersion, kind,
 * metadata.name and hook annotation, and to report a syntax error if there
 * is one. Charts render block-style YAML in a narrow shape: indented
 * `key: scalar` lines, `- ` items, quoted strings, `|` blocks, `{}`. This
 * scanner reads that shape line by line, keeping the stack of open block
 * collections as libyaml does, and takes the head fields on the way.
 *
 * It is conservative: any construct it does not fully understand (flow
 * collections, anchors, tags, multi-line plain or quoted scalars, tabs,
 * keys that are not simple names, values that could be NaN/Inf, control or
 * unusual Unicode characters) makes it give up, and the caller parses the
 * document with libyaml, which produces go-yaml's exact answer or error.
 * When it does answer, the document is one libyaml accepts and the head is
 * the one the full parse gives. */
#include "helm/yamldoc.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define YF_MAX_DEPTH 200
#define YF_MAX_KEY 1000          /* libyaml: simple keys are at most 1024 chars */
#define YF_MAX_DOC (8u << 20)    /* bigger documents take the full parse */

/* What a mapping means to the head. */
enum yf_role { YF_OTHER, YF_ROOT, YF_META, YF_ANNOT };

struct yf_level {
	size_t col;
	bool seq;
	bool indentless;        /* a sequence at its parent mapping's column */
	enum yf_role role;
};

struct yf {
	struct arena *a;
	const char *line, *eol; /* the line being read */
	const char *doc_end;
	struct yf_level stack[YF_MAX_DEPTH];
	size_t depth;
	bool rooted;            /* the root node has begun */
	bool pending;           /* `key:` or `-` waits for a nested node */
	size_t pend_col;        /* the column of the collection that waits */
	bool pend_key;          /* it waits after a key (a compact sequence may follow) */
	enum yf_role pend_role; /* what a mapping opened there would be */
	struct helm_head *h;
};

/* ---- characters ------------------------------------------------------------ */

/* The length of one character libyaml accepts as printable and that is not
 * a line break, or 0. ASCII controls, C1 controls, NEL, the line and
 * paragraph separators, the BOM and non-characters are refused. */
static size_t yf_char_utf8(const char *s, const char *end);

static inline size_t yf_char(const char *s, const char *end)
{
	unsigned char c = (unsigned char)*s;
	if (c < 0x80)
		return c >= 0x20 && c < 0x7f;
	return yf_char_utf8(s, end);
}

static size_t yf_char_utf8(const char *s, const char *end)
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

static bool yf_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool yf_key_char(char c)
{
	return yf_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/';
}

/* Spaces, then the end of the line or a comment. */
static bool yf_rest_empty(const char *s, const char *end)
{
	while (s < end && *s == ' ')
		s++;
	if (s == end)
		return true;
	if (*s != '#' || s[-1] != ' ')
		return false;
	for (size_t n; s < end; s += n)
		if ((n = yf_char(s, end)) == 0)
			return false;
	return true;
}

/* ---- scalars on one line ------------------------------------------------------ */

/* A scalar value from s to the end of the line: plain, single- or
 * double-quoted. Its text (NULL when it needs unescaping) goes to *text. */
static bool yf_plain(const char *s, const char *end, const char **text, size_t *len)
{
	char c = *s;
	bool start = yf_alnum(c) || c == '/' || c == '_' || c == '$' || c == '(' || c == '~' ||
		     c == '=' || c == '^' || c == ';' ||
		     (c == '-' && end - s > 1 && (yf_alnum(s[1]) || s[1] == '-'));
	if (!start)
		return false;
	const char *q = s, *last = s;
	while (q < end) {
		if (*q == ' ') {
			if (q + 1 < end && q[1] == '#')
				break;
			q++;
			continue;
		}
		if (*q == ':' && (q + 1 == end || q[1] == ' '))
			return false;
		size_t n = yf_char(q, end);
		if (n == 0)
			return false;
		q += n;
		last = q;
	}
	*text = s;
	*len = (size_t)(last - s);
	return yf_rest_empty(last, end);
}

static bool yf_escape_ok(const char *s, const char *end, size_t *skip)
{
	static const char simple[] = "0abt\tnvfre \"/\\N_LP";
	size_t hex = *s == 'x' ? 2 : *s == 'u' ? 4 : *s == 'U' ? 8 : 0;
	if (!hex) {
		*skip = 1;
		return strchr(simple, *s) != NULL && *s != '\t';
	}
	if ((size_t)(end - s) <= hex)
		return false;
	for (size_t i = 1; i <= hex; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	*skip = hex + 1;
	return true;
}

static bool yf_quoted(const char *s, const char *end, const char **text, size_t *len)
{
	char quote = *s;
	bool escaped = false;
	const char *q = s + 1;
	for (;;) {
		if (q == end)
			return false;            /* it goes on to the next line */
		if (*q == quote) {
			if (quote == '\'' && q + 1 < end && q[1] == '\'') {
				escaped = true;
				q += 2;
				continue;
			}
			break;
		}
		if (quote == '"' && *q == '\\') {
			size_t skip;
			if (q + 1 == end || !yf_escape_ok(q + 1, end, &skip))
				return false;
			escaped = true;
			q += 1 + skip;
			continue;
		}
		size_t n = yf_char(q, end);
		if (n == 0)
			return false;
		q += n;
	}
	*text = escaped ? NULL : s + 1;
	*len = (size_t)(q - s - 1);
	return yf_rest_empty(q + 1, end);
}

/* ---- block scalars -------------------------------------------------------------- */

static const char *yf_line_end(const char *s, const char *end)
{
	const char *nl = memchr(s, '\n', (size_t)(end - s));
	return nl ? nl : end;
}

/* Skips the content of a `|` or `>` scalar whose parent collection sits at
 * column parent; *next is the first line after it. */
static bool yf_block(const char *s, const char *end, size_t parent, const char **next)
{
	size_t indent = 0, blank_max = 0;
	const char *line = s;
	while (line < end) {
		const char *eol = yf_line_end(line, end), *q = line;
		while (q < eol && *q == ' ')
			q++;
		size_t col = (size_t)(q - line);
		if (q == eol) {                     /* an empty line belongs to the scalar */
			if (!indent && col > blank_max)
				blank_max = col;
			line = eol < end ? eol + 1 : end;
			continue;
		}
		if (!indent) {
			/* libyaml's auto-detection of the indentation would differ,
			 * or refuse a tab next to it. */
			if (blank_max > col || *q == '\t')
				return false;
			indent = col > parent ? col : 0;
			if (!indent)
				break;
		}
		if (col < indent)
			break;
		for (size_t n; q < eol; q += n)
			if ((n = *q == '\t' ? 1 : yf_char(q, eol)) == 0)
				return false;
		line = eol < end ? eol + 1 : end;
	}
	*next = line;
	return true;
}

static bool yf_block_header(const char *s, const char *end)
{
	if (*s != '|' && *s != '>')
		return false;
	s++;
	if (s < end && (*s == '-' || *s == '+'))
		s++;
	return s == end || yf_rest_empty(s, end);
}

/* ---- the head ------------------------------------------------------------------ */

static bool yf_is(const char *key, size_t klen, const char *name)
{
	return klen == strlen(name) && strncasecmp(key, name, klen) == 0;
}

/* Records a scalar value of key (text NULL: needs unescaping, or a block)
 * where the head wants it; false when the full parse must decide. */
static bool yf_head_value(struct yf *y, enum yf_role role, const char *key, size_t klen,
			  const char *text, size_t len, bool plain)
{
	struct helm_head *h = y->h;
	const char **field = NULL;
	if (role == YF_ROOT && yf_is(key, klen, "apiVersion"))
		field = &h->api_version;
	else if (role == YF_ROOT && yf_is(key, klen, "kind"))
		field = &h->kind;
	else if (role == YF_ROOT && yf_is(key, klen, "metadata"))
		return false;                     /* not a mapping: the full parse says why */
	else if (role == YF_META && yf_is(key, klen, "name"))
		field = &h->name;
	else if (role == YF_META && yf_is(key, klen, "annotations"))
		return false;
	else if (role != YF_ANNOT)
		return true;
	if (!text)
		return false;
	const char *value = plain ? helm_yaml_plain_string(y->a, text, len)
				  : arena_strndup(y->a, text, len);
	if (field) {
		*field = value;
		return true;
	}
	h->annotated = true;
	if (klen == 12 && memcmp(key, "helm.sh/hook", 12) == 0)
		h->hook = value;
	return true;
}

/* The role of a mapping nested under key; false where the head needs a
 * scalar (the full parse reports the type error, or takes the null). */
static bool yf_nested_role(enum yf_role role, const char *key, size_t klen, enum yf_role *out)
{
	*out = YF_OTHER;
	if (role == YF_ROOT && yf_is(key, klen, "metadata"))
		*out = YF_META;
	else if (role == YF_META && yf_is(key, klen, "annotations"))
		*out = YF_ANNOT;
	else if ((role == YF_ROOT && (yf_is(key, klen, "apiVersion") || yf_is(key, klen, "kind"))) ||
		 (role == YF_META && yf_is(key, klen, "name")) || role == YF_ANNOT)
		return false;
	return true;
}

/* ---- block structure --------------------------------------------------------------- */

static bool yf_push(struct yf *y, size_t col, bool seq, bool indentless, enum yf_role role)
{
	if (y->depth == YF_MAX_DEPTH || (seq && role != YF_OTHER))
		return false;
	y->stack[y->depth++] = (struct yf_level){col, seq, indentless, seq ? YF_OTHER : role};
	return true;
}

/* Places a node of the given kind at col: a new collection where a node
 * waits, else the next entry of an open one, as libyaml's indentation
 * rules decide. */
static bool yf_place(struct yf *y, size_t col, bool seq)
{
	bool pending = y->pending;
	y->pending = false;
	if (pending && col > y->pend_col)
		return yf_push(y, col, seq, false, y->pend_role);
	if (pending && seq && y->pend_key && col == y->pend_col)
		return yf_push(y, col, true, true, y->pend_role);
	if (!y->rooted) {
		y->rooted = true;
		return yf_push(y, col, seq, false, YF_ROOT);
	}
	while (y->depth && y->stack[y->depth - 1].col > col)
		y->depth--;
	struct yf_level *top = y->depth ? &y->stack[y->depth - 1] : NULL;
	if (!seq && top && top->indentless && top->col == col)
		top = --y->depth ? &y->stack[y->depth - 1] : NULL;
	return top && top->col == col && top->seq == seq;
}

static void yf_wait(struct yf *y, size_t col, bool key, enum yf_role role)
{
	y->pending = true;
	y->pend_col = col;
	y->pend_key = key;
	y->pend_role = role;
}

/* The line after the current one. */
static const char *yf_next_line(const struct yf *y)
{
	return y->eol < y->doc_end ? y->eol + 1 : y->doc_end;
}

/* `{}` or `[]` alone: an empty collection where one of the given role may
 * stand (a sequence only where the head does not look). */
static bool yf_empty(const struct yf *y, const char *s, enum yf_role role)
{
	if (y->eol - s < 2 || !((s[0] == '{' && s[1] == '}') || (s[0] == '[' && s[1] == ']')))
		return false;
	return (s[0] == '{' || role == YF_OTHER) && yf_rest_empty(s + 2, y->eol);
}

/* A scalar value at s, in a collection at column parent; key names it in
 * a mapping of the given role (NULL: a sequence item). */
static bool yf_value(struct yf *y, const char *s, size_t parent, enum yf_role role,
		     const char *key, size_t klen, const char **next)
{
	*next = yf_next_line(y);
	if (yf_block_header(s, y->eol))
		return (!key || yf_head_value(y, role, key, klen, NULL, 0, false)) &&
		       yf_block(*next, y->doc_end, parent, next);
	const char *text;
	size_t len;
	bool quoted = *s == '"' || *s == '\'';
	if (quoted ? yf_quoted(s, y->eol, &text, &len) : yf_plain(s, y->eol, &text, &len))
		return !key || yf_head_value(y, role, key, klen, text, len, !quoted);
	enum yf_role nested = YF_OTHER;
	return (!key || yf_nested_role(role, key, klen, &nested)) && yf_empty(y, s, nested);
}

static bool yf_node(struct yf *y, const char *s, const char **next);

static bool yf_dash(struct yf *y, const char *s, size_t col, const char **next)
{
	if (!yf_place(y, col, true))
		return false;
	const char *q = s + 1;
	while (q < y->eol && *q == ' ')
		q++;
	yf_wait(y, col, false, YF_OTHER);
	if (yf_rest_empty(q, y->eol)) {
		*next = yf_next_line(y);
		return true;
	}
	return yf_node(y, q, next);
}

static bool yf_key(struct yf *y, const char *s, size_t col, size_t klen, const char **next)
{
	if (!yf_place(y, col, false))
		return false;
	enum yf_role role = y->stack[y->depth - 1].role, nested;
	const char *q = s + klen + 1;
	while (q < y->eol && *q == ' ')
		q++;
	if (!yf_rest_empty(q, y->eol))
		return yf_value(y, q, col, role, s, klen, next);
	*next = yf_next_line(y);
	if (!yf_nested_role(role, s, klen, &nested))
		return false;
	yf_wait(y, col, true, nested);
	return true;
}

/* The node that starts at s on the current line, and what follows it on
 * the line; *next is where the next line starts. */
static bool yf_node(struct yf *y, const char *s, const char **next)
{
	size_t col = (size_t)(s - y->line);
	if (*s == '-' && (s + 1 == y->eol || s[1] == ' '))
		return yf_dash(y, s, col, next);
	size_t klen = 0;
	if (yf_alnum(*s) || *s == '_')
		while (s + klen < y->eol && yf_key_char(s[klen]))
			klen++;
	if (klen && klen <= YF_MAX_KEY && s + klen < y->eol && s[klen] == ':' &&
	    (s + klen + 1 == y->eol || s[klen + 1] == ' '))
		return yf_key(y, s, col, klen, next);
	/* Otherwise a scalar, where a node waits: an item, or `{}`/`[]`. */
	if (!y->pending || col <= y->pend_col)
		return false;
	y->pending = false;
	if (y->pend_key) {
		*next = yf_next_line(y);
		return yf_empty(y, s, y->pend_role);
	}
	return yf_value(y, s, y->pend_col, YF_OTHER, NULL, 0, next);
}

/* A line of only spaces, or a comment. */
static bool yf_blank(const char *s, const char *eol)
{
	if (s < eol && *s != '#')
		return false;
	for (size_t n; s < eol; s += n)
		if ((n = yf_char(s, eol)) == 0)
			return false;
	return true;
}

/* ---- documents --------------------------------------------------------------------- */

int helm_yaml_head_fast(struct arena *a, const char *text, size_t len, struct helm_head *h)
{
	if (len > YF_MAX_DOC)
		return 0;
	*h = (struct helm_head){"", "", "", false, NULL};
	struct yf y = {.a = a, .h = h, .doc_end = text + len};
	for (const char *line = text; line < y.doc_end;) {
		y.line = line;
		y.eol = yf_line_end(line, y.doc_end);
		const char *s = line;
		while (s < y.eol && *s == ' ')
			s++;
		if (yf_blank(s, y.eol)) {
			line = yf_next_line(&y);
			continue;
		}
		if (!yf_node(&y, s, &line))
			return 0;
	}
	return !y.rooted || (y.stack[0].role == YF_ROOT && !y.stack[0].seq);
}
