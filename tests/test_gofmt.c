/* test_gofmt.c - unit tests for Go's fmt over template values (gofmt.h).
 *
 * Every expected string below was produced by real Go: helm v4.1.4
 * (`/work/shared/tools/install-helm`) rendering `{{ printf FORMAT ARGS }}`
 * (or print / println) with the same arguments, ints and floats as
 * template constants, lists and maps from a values file (so their numbers
 * are float64), int64 from sprig's int64 and []string from splitList. None
 * was taken from this implementation's output. Ends with
 * `test_gofmt: N passed, N failed` for tests/run-all. */
#include "tmpl/gofmt.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An argument: "i:5" int, "I:5" int64, "f:1.5" float64, "s:text" string,
 * "b:true" bool, "n" nil, "L:[..]" / "M:{..}" YAML as Helm reads values
 * (numbers float64), "S:a,b" []string. */
struct fmt_case {
	const char *format;   /* "PRINT" / "PRINTLN": Sprint / Sprintln */
	const char *args[10];
	const char *want;
};

static const struct fmt_case cases[] = {
	{"%v", {"i:42", NULL}, "42"},
	{"%v", {"i:-7", NULL}, "-7"},
	{"%v", {"I:9000000000", NULL}, "9000000000"},
	{"%v", {"b:true", NULL}, "true"},
	{"%v", {"s:hello", NULL}, "hello"},
	{"%v", {"n", NULL}, "<nil>"},
	{"%v", {"f:8080.0", NULL}, "8080"},
	{"%v", {"f:0.5", NULL}, "0.5"},
	{"%v", {"f:1e6", NULL}, "1e+06"},
	{"%v", {"f:1e21", NULL}, "1e+21"},
	{"%v", {"f:1e20", NULL}, "1e+20"},
	{"%v", {"f:123456789.0", NULL}, "1.23456789e+08"},
	{"%v", {"f:1.5e-7", NULL}, "1.5e-07"},
	{"%v", {"f:0.0001", NULL}, "0.0001"},
	{"%v", {"f:0.00001", NULL}, "1e-05"},
	{"%v", {"f:3.14159", NULL}, "3.14159"},
	{"%v", {"f:0.1", NULL}, "0.1"},
	{"%v", {"f:100.0", NULL}, "100"},
	{"%v", {"f:999999.0", NULL}, "999999"},
	{"%v", {"f:-0.0", NULL}, "-0"},
	{"%v", {"f:0.0", NULL}, "0"},
	{"%v", {"f:5e-324", NULL}, "5e-324"},
	{"%v", {"f:1.7976931348623157e308", NULL}, "1.7976931348623157e+308"},
	{"%v", {"f:9007199254740993.0", NULL}, "9.007199254740992e+15"},
	{"%v", {"f:0.3333333333333333", NULL}, "0.3333333333333333"},
	{"%v", {"f:2.5e-5", NULL}, "2.5e-05"},
	{"%v", {"f:123456.7", NULL}, "123456.7"},
	{"%v", {"L:[1, two, null, true, 2.5]", NULL}, "[1 two <nil> true 2.5]"},
	{"%v", {"M:{b: 2, a: [x, z], c: {d: null}}", NULL}, "map[a:[x z] b:2 c:map[d:<nil>]]"},
	{"%v", {"L:[]", NULL}, "[]"},
	{"%v", {"M:{}", NULL}, "map[]"},
	{"%v", {"S:a,b,c", NULL}, "[a b c]"},
	{"%+v", {"M:{k: v}", NULL}, "map[k:v]"},
	{"%#v", {"M:{k: v, m: 1}", NULL}, "map[string]interface {}{\"k\":\"v\", \"m\":1}"},
	{"%#v", {"L:[1, x, null]", NULL}, "[]interface {}{1, \"x\", interface {}(nil)}"},
	{"%#v", {"S:a,b", NULL}, "[]string{\"a\", \"b\"}"},
	{"%#v", {"s:q\"uote", NULL}, "\"q\\\"uote\""},
	{"%#v", {"i:3", NULL}, "3"},
	{"%#v", {"f:2.0", NULL}, "2"},
	{"%#v", {"n", NULL}, "<nil>"},
	{"%#v", {"b:false", NULL}, "false"},
	{"%#v", {"I:5", NULL}, "5"},
	{"%d", {"i:42", NULL}, "42"},
	{"%5d|%-5d|%05d", {"i:42", "i:42", "i:42", NULL}, "   42|42   |00042"},
	{"%+d|% d|%+d", {"i:5", "i:5", "i:-5", NULL}, "+5| 5|-5"},
	{"%.3d|%8.3d|%08.3d", {"i:7", "i:7", "i:7", NULL}, "007|     007|     007"},
	{"%x|%X|%#x|%#X", {"i:255", "i:255", "i:255", "i:255", NULL}, "ff|FF|0xff|0XFF"},
	{"%o|%#o|%O|%b|%#b", {"i:8", "i:8", "i:8", "i:5", "i:5", NULL}, "10|010|0o10|101|0b101"},
	{"%x", {"i:-255", NULL}, "-ff"},
	{"%c|%q|%U|%#U", {"i:65", "i:65", "i:65", "i:9731", NULL}, "A|'A'|U+0041|U+2603 '\342\230\203'"},
	{"%q", {"i:10", NULL}, "'\\n'"},
	{"%+q", {"i:233", NULL}, "'\\u00e9'"},
	{"%c", {"i:1114112", NULL}, "\357\277\275"},
	{"%08U", {"i:65", NULL}, "  U+0041"},
	{"%.0d|%5.0d|", {"i:0", "i:0", NULL}, "|     |"},
	{"%d", {"I:-9000000000", NULL}, "-9000000000"},
	{"%010d", {"i:-42", NULL}, "-000000042"},
	{"%-010d|", {"i:42", NULL}, "42        |"},
	{"%x", {"I:255", NULL}, "ff"},
	{"%s", {"s:hi", NULL}, "hi"},
	{"%8s|%-8s|%.2s", {"s:hello", "s:hello", "s:hello", NULL}, "   hello|hello   |he"},
	{"%q|%#q|%+q", {"s:a\"b\n", "s:raw", "s:\303\251t\303\251", NULL}, "\"a\\\"b\\n\"|`raw`|\"\\u00e9t\\u00e9\""},
	{"%#q", {"s:back`tick", NULL}, "\"back`tick\""},
	{"%x|% x|%#x|% #x|%X", {"s:hi!", "s:hi!", "s:hi!", "s:hi!", "s:hi!", NULL}, "686921|68 69 21|0x686921|0x68 0x69 0x21|686921"},
	{"%.1x|%6x|%-6x|", {"s:abc", "s:ab", "s:ab", NULL}, "61|  6162|6162  |"},
	{"%5s|%.1s|%-4s|", {"s:\303\251\303\251", "s:\303\251\303\251", "s:\303\251", NULL}, "   \303\251\303\251|\303\251|\303\251   |"},
	{"%q", {"s:tab\tbell\007nul\001del\177", NULL}, "\"tab\\tbell\\anul\\x01del\\x7f\""},
	{"%q", {"s:\302\240\342\200\250\342\230\272", NULL}, "\"\\u00a0\\u2028\342\230\272\""},
	{"%s", {"i:5", NULL}, "%!s(int=5)"},
	{"%s", {"n", NULL}, "%!s(<nil>)"},
	{"%s", {"L:[1, a]", NULL}, "[%!s(float64=1) a]"},
	{"%s", {"M:{a: 1}", NULL}, "map[a:%!s(float64=1)]"},
	{"%d", {"L:[1, 2.5, x]", NULL}, "[%!d(float64=1) %!d(float64=2.5) %!d(string=x)]"},
	{"%d", {"M:{a: 1}", NULL}, "map[%!d(string=a):%!d(float64=1)]"},
	{"%x", {"S:hi,yo", NULL}, "[6869 796f]"},
	{"%5v|%-5v|", {"L:[a, b]", "S:c", NULL}, "[    a     b]|[c    ]|"},
	{"%05s", {"s:ab", NULL}, "000ab"},
	{"%-05s|", {"s:ab", NULL}, "ab   |"},
	{"%f|%.2f|%.0f|%F", {"f:3.14159", "f:3.14159", "f:2.5", "f:1.0", NULL}, "3.141590|3.14|2|1.000000"},
	{"%e|%E|%.3e|%.0e", {"f:1234.5678", "f:1234.5678", "f:1234.5678", "f:1234.5678", NULL}, "1.234568e+03|1.234568E+03|1.235e+03|1e+03"},
	{"%g|%G|%.3g|%.10g", {"f:1e-7", "f:1e-7", "f:1234567.0", "f:1234567.0", NULL}, "1e-07|1E-07|1.23e+06|1234567"},
	{"%10.3f|%-10.2f|%+f|% f", {"f:3.14159", "f:3.14159", "f:1.5", "f:1.5", NULL}, "     3.142|3.14      |+1.500000| 1.500000"},
	{"%08.2f|%+08.2f|%-08.2f|", {"f:-3.14159", "f:3.14159", "f:3.14159", NULL}, "-0003.14|+0003.14|3.14    |"},
	{"%#g|%#.3g|%#e|%#.0f", {"f:1.0", "f:2.0", "f:3.0", "f:4.0", NULL}, "1.00000|2.00|3.000000e+00|4."},
	{"%x|%X|%b", {"f:3.0", "f:0.5", "f:1.0", NULL}, "0x1.8p+01|0X1P-01|4503599627370496p-52"},
	{"%.3g|%.1g|%g", {"f:100.0", "f:0.5", "f:100000.0", NULL}, "100|0.5|100000"},
	{"%f", {"f:1e21", NULL}, "1000000000000000000000.000000"},
	{"%.20f", {"f:0.1", NULL}, "0.10000000000000000555"},
	{"%e", {"f:0.0", NULL}, "0.000000e+00"},
	{"%g|%e", {"f:1e100", "f:1e-100", NULL}, "1e+100|1.000000e-100"},
	{"%6.2v|%.3v", {"f:3.14159", "f:3.14159", NULL}, "   3.1|3.14"},
	{"%d", {"f:1.5", NULL}, "%!d(float64=1.5)"},
	{"%t|%t|%5t|%-6t|", {"b:true", "b:false", "b:true", "b:true", NULL}, "true|false| true|true  |"},
	{"%t", {"i:1", NULL}, "%!t(int=1)"},
	{"%d", {"b:true", NULL}, "%!d(bool=true)"},
	{"%e", {"i:5", NULL}, "%!e(int=5)"},
	{"%s", {"b:false", NULL}, "%!s(bool=false)"},
	{"%T|%T|%T|%T|%T", {"i:1", "f:1.0", "s:s", "b:true", "n", NULL}, "int|float64|string|bool|<nil>"},
	{"%T|%T|%T|%T|%10T|", {"L:[1]", "M:{a: 1}", "S:a", "I:1", "i:1", NULL}, "[]interface {}|map[string]interface {}|[]string|int64|       int|"},
	{"100%%|%5%|%-%", {NULL}, "100%|%|%"},
	{"%d", {NULL}, "%!d(MISSING)"},
	{"x", {"i:1", "s:a", "n", NULL}, "x%!(EXTRA int=1, string=a, <nil>)"},
	{"%", {"i:1", NULL}, "%!(NOVERB)%!(EXTRA int=1)"},
	{"%!", {NULL}, "%!!(MISSING)"},
	{"%z", {"i:1", NULL}, "%!z(int=1)"},
	{"%\303\251", {"i:1", NULL}, "%!\303\251(int=1)"},
	{"%[2]d %[1]d", {"i:1", "i:2", NULL}, "2 1"},
	{"%[3]d", {"i:1", NULL}, "%!d(BADINDEX)"},
	{"%[2]*[1]d|", {"i:12", "i:5", NULL}, "   12|"},
	{"%[1]d %d %d", {"i:1", "i:2", NULL}, "1 2 %!d(MISSING)"},
	{"%[0]d|%[x]d|%[1d", {"i:1", NULL}, "%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)"},
	{"%*d|%-*d|%.*f", {"i:5", "i:1", "i:3", "i:2", "i:2", "f:3.14159", NULL}, "    1|2  |3.14"},
	{"%*d", {"s:x", "i:1", NULL}, "%!(BADWIDTH)1"},
	{"%.*d", {"i:-1", "i:1", NULL}, "%!(BADPREC)1"},
	{"%*d", {"i:-4", "i:1", NULL}, "1   "},
	{"%.d|%.s|%.f", {"i:5", "s:abc", "f:2.7", NULL}, "5||3"},
	{"%-+5d|%+-5d|% 05d", {"i:3", "i:3", "i:3", NULL}, "+3   |+3   | 0003"},
	{"%w", {"i:1", NULL}, "%!w(int=1)"},
	{"%p", {"i:1", NULL}, "%!p(int=1)"},
	{"%v %v", {"n", "n", NULL}, "<nil> <nil>"},
	{"PRINT", {"s:a", "i:1", "i:2", "s:b", "n", "b:true", "s:c", "f:1.5", NULL}, "a1 2b<nil> truec1.5"},
	{"PRINT", {"i:1", "s:x", "i:2", NULL}, "1x2"},
	{"PRINT", {NULL}, ""},
	{"PRINTLN", {"s:a", "i:1", "n", NULL}, "a 1 <nil>\n"},
	{"PRINTLN", {NULL}, "\n"},
	{"PRINT", {"L:[1, [2, 3], {a: null}]", "M:{z: 1, a: 2}", NULL}, "[1 [2 3] map[a:<nil>]] map[a:2 z:1]"},

};

static struct arena *A;
static struct yres *R;

static void setup(void)
{
	A = arena_new();
	R = yres_new();
}

static void teardown(void)
{
	yres_free(R);
	arena_free(A);
}

/* Helm's values hold float64 for every number. */
static void floats(struct val *v)
{
	if (v->kind == VAL_INT) {
		v->kind = VAL_FLOAT;
		v->f = (double)v->i;
	} else if (v->kind == VAL_SEQ) {
		for (size_t i = 0; i < v->seq.n; i++)
			floats(v->seq.items[i]);
	} else if (v->kind == VAL_MAP) {
		for (size_t i = 0; i < v->map.n; i++)
			floats(v->map.pairs[i].value);
	}
}

static struct val *yaml(const char *text)
{
	struct diag d;
	diag_init(&d, A);
	struct yload y = {.arena = A, .res = R, .diag = &d, .limits = yload_limits_default()};
	struct val *v = yload_string(&y, text, strlen(text), "arg.yaml");
	ck_assert_ptr_nonnull(v);
	floats(v);
	return v;
}

static struct val *strings(const char *text)
{
	struct val *s = val_seq(A, NULL);
	s->go = VAL_GO_STRINGS;
	for (const char *p = text;;) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		val_seq_push(A, s, val_strn(A, p, n, NULL));
		if (!c)
			break;
		p = c + 1;
	}
	return s;
}

static struct val *arg(const char *spec)
{
	const char *x = spec + 2;
	struct val *v;
	switch (spec[0]) {
	case 'i': return val_int(A, strtoll(x, NULL, 10), NULL);
	case 'I':
		v = val_int(A, strtoll(x, NULL, 10), NULL);
		v->go = VAL_GO_INT64;
		return v;
	case 'f': return val_float(A, strtod(x, NULL), NULL);
	case 's': return val_str(A, x, NULL);
	case 'b': return val_bool(A, strcmp(x, "true") == 0, NULL);
	case 'n': return val_null(A, NULL);
	case 'L': case 'M': return yaml(x);
	case 'S': return strings(x);
	}
	ck_abort_msg("bad arg spec %s", spec);
	return NULL;
}

static const char *run(const struct fmt_case *c, struct buf *out)
{
	struct val *args[10];
	size_t n = 0;
	for (; c->args[n]; n++)
		args[n] = arg(c->args[n]);
	if (strcmp(c->format, "PRINT") == 0)
		gofmt_sprint(out, args, n);
	else if (strcmp(c->format, "PRINTLN") == 0)
		gofmt_sprintln(out, args, n);
	else
		gofmt_sprintf(out, c->format, strlen(c->format), args, n);
	return buf_str(out);
}

START_TEST(formats_like_go)
{
	const struct fmt_case *c = &cases[_i];
	struct buf out = BUF_INIT;
	const char *got = run(c, &out);
	ck_assert_msg(strcmp(got, c->want) == 0, "format %s: got [%s], want [%s]",
		      c->format, got, c->want);
	buf_free(&out);
}
END_TEST

START_TEST(value_is_sprint_of_one)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct val *v[] = {yaml("{b: [1, 2.5], a: x}"), val_float(A, 1e6, NULL),
			   val_str(A, "s", NULL), val_null(A, NULL)};
	for (size_t i = 0; i < 4; i++) {
		buf_reset(&a);
		buf_reset(&b);
		gofmt_value(&a, v[i]);
		gofmt_sprint(&b, &v[i], 1);
		ck_assert_str_eq(buf_str(&a), buf_str(&b));
	}
	buf_free(&a);
	buf_free(&b);
}
END_TEST

START_TEST(type_names)
{
	struct val *i64 = val_int(A, 1, NULL);
	i64->go = VAL_GO_INT64;
	struct val *obj = val_map(A, NULL);
	obj->tag = "*chart.Metadata";
	ck_assert_str_eq(gofmt_type_name(val_int(A, 1, NULL)), "int");
	ck_assert_str_eq(gofmt_type_name(i64), "int64");
	ck_assert_str_eq(gofmt_type_name(val_float(A, 1, NULL)), "float64");
	ck_assert_str_eq(gofmt_type_name(val_null(A, NULL)), "<nil>");
	ck_assert_str_eq(gofmt_type_name(strings("a")), "[]string");
	ck_assert_str_eq(gofmt_type_name(yaml("[1]")), "[]interface {}");
	ck_assert_str_eq(gofmt_type_name(yaml("{a: 1}")), "map[string]interface {}");
	ck_assert_str_eq(gofmt_type_name(obj), "*chart.Metadata");
}
END_TEST

/* strconv.Quote and FormatFloat(f, 'g', -1, 64), as %q and %v show them
 * (the expectations are the %q / %v rows above). */
START_TEST(quote_and_float_helpers)
{
	struct buf b = BUF_INIT;
	gofmt_quote(&b, "a\"b\n", 4);
	ck_assert_str_eq(buf_str(&b), "\"a\\\"b\\n\"");
	buf_reset(&b);
	gofmt_quote(&b, "\xff", 1);
	ck_assert_str_eq(buf_str(&b), "\"\\xff\"");
	buf_reset(&b);
	gofmt_float(&b, 123456789.0);
	ck_assert_str_eq(buf_str(&b), "1.23456789e+08");
	buf_reset(&b);
	gofmt_float(&b, 0.00001);
	ck_assert_str_eq(buf_str(&b), "1e-05");
	buf_free(&b);
}
END_TEST

static Suite *gofmt_suite(void)
{
	Suite *s = suite_create("gofmt");
	TCase *tc = tcase_create("gofmt");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, formats_like_go, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, value_is_sprint_of_one);
	tcase_add_test(tc, type_names);
	tcase_add_test(tc, quote_and_float_helpers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(gofmt_suite());
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_gofmt: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
