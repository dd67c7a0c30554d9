/* gofmt.c - Go's fmt package (print.go, format.go) over template values:
 * Sprint, Sprintln and Sprintf with every verb, flag, width, precision and
 * argument index, and Go's error forms for mistakes (%!d(string=x),
 * %!d(MISSING), %!(EXTRA ...), %!(NOVERB), %!(BADWIDTH)...).
 *
 * The structure is Go's: a printer state (flags, width, precision, the
 * current argument) with printArg for top-level operands and printValue
 * for what is inside maps and slices. The Go type of a value is the one
 * gofmt_type_name gives (yaml/value.h's val_go says int64 or []string).
 * Number and string primitives come from gostrconv.c. */
#include "tmpl/gofmt.h"
#include "tmpl/tmpl_impl.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

#define TOO_LARGE 1000000   /* Go's limit on widths and precisions */

struct pp {
	struct buf *buf;
	bool wid_present, prec_present, minus, plus, sharp, space, zero;
	bool plus_v, sharp_v;
	int wid, prec;
	bool reordered, good_argnum;
};

static void print_arg(struct pp *p, const struct val *v, long verb);
static void print_value(struct pp *p, const struct val *v, long verb, int depth);

static void clear_flags(struct pp *p)
{
	p->wid_present = p->prec_present = p->minus = p->plus = false;
	p->sharp = p->space = p->zero = p->plus_v = p->sharp_v = false;
	p->wid = p->prec = 0;
}

const char *gofmt_type_name(const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: return "<nil>";
	case VAL_BOOL: return "bool";
	case VAL_INT: return v->go == VAL_GO_INT64 ? "int64" : "int";
	case VAL_FLOAT: return "float64";
	case VAL_STR: return "string";
	case VAL_SEQ:
		if (tmpl_is_object(v))
			return v->tag;
		return v->go == VAL_GO_STRINGS ? "[]string" : "[]interface {}";
	case VAL_MAP: return tmpl_is_object(v) ? v->tag : "map[string]interface {}";
	}
	return "?";
}

/* ---- padding ------------------------------------------------------------------ */

static size_t rune_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n;) {
		size_t w;
		tmpl_utf8_decode(s + i, n - i, &w);
		i += w;
		c++;
	}
	return c;
}

static void write_padding(struct pp *p, long n)
{
	char c = p->zero && !p->minus ? '0' : ' ';
	for (; n > 0; n--)
		buf_addc(p->buf, c);
}

static void pad(struct pp *p, const char *s, size_t n)
{
	if (!p->wid_present || p->wid == 0) {
		buf_add(p->buf, s, n);
		return;
	}
	long width = (long)p->wid - (long)rune_count(s, n);
	if (!p->minus) {
		write_padding(p, width);
		buf_add(p->buf, s, n);
	} else {
		buf_add(p->buf, s, n);
		write_padding(p, width);
	}
}

static void pad_str(struct pp *p, const char *s)
{
	pad(p, s, strlen(s));
}

/* Padding without zeros (Go saves and clears f.zero around these). */
static void pad_nozero(struct pp *p, const char *s, size_t n)
{
	bool z = p->zero;
	p->zero = false;
	pad(p, s, n);
	p->zero = z;
}

/* ---- bad verbs -------------------------------------------------------------------- */

static void bad_verb(struct pp *p, const struct val *v, long verb)
{
	buf_adds(p->buf, "%!");
	buf_add_utf8(p->buf, verb);
	buf_addc(p->buf, '(');
	if (v && v->kind != VAL_NULL) {
		buf_adds(p->buf, gofmt_type_name(v));
		buf_addc(p->buf, '=');
		print_arg(p, v, 'v');
	} else {
		buf_adds(p->buf, "<nil>");
	}
	buf_addc(p->buf, ')');
}

/* ---- integers ------------------------------------------------------------------------ */

/* The digits of u, zero-extended to prec, right-aligned ending at buf+size;
 * returns where they start. */
static size_t int_digits(char *buf, size_t size, uint64_t u, int base, long prec,
			 const char *digits)
{
	size_t i = size;
	do {
		buf[--i] = digits[u % (uint64_t)base];
		u /= (uint64_t)base;
	} while (u > 0);
	while (i > 0 && prec > (long)(size - i))
		buf[--i] = '0';
	return i;
}

/* The 0x, 0b, 0 and 0o prefixes and the sign, written leftwards. */
static size_t int_prefix(const struct pp *p, char *buf, size_t i, int base, bool negative,
			 long verb, const char *digits)
{
	if (p->sharp) {
		if (base == 2) {
			buf[--i] = 'b';
			buf[--i] = '0';
		} else if (base == 8 && buf[i] != '0') {
			buf[--i] = '0';
		} else if (base == 16) {
			buf[--i] = digits[16];
			buf[--i] = '0';
		}
	}
	if (verb == 'O') {
		buf[--i] = 'o';
		buf[--i] = '0';
	}
	if (negative)
		buf[--i] = '-';
	else if (p->plus)
		buf[--i] = '+';
	else if (p->space)
		buf[--i] = ' ';
	return i;
}

/* Go's fmt.fmtInteger: precision or zero flag give leading zeros. */
static void fmt_integer(struct pp *p, uint64_t u, int base, bool is_signed, long verb,
			const char *digits)
{
	bool negative = is_signed && (int64_t)u < 0;
	if (negative)
		u = -u;
	long prec = 0;
	if (p->prec_present) {
		prec = p->prec;
		if (prec == 0 && u == 0) {   /* %.0d of 0: nothing but padding */
			bool z = p->zero;
			p->zero = false;
			write_padding(p, p->wid);
			p->zero = z;
			return;
		}
	} else if (p->zero && !p->minus && p->wid_present) {
		prec = p->wid;
		if (negative || p->plus || p->space)
			prec--;   /* room for the sign */
	}
	size_t size = 68 + (size_t)p->wid + (size_t)p->prec;
	char *buf = malloc(size);
	if (!buf)
		die_oom();
	size_t i = int_digits(buf, size, u, base, prec, digits);
	i = int_prefix(p, buf, i, base, negative, verb, digits);
	pad_nozero(p, buf + i, size - i);
	free(buf);
}

static const char ldigits[] = "0123456789abcdefx";
static const char udigits[] = "0123456789ABCDEFX";

static void fmt_unicode(struct pp *p, uint64_t u)
{
	struct buf b = BUF_INIT;
	int prec = p->prec_present && p->prec > 4 ? p->prec : 4;
	buf_addf(&b, "U+%0*llX", prec, (unsigned long long)u);
	if (p->sharp && u <= 0x10FFFF && tmpl_go_isprint((long)u)) {
		buf_adds(&b, " '");
		buf_add_utf8(&b, (long)u);
		buf_addc(&b, '\'');
	}
	pad_nozero(p, b.p, b.len);
	buf_free(&b);
}

static void fmt_c(struct pp *p, uint64_t u)
{
	struct buf b = BUF_INIT;
	buf_add_utf8(&b, u > 0x10FFFF ? 0xFFFD : (long)u);
	pad(p, b.p, b.len);
	buf_free(&b);
}

static void fmt_qc(struct pp *p, uint64_t u)
{
	struct buf b = BUF_INIT;
	tmpl_quote_rune(&b, u > 0x10FFFF ? 0xFFFD : (long)u, p->plus);
	pad(p, b.p, b.len);
	buf_free(&b);
}

static void fmt_int_verb(struct pp *p, const struct val *v, long verb)
{
	uint64_t u = (uint64_t)v->i;
	switch (verb) {
	case 'v': case 'd': fmt_integer(p, u, 10, true, verb, ldigits); break;
	case 'b': fmt_integer(p, u, 2, true, verb, ldigits); break;
	case 'o': case 'O': fmt_integer(p, u, 8, true, verb, ldigits); break;
	case 'x': fmt_integer(p, u, 16, true, verb, ldigits); break;
	case 'X': fmt_integer(p, u, 16, true, verb, udigits); break;
	case 'c': fmt_c(p, u); break;
	case 'q': fmt_qc(p, u); break;
	case 'U': fmt_unicode(p, u); break;
	default: bad_verb(p, v, verb);
	}
}

/* ---- floats ---------------------------------------------------------------------------- */

/* Go's '#' for floats: keep the decimal point and trailing zeros. */
static void sharp_float(struct buf *num, char verb, int prec)
{
	int digits = 0;
	if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x')
		digits = prec == -1 ? 6 : prec;
	char tail[16] = "";
	bool has_point = false, nonzero = false;
	for (size_t i = 1; i < num->len; i++) {
		char c = num->p[i];
		if (c == '.') {
			has_point = true;
		} else if (c == 'p' || c == 'P' ||
			   ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
			snprintf(tail, sizeof tail, "%s", num->p + i);
			num->len = i;
			break;
		} else {
			if (c != '0')
				nonzero = true;
			if (nonzero)
				digits--;
		}
	}
	if (!has_point) {
		if (num->len == 2 && num->p[1] == '0')
			digits--;
		buf_addc(num, '.');
	}
	for (; digits > 0; digits--)
		buf_addc(num, '0');
	buf_adds(num, tail);
}

static void fmt_float(struct pp *p, double v, char verb, int prec)
{
	struct buf num = BUF_INIT;
	if (p->prec_present)
		prec = p->prec;
	buf_addc(&num, '+');
	tmpl_append_float(&num, v, verb, prec);
	if (num.p[1] == '-' || num.p[1] == '+')
		memmove(num.p, num.p + 1, num.len--);
	if (p->space && num.p[0] == '+' && !p->plus)
		num.p[0] = ' ';
	if (num.p[1] == 'I' || num.p[1] == 'N') {
		size_t off = num.p[1] == 'N' && !p->space && !p->plus;
		pad_nozero(p, num.p + off, num.len - off);
		buf_free(&num);
		return;
	}
	if (p->sharp && verb != 'b')
		sharp_float(&num, verb, prec);
	if (p->plus || num.p[0] != '+') {
		if (p->zero && !p->minus && p->wid_present && (size_t)p->wid > num.len) {
			buf_addc(p->buf, num.p[0]);
			write_padding(p, (long)p->wid - (long)num.len);
			buf_add(p->buf, num.p + 1, num.len - 1);
		} else {
			pad(p, num.p, num.len);
		}
	} else {
		pad(p, num.p + 1, num.len - 1);
	}
	buf_free(&num);
}

static void fmt_float_verb(struct pp *p, const struct val *v, long verb)
{
	switch (verb) {
	case 'v': fmt_float(p, v->f, 'g', -1); break;
	case 'b': case 'g': case 'G': case 'x': case 'X': fmt_float(p, v->f, (char)verb, -1); break;
	case 'f': case 'e': case 'E': fmt_float(p, v->f, (char)verb, 6); break;
	case 'F': fmt_float(p, v->f, 'f', 6); break;
	default: bad_verb(p, v, verb);
	}
}

/* ---- strings ---------------------------------------------------------------------------- */

/* The first prec runes of s, when a precision is set. */
static size_t truncated(const struct pp *p, const char *s, size_t n)
{
	if (!p->prec_present)
		return n;
	long left = p->prec;
	for (size_t i = 0; i < n;) {
		size_t w;
		if (--left < 0)
			return i;
		tmpl_utf8_decode(s + i, n - i, &w);
		i += w;
	}
	return n;
}

static void fmt_q(struct pp *p, const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	n = truncated(p, s, n);
	if (p->sharp && tmpl_can_backquote(s, n)) {
		buf_addc(&b, '`');
		buf_add(&b, s, n);
		buf_addc(&b, '`');
	} else {
		tmpl_quote(&b, s, n, p->plus);
	}
	pad(p, b.p, b.len);
	buf_free(&b);
}

/* %x of a string: hex of its bytes (' ' separates, '#' adds 0x). */
static void fmt_sx(struct pp *p, const char *s, size_t n, const char *digits)
{
	size_t length = p->prec_present && (size_t)p->prec < n ? (size_t)p->prec : n;
	long width = 2 * (long)length;
	if (width == 0) {
		if (p->wid_present)
			write_padding(p, p->wid);
		return;
	}
	if (p->space)
		width = (p->sharp ? width * 2 : width) + (long)length - 1;
	else if (p->sharp)
		width += 2;
	if (p->wid_present && p->wid > width && !p->minus)
		write_padding(p, p->wid - width);
	if (p->sharp) {
		buf_addc(p->buf, '0');
		buf_addc(p->buf, digits[16]);
	}
	for (size_t i = 0; i < length; i++) {
		unsigned char c = (unsigned char)s[i];
		if (p->space && i > 0) {
			buf_addc(p->buf, ' ');
			if (p->sharp) {
				buf_addc(p->buf, '0');
				buf_addc(p->buf, digits[16]);
			}
		}
		buf_addc(p->buf, digits[c >> 4]);
		buf_addc(p->buf, digits[c & 15]);
	}
	if (p->wid_present && p->wid > width && p->minus)
		write_padding(p, p->wid - width);
}

static void fmt_string(struct pp *p, const struct val *v, long verb)
{
	const char *s = v->str.s;
	size_t n = v->str.len;
	switch (verb) {
	case 'v':
		if (p->sharp_v)
			fmt_q(p, s, n);
		else
			pad(p, s, truncated(p, s, n));
		break;
	case 's': pad(p, s, truncated(p, s, n)); break;
	case 'x': fmt_sx(p, s, n, ldigits); break;
	case 'X': fmt_sx(p, s, n, udigits); break;
	case 'q': fmt_q(p, s, n); break;
	default: bad_verb(p, v, verb);
	}
}

static void fmt_bool(struct pp *p, const struct val *v, long verb)
{
	if (verb == 't' || verb == 'v')
		pad_str(p, v->b ? "true" : "false");
	else
		bad_verb(p, v, verb);
}

/* %p: the address of a map or slice (Go's is its data pointer). */
static void fmt_pointer(struct pp *p, const struct val *v, long verb)
{
	if (v->kind != VAL_SEQ && v->kind != VAL_MAP) {
		bad_verb(p, v, verb);
		return;
	}
	bool sharp = p->sharp;
	p->sharp = !sharp;
	fmt_integer(p, (uint64_t)(uintptr_t)v, 16, false, 'v', ldigits);
	p->sharp = sharp;
}

/* ---- composite values ------------------------------------------------------------------ */

/* An element whose static type is interface{}: nil prints as <nil>. */
static void print_elem(struct pp *p, const struct val *v, long verb, int depth, bool iface)
{
	if (iface && v->kind == VAL_NULL) {
		buf_adds(p->buf, p->sharp_v ? "interface {}(nil)" : "<nil>");
		return;
	}
	print_value(p, v, verb, depth + (iface ? 2 : 1));
}

static void print_map(struct pp *p, const struct val *v, long verb, int depth)
{
	if (p->sharp_v) {
		buf_adds(p->buf, gofmt_type_name(v));
		buf_addc(p->buf, '{');
	} else {
		buf_adds(p->buf, "map[");
	}
	struct val_pair *stack[32];
	struct val_pair **pairs = stack;
	if (v->map.n > 32) {
		pairs = malloc(v->map.n * sizeof *pairs);
		if (!pairs)
			die_oom();
	}
	for (size_t i = 0; i < v->map.n; i++)
		pairs[i] = &v->map.pairs[i];
	tmpl_sort_pairs(pairs, v->map.n);
	for (size_t i = 0; i < v->map.n; i++) {
		if (i > 0)
			buf_adds(p->buf, p->sharp_v ? ", " : " ");
		print_elem(p, pairs[i]->key, verb, depth, false);
		buf_addc(p->buf, ':');
		print_elem(p, pairs[i]->value, verb, depth, !tmpl_is_object(v));
	}
	if (pairs != stack)
		free(pairs);
	buf_addc(p->buf, p->sharp_v ? '}' : ']');
}

static void print_seq(struct pp *p, const struct val *v, long verb, int depth)
{
	bool iface = v->go != VAL_GO_STRINGS && !tmpl_is_object(v);
	if (p->sharp_v) {
		buf_adds(p->buf, gofmt_type_name(v));
		buf_addc(p->buf, '{');
	} else {
		buf_addc(p->buf, '[');
	}
	for (size_t i = 0; i < v->seq.n; i++) {
		if (i > 0)
			buf_adds(p->buf, p->sharp_v ? ", " : " ");
		print_elem(p, v->seq.items[i], verb, depth, iface);
	}
	buf_addc(p->buf, p->sharp_v ? '}' : ']');
}

static void print_value(struct pp *p, const struct val *v, long verb, int depth)
{
	switch (v->kind) {
	case VAL_NULL: buf_adds(p->buf, depth == 0 ? "<invalid reflect.Value>" : "<nil>"); break;
	case VAL_BOOL: fmt_bool(p, v, verb); break;
	case VAL_INT: fmt_int_verb(p, v, verb); break;
	case VAL_FLOAT: fmt_float_verb(p, v, verb); break;
	case VAL_STR: fmt_string(p, v, verb); break;
	case VAL_MAP:
		if (depth == 0 && tmpl_is_object(v) && v->tag[0] == '*')
			buf_addc(p->buf, '&');   /* a pointer to a struct, at the top */
		print_map(p, v, verb, depth);
		break;
	case VAL_SEQ: print_seq(p, v, verb, depth); break;
	}
}

static void print_arg(struct pp *p, const struct val *v, long verb)
{
	if (!v || v->kind == VAL_NULL) {
		if (verb == 'T' || verb == 'v')
			pad_str(p, "<nil>");
		else
			bad_verb(p, NULL, verb);
		return;
	}
	if (verb == 'T') {
		const char *t = gofmt_type_name(v);
		pad(p, t, truncated(p, t, strlen(t)));
		return;
	}
	if (verb == 'p') {
		fmt_pointer(p, v, verb);
		return;
	}
	print_value(p, v, verb, 0);
}

/* ---- Sprint, Sprintln -------------------------------------------------------------------- */

void gofmt_value(struct buf *out, const struct val *v)
{
	if (v && v->kind == VAL_STR) {
		buf_add(out, v->str.s, v->str.len);
		return;
	}
	struct pp p = {.buf = out};
	print_arg(&p, v, 'v');
}

void gofmt_sprint(struct buf *out, struct val *const *args, size_t n)
{
	struct pp p = {.buf = out};
	bool prev_string = false;
	for (size_t i = 0; i < n; i++) {
		bool is_string = args[i] && args[i]->kind == VAL_STR;
		if (i > 0 && !is_string && !prev_string)
			buf_addc(out, ' ');
		print_arg(&p, args[i], 'v');
		prev_string = is_string;
	}
}

void gofmt_sprintln(struct buf *out, struct val *const *args, size_t n)
{
	struct pp p = {.buf = out};
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(out, ' ');
		print_arg(&p, args[i], 'v');
	}
	buf_addc(out, '\n');
}

/* ---- Sprintf ------------------------------------------------------------------------------- */

/* Go's parsenum: a decimal at s[*i..end); an absurd one eats the rest. */
static bool parse_num(const char *s, size_t *i, size_t end, int *num)
{
	bool isnum = false;
	*num = 0;
	for (; *i < end && s[*i] >= '0' && s[*i] <= '9'; (*i)++) {
		if (*num > TOO_LARGE || *num < -TOO_LARGE) {
			*num = 0;
			*i = end;
			return false;
		}
		*num = *num * 10 + (s[*i] - '0');
		isnum = true;
	}
	return isnum;
}

/* Go's argNumber: an explicit [n] argument index at s[*i]. */
static size_t arg_number(struct pp *p, size_t argnum, const char *s, size_t *i, size_t end,
			 size_t nargs, bool *found)
{
	*found = false;
	if (*i >= end || s[*i] != '[')
		return argnum;
	p->reordered = true;
	size_t wid = 1;
	bool ok = false;
	int index = 0;
	if (end - *i >= 3) {
		for (size_t j = *i + 1; j < end; j++) {
			if (s[j] != ']')
				continue;
			size_t k = *i + 1;
			ok = parse_num(s, &k, j, &index) && k == j;
			wid = j - *i + 1;
			break;
		}
	}
	*i += wid;
	*found = ok;
	if (ok && index >= 1 && (size_t)index <= nargs)
		return (size_t)index - 1;
	p->good_argnum = false;
	return argnum;
}

/* Go's intFromArg: a * width or precision. */
static bool int_from_arg(struct val *const *a, size_t n, size_t *argnum, int *num)
{
	bool is_int = false;
	*num = 0;
	if (*argnum < n) {
		const struct val *v = a[*argnum];
		if (v && v->kind == VAL_INT && v->i >= -TOO_LARGE && v->i <= TOO_LARGE) {
			*num = (int)v->i;
			is_int = true;
		}
		(*argnum)++;
	}
	return is_int;
}

static void set_verb_flags(struct pp *p, long verb)
{
	if (verb == 'v' || verb == 'w') {
		p->sharp_v = p->sharp;
		p->sharp = false;
		p->plus_v = p->plus;
		p->plus = false;
	}
}

/* Width, precision and argument indexes after the flags. */
static size_t width_and_precision(struct pp *p, const char *f, size_t *i, size_t end,
				  struct val *const *a, size_t n, size_t argnum, bool *after)
{
	argnum = arg_number(p, argnum, f, i, end, n, after);
	if (*i < end && f[*i] == '*') {
		(*i)++;
		p->wid_present = int_from_arg(a, n, &argnum, &p->wid);
		if (!p->wid_present)
			buf_adds(p->buf, "%!(BADWIDTH)");
		if (p->wid < 0) {
			p->wid = -p->wid;
			p->minus = true;
			p->zero = false;
		}
		*after = false;
	} else {
		p->wid_present = parse_num(f, i, end, &p->wid);
		if (*after && p->wid_present)
			p->good_argnum = false;
	}
	if (*i + 1 < end && f[*i] == '.') {
		(*i)++;
		if (*after)
			p->good_argnum = false;
		argnum = arg_number(p, argnum, f, i, end, n, after);
		if (*i < end && f[*i] == '*') {
			(*i)++;
			p->prec_present = int_from_arg(a, n, &argnum, &p->prec);
			if (p->prec < 0) {
				p->prec = 0;
				p->prec_present = false;
			}
			if (!p->prec_present)
				buf_adds(p->buf, "%!(BADPREC)");
			*after = false;
		} else {
			parse_num(f, i, end, &p->prec);   /* "%.f" is precision 0 */
			p->prec_present = true;
		}
	}
	if (!*after)
		argnum = arg_number(p, argnum, f, i, end, n, after);
	return argnum;
}

static void extra_args(struct pp *p, struct val *const *a, size_t from, size_t n)
{
	clear_flags(p);
	buf_adds(p->buf, "%!(EXTRA ");
	for (size_t i = from; i < n; i++) {
		if (i > from)
			buf_adds(p->buf, ", ");
		if (!a[i] || a[i]->kind == VAL_NULL) {
			buf_adds(p->buf, "<nil>");
		} else {
			buf_adds(p->buf, gofmt_type_name(a[i]));
			buf_addc(p->buf, '=');
			print_arg(p, a[i], 'v');
		}
	}
	buf_addc(p->buf, ')');
}

/* One %... directive at f[*i] (just after the %); returns the next arg. */
static size_t directive(struct pp *p, const char *f, size_t *i, size_t end,
			struct val *const *a, size_t n, size_t argnum, bool *stop)
{
	clear_flags(p);
	for (; *i < end; (*i)++) {
		char c = f[*i];
		if (c == '#') p->sharp = true;
		else if (c == '0') p->zero = true;
		else if (c == '+') p->plus = true;
		else if (c == '-') p->minus = true;
		else if (c == ' ') p->space = true;
		else if (c >= 'a' && c <= 'z' && argnum < n) {
			set_verb_flags(p, c);   /* the fast path of simple verbs */
			print_arg(p, a[argnum], c);
			(*i)++;
			return argnum + 1;
		} else {
			break;
		}
	}
	bool after = false;
	argnum = width_and_precision(p, f, i, end, a, n, argnum, &after);
	if (*i >= end) {
		buf_adds(p->buf, "%!(NOVERB)");
		*stop = true;
		return argnum;
	}
	size_t w;
	long verb = tmpl_utf8_decode(f + *i, end - *i, &w);
	*i += w;
	if (verb == '%') {
		buf_addc(p->buf, '%');
	} else if (!p->good_argnum) {
		buf_adds(p->buf, "%!");
		buf_add_utf8(p->buf, verb);
		buf_adds(p->buf, "(BADINDEX)");
	} else if (argnum >= n) {
		buf_adds(p->buf, "%!");
		buf_add_utf8(p->buf, verb);
		buf_adds(p->buf, "(MISSING)");
	} else {
		set_verb_flags(p, verb);
		print_arg(p, a[argnum], verb);
		argnum++;
	}
	return argnum;
}

void gofmt_sprintf(struct buf *out, const char *format, size_t flen,
		   struct val *const *args, size_t n)
{
	struct pp p = {.buf = out};
	size_t argnum = 0, i = 0;
	bool stop = false;
	while (i < flen && !stop) {
		p.good_argnum = true;
		size_t last = i;
		while (i < flen && format[i] != '%')
			i++;
		if (i > last)
			buf_add(out, format + last, i - last);
		if (i >= flen)
			break;
		i++;
		argnum = directive(&p, format, &i, flen, args, n, argnum, &stop);
	}
	if (!p.reordered && argnum < n)
		extra_args(&p, args, argnum, n);
}
