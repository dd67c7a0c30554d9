/* lex.c - the lexer of Go's text/template (parse/lex.go), as a pull scanner.
 *
 * Each call of tmpl_lex_next runs the state machine until it produces one
 * item. Positions, line counting, the trim markers ("{{- " and " -}}"),
 * comments and the error texts are Go's, because parse errors quote them.
 * Relies on the arena for error messages only. */
#include "tmpl/tmpl_impl.h"
#include "tmpl/gofmt.h"
#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LEFT_DELIM "{{"
#define RIGHT_DELIM "}}"
#define EOF_RUNE (-1)

enum lstate {
	S_DONE, S_TEXT, S_LEFT_DELIM, S_COMMENT, S_RIGHT_DELIM, S_INSIDE,
	S_SPACE, S_IDENT, S_FIELD, S_VARIABLE, S_CHAR, S_NUMBER, S_QUOTE, S_RAW
};

void tmpl_lex_init(struct lexer *l, struct arena *a, const char *text, size_t len)
{
	memset(l, 0, sizeof *l);
	l->arena = a;
	l->input = text;
	l->len = len;
	l->line = l->start_line = 1;
	l->break_ok = l->continue_ok = true;
}

/* ---- runes --------------------------------------------------------------- */

static bool is_space(int r)
{
	return r == ' ' || r == '\t' || r == '\r' || r == '\n';
}

/* unicode.IsLetter/IsDigit, exact for ASCII; beyond it an approximation
 * that takes letters of the common alphabets and leaves out punctuation,
 * symbols and spaces (non-ASCII identifiers are rare in templates). */
static bool is_alnum(int r)
{
	if (r < 0x80)
		return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') ||
		       (r >= '0' && r <= '9');
	if (r < 0xC0 || r == 0xD7 || r == 0xF7 || r == 0xFFFD)
		return false;
	if (r >= 0x2000 && r < 0x3040)
		return false;
	return true;
}

static int next_rune(struct lexer *l)
{
	size_t w;
	if (l->pos >= l->len) {
		l->at_eof = true;
		return EOF_RUNE;
	}
	int r = (int)tmpl_utf8_decode(l->input + l->pos, l->len - l->pos, &w);
	l->pos += w;
	l->width = w;
	if (r == '\n')
		l->line++;
	return r;
}

/* Step back over the rune just read; a no-op once EOF was seen, as Go's. */
static void backup(struct lexer *l)
{
	if (l->at_eof || l->pos == 0)
		return;
	l->pos -= l->width;
	if (l->input[l->pos] == '\n')
		l->line--;
}

static int peek(struct lexer *l)
{
	int r = next_rune(l);
	backup(l);
	return r;
}

static bool has_prefix(const struct lexer *l, size_t at, const char *s)
{
	size_t n = strlen(s);
	return at <= l->len && l->len - at >= n && memcmp(l->input + at, s, n) == 0;
}

static int count_newlines(const char *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

/* ---- items --------------------------------------------------------------- */

static struct item this_item(struct lexer *l, enum item_type t)
{
	struct item it = {t, (int)l->start, l->start_line, l->input + l->start,
			  l->pos - l->start};
	l->start = l->pos;
	l->start_line = l->line;
	return it;
}

static enum lstate emit_item(struct lexer *l, struct item it)
{
	l->item = it;
	return S_DONE;
}

static enum lstate emit(struct lexer *l, enum item_type t)
{
	return emit_item(l, this_item(l, t));
}

/* Skip the pending input; counts newlines, so only for text skipped
 * without next_rune. */
static void ignore(struct lexer *l)
{
	l->line += count_newlines(l->input + l->start, l->pos - l->start);
	l->start = l->pos;
	l->start_line = l->line;
}

/* An error item ends the scan: the input is dropped, as Go does. */
static enum lstate errorf(struct lexer *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum lstate errorf(struct lexer *l, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	l->item = (struct item){ITEM_ERROR, (int)l->start, l->start_line,
				arena_strndup(l->arena, buf_str(&msg), msg.len), msg.len};
	buf_free(&msg);
	l->start = l->pos = 0;
	l->len = 0;
	return S_DONE;
}

/* Go's %#U: U+0041 'A' (the quoted rune only when printable). */
static const char *rune_desc(struct lexer *l, int r)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "U+%04X", (unsigned)r);
	if (tmpl_go_isprint(r)) {
		buf_adds(&b, " '");
		buf_add_utf8(&b, r);
		buf_addc(&b, '\'');
	}
	const char *s = arena_strdup(l->arena, buf_str(&b));
	buf_free(&b);
	return s;
}

/* ---- trim markers ---------------------------------------------------------- */

static bool has_left_trim(const struct lexer *l, size_t at)
{
	return at + 2 <= l->len && l->input[at] == '-' && is_space(l->input[at + 1]);
}

static bool has_right_trim(const struct lexer *l, size_t at)
{
	return at + 2 <= l->len && is_space(l->input[at]) && l->input[at + 1] == '-';
}

static bool at_right_delim(const struct lexer *l, bool *trim)
{
	if (has_right_trim(l, l->pos) && has_prefix(l, l->pos + 2, RIGHT_DELIM)) {
		*trim = true;
		return true;
	}
	*trim = false;
	return has_prefix(l, l->pos, RIGHT_DELIM);
}

static size_t left_trim_length(const struct lexer *l, size_t at)
{
	size_t i = at;
	while (i < l->len && is_space(l->input[i]))
		i++;
	return i - at;
}

/* ---- states -------------------------------------------------------------- */

static enum lstate lex_text(struct lexer *l)
{
	const char *hit = NULL;
	if (l->pos < l->len) {
		const char *from = l->input + l->pos;
		size_t rest = l->len - l->pos;
		for (const char *p = memchr(from, '{', rest); p;
		     p = memchr(p + 1, '{', rest - (size_t)(p + 1 - from))) {
			if ((size_t)(p - from) + 1 < rest && p[1] == '{') {
				hit = p;
				break;
			}
		}
	}
	if (hit) {
		size_t x = (size_t)(hit - (l->input + l->pos));
		if (x > 0) {
			l->pos += x;
			size_t trim = 0;
			if (has_left_trim(l, l->pos + 2))
				while (trim < l->pos - l->start &&
				       is_space(l->input[l->pos - trim - 1]))
					trim++;
			l->pos -= trim;
			l->line += count_newlines(l->input + l->start, l->pos - l->start);
			struct item it = this_item(l, ITEM_TEXT);
			l->pos += trim;
			ignore(l);
			if (it.len > 0)
				return emit_item(l, it);
		}
		return S_LEFT_DELIM;
	}
	l->pos = l->len;
	if (l->pos > l->start) {
		l->line += count_newlines(l->input + l->start, l->pos - l->start);
		return emit(l, ITEM_TEXT);
	}
	return emit(l, ITEM_EOF);
}

static enum lstate lex_left_delim(struct lexer *l)
{
	l->pos += 2;
	size_t after = has_left_trim(l, l->pos) ? 2 : 0;
	if (has_prefix(l, l->pos + after, "/*")) {
		l->pos += after;
		ignore(l);
		return S_COMMENT;
	}
	struct item it = this_item(l, ITEM_LEFT_DELIM);
	l->inside_action = true;
	l->pos += after;
	ignore(l);
	l->paren_depth = 0;
	return emit_item(l, it);
}

static enum lstate lex_comment(struct lexer *l)
{
	l->pos += 2;
	const char *end = NULL;
	for (size_t i = l->pos; i + 1 < l->len; i++)
		if (l->input[i] == '*' && l->input[i + 1] == '/') {
			end = l->input + i;
			break;
		}
	if (!end)
		return errorf(l, "unclosed comment");
	l->pos = (size_t)(end - l->input) + 2;
	bool trim;
	if (!at_right_delim(l, &trim))
		return errorf(l, "comment ends before closing delimiter");
	l->line += count_newlines(l->input + l->start, l->pos - l->start);
	this_item(l, ITEM_COMMENT);
	l->pos += trim ? 4 : 2;
	if (trim)
		l->pos += left_trim_length(l, l->pos);
	ignore(l);
	return S_TEXT;
}

static enum lstate lex_right_delim(struct lexer *l)
{
	bool trim;
	at_right_delim(l, &trim);
	if (trim) {
		l->pos += 2;
		ignore(l);
	}
	l->pos += 2;
	struct item it = this_item(l, ITEM_RIGHT_DELIM);
	if (trim) {
		l->pos += left_trim_length(l, l->pos);
		ignore(l);
	}
	l->inside_action = false;
	return emit_item(l, it);
}

static enum lstate lex_inside_punct(struct lexer *l, int r)
{
	switch (r) {
	case '=':
		return emit(l, ITEM_ASSIGN);
	case ':':
		if (next_rune(l) != '=')
			return errorf(l, "expected :=");
		return emit(l, ITEM_DECLARE);
	case '|':
		return emit(l, ITEM_PIPE);
	case '"':
		return S_QUOTE;
	case '`':
		return S_RAW;
	case '$':
		return S_VARIABLE;
	case '\'':
		return S_CHAR;
	case '(':
		l->paren_depth++;
		return emit(l, ITEM_LEFT_PAREN);
	case ')':
		if (--l->paren_depth < 0)
			return errorf(l, "unexpected right paren");
		return emit(l, ITEM_RIGHT_PAREN);
	}
	if (r >= 0x20 && r < 0x7F)
		return emit(l, ITEM_CHAR);
	return errorf(l, "unrecognized character in action: %s", rune_desc(l, r));
}

static enum lstate lex_inside_action(struct lexer *l)
{
	bool trim;
	if (at_right_delim(l, &trim)) {
		if (l->paren_depth == 0)
			return S_RIGHT_DELIM;
		return errorf(l, "unclosed left paren");
	}
	int r = next_rune(l);
	if (r == EOF_RUNE)
		return errorf(l, "unclosed action");
	if (is_space(r)) {
		backup(l);   /* the space may start " -}}" */
		return S_SPACE;
	}
	if (r == '.' && l->pos < l->len &&
	    (l->input[l->pos] < '0' || l->input[l->pos] > '9'))
		return S_FIELD;
	if (r == '.' || r == '+' || r == '-' || (r >= '0' && r <= '9')) {
		backup(l);
		return S_NUMBER;
	}
	if (is_alnum(r)) {
		backup(l);
		return S_IDENT;
	}
	return lex_inside_punct(l, r);
}

static enum lstate lex_space(struct lexer *l)
{
	int n = 0;
	while (is_space(peek(l))) {
		next_rune(l);
		n++;
	}
	/* A trim-marked right delimiter starts with a space: leave it. */
	if (has_right_trim(l, l->pos - 1) && has_prefix(l, l->pos + 1, RIGHT_DELIM)) {
		backup(l);
		if (n == 1)
			return S_RIGHT_DELIM;
	}
	return emit(l, ITEM_SPACE);
}

/* Valid characters to follow an identifier; breaks .X.Y in two. */
static bool at_terminator(struct lexer *l)
{
	int r = peek(l);
	if (is_space(r))
		return true;
	switch (r) {
	case EOF_RUNE: case '.': case ',': case '|': case ':': case ')': case '(':
		return true;
	}
	return has_prefix(l, l->pos, RIGHT_DELIM);
}

static enum item_type keyword(const char *s, size_t n)
{
	static const struct { const char *w; enum item_type t; } kw[] = {
		{"block", ITEM_BLOCK}, {"break", ITEM_BREAK}, {"continue", ITEM_CONTINUE},
		{"define", ITEM_DEFINE}, {"else", ITEM_ELSE}, {"end", ITEM_END},
		{"if", ITEM_IF}, {"range", ITEM_RANGE}, {"nil", ITEM_NIL},
		{"template", ITEM_TEMPLATE}, {"with", ITEM_WITH},
	};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (strlen(kw[i].w) == n && memcmp(kw[i].w, s, n) == 0)
			return kw[i].t;
	return ITEM_ERROR;
}

static enum lstate lex_identifier(struct lexer *l)
{
	int r;
	while (is_alnum(r = next_rune(l)))
		;
	backup(l);
	const char *word = l->input + l->start;
	size_t n = l->pos - l->start;
	if (!at_terminator(l))
		return errorf(l, "bad character %s", rune_desc(l, r));
	enum item_type k = keyword(word, n);
	if (k != ITEM_ERROR) {
		if ((k == ITEM_BREAK && !l->break_ok) ||
		    (k == ITEM_CONTINUE && !l->continue_ok))
			return emit(l, ITEM_IDENTIFIER);
		return emit(l, k);
	}
	if ((n == 4 && memcmp(word, "true", 4) == 0) ||
	    (n == 5 && memcmp(word, "false", 5) == 0))
		return emit(l, ITEM_BOOL);
	return emit(l, ITEM_IDENTIFIER);
}

/* A field (.X) or variable ($x); the . or $ has been read. */
static enum lstate lex_field_or_variable(struct lexer *l, enum item_type t)
{
	if (at_terminator(l))
		return emit(l, t == ITEM_VARIABLE ? ITEM_VARIABLE : ITEM_DOT);
	int r;
	while (is_alnum(r = next_rune(l)))
		;
	backup(l);
	if (!at_terminator(l))
		return errorf(l, "bad character %s", rune_desc(l, r));
	return emit(l, t);
}

/* Quoted things; syntax inside is checked by the parser. */
static enum lstate lex_quote(struct lexer *l, int quote, enum item_type t,
			     const char *unterminated)
{
	for (;;) {
		int r = next_rune(l);
		if (r == '\\') {
			r = next_rune(l);
			if (r != EOF_RUNE && r != '\n')
				continue;
			return errorf(l, "%s", unterminated);
		}
		if (r == EOF_RUNE || r == '\n')
			return errorf(l, "%s", unterminated);
		if (r == quote)
			return emit(l, t);
	}
}

static enum lstate lex_raw_quote(struct lexer *l)
{
	for (;;) {
		int r = next_rune(l);
		if (r == EOF_RUNE)
			return errorf(l, "unterminated raw quoted string");
		if (r == '`')
			return emit(l, ITEM_RAW_STRING);
	}
}

static bool accept(struct lexer *l, const char *valid)
{
	int r = next_rune(l);
	if (r > 0 && r < 0x80 && strchr(valid, r))
		return true;
	backup(l);
	return false;
}

static void accept_run(struct lexer *l, const char *valid)
{
	while (accept(l, valid))
		;
}

/* Go's scanner: not exact (accepts "089"), strconv catches the rest. */
static bool scan_number(struct lexer *l)
{
	const char *digits = "0123456789_";
	accept(l, "+-");
	if (accept(l, "0")) {
		if (accept(l, "xX"))
			digits = "0123456789abcdefABCDEF_";
		else if (accept(l, "oO"))
			digits = "01234567_";
		else if (accept(l, "bB"))
			digits = "01_";
	}
	accept_run(l, digits);
	if (accept(l, "."))
		accept_run(l, digits);
	if (strlen(digits) == 11 && accept(l, "eE")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	if (strlen(digits) == 23 && accept(l, "pP")) {
		accept(l, "+-");
		accept_run(l, "0123456789_");
	}
	accept(l, "i");
	if (is_alnum(peek(l))) {
		next_rune(l);
		return false;
	}
	return true;
}

static enum lstate lex_number(struct lexer *l)
{
	if (!scan_number(l))
		goto bad;
	int sign = peek(l);
	if (sign == '+' || sign == '-') {
		if (!scan_number(l) || l->input[l->pos - 1] != 'i')
			goto bad;
		return emit(l, ITEM_COMPLEX);
	}
	return emit(l, ITEM_NUMBER);
bad:;
	struct buf q = BUF_INIT;
	gofmt_quote(&q, l->input + l->start, l->pos - l->start);
	const char *s = arena_strdup(l->arena, buf_str(&q));
	buf_free(&q);
	return errorf(l, "bad number syntax: %s", s);
}

static enum lstate lex_step(struct lexer *l, enum lstate st)
{
	switch (st) {
	case S_TEXT: return lex_text(l);
	case S_LEFT_DELIM: return lex_left_delim(l);
	case S_COMMENT: return lex_comment(l);
	case S_RIGHT_DELIM: return lex_right_delim(l);
	case S_INSIDE: return lex_inside_action(l);
	case S_SPACE: return lex_space(l);
	case S_IDENT: return lex_identifier(l);
	case S_FIELD: return lex_field_or_variable(l, ITEM_FIELD);
	case S_VARIABLE:
		if (at_terminator(l))
			return emit(l, ITEM_VARIABLE);
		return lex_field_or_variable(l, ITEM_VARIABLE);
	case S_CHAR: return lex_quote(l, '\'', ITEM_CHAR_CONSTANT,
				      "unterminated character constant");
	case S_NUMBER: return lex_number(l);
	case S_QUOTE: return lex_quote(l, '"', ITEM_STRING, "unterminated quoted string");
	case S_RAW: return lex_raw_quote(l);
	case S_DONE: break;
	}
	return S_DONE;
}

struct item tmpl_lex_next(struct lexer *l)
{
	l->item = (struct item){ITEM_EOF, (int)l->pos, l->start_line, "EOF", 3};
	enum lstate st = l->inside_action ? S_INSIDE : S_TEXT;
	while (st != S_DONE)
		st = lex_step(l, st);
	return l->item;
}

/* Go's item.String(). */
void tmpl_item_string(struct buf *out, const struct item *it)
{
	if (it->type == ITEM_EOF) {
		buf_adds(out, "EOF");
	} else if (it->type == ITEM_ERROR) {
		buf_add(out, it->val, it->len);
	} else if (it->type > ITEM_KEYWORD) {
		buf_addc(out, '<');
		buf_add(out, it->val, it->len);
		buf_addc(out, '>');
	} else {
		/* %.10q... for long items: at most 10 runes, then dots */
		size_t n = it->len, runes = 0, cut = n;
		for (size_t i = 0; n > 10 && i < n; i++)
			if (((unsigned char)it->val[i] & 0xC0) != 0x80 && runes++ == 10) {
				cut = i;
				break;
			}
		gofmt_quote(out, it->val, cut);
		if (n > 10)
			buf_adds(out, "...");
	}
}
