/* parse.c - the parser of Go's text/template (parse/parse.go, node.go).
 *
 * A recursive-descent parser over tmpl_lex_next with Go's three-token
 * lookahead, building trees in the set's arena. Like Go it stops at the
 * first error (a longjmp out of the descent, where Go panics) and words
 * it as Go does: "template: NAME:LINE: MESSAGE", LINE being that of the
 * last token read. Each {{define}} and {{block}} becomes its own tree with
 * its own lookahead and variables, sharing the lexer, as in Go. */
#include "tmpl/tmpl_impl.h"
#include "tmpl/gofmt.h"
#include "util/arena.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAREN_DEPTH 10000     /* Go's maxStackDepth */
#define MAX_BLOCK_DEPTH 10000     /* nested {{if}}/{{range}}/...: stack bound */
#define MAX_PIPELINE_CMDS 100000  /* Go's maxPipelineCmds */

struct parser;

/* Per-tree state: Go keeps these in each parse.Tree. */
struct ptree {
	struct parser *p;
	const char *name;
	struct item token[3];
	int peek_count;
	const char **vars;
	size_t nvars, capvars;
	int action_line;
	int range_depth;
	int paren_depth;
};

struct parser {
	struct tmpl_set *set;
	struct arena *a;
	struct lexer lex;
	const char *parse_name, *text;
	size_t len;
	int block_depth;
	struct tmpl **trees;      /* this parse's tree set */
	size_t ntrees, captrees;
	struct buf *err;
	jmp_buf jb;
};

/* ---- small helpers ---------------------------------------------------- */

static void *grow(struct arena *a, void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	size_t c = *cap ? *cap * 2 : 4;
	p = arena_grow(a, p, *cap * size, c * size);
	*cap = c;
	return p;
}

static struct node *new_node(struct ptree *t, enum node_type type, int pos)
{
	struct node *n = arena_alloc(t->p->a, sizeof *n);
	n->type = type;
	n->pos = pos;
	return n;
}

static void list_append(struct ptree *t, struct node *list, struct node *n, size_t *cap)
{
	list->list.items = grow(t->p->a, list->list.items, list->list.n, cap,
				sizeof(struct node *));
	list->list.items[list->list.n++] = n;
}

_Noreturn static void errorf(struct ptree *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

_Noreturn static void errorf(struct ptree *t, const char *fmt, ...)
{
	struct parser *p = t->p;
	va_list ap;
	buf_addf(p->err, "template: %s:%d: ", p->parse_name, t->token[0].line);
	va_start(ap, fmt);
	buf_vaddf(p->err, fmt, ap);
	va_end(ap);
	longjmp(p->jb, 1);
}

static const char *node_str(struct ptree *t, const struct node *n)
{
	struct buf b = BUF_INIT;
	tmpl_node_string(&b, n);
	const char *s = arena_strdup(t->p->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *item_str(struct ptree *t, const struct item *it)
{
	struct buf b = BUF_INIT;
	tmpl_item_string(&b, it);
	const char *s = arena_strdup(t->p->a, buf_str(&b));
	buf_free(&b);
	return s;
}

static const char *quoted(struct ptree *t, const char *s)
{
	struct buf b = BUF_INIT;
	gofmt_quote(&b, s, strlen(s));
	const char *q = arena_strdup(t->p->a, buf_str(&b));
	buf_free(&b);
	return q;
}

static const char *item_text(struct ptree *t, const struct item *it)
{
	return arena_strndup(t->p->a, it->val, it->len);
}

/* ---- tokens: Go's next/backup/peek over a three-token buffer ------------ */

static struct item next(struct ptree *t)
{
	if (t->peek_count > 0)
		t->peek_count--;
	else
		t->token[0] = tmpl_lex_next(&t->p->lex);
	return t->token[t->peek_count];
}

static void backup(struct ptree *t)
{
	t->peek_count++;
}

static void backup2(struct ptree *t, struct item t1)
{
	t->token[1] = t1;
	t->peek_count = 2;
}

static void backup3(struct ptree *t, struct item t2, struct item t1)
{
	t->token[1] = t1;
	t->token[2] = t2;
	t->peek_count = 3;
}

static struct item peek(struct ptree *t)
{
	if (t->peek_count > 0)
		return t->token[t->peek_count - 1];
	t->peek_count = 1;
	t->token[0] = tmpl_lex_next(&t->p->lex);
	return t->token[0];
}

static struct item next_non_space(struct ptree *t)
{
	struct item it;
	do
		it = next(t);
	while (it.type == ITEM_SPACE);
	return it;
}

static struct item peek_non_space(struct ptree *t)
{
	struct item it = next_non_space(t);
	backup(t);
	return it;
}

_Noreturn static void unexpected(struct ptree *t, struct item it, const char *context)
{
	if (it.type == ITEM_ERROR) {
		const char *extra = "";
		if (t->action_line != 0 && t->action_line != it.line) {
			/* "unclosed action started at", not "action in action" */
			bool action = it.len >= 7 && memcmp(it.val + it.len - 7, " action", 7) == 0;
			extra = arena_printf(t->p->a, "%s started at %s:%d", action ? "" : " in action",
					     t->p->parse_name, t->action_line);
		}
		errorf(t, "%s%s", item_str(t, &it), extra);
	}
	errorf(t, "unexpected %s in %s", item_str(t, &it), context);
}

static struct item expect(struct ptree *t, enum item_type want, const char *context)
{
	struct item it = next_non_space(t);
	if (it.type != want)
		unexpected(t, it, context);
	return it;
}

/* ---- literals: strconv.Unquote and friends ----------------------------- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* \xhh, \uhhhh, \Uhhhhhhhh at s (s[1] is the letter): bytes for \x, UTF-8
 * for the others; 0 on a syntax error. */
static size_t unquote_hex(const char *s, size_t n, struct buf *b, long *rune)
{
	int digits = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : 8;
	long v = 0;
	if (n < (size_t)digits + 2)
		return 0;
	for (int i = 0; i < digits; i++) {
		int h = hexval(s[2 + i]);
		if (h < 0)
			return 0;
		v = v * 16 + h;
	}
	*rune = v;
	if (s[1] == 'x') {
		buf_addc(b, (char)v);
		return 4;
	}
	if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
		return 0;
	buf_add_utf8(b, v);
	return (size_t)digits + 2;
}

/* \ooo: three octal digits, one byte. */
static size_t unquote_octal(const char *s, size_t n, struct buf *b, long *rune)
{
	long v = 0;
	if (n < 4)
		return 0;
	for (int i = 1; i <= 3; i++) {
		if (s[i] < '0' || s[i] > '7')
			return 0;
		v = v * 8 + (s[i] - '0');
	}
	if (v > 255)
		return 0;
	*rune = v;
	buf_addc(b, (char)v);
	return 4;
}

/* strconv.UnquoteChar: one character of a quoted literal into b; returns
 * the bytes consumed, 0 on a syntax error. *rune gets the value (for
 * character constants). */
static size_t unquote_char(const char *s, size_t n, char quote, struct buf *b, long *rune)
{
	static const char esc[] = "a\ab\bf\fn\nr\rt\tv\v\\\\";
	size_t w;
	if (n == 0 || s[0] == quote)
		return 0;
	if ((unsigned char)s[0] >= 0x80) {
		*rune = tmpl_utf8_decode(s, n, &w);
		buf_add_utf8(b, *rune);
		return w;
	}
	if (s[0] != '\\') {
		*rune = s[0];
		buf_addc(b, s[0]);
		return 1;
	}
	if (n < 2)
		return 0;
	for (const char *e = esc; *e; e += 2)
		if (s[1] == e[0]) {
			*rune = e[1];
			buf_addc(b, e[1]);
			return 2;
		}
	if (s[1] == quote) {
		*rune = quote;
		buf_addc(b, quote);
		return 2;
	}
	if (s[1] == 'x' || s[1] == 'u' || s[1] == 'U')
		return unquote_hex(s, n, b, rune);
	if (s[1] >= '0' && s[1] <= '7')
		return unquote_octal(s, n, b, rune);
	return 0;
}

/* strconv.Unquote of a "..." or `...` literal; false on a syntax error. */
static bool unquote(struct arena *a, const char *s, size_t n, const char **out, size_t *outlen)
{
	struct buf b = BUF_INIT;
	bool ok = n >= 2 && s[0] == s[n - 1];
	if (ok && s[0] == '`') {
		for (size_t i = 1; i + 1 < n; i++)
			if (s[i] != '\r')   /* raw strings drop carriage returns */
				buf_addc(&b, s[i]);
	} else if (ok && s[0] == '"') {
		long r;
		for (size_t i = 1; ok && i + 1 < n;) {
			size_t w = s[i] == '\n' ? 0 : unquote_char(s + i, n - 1 - i, '"', &b, &r);
			ok = w > 0;
			i += w;
		}
	} else {
		ok = false;
	}
	*out = arena_strndup(a, buf_str(&b), b.len);
	*outlen = b.len;
	buf_free(&b);
	return ok;
}

/* ---- numbers: strconv.ParseUint/ParseInt/ParseFloat rules ----------------- */

static int lower(int c)
{
	return c | 0x20;
}


/* strconv.ParseUint(s, 0, 64). */
static bool parse_uint(const char *s0, uint64_t *out)
{
	const char *s = s0;
	int base = 10;
	bool unders = false;
	if (!*s)
		return false;
	if (s[0] == '0') {
		size_t n = strlen(s);
		if (n >= 3 && lower(s[1]) == 'b') { base = 2; s += 2; }
		else if (n >= 3 && lower(s[1]) == 'o') { base = 8; s += 2; }
		else if (n >= 3 && lower(s[1]) == 'x') { base = 16; s += 2; }
		else { base = 8; s += 1; }
	}
	uint64_t v = 0;
	for (; *s; s++) {
		if (*s == '_') {
			unders = true;
			continue;
		}
		int d = hexval(*s);
		if (d < 0 || d >= base)
			return false;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (unders && !gofmt_underscore_ok(s0, strlen(s0)))
		return false;
	*out = v;
	return true;
}

/* strconv.ParseInt(s, 0, 64). */
static bool parse_int(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t u;
	if (*s == '+' || *s == '-')
		s++;
	if (!parse_uint(s, &u))
		return false;
	if (neg ? u > (uint64_t)INT64_MAX + 1 : u > (uint64_t)INT64_MAX)
		return false;
	*out = neg ? (int64_t)(0 - u) : (int64_t)u;
	return true;
}

/* strconv.ParseFloat(s, 64) for what the lexer lets through. */
static bool parse_float(const char *s, double *out)
{
	if (!gofmt_underscore_ok(s, strlen(s)))
		return false;
	struct buf b = BUF_INIT;
	for (const char *p = s; *p; p++)
		if (*p != '_')
			buf_addc(&b, *p);
	const char *tmp = buf_str(&b);
	const char *digits = tmp + (tmp[0] == '+' || tmp[0] == '-');
	bool hex = digits[0] == '0' && lower(digits[1]) == 'x';
	/* a hex float needs its p exponent, a decimal one has none */
	bool ok = hex == (strpbrk(digits, "pP") != NULL);
	char *end = NULL;
	double f = ok ? strtod(tmp, &end) : 0;
	ok = ok && end && *end == '\0' && end != tmp && !isinf(f);
	buf_free(&b);
	if (ok)
		*out = f;
	return ok;
}

static struct val *num_val(struct ptree *t, enum val_kind k, int64_t i, double f, int go)
{
	struct val *v = k == VAL_INT ? val_int(t->p->a, i, NULL) : val_float(t->p->a, f, NULL);
	v->go = (unsigned char)go;
	return v;
}

/* Go's idealConstant, decided at parse time: the value a number has where
 * no parameter type says otherwise (NULL: "overflows int" when run). */
static void number_values(struct ptree *t, struct node *n)
{
	const char *s = n->num.text;
	bool hex_int = strlen(s) > 2 && s[0] == '0' && lower(s[1]) == 'x' && !strpbrk(s, "pP");
	if (n->num.is_int) {
		n->num.as_int = num_val(t, VAL_INT, n->num.i, 0, VAL_GO_DEFAULT);
		n->num.as_int64 = num_val(t, VAL_INT, n->num.i, 0, VAL_GO_INT64);
	}
	if (n->num.is_float)
		n->num.as_float = num_val(t, VAL_FLOAT, 0, n->num.f, 0);
	if (n->num.is_float && !hex_int && s[0] != '\'' && strpbrk(s, ".eEpP"))
		n->num.ideal = n->num.as_float;
	else if (n->num.is_int)
		n->num.ideal = n->num.as_int;
}

static void char_constant(struct ptree *t, struct node *n, const struct item *it)
{
	struct buf b = BUF_INIT;
	long r = 0;
	size_t w = unquote_char(it->val + 1, it->len - 1, '\'', &b, &r);
	buf_free(&b);
	if (w == 0)
		errorf(t, "invalid syntax");
	if (w + 1 != it->len - 1 || it->val[it->len - 1] != '\'')
		errorf(t, "malformed character constant: %s", n->num.text);
	n->num.is_int = n->num.is_uint = n->num.is_float = true;
	n->num.i = r;
	n->num.u = (uint64_t)r;
	n->num.f = (double)r;
}

static void parse_number_text(struct ptree *t, struct node *n)
{
	const char *s = n->num.text;
	uint64_t u = 0;
	n->num.is_uint = parse_uint(s, &u);
	n->num.u = u;
	if (parse_int(s, &n->num.i)) {
		n->num.is_int = true;
		if (n->num.i == 0)
			n->num.is_uint = true;   /* -0 */
	}
	if (n->num.is_int || n->num.is_uint) {
		n->num.is_float = true;
		n->num.f = n->num.is_int ? (double)n->num.i : (double)n->num.u;
		return;
	}
	double f;
	if (!parse_float(s, &f))
		return;
	if (!strpbrk(s, ".eEpP"))
		errorf(t, "integer overflow: %s", quoted(t, s));
	n->num.is_float = true;
	n->num.f = f;
	if (f >= -9223372036854775808.0 && f < 9223372036854775808.0 && (double)(int64_t)f == f) {
		n->num.is_int = true;
		n->num.i = (int64_t)f;
	}
	if (f >= 0 && f < 18446744073709551616.0 && (double)(uint64_t)f == f) {
		n->num.is_uint = true;
		n->num.u = (uint64_t)f;
	}
}

__attribute__((noinline)) static struct node *new_number(struct ptree *t, const struct item *it)
{
	struct node *n = new_node(t, N_NUMBER, it->pos);
	n->num.text = item_text(t, it);
	if (it->type == ITEM_CHAR_CONSTANT) {
		char_constant(t, n, it);
	} else if (it->type == ITEM_COMPLEX || n->num.text[it->len - 1] == 'i') {
		errorf(t, "complex numbers are not supported: %s", quoted(t, n->num.text));
	} else {
		parse_number_text(t, n);
		if (!n->num.is_int && !n->num.is_uint && !n->num.is_float)
			errorf(t, "illegal number syntax: %s", quoted(t, n->num.text));
	}
	number_values(t, n);
	return n;
}

/* ---- node constructors ---------------------------------------------------- */

/* Split "a.b.c" (after a leading "." for fields) into identifiers. */
static void split_idents(struct ptree *t, const char *s, const char ***id, size_t *n)
{
	size_t count = 1;
	for (const char *p = s; *p; p++)
		count += *p == '.';
	*id = arena_alloc(t->p->a, count * sizeof(char *));
	*n = 0;
	for (const char *p = s;; p++) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		(*id)[(*n)++] = arena_strndup(t->p->a, p, len);
		if (!dot)
			break;
		p = dot;
	}
}

__attribute__((noinline)) static struct node *new_variable(struct ptree *t, int pos, const char *name)
{
	struct node *n = new_node(t, N_VARIABLE, pos);
	split_idents(t, name, &n->ident.id, &n->ident.n);
	return n;
}

__attribute__((noinline)) static struct node *new_field(struct ptree *t, int pos, const char *name)
{
	struct node *n = new_node(t, N_FIELD, pos);
	split_idents(t, name + 1, &n->ident.id, &n->ident.n);
	return n;
}

static void push_var(struct ptree *t, const char *name)
{
	t->vars = grow(t->p->a, t->vars, t->nvars, &t->capvars, sizeof(char *));
	t->vars[t->nvars++] = name;
}

__attribute__((noinline)) static struct node *use_var(struct ptree *t, int pos, const char *name)
{
	struct node *v = new_variable(t, pos, name);
	for (size_t i = 0; i < t->nvars; i++)
		if (strcmp(t->vars[i], v->ident.id[0]) == 0)
			return v;
	errorf(t, "undefined variable %s", quoted(t, v->ident.id[0]));
}

/* ---- the grammar ---------------------------------------------------------- */

static struct node *pipeline(struct ptree *t, const char *context, enum item_type end);
static struct node *item_list(struct ptree *t, struct node **end);
static struct node *text_or_action(struct ptree *t);

__attribute__((noinline)) static struct node *term_ident(struct ptree *t, const struct item *it)
{
	const char *name = item_text(t, it);
	struct func *f = tmpl_func_find(t->p->set, name);
	if (!f)
		errorf(t, "function %s not defined", quoted(t, name));
	struct node *n = new_node(t, N_IDENT, it->pos);
	n->fn.name = name;
	n->fn.fn = f;
	return n;
}

__attribute__((noinline)) static struct node *term_string(struct ptree *t, const struct item *it)
{
	const char *s;
	size_t len;
	if (!unquote(t->p->a, it->val, it->len, &s, &len))
		errorf(t, "invalid syntax");
	struct node *n = new_node(t, N_STRING, it->pos);
	n->str.quoted = item_text(t, it);
	n->str.v = val_strn(t->p->a, s, len, NULL);
	return n;
}

static struct node *term_paren(struct ptree *t)
{
	if (t->paren_depth >= MAX_PAREN_DEPTH || tmpl_stack_exhausted(t->p->set->stack_floor))
		errorf(t, "max expression depth exceeded");
	t->paren_depth++;
	struct node *n = pipeline(t, "parenthesized pipeline", ITEM_RIGHT_PAREN);
	t->paren_depth--;
	return n;
}

/* A term: a literal, function, ., .Field, $x or ( pipeline ); NULL if the
 * next token is none of these. */
static struct node *term(struct ptree *t)
{
	struct item it = next_non_space(t);
	struct node *n;
	switch (it.type) {
	case ITEM_IDENTIFIER: return term_ident(t, &it);
	case ITEM_DOT: return new_node(t, N_DOT, it.pos);
	case ITEM_NIL: return new_node(t, N_NIL, it.pos);
	case ITEM_VARIABLE: return use_var(t, it.pos, item_text(t, &it));
	case ITEM_FIELD: return new_field(t, it.pos, item_text(t, &it));
	case ITEM_BOOL:
		n = new_node(t, N_BOOL, it.pos);
		n->b = it.len == 4;
		return n;
	case ITEM_CHAR_CONSTANT: case ITEM_COMPLEX: case ITEM_NUMBER:
		return new_number(t, &it);
	case ITEM_LEFT_PAREN: return term_paren(t);
	case ITEM_STRING: case ITEM_RAW_STRING: return term_string(t, &it);
	default:
		backup(t);
		return NULL;
	}
}

/* term .Field*: chains on fields and variables stay flat, as Go keeps
 * them (and then reports the position of the second element). */
static struct node *operand(struct ptree *t)
{
	struct node *node = term(t);
	if (!node || peek(t).type != ITEM_FIELD)
		return node;
	struct node *chain = new_node(t, N_CHAIN, peek(t).pos);
	chain->chain.node = node;
	size_t cap = 0;
	while (peek(t).type == ITEM_FIELD) {
		struct item f = next(t);
		chain->chain.id = grow(t->p->a, chain->chain.id, chain->chain.n, &cap,
				       sizeof(char *));
		chain->chain.id[chain->chain.n++] = arena_strndup(t->p->a, f.val + 1, f.len - 1);
	}
	switch (node->type) {
	case N_FIELD:
		return new_field(t, chain->pos, node_str(t, chain));
	case N_VARIABLE:
		return new_variable(t, chain->pos, node_str(t, chain));
	case N_BOOL: case N_STRING: case N_NUMBER: case N_NIL: case N_DOT:
		errorf(t, "unexpected . after term %s", quoted(t, node_str(t, node)));
	default:
		return chain;
	}
}

static struct node *command(struct ptree *t)
{
	struct node *cmd = new_node(t, N_COMMAND, peek_non_space(t).pos);
	size_t cap = 0;
	for (;;) {
		peek_non_space(t);
		struct node *op = operand(t);
		if (op) {
			cmd->cmd.args = grow(t->p->a, cmd->cmd.args, cmd->cmd.n, &cap,
					     sizeof(struct node *));
			cmd->cmd.args[cmd->cmd.n++] = op;
		}
		struct item it = next(t);
		if (it.type == ITEM_SPACE)
			continue;
		if (it.type == ITEM_RIGHT_DELIM || it.type == ITEM_RIGHT_PAREN)
			backup(t);
		else if (it.type != ITEM_PIPE)
			unexpected(t, it, "operand");
		break;
	}
	if (cmd->cmd.n == 0)
		errorf(t, "empty command");
	return cmd;
}

__attribute__((noinline)) static void check_pipeline(struct ptree *t, struct node *pipe, const char *context)
{
	if (pipe->pipeline.ncmds == 0)
		errorf(t, "missing value for %s", context);
	for (size_t i = 1; i < pipe->pipeline.ncmds; i++) {
		switch (pipe->pipeline.cmds[i]->cmd.args[0]->type) {
		case N_BOOL: case N_DOT: case N_NIL: case N_NUMBER: case N_STRING:
			errorf(t, "non executable command in pipeline stage %zu", i + 1);
		default:
			break;
		}
	}
}

static void add_decl(struct ptree *t, struct node *pipe, struct item v, size_t *cap)
{
	pipe->pipeline.decl = grow(t->p->a, pipe->pipeline.decl, pipe->pipeline.ndecl,
				   cap, sizeof(struct node *));
	const char *name = item_text(t, &v);
	pipe->pipeline.decl[pipe->pipeline.ndecl++] = new_variable(t, v.pos, name);
	push_var(t, name);
}

/* Declarations or assignments at the start of a pipeline: $x := / $x = /
 * and for range the two-variable form $i, $v :=. */
__attribute__((noinline)) static void declarations(struct ptree *t, struct node *pipe, const char *context)
{
	size_t cap = 0;
	for (;;) {
		struct item v = peek_non_space(t);
		if (v.type != ITEM_VARIABLE)
			return;
		next(t);
		/* "$x foo" vs "$x :=": remember the token after the variable */
		struct item after = peek(t);
		struct item nx = peek_non_space(t);
		if (nx.type == ITEM_ASSIGN || nx.type == ITEM_DECLARE) {
			pipe->pipeline.assign = nx.type == ITEM_ASSIGN;
			next_non_space(t);
			add_decl(t, pipe, v, &cap);
			return;
		}
		if (nx.type == ITEM_CHAR && nx.len == 1 && nx.val[0] == ',') {
			next_non_space(t);
			add_decl(t, pipe, v, &cap);
			if (strcmp(context, "range") == 0 && pipe->pipeline.ndecl < 2) {
				enum item_type k = peek_non_space(t).type;
				if (k == ITEM_VARIABLE || k == ITEM_RIGHT_DELIM || k == ITEM_RIGHT_PAREN)
					continue;
				errorf(t, "range can only initialize variables");
			}
			errorf(t, "too many declarations in %s", context);
		}
		if (after.type == ITEM_SPACE)
			backup3(t, v, after);
		else
			backup2(t, v);
		return;
	}
}

static struct node *pipeline(struct ptree *t, const char *context, enum item_type end)
{
	struct item first = peek_non_space(t);
	struct node *pipe = new_node(t, N_PIPE, first.pos);
	pipe->line = first.line;
	size_t cap = 0;
	declarations(t, pipe, context);
	for (;;) {
		struct item it = next_non_space(t);
		if (it.type == end) {
			check_pipeline(t, pipe, context);
			return pipe;
		}
		switch (it.type) {
		case ITEM_BOOL: case ITEM_CHAR_CONSTANT: case ITEM_COMPLEX: case ITEM_DOT:
		case ITEM_FIELD: case ITEM_IDENTIFIER: case ITEM_NUMBER: case ITEM_NIL:
		case ITEM_RAW_STRING: case ITEM_STRING: case ITEM_VARIABLE: case ITEM_LEFT_PAREN:
			backup(t);
			pipe->pipeline.cmds = grow(t->p->a, pipe->pipeline.cmds,
						   pipe->pipeline.ncmds, &cap, sizeof(struct node *));
			pipe->pipeline.cmds[pipe->pipeline.ncmds++] = command(t);
			if (pipe->pipeline.ncmds > MAX_PIPELINE_CMDS)
				errorf(t, "pipeline too long");
			break;
		default:
			unexpected(t, it, context);
		}
	}
}

/* ---- control structures --------------------------------------------------- */

static struct node *if_control(struct ptree *t);
static struct node *with_control(struct ptree *t);

static struct node *else_chain(struct ptree *t, struct node *els, struct node *(*ctl)(struct ptree *))
{
	next(t);   /* the "if" or "with" that followed {{else */
	struct node *list = new_node(t, N_LIST, els->pos);
	size_t cap = 0;
	list_append(t, list, ctl(t), &cap);
	return list;
}

/* {{if|range|with pipeline}} list [{{else}} list] {{end}} */
static struct node *parse_control(struct ptree *t, enum node_type type, const char *context)
{
	size_t nvars = t->nvars;
	if (++t->p->block_depth > MAX_BLOCK_DEPTH || tmpl_stack_exhausted(t->p->set->stack_floor))
		errorf(t, "max nesting depth exceeded");
	struct node *n = new_node(t, type, 0);
	struct node *end;
	n->branch.pipe = pipeline(t, context, ITEM_RIGHT_DELIM);
	n->pos = n->branch.pipe->pos;
	n->line = n->branch.pipe->line;
	t->range_depth += type == N_RANGE;
	n->branch.list = item_list(t, &end);
	t->range_depth -= type == N_RANGE;
	if (end->type == N_ELSE) {
		/* {{else if ...}} and {{else with ...}} nest a new control that
		 * shares this {{end}} */
		if (type == N_IF && peek(t).type == ITEM_IF) {
			n->branch.else_list = else_chain(t, end, if_control);
		} else if (type == N_WITH && peek(t).type == ITEM_WITH) {
			n->branch.else_list = else_chain(t, end, with_control);
		} else {
			n->branch.else_list = item_list(t, &end);
			if (end->type != N_END)
				errorf(t, "expected end; found %s", node_str(t, end));
		}
	}
	t->nvars = nvars;
	t->p->block_depth--;
	return n;
}

static struct node *if_control(struct ptree *t)
{
	return parse_control(t, N_IF, "if");
}

static struct node *with_control(struct ptree *t)
{
	return parse_control(t, N_WITH, "with");
}

__attribute__((noinline)) static struct node *else_control(struct ptree *t)
{
	struct item pk = peek_non_space(t);
	if (pk.type == ITEM_IF || pk.type == ITEM_WITH) {
		struct node *n = new_node(t, N_ELSE, pk.pos);
		n->line = pk.line;
		return n;
	}
	struct item it = expect(t, ITEM_RIGHT_DELIM, "else");
	struct node *n = new_node(t, N_ELSE, it.pos);
	n->line = it.line;
	return n;
}

__attribute__((noinline)) static struct node *loop_control(struct ptree *t, struct item it, enum node_type type,
				 const char *word)
{
	struct item nx = next_non_space(t);
	if (nx.type != ITEM_RIGHT_DELIM)
		unexpected(t, nx, word);
	if (t->range_depth == 0)
		errorf(t, "%s outside {{range}}", word);
	struct node *n = new_node(t, type, it.pos);
	n->line = it.line;
	return n;
}

static const char *template_name(struct ptree *t, struct item it, const char *context)
{
	const char *s;
	size_t len;
	if (it.type != ITEM_STRING && it.type != ITEM_RAW_STRING)
		unexpected(t, it, context);
	if (!unquote(t->p->a, it.val, it.len, &s, &len))
		errorf(t, "invalid syntax");
	return s;
}

__attribute__((noinline)) static struct node *template_control(struct ptree *t)
{
	const char *context = "template clause";
	struct item it = next_non_space(t);
	const char *name = template_name(t, it, context);
	struct node *n = new_node(t, N_TEMPLATE, it.pos);
	n->line = it.line;
	n->call.name = name;
	if (next_non_space(t).type != ITEM_RIGHT_DELIM) {
		backup(t);
		n->call.pipe = pipeline(t, context, ITEM_RIGHT_DELIM);
	}
	return n;
}

static void tree_init(struct ptree *t, struct parser *p, const char *name)
{
	memset(t, 0, sizeof *t);
	t->p = p;
	t->name = name;
	push_var(t, "$");
}

static void tree_add(struct ptree *t, struct node *root);

/* {{block "name" pipeline}} list {{end}}: a define plus a template call. */
__attribute__((noinline)) static struct node *block_control(struct ptree *t)
{
	const char *context = "block clause";
	struct item it = next_non_space(t);
	const char *name = template_name(t, it, context);
	struct node *pipe = pipeline(t, context, ITEM_RIGHT_DELIM);
	struct ptree block;
	struct node *end;
	tree_init(&block, t->p, name);
	struct node *root = item_list(&block, &end);
	if (end->type != N_END)
		errorf(t, "unexpected %s in %s", node_str(t, end), context);
	tree_add(&block, root);
	struct node *n = new_node(t, N_TEMPLATE, it.pos);
	n->line = it.line;
	n->call.name = name;
	n->call.pipe = pipe;
	return n;
}

/* After {{: a control word or a pipeline. */
static struct node *action(struct ptree *t)
{
	struct item it = next_non_space(t);
	switch (it.type) {
	case ITEM_BLOCK: return block_control(t);
	case ITEM_BREAK: return loop_control(t, it, N_BREAK, "{{break}}");
	case ITEM_CONTINUE: return loop_control(t, it, N_CONTINUE, "{{continue}}");
	case ITEM_ELSE: return else_control(t);
	case ITEM_END: return new_node(t, N_END, expect(t, ITEM_RIGHT_DELIM, "end").pos);
	case ITEM_IF: return if_control(t);
	case ITEM_RANGE: return parse_control(t, N_RANGE, "range");
	case ITEM_TEMPLATE: return template_control(t);
	case ITEM_WITH: return with_control(t);
	default: break;
	}
	backup(t);
	struct item first = peek(t);
	struct node *n = new_node(t, N_ACTION, first.pos);
	n->line = first.line;
	/* variables declared here live until the enclosing {{end}} */
	n->pipe = pipeline(t, "command", ITEM_RIGHT_DELIM);
	return n;
}

static struct node *text_or_action(struct ptree *t)
{
	struct item it = next_non_space(t);
	struct node *n;
	switch (it.type) {
	case ITEM_TEXT:
		n = new_node(t, N_TEXT, it.pos);
		n->text.s = it.val;
		n->text.len = it.len;
		return n;
	case ITEM_LEFT_DELIM:
		t->action_line = it.line;
		n = action(t);
		t->action_line = 0;
		return n;
	default:
		unexpected(t, it, "input");
	}
}

/* Nodes up to an {{end}} or {{else}}, which is returned in *end. */
static struct node *item_list(struct ptree *t, struct node **end)
{
	struct node *list = new_node(t, N_LIST, peek_non_space(t).pos);
	size_t cap = 0;
	while (peek_non_space(t).type != ITEM_EOF) {
		struct node *n = text_or_action(t);
		if (n->type == N_END || n->type == N_ELSE) {
			*end = n;
			return list;
		}
		list_append(t, list, n, &cap);
	}
	errorf(t, "unexpected EOF");
}

/* Go's Tree.add: a second non-empty definition in one parse is an error. */
static void tree_add(struct ptree *t, struct node *root)
{
	struct parser *p = t->p;
	for (size_t i = 0; i < p->ntrees; i++) {
		if (strcmp(p->trees[i]->name, t->name) != 0)
			continue;
		if (!tmpl_tree_is_empty(p->trees[i]->root) && !tmpl_tree_is_empty(root))
			errorf(t, "template: multiple definition of template %s",
			       quoted(t, t->name));
		if (tmpl_tree_is_empty(p->trees[i]->root))
			p->trees[i]->root = root;
		return;
	}
	struct tmpl *tm = arena_alloc(p->a, sizeof *tm);
	*tm = (struct tmpl){t->name, p->parse_name, p->text, p->len, root};
	p->trees = grow(p->a, p->trees, p->ntrees, &p->captrees, sizeof *p->trees);
	p->trees[p->ntrees++] = tm;
}

static void parse_definition(struct parser *p)
{
	const char *context = "define clause";
	struct ptree t;
	struct node *end;
	tree_init(&t, p, "definition");
	struct item it = next_non_space(&t);
	if (it.type != ITEM_STRING && it.type != ITEM_RAW_STRING)
		unexpected(&t, it, context);
	t.name = template_name(&t, it, context);
	expect(&t, ITEM_RIGHT_DELIM, context);
	struct node *root = item_list(&t, &end);
	if (end->type != N_END)
		errorf(&t, "unexpected %s in %s", node_str(&t, end), context);
	tree_add(&t, root);
}

/* The top level: like item_list, plus {{define}}s, to EOF. */
static void parse_top(struct ptree *t)
{
	struct node *root = new_node(t, N_LIST, peek(t).pos);
	size_t cap = 0;
	while (peek(t).type != ITEM_EOF) {
		if (peek(t).type == ITEM_LEFT_DELIM) {
			struct item delim = next(t);
			if (next_non_space(t).type == ITEM_DEFINE) {
				parse_definition(t->p);
				continue;
			}
			backup2(t, delim);
		}
		struct node *n = text_or_action(t);
		if (n->type == N_END || n->type == N_ELSE)
			errorf(t, "unexpected %s", node_str(t, n));
		list_append(t, root, n, &cap);
	}
	tree_add(t, root);
}

struct tmpl **tmpl_parse_trees(struct tmpl_set *s, const char *name,
			       const char *text, size_t len, size_t *n,
			       struct buf *err)
{
	struct parser *p = arena_alloc(s->arena, sizeof *p);
	struct ptree top;
	p->set = s;
	p->a = s->arena;
	p->parse_name = arena_strdup(s->arena, name);
	p->text = arena_strndup(s->arena, text, len);
	p->len = len;
	p->err = err;
	tmpl_lex_init(&p->lex, s->arena, p->text, len);
	p->lex.break_ok = !tmpl_func_find(s, "break");
	p->lex.continue_ok = !tmpl_func_find(s, "continue");
	tree_init(&top, p, p->parse_name);
	if (setjmp(p->jb))
		return NULL;
	parse_top(&top);
	*n = p->ntrees;
	return p->trees;
}

/* ---- Node.String() ---------------------------------------------------------- */

static void idents_string(struct buf *out, const char **id, size_t n, bool lead_dot)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 || lead_dot)
			buf_addc(out, '.');
		buf_adds(out, id[i]);
	}
}

static void pipe_string(struct buf *out, const struct node *p)
{
	for (size_t i = 0; i < p->pipeline.ndecl; i++) {
		if (i > 0)
			buf_adds(out, ", ");
		tmpl_node_string(out, p->pipeline.decl[i]);
	}
	if (p->pipeline.ndecl)
		buf_adds(out, p->pipeline.assign ? " = " : " := ");
	for (size_t i = 0; i < p->pipeline.ncmds; i++) {
		if (i > 0)
			buf_adds(out, " | ");
		tmpl_node_string(out, p->pipeline.cmds[i]);
	}
}

static void arg_string(struct buf *out, const struct node *a)
{
	if (a->type == N_PIPE) {
		buf_addc(out, '(');
		pipe_string(out, a);
		buf_addc(out, ')');
	} else {
		tmpl_node_string(out, a);
	}
}

static void branch_string(struct buf *out, const struct node *n, const char *word)
{
	buf_addf(out, "{{%s ", word);
	pipe_string(out, n->branch.pipe);
	buf_adds(out, "}}");
	tmpl_node_string(out, n->branch.list);
	if (n->branch.else_list) {
		buf_adds(out, "{{else}}");
		tmpl_node_string(out, n->branch.else_list);
	}
	buf_adds(out, "{{end}}");
}

static void template_string(struct buf *out, const struct node *n)
{
	buf_adds(out, "{{template ");
	gofmt_quote(out, n->call.name, strlen(n->call.name));
	if (n->call.pipe) {
		buf_addc(out, ' ');
		pipe_string(out, n->call.pipe);
	}
	buf_adds(out, "}}");
}

void tmpl_node_string(struct buf *out, const struct node *n)
{
	switch (n->type) {
	case N_TEXT: buf_add(out, n->text.s, n->text.len); break;
	case N_ACTION:
		buf_adds(out, "{{");
		pipe_string(out, n->pipe);
		buf_adds(out, "}}");
		break;
	case N_BOOL: buf_adds(out, n->b ? "true" : "false"); break;
	case N_CHAIN:
		arg_string(out, n->chain.node);
		idents_string(out, n->chain.id, n->chain.n, true);
		break;
	case N_COMMAND:
		for (size_t i = 0; i < n->cmd.n; i++) {
			if (i > 0)
				buf_addc(out, ' ');
			arg_string(out, n->cmd.args[i]);
		}
		break;
	case N_DOT: buf_addc(out, '.'); break;
	case N_ELSE: buf_adds(out, "{{else}}"); break;
	case N_END: buf_adds(out, "{{end}}"); break;
	case N_FIELD: idents_string(out, n->ident.id, n->ident.n, true); break;
	case N_IDENT: buf_adds(out, n->fn.name); break;
	case N_IF: branch_string(out, n, "if"); break;
	case N_RANGE: branch_string(out, n, "range"); break;
	case N_WITH: branch_string(out, n, "with"); break;
	case N_LIST:
		for (size_t i = 0; i < n->list.n; i++)
			tmpl_node_string(out, n->list.items[i]);
		break;
	case N_NIL: buf_adds(out, "nil"); break;
	case N_NUMBER: buf_adds(out, n->num.text); break;
	case N_PIPE: pipe_string(out, n); break;
	case N_STRING: buf_adds(out, n->str.quoted); break;
	case N_TEMPLATE: template_string(out, n); break;
	case N_VARIABLE: idents_string(out, n->ident.id, n->ident.n, false); break;
	case N_BREAK: buf_adds(out, "{{break}}"); break;
	case N_CONTINUE: buf_adds(out, "{{continue}}"); break;
	}
}
