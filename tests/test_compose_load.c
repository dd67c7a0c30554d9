/* test_compose_load.c - unit tests for the compose loader's parts.
 *
 * The interpolation of templates (every form of compose-go's template
 * package, its quirks and its errors, and the bounds), the .env parser
 * (syntax, escapes, lookups, marks and errors), and the merge rules on
 * small trees (unique keys of ports, secrets, configs and volumes; key/
 * value lists; !reset and !override; inputs left untouched). Ends with
 * `test_compose_load: N passed, N failed` for tests/run-all. */
#include "compose/dotenv.h"
#include "compose/interp.h"
#include "compose/merge.h"
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

static struct {
	struct arena *a;
	struct diag d;
	struct yres *res;
	struct val *vars;      /* the variables of a test */
	struct compose_vars layers;
	struct buf unset;      /* names reported unset, space-separated */
} F;

static void setup(void)
{
	F.a = arena_new();
	diag_init(&F.d, F.a);
	F.res = yres_new();
	F.vars = val_map(F.a, NULL);
	F.layers = compose_vars_then(F.a, NULL, F.vars);
	F.unset = (struct buf)BUF_INIT;
}

static void teardown(void)
{
	buf_free(&F.unset);
	yres_free(F.res);
	arena_free(F.a);
}

static void set(const char *name, const char *value)
{
	val_map_set(F.a, F.vars, name, val_str(F.a, value, NULL));
}

static void note_unset(void *ctx, const char *name)
{
	(void)ctx;
	buf_addf(&F.unset, "%s%s", F.unset.len ? " " : "", name);
}

/* The result of a template, or "ERROR: <message>" / "INVALID: <template>". */
static const char *subst(const char *tpl)
{
	struct compose_subst s = {.a = F.a, .vars = &F.layers, .unset = note_unset};
	struct buf out = BUF_INIT;
	const char *r;
	if (compose_subst(&s, tpl, strlen(tpl), &out))
		r = arena_strndup(F.a, out.p, out.len);
	else if (s.bad_template)
		r = arena_printf(F.a, "INVALID: %s", s.bad_template);
	else
		r = arena_printf(F.a, "ERROR: %s", s.error);
	buf_free(&out);
	return r;
}

static const char *unset_names(void)
{
	return buf_str(&F.unset);
}

/* ---- templates --------------------------------------------------------------- */

START_TEST(plain_and_braced_variables)
{
	set("A", "a");
	set("A_1", "a1");
	ck_assert_str_eq(subst("$A ${A} ${A}x $A_1 $A-"), "a a ax a1 a-");
	ck_assert_str_eq(subst("x${NOPE}y$NOPE2"), "xy");
	ck_assert_str_eq(unset_names(), "NOPE NOPE2");
	ck_assert_str_eq(subst("no variables at all"), "no variables at all");
}
END_TEST

START_TEST(dollars_that_are_not_templates)
{
	set("A", "a");
	ck_assert_str_eq(subst("$$A $${A} $$"), "$A ${A} $");
	ck_assert_str_eq(subst("$"), "$");
	ck_assert_str_eq(subst("a$"), "a$");
	ck_assert_str_eq(subst("$1 $- $ x $@"), "$1 $- $ x $@");
	ck_assert_str_eq(unset_names(), "");
}
END_TEST

START_TEST(defaults_alternatives_and_requirements)
{
	set("S", "s");
	set("E", "");
	ck_assert_str_eq(subst("${S:-d}|${E:-d}|${U:-d}"), "s|d|d");
	ck_assert_str_eq(subst("${S-d}|${E-d}|${U-d}"), "s||d");
	ck_assert_str_eq(subst("${S:+a}|${E:+a}|${U:+a}"), "a||");
	ck_assert_str_eq(subst("${S+a}|${E+a}|${U+a}"), "a|a|");
	ck_assert_str_eq(subst("${S:?m}|${S?m}|${E?m}"), "s|s|");
	ck_assert_str_eq(subst("${E:?empty here}"),
			 "ERROR: required variable E is missing a value: empty here");
	ck_assert_str_eq(subst("${U?}"), "ERROR: required variable U is missing a value");
	ck_assert_str_eq(subst("${U:?${S} and ${U:-u}}"),
			 "ERROR: required variable U is missing a value: s and u");
	ck_assert_str_eq(unset_names(), "");
}
END_TEST

START_TEST(nested_defaults_and_braces)
{
	set("B", "");
	set("C", "c");
	ck_assert_str_eq(subst("${A:-${B:-${C:-deep}}}"), "c");
	ck_assert_str_eq(subst("${A:-${B:-${D:-deep}}}"), "deep");
	ck_assert_str_eq(subst("${A:-x} and ${C:-y} and ${A-z}"), "x and c and z");
	ck_assert_str_eq(subst("${A:-{x}}"), "{x}");
	ck_assert_str_eq(subst("${A:-x}}"), "x}");
	ck_assert_str_eq(subst("${A:-a}${C}"), "ac");
	/* an unused default is still substituted, as compose does */
	ck_assert_str_eq(subst("${C:-${UNUSED}}"), "c");
	ck_assert_str_eq(unset_names(), "UNUSED");
	/* the operator forms end on their own line */
	ck_assert_str_eq(subst("${A:-x}\n${C:-y}"), "x\nc");
}
END_TEST

START_TEST(malformed_templates)
{
	set("A", "a");
	ck_assert_str_eq(subst("${"), "INVALID: ${");
	ck_assert_str_eq(subst("cost ${A"), "INVALID: cost ${A");
	ck_assert_str_eq(subst("${ A}"), "INVALID: ${ A}");
	ck_assert_str_eq(subst("${A:x}"), "INVALID: ${A:x}");
	ck_assert_str_eq(subst("${1}"), "INVALID: ${1}");
	ck_assert_str_eq(subst("${A:-x\n}"), "INVALID: ${A:-x\n}");
	/* compose names the text after the first expression it cut off */
	ck_assert_str_eq(subst("x ${A:-y}${ B}"), "INVALID: ${ B}");
	ck_assert_str_eq(subst("${A:-${ B}}"), "INVALID: ${ B}");
}
END_TEST

START_TEST(interpolation_is_bounded)
{
	struct buf deep = BUF_INIT;
	for (int i = 0; i < COMPOSE_SUBST_MAX_DEPTH + 5; i++)
		buf_adds(&deep, "${A:-");
	buf_adds(&deep, "x");
	for (int i = 0; i < COMPOSE_SUBST_MAX_DEPTH + 5; i++)
		buf_adds(&deep, "}");
	ck_assert_str_eq(subst(deep.p), "ERROR: defaults are nested more than 32 levels deep");
	buf_free(&deep);
	char *big = malloc((1 << 20) + 1);
	memset(big, 'x', 1 << 20);
	big[1 << 20] = '\0';
	set("BIG", big);
	free(big);
	struct buf many = BUF_INIT;
	for (int i = 0; i < 20; i++)
		buf_adds(&many, "$BIG");
	const char *r = subst(many.p);
	ck_assert_msg(strncmp(r, "ERROR: the interpolated value is longer than", 44) == 0,
		      "got %.60s", r);
	buf_free(&many);
}
END_TEST

/* ---- whole trees --------------------------------------------------------------- */

static struct val *plain_cb(void *ctx, struct arena *a, const char *s, size_t n,
			    const struct mark *m)
{
	struct val *v = yres_plain_value(F.res, a, s, n, m);
	if (v->kind == VAL_STR && memchr(s, '$', n))
		ptrmap_put(a, ctx, v, v);
	return v;
}

static struct val *load_yaml(const char *text, struct ptrmap *plain)
{
	struct yload y = {.arena = F.a, .res = F.res, .diag = &F.d,
			  .limits = yload_limits_default(), .plain = plain ? plain_cb : NULL,
			  .plain_ctx = plain};
	struct val *v = yload_string(&y, text, strlen(text), "t.yaml");
	ck_assert_ptr_nonnull(v);
	return v;
}

START_TEST(trees_are_retyped_and_shared)
{
	struct ptrmap plain = PTRMAP_INIT;
	/* aliases: the same node twice, interpolated once */
	struct val *t = load_yaml("x: &s \"${NONE}\"\ny: *s\nkeep: [1, 2]\n", &plain);
	struct compose_interp it = {.a = F.a, .d = &F.d, .res = F.res, .vars = &F.layers,
				    .plain = &plain, .warned = val_map(F.a, NULL)};
	struct val *r = compose_interp_tree(&it, t);
	ck_assert(!it.failed);
	ck_assert_ptr_eq(val_map_get(r, "x"), val_map_get(r, "y"));
	ck_assert_ptr_eq(val_map_get(r, "keep"), val_map_get(t, "keep"));
	ck_assert_int_eq(F.d.n, 1);   /* one warning for NONE */
}
END_TEST

START_TEST(plain_scalars_take_the_type_of_their_new_text)
{
	struct ptrmap plain = PTRMAP_INIT;
	set("PORT", "8080");
	set("ON", "yes");
	set("EMPTY", "");
	struct val *t = load_yaml("a: ${PORT}\nb: \"${PORT}\"\nc: ${ON}\nd: ${EMPTY}\n"
				  "e: ${PORT}x\nf: ~\n", &plain);
	struct compose_interp it = {.a = F.a, .d = &F.d, .res = F.res, .vars = &F.layers,
				    .plain = &plain, .warned = val_map(F.a, NULL)};
	struct val *r = compose_interp_tree(&it, t);
	ck_assert_int_eq(val_map_get(r, "a")->kind, VAL_INT);
	ck_assert_int_eq(val_map_get(r, "a")->i, 8080);
	ck_assert(val_is_str(val_map_get(r, "b"), "8080"));
	ck_assert_int_eq(val_map_get(r, "c")->kind, VAL_BOOL);
	ck_assert(val_is_str(val_map_get(r, "d"), ""));
	ck_assert(val_is_str(val_map_get(r, "e"), "8080x"));
	ck_assert_int_eq(val_map_get(r, "a")->mark.line, 1);
	ck_assert_int_eq(val_map_get(r, "e")->mark.line, 5);
}
END_TEST

START_TEST(tree_errors_name_the_path)
{
	struct val *t = load_yaml("services:\n  web:\n    command: [ok, \"${X:?no X}\"]\n"
				  "    image: \"${\"\n", NULL);
	struct ptrmap plain = PTRMAP_INIT;
	struct compose_interp it = {.a = F.a, .d = &F.d, .res = F.res, .vars = &F.layers,
				    .plain = &plain, .warned = val_map(F.a, NULL)};
	compose_interp_tree(&it, t);
	ck_assert(it.failed);
	ck_assert_int_eq(F.d.errors, 2);
	ck_assert_str_eq(F.d.msgs[0].text, "error while interpolating services.web.command.[]: "
			 "required variable X is missing a value: no X");
	ck_assert_int_eq(F.d.msgs[0].mark.line, 3);
	ck_assert_str_eq(F.d.msgs[1].text,
			 "invalid interpolation format for services.web.image: \"${\"");
	ck_assert_str_eq(F.d.msgs[2].text, "You may need to escape any $ with another $.");
}
END_TEST

/* ---- .env files -------------------------------------------------------------- */

static struct val *dotenv(const char *text, bool *ok)
{
	struct val *out = val_map(F.a, NULL);
	struct compose_dotenv p = {F.a, &F.d, &F.layers, val_map(F.a, NULL), ".env"};
	*ok = compose_dotenv_parse(&p, text, strlen(text), out);
	return out;
}

static const char *env_get(const struct val *env, const char *name)
{
	const struct val *v = val_map_get(env, name);
	return v ? v->str.s : "(unset)";
}

START_TEST(dotenv_syntax)
{
	bool ok;
	set("H", "from-lookup");
	struct val *e = dotenv("# comment\nA=1\nB='x ${A} \\n'\n  export C=c\n"
			       "D=value # comment\nE=value#not\nF: yaml\nH\nI\nJ=\n"
			       "K = spaced \nL=\"it's\"\nM='it\\'s'\n", &ok);
	ck_assert(ok);
	ck_assert_str_eq(env_get(e, "A"), "1");
	ck_assert_str_eq(env_get(e, "B"), "x ${A} \\n");
	ck_assert_str_eq(env_get(e, "C"), "c");
	ck_assert_str_eq(env_get(e, "D"), "value");
	ck_assert_str_eq(env_get(e, "E"), "value#not");
	ck_assert_str_eq(env_get(e, "F"), "yaml");
	ck_assert_str_eq(env_get(e, "H"), "from-lookup");
	ck_assert_str_eq(env_get(e, "I"), "(unset)");
	ck_assert_str_eq(env_get(e, "J"), "");
	ck_assert_str_eq(env_get(e, "K"), "spaced");
	ck_assert_str_eq(env_get(e, "L"), "it's");
	ck_assert_str_eq(env_get(e, "M"), "it's");
	ck_assert_int_eq(e->map.n, 11);
}
END_TEST

START_TEST(dotenv_double_quotes)
{
	bool ok;
	struct val *e = dotenv("A=\"t\\tn\\nq\\\"b\\\\\"\nB=\"\\$HOME $$x\"\nC=\"\\0101\\01\\c\"\n"
			       "D=\"one\ntwo\"\nE=after\n", &ok);
	ck_assert(ok);
	ck_assert_str_eq(env_get(e, "A"), "t\tn\nq\"b\\");
	ck_assert_str_eq(env_get(e, "B"), "$HOME $x");
	ck_assert_str_eq(env_get(e, "C"), "A\\1\\c");
	ck_assert_str_eq(env_get(e, "D"), "one\ntwo");
	ck_assert_int_eq(val_map_get(e, "E")->mark.line, 6);
	ck_assert_int_eq(val_map_find(e, "E")->key->mark.line, 6);
}
END_TEST

START_TEST(dotenv_lookups)
{
	bool ok;
	set("OUTER", "outer");
	struct val *e = dotenv("OUTER=inner\nA=${OUTER}\nB=$A-${C:-c}\nC=${UNSET}x\nlast", &ok);
	ck_assert(ok);
	ck_assert_str_eq(env_get(e, "OUTER"), "inner");
	ck_assert_str_eq(env_get(e, "A"), "outer");   /* the lookup comes first */
	ck_assert_str_eq(env_get(e, "B"), "outer-c");
	ck_assert_str_eq(env_get(e, "C"), "x");
	ck_assert_int_eq(F.d.n, 1);   /* the warning about UNSET */
	ck_assert_int_eq(F.d.msgs[0].mark.line, 4);
	ck_assert_str_eq(env_get(e, "last"), "(unset)");
}
END_TEST

START_TEST(dotenv_crlf_and_empty)
{
	bool ok;
	struct val *e = dotenv("A=1\r\nB=two words \r\n\r\n", &ok);
	ck_assert(ok);
	ck_assert_str_eq(env_get(e, "A"), "1");
	ck_assert_str_eq(env_get(e, "B"), "two words");
	e = dotenv("", &ok);
	ck_assert(ok);
	ck_assert_int_eq(e->map.n, 0);
}
END_TEST

START_TEST(dotenv_errors)
{
	bool ok;
	dotenv("A=1\nB C=2\n", &ok);
	ck_assert(!ok);
	ck_assert_str_eq(F.d.msgs[0].text, "key cannot contain a space");
	ck_assert_int_eq(F.d.msgs[0].mark.line, 2);
	dotenv("A=1\n\nB$=2\n", &ok);
	ck_assert(!ok);
	ck_assert_str_eq(F.d.msgs[1].text, "unexpected character \"$\" in variable name \"B$=2\"");
	ck_assert_int_eq(F.d.msgs[1].mark.line, 3);
	dotenv("A=\"open\nB=1\n", &ok);
	ck_assert(!ok);
	ck_assert_str_eq(F.d.msgs[2].text, "unterminated quoted value \"open");
	dotenv("A=${\n", &ok);
	ck_assert(!ok);
	ck_assert_str_eq(F.d.msgs[3].text, "invalid interpolation format: \"${\"");
}
END_TEST

/* ---- merges -------------------------------------------------------------------- */

/* A compact flow rendering, for comparing trees with their order. */
static void flow(const struct val *v, struct buf *b)
{
	switch (v->kind) {
	case VAL_NULL: buf_adds(b, "null"); break;
	case VAL_BOOL: buf_adds(b, v->b ? "true" : "false"); break;
	case VAL_INT: buf_addf(b, "%lld", (long long)v->i); break;
	case VAL_FLOAT: buf_addf(b, "%g", v->f); break;
	case VAL_STR: buf_add(b, v->str.s, v->str.len); break;
	case VAL_SEQ:
		buf_addc(b, '[');
		for (size_t i = 0; i < v->seq.n; i++) {
			buf_adds(b, i ? ", " : "");
			flow(v->seq.items[i], b);
		}
		buf_addc(b, ']');
		break;
	case VAL_MAP:
		buf_addc(b, '{');
		for (size_t i = 0; i < v->map.n; i++) {
			buf_adds(b, i ? ", " : "");
			flow(v->map.pairs[i].key, b);
			buf_adds(b, ": ");
			flow(v->map.pairs[i].value, b);
		}
		buf_addc(b, '}');
		break;
	}
}

static const char *flow_text(const struct val *v)
{
	struct buf b = BUF_INIT;
	flow(v, &b);
	const char *s = arena_strdup(F.a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The `services.s` of two documents, merged. */
static const char *merged_service(const char *base, const char *over)
{
	struct compose_merge m = {.a = F.a, .d = &F.d};
	struct val *b = load_yaml(base, NULL), *o = load_yaml(over, NULL);
	struct val *r = compose_merge(&m, b, o, NULL, 0);
	ck_assert(!m.failed);
	return flow_text(val_map_get(val_map_get(r, "services"), "s"));
}

START_TEST(ports_merge_by_host_published_target_protocol)
{
	const char *r = merged_service(
		"services: {s: {ports: ['8080:80', '127.0.0.1:9000:90/udp', 3000,"
		" {target: 22, published: 2222}]}}",
		"services: {s: {ports: ['0.0.0.0:8080:80', '9000:90/udp', '3000',"
		" {target: 22, published: '2222', host_ip: 0.0.0.0, protocol: tcp}]}}");
	ck_assert_str_eq(r, "{ports: [0.0.0.0:8080:80, 127.0.0.1:9000:90/udp, 3000, "
			 "{target: 22, published: 2222, host_ip: 0.0.0.0, protocol: tcp}, "
			 "9000:90/udp]}");
}
END_TEST

START_TEST(mounts_merge_by_target)
{
	const char *r = merged_service(
		"services: {s: {secrets: [s1, {source: s2, target: /run/secrets/s2}],"
		" configs: [c1, {source: c2, target: /etc/c2}],"
		" volumes: [{type: volume, source: a, target: /data}, 'b:/b:ro', /anon]}}",
		"services: {s: {secrets: [{source: s1, target: other}, s2],"
		" configs: [{source: c1}, {source: x, target: /etc/c2}],"
		" volumes: ['c:/data', 'd:/b', /anon]}}");
	ck_assert_str_eq(r, "{secrets: [s1, s2, {source: s1, target: other}], "
			 "configs: [{source: c1}, {source: x, target: /etc/c2}], "
			 "volumes: [c:/data, d:/b, /anon]}");
}
END_TEST

START_TEST(key_value_lists_merge_by_key)
{
	const char *r = merged_service(
		"services: {s: {environment: [A=1, B=2, C], labels: {x: '1'},"
		" extra_hosts: ['somehost:1.1.1.1', 'other=2.2.2.2'], dns: 8.8.8.8,"
		" command: [a, b], entrypoint: sh}}",
		"services: {s: {environment: [B=3, D=4], labels: [y=2, x=3],"
		" extra_hosts: {somehost: 3.3.3.3}, dns: [1.1.1.1, 8.8.8.8],"
		" command: [c]}}");
	ck_assert_str_eq(r, "{environment: [A=1, B=3, C, D=4], labels: {x: 3, y: 2}, "
			 "extra_hosts: {somehost: 3.3.3.3, other: 2.2.2.2}, dns: [8.8.8.8, 1.1.1.1], "
			 "command: [c], entrypoint: sh}");
}
END_TEST

START_TEST(reset_and_override_tags)
{
	const char *r = merged_service(
		"services: {s: {image: i, user: u, environment: {A: '1', B: '2'},"
		" volumes: [a:/a], build: ., deploy: {resources: {limits: {cpus: '1'}}}}}",
		"services: {s: {user: !reset null, environment: {A: !reset null, C: '3'},"
		" volumes: !override [b:/b], build: {dockerfile: D},"
		" deploy: !override {replicas: 2}, new: {x: !reset 1, y: 2}}}");
	ck_assert_str_eq(r, "{image: i, environment: {B: 2, C: 3}, volumes: [b:/b], "
			 "build: {context: ., dockerfile: D}, deploy: {replicas: 2}, new: {y: 2}}");
}
END_TEST

START_TEST(merging_leaves_its_inputs_alone)
{
	struct compose_merge m = {.a = F.a, .d = &F.d};
	struct val *b = load_yaml("services: {s: {environment: [A=1], v: [1]}, t: {x: 1}}", NULL);
	struct val *o = load_yaml("services: {s: {environment: [A=2], v: [2]}}", NULL);
	const char *before = flow_text(b);
	struct val *r = compose_merge(&m, b, o, NULL, 0);
	ck_assert_str_eq(flow_text(b), before);
	ck_assert_str_eq(flow_text(r), "{services: {s: {environment: [A=2], v: [1, 2]}, t: {x: 1}}}");
	/* what only one side has is shared, not copied */
	ck_assert_ptr_eq(val_map_get(val_map_get(r, "services"), "t"),
			 val_map_get(val_map_get(b, "services"), "t"));
}
END_TEST

START_TEST(merge_type_mismatch_is_an_error)
{
	struct compose_merge m = {.a = F.a, .d = &F.d};
	struct val *b = load_yaml("services: {s: {deploy: {replicas: 1}}}", NULL);
	struct val *o = load_yaml("services:\n  s:\n    deploy: [1]\n", NULL);
	compose_merge(&m, b, o, NULL, 0);
	ck_assert(m.failed);
	ck_assert_str_eq(F.d.msgs[0].text, "cannot override services.s.deploy: the mapping at "
			 "t.yaml:1:24 cannot be merged with a list");
	ck_assert_int_eq(F.d.msgs[0].mark.line, 3);
}
END_TEST

START_TEST(strip_removes_reset_values_only_when_there_are_some)
{
	struct compose_merge m = {.a = F.a, .d = &F.d};
	struct val *clean = load_yaml("a: [1, 2]\nb: {c: 3}\n", NULL);
	ck_assert_ptr_eq(compose_merge_strip(&m, clean), clean);
	struct val *t = load_yaml("a: [1, !reset 2]\nb: {c: !reset 3, d: 4}\ne: !reset x\n", NULL);
	ck_assert_str_eq(flow_text(compose_merge_strip(&m, t)), "{a: [1], b: {d: 4}}");
}
END_TEST

static Suite *compose_load_suite(void)
{
	Suite *s = suite_create("compose_load");
	TCase *tpl = tcase_create("templates");
	tcase_add_checked_fixture(tpl, setup, teardown);
	tcase_add_test(tpl, plain_and_braced_variables);
	tcase_add_test(tpl, dollars_that_are_not_templates);
	tcase_add_test(tpl, defaults_alternatives_and_requirements);
	tcase_add_test(tpl, nested_defaults_and_braces);
	tcase_add_test(tpl, malformed_templates);
	tcase_add_test(tpl, interpolation_is_bounded);
	tcase_add_test(tpl, trees_are_retyped_and_shared);
	tcase_add_test(tpl, plain_scalars_take_the_type_of_their_new_text);
	tcase_add_test(tpl, tree_errors_name_the_path);
	suite_add_tcase(s, tpl);
	TCase *env = tcase_create("dotenv");
	tcase_add_checked_fixture(env, setup, teardown);
	tcase_add_test(env, dotenv_syntax);
	tcase_add_test(env, dotenv_double_quotes);
	tcase_add_test(env, dotenv_lookups);
	tcase_add_test(env, dotenv_crlf_and_empty);
	tcase_add_test(env, dotenv_errors);
	suite_add_tcase(s, env);
	TCase *merge = tcase_create("merge");
	tcase_add_checked_fixture(merge, setup, teardown);
	tcase_add_test(merge, ports_merge_by_host_published_target_protocol);
	tcase_add_test(merge, mounts_merge_by_target);
	tcase_add_test(merge, key_value_lists_merge_by_key);
	tcase_add_test(merge, reset_and_override_tags);
	tcase_add_test(merge, merging_leaves_its_inputs_alone);
	tcase_add_test(merge, merge_type_mismatch_is_an_error);
	tcase_add_test(merge, strip_removes_reset_values_only_when_there_are_some);
	suite_add_tcase(s, merge);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(compose_load_suite());
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_compose_load: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
