/* test_helm.c - unit tests of the Helm layer's pure-data parts.
 *
 * Every expectation was taken from real helm v4.1.4 (values shown with
 * `toJson .Values`, types with `typeOf`, errors as printed after
 * "Error: "): --set / --set-string / --set-json in their forms and
 * errors, coalescing with null deletion and its warnings, install order of
 * kinds, document splitting, release names, error rewriting, the heads of
 * manifests and go-yaml's error lines, semver, .helmignore and globs.
 * Also --output-dir and -o writing: Helm's layout, and our refusals of
 * names that leave the directory and of symbolic links.
 * Ends with `test_helm: N passed, N failed` for tests/run-all. */
#define _DEFAULT_SOURCE
#include "helm/chart.h"
#include "helm/manifest.h"
#include "helm/match.h"
#include "helm/render.h"
#include "helm/strvals.h"
#include "helm/values.h"
#include "helm/yamldoc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include "util/output.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers --------------------------------------------------------------- */

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

static struct val *yaml(const char *text)
{
	struct diag d;
	diag_init(&d, A);
	struct yload y = {.arena = A, .res = R, .diag = &d, .limits = yload_limits_default()};
	struct val *v = yload_string(&y, text, strlen(text), "test.yaml");
	ck_assert_ptr_nonnull(v);
	return v;
}

static int cmp_pairs(const void *x, const void *y)
{
	const struct val *a = ((const struct val_pair *)x)->key, *b = ((const struct val_pair *)y)->key;
	return strcmp(a->str.s, b->str.s);
}

/* Go's json.Marshal of a values tree (keys sorted), for comparisons. */
static void to_json(struct buf *out, const struct val *v)
{
	switch (v->kind) {
	case VAL_NULL: buf_adds(out, "null"); break;
	case VAL_BOOL: buf_adds(out, v->b ? "true" : "false"); break;
	case VAL_INT: buf_addf(out, "%lld", (long long)v->i); break;
	case VAL_FLOAT: buf_addf(out, "%.17g", v->f); break;
	case VAL_STR: buf_addf(out, "\"%s\"", v->str.s); break;
	case VAL_SEQ:
		buf_addc(out, '[');
		for (size_t i = 0; i < v->seq.n; i++) {
			if (i)
				buf_addc(out, ',');
			to_json(out, v->seq.items[i]);
		}
		buf_addc(out, ']');
		break;
	case VAL_MAP: {
		struct val_pair *p = malloc((v->map.n + 1) * sizeof *p);
		if (v->map.n)   /* an empty map has no pairs array at all */
			memcpy(p, v->map.pairs, v->map.n * sizeof *p);
		qsort(p, v->map.n, sizeof *p, cmp_pairs);
		buf_addc(out, '{');
		for (size_t i = 0; i < v->map.n; i++) {
			buf_addf(out, "%s\"%s\":", i ? "," : "", p[i].key->str.s);
			to_json(out, p[i].value);
		}
		buf_addc(out, '}');
		free(p);
		break;
	}
	}
}

static const char *json(const struct val *v)
{
	struct buf b = BUF_INIT;
	to_json(&b, v);
	char *s = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return s;
}

/* Apply flags (kind letter + argument: s=--set, S=--set-string,
 * j=--set-json) to a fresh mapping; the JSON, or "ERR: message". */
static const char *set(const char *flags[])
{
	struct val *base = val_map(A, NULL);
	struct buf err = BUF_INIT;
	for (size_t i = 0; flags[i]; i++) {
		enum helm_set_kind k = flags[i][0] == 's' ? HELM_SET :
			flags[i][0] == 'S' ? HELM_SET_STRING : HELM_SET_JSON;
		if (helm_strvals_apply(A, base, flags[i] + 1, k, &err) != 0) {
			char *s = arena_printf(A, "ERR: %s", buf_str(&err));
			buf_free(&err);
			return s;
		}
	}
	buf_free(&err);
	return json(base);
}

#define SET(...) set((const char *[]){__VA_ARGS__, NULL})

/* ---- --set ------------------------------------------------------------------- */

START_TEST(set_types_values_as_helm_does)
{
	ck_assert_str_eq(SET("sa=1,b=true,c=null,d=0,e=007,f=-5,g=+5,h=1.5,i=TRUE,j=,k=NuLL,"
			     "l=9223372036854775808"),
			 "{\"a\":1,\"b\":true,\"c\":null,\"d\":0,\"e\":\"007\",\"f\":-5,\"g\":5,"
			 "\"h\":\"1.5\",\"i\":true,\"j\":\"\",\"k\":null,\"l\":\"9223372036854775808\"}");
	/* helm's typeOf: int64 for --set integers */
	struct val *base = val_map(A, NULL);
	struct buf err = BUF_INIT;
	ck_assert_int_eq(helm_strvals_apply(A, base, "n=42", HELM_SET, &err), 0);
	ck_assert_int_eq(val_map_get(base, "n")->kind, VAL_INT);
	ck_assert_int_eq(val_map_get(base, "n")->go, VAL_GO_INT64);
	buf_free(&err);
}
END_TEST

START_TEST(set_paths_lists_and_escapes)
{
	ck_assert_str_eq(SET("sa.b.c=1", "sa.b.d=x"), "{\"a\":{\"b\":{\"c\":1,\"d\":\"x\"}}}");
	ck_assert_str_eq(SET("sa={x,y,1}"), "{\"a\":[\"x\",\"y\",1]}");
	ck_assert_str_eq(SET("sa[0]=x,a[2]=y"), "{\"a\":[\"x\",null,\"y\"]}");
	ck_assert_str_eq(SET("sa\\.b=1,c=x\\,y,d=a\\=b"), "{\"a.b\":1,\"c\":\"x,y\",\"d\":\"a=b\"}");
	ck_assert_str_eq(SET("sa[0].b=1,a[0].c=2"), "{\"a\":[{\"b\":1,\"c\":2}]}");
	ck_assert_str_eq(SET("sa[1].b[0]=2,a[0]=x"), "{\"a\":[\"x\",{\"b\":[2]}]}");
	ck_assert_str_eq(SET("sa={}", "sb[0]=", "sc[0].d="), "{\"a\":[\"\"],\"b\":[\"\"],\"c\":[]}");
	ck_assert_str_eq(SET("sx=\xc3\xa9\\,\xc3\xbc"), "{\"x\":\"\xc3\xa9,\xc3\xbc\"}");
	ck_assert_str_eq(SET("sa[0][1]=z"), "{\"a\":[[null,\"z\"]]}");
	ck_assert_str_eq(SET("sa=b=c"), "{\"a\":\"b=c\"}");
	/* quirks: an empty key sets nothing, an unterminated index is the end */
	ck_assert_str_eq(SET("s=1"), "{}");
	ck_assert_str_eq(SET("s.a=1"), "{}");
	ck_assert_str_eq(SET("sa["), "{}");
	ck_assert_str_eq(SET("sa[0]["), "{\"a\":[]}");
}
END_TEST

START_TEST(set_string_keeps_strings)
{
	ck_assert_str_eq(SET("Sa=1,b=true,c=null,d={1,2}"),
			 "{\"a\":\"1\",\"b\":\"true\",\"c\":\"null\",\"d\":[\"1\",\"2\"]}");
}
END_TEST

START_TEST(set_json_values_and_objects)
{
	ck_assert_str_eq(SET("ja={\"x\":[1,2.5,\"s\",null,true]},b=,c=  ,d=\"q\""),
			 "{\"a\":{\"x\":[1,2.5,\"s\",null,true]},\"b\":null,\"c\":null,\"d\":\"q\"}");
	ck_assert_str_eq(SET("ja=1b=2"), "{\"a\":1,\"b\":2}");
	ck_assert_str_eq(SET("ja=[1,2],b[1]={\"z\":1}"), "{\"a\":[1,2],\"b\":[null,{\"z\":1}]}");
	ck_assert_str_eq(SET("j {\"a\":{\"b\":1},\"c\":[1]}", "j{\"a\":{\"d\":2}}"),
			 "{\"a\":{\"b\":1,\"d\":2},\"c\":[1]}");
	ck_assert_str_eq(SET("ja=\"\\u00e9\\n\""), "{\"a\":\"\xc3\xa9\n\"}");
}
END_TEST

START_TEST(set_errors_are_helms)
{
	ck_assert_str_eq(SET("sa=1", "sa.b=2"), "ERR: failed parsing --set data: unable to parse "
			 "key: interface conversion: interface {} is int64, not map[string]interface {}");
	ck_assert_str_eq(SET("sa=x", "sa[0]=2"), "ERR: failed parsing --set data: unable to parse "
			 "key: interface conversion: interface {} is string, not []interface {}");
	ck_assert_str_eq(SET("sa[0]=1", "sa[0][1]=z"), "ERR: failed parsing --set data: unable to "
			 "parse key: interface conversion: interface {} is int64, not []interface {}");
	ck_assert_str_eq(SET("sa"), "ERR: failed parsing --set data: key \"a\" has no value");
	ck_assert_str_eq(SET("sa.b"), "ERR: failed parsing --set data: key \"b\" has no value");
	ck_assert_str_eq(SET("sa,b=1"), "ERR: failed parsing --set data: key \"a\" has no value "
			 "(cannot end with ,)");
	ck_assert_str_eq(SET("sa[x]=1"), "ERR: failed parsing --set data: error parsing index: "
			 "strconv.Atoi: parsing \"x\": invalid syntax");
	ck_assert_str_eq(SET("sa[-1]=1"), "ERR: failed parsing --set data: negative -1 index "
			 "not allowed");
	ck_assert_str_eq(SET("sa[0]bc=1"), "ERR: failed parsing --set data: unexpected data at "
			 "end of array index: ['b' 'c']");
	ck_assert_str_eq(SET("sa={x,y"), "ERR: failed parsing --set data: list must terminate "
			 "with '}'");
	ck_assert_str_eq(SET("sa.=1"), "ERR: failed parsing --set data: key map \"a\" has no value");
	ck_assert_str_eq(SET("sa[65537]=1"), "ERR: failed parsing --set data: index of 65537 is "
			 "greater than maximum supported index of 65536");
	ck_assert_str_eq(SET("sa.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.A.B.C.D.E.F=1"),
			 "ERR: failed parsing --set data: value name nested level is greater than "
			 "maximum supported nested level of 30");
	ck_assert_str_eq(SET("Sa"), "ERR: failed parsing --set-string data: key \"a\" has no value");
	ck_assert_str_eq(SET("ja=tru"), "ERR: failed parsing --set-json data a=tru");
	ck_assert_str_eq(SET("ja=[1 2]"), "ERR: failed parsing --set-json data a=[1 2]");
	ck_assert_str_eq(SET("j{\"a\":1"), "ERR: failed parsing --set-json data JSON: {\"a\":1");
}
END_TEST

START_TEST(set_does_not_change_shared_subtrees)
{
	struct val *base = yaml("a: &x {k: 1}\nb: *x\n");
	struct buf err = BUF_INIT;
	ck_assert_int_eq(helm_strvals_apply(A, base, "a.k=2", HELM_SET, &err), 0);
	ck_assert_str_eq(json(base), "{\"a\":{\"k\":2},\"b\":{\"k\":1}}");
	buf_free(&err);
}
END_TEST

/* ---- values --------------------------------------------------------------------- */

START_TEST(coalesce_user_null_deletes_defaults)
{
	struct val *defaults = yaml("s: 1\ndn: null\nt: {b: 1, c: 2, nn: null, deep: {x: 1, y: 2}}\n"
				    "tab: {k: v}\nsc: 5\nl: [1, 2]\n");
	struct val *user = yaml("s: null\nzz: null\nt: {b: null, z: null, deep: {x: null, q: null}}\n"
				"tab: 7\nsc: {a: 1}\nl: [3]\n");
	struct buf warn = BUF_INIT;
	struct val *v = helm_coalesce(A, defaults, user, "c3", &warn);
	ck_assert_str_eq(json(v), "{\"dn\":null,\"l\":[3],\"sc\":{\"a\":1},\"t\":{\"c\":2,\"deep\":"
			 "{\"q\":null,\"y\":2},\"nn\":null,\"z\":null},\"tab\":7,\"zz\":null}");
	ck_assert_str_eq(buf_str(&warn), "warning: skipped value for c3.sc: Not a table.\n");
	/* the inputs are left as they were */
	ck_assert_str_eq(json(user), "{\"l\":[3],\"s\":null,\"sc\":{\"a\":1},\"t\":{\"b\":null,"
			 "\"deep\":{\"q\":null,\"x\":null},\"z\":null},\"tab\":7,\"zz\":null}");
	buf_free(&warn);
}
END_TEST

START_TEST(coalesce_tables_and_warnings)
{
	struct val *defaults = yaml("t: {b: 1, c: 2}\nl: [1, 2]\n");
	struct val *user = val_map(A, NULL);
	struct buf err = BUF_INIT, warn = BUF_INIT;
	ck_assert_int_eq(helm_strvals_apply(A, user, "t.nn=5", HELM_SET, &err), 0);
	ck_assert_int_eq(helm_strvals_apply(A, user, "t.b.c=1", HELM_SET, &err), 0);
	struct val *v = helm_coalesce(A, defaults, user, "c3", &warn);
	ck_assert_str_eq(json(v), "{\"l\":[1,2],\"t\":{\"b\":{\"c\":1},\"c\":2,\"nn\":5}}");
	ck_assert_str_eq(buf_str(&warn), "warning: destination for c3.t.b is a table. Ignoring "
			 "non-table value (1)\n");
	buf_reset(&warn);
	user = yaml("t: 7\nl: {x: 1}\n");
	v = helm_coalesce(A, yaml("t: {k: v}\nl: 5\nn: {t: {k: v}}\n"), yaml("t: 7\nl: {x: 1}\nn: {t: x}\n"),
			  "c", &warn);
	ck_assert_str_eq(json(v), "{\"l\":{\"x\":1},\"n\":{\"t\":\"x\"},\"t\":7}");
	ck_assert_str_eq(buf_str(&warn), "warning: skipped value for c.l: Not a table.\n"
			 "warning: cannot overwrite table with non table for c.n.t (map[k:v])\n");
	buf_free(&err);
	buf_free(&warn);
}
END_TEST

START_TEST(merge_maps_of_values_files)
{
	struct val *v = helm_merge_maps(A, yaml("a: 1\nb: {c: 2, d: 3}\nl: [1, 2]\nn: {x: 1}\n"),
					yaml("b: {e: 4}\nl: [3]\nn: null\nz: null\n"));
	ck_assert_str_eq(json(v), "{\"a\":1,\"b\":{\"c\":2,\"d\":3,\"e\":4},\"l\":[3],\"n\":null,"
			 "\"z\":null}");
}
END_TEST

START_TEST(release_names)
{
	struct buf err = BUF_INIT;
	ck_assert_int_eq(helm_check_release_name("release-name", &err), 0);
	ck_assert_int_eq(helm_check_release_name("a.b-c.d0", &err), 0);
	ck_assert_int_eq(helm_check_release_name("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
						 &err), 0);
	ck_assert_int_eq(helm_check_release_name("Bad_Name", &err), -1);
	ck_assert_str_eq(buf_str(&err), "release name \"Bad_Name\": invalid release name, must "
			 "match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ "
			 "and the length must not be longer than 53");
	const char *bad[] = {"-abc", "abc-", "a..b", ".a", "a.", "A",
			     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", NULL};
	for (size_t i = 0; bad[i]; i++)
		ck_assert_msg(helm_check_release_name(bad[i], &err) == -1, "%s", bad[i]);
	buf_reset(&err);
	ck_assert_int_eq(helm_check_release_name("", &err), -1);
	ck_assert_str_eq(buf_str(&err), "release name \"\": no name provided");
	buf_free(&err);
}
END_TEST

/* ---- manifests ------------------------------------------------------------------ */

static const char *split(const char *text)
{
	struct helm_doc *docs;
	size_t n = helm_split_manifests(A, text, strlen(text), &docs);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "[%.*s]", (int)docs[i].len, docs[i].text);
	char *s = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return s;
}

START_TEST(documents_split_as_helms_regexp_does)
{
	ck_assert_str_eq(split("a: 1\n---\nb: 2\n"), "[a: 1][b: 2]");
	ck_assert_str_eq(split("\n\n  b: 1\n---\n---\nc: 1   \n  \n---   x: 1\n"),
			 "[b: 1][---\nc: 1][x: 1]");
	ck_assert_str_eq(split("a: 1\n---\n\v\n"), "[a: 1]");
	ck_assert_str_eq(split("\v\n---\na: 1"), "[a: 1]");
	ck_assert_str_eq(split("a: 1\n \t---\nb: 2"), "[a: 1\n \t---\nb: 2]");
	ck_assert_str_eq(split("a: 1 ---\nb: 2"), "[a: 1 ---\nb: 2]");
	ck_assert_str_eq(split("a: 1\n---\n---\n---\nb: 2"), "[a: 1][---][b: 2]");
	ck_assert_str_eq(split("---\n---\nb: 2\n"), "[---\nb: 2]");
	ck_assert_str_eq(split("a: 1\r\n---\r\nb: 2\r\n"), "[a: 1][b: 2]");
	ck_assert_str_eq(split("a: 1\n---# c\nb: 2"), "[a: 1][# c\nb: 2]");
	ck_assert_str_eq(split("\xc2\xa0" "a: 1\n\xc2\xa0\n---\n"), "[a: 1]");
	ck_assert_str_eq(split("---\n"), "");
	ck_assert_str_eq(split("   \n\t\n"), "");
}
END_TEST

static struct helm_manifest manifest(const char *kind, const char *name)
{
	struct helm_manifest m = {name, name, strlen(name), {"v1", kind, name, false, NULL}};
	return m;
}

START_TEST(kinds_sort_in_install_order)
{
	struct helm_manifest m[] = {
		manifest("Deployment", "d1"), manifest("Widget", "w1"), manifest("Service", "s1"),
		manifest("", "empty"), manifest("ConfigMap", "c1"), manifest("Deployment", "d2"),
		manifest("Alpha", "a1"), manifest("Namespace", "n1"), manifest("alpha", "a2"),
		manifest("Widget", "w2"), manifest("PriorityClass", "p1"), manifest("ServiceAccount", "sa"),
		manifest("Secret", "se"), manifest("ConfigMap", "c2"), manifest("APIService", "api"),
	};
	size_t n = sizeof m / sizeof m[0];
	helm_sort_by_kind(m, n);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s ", m[i].source);
	ck_assert_str_eq(buf_str(&b), "p1 n1 sa se c1 c2 s1 d1 d2 api empty a1 w1 w2 a2 ");
	buf_free(&b);
	ck_assert_int_eq(helm_kind_rank("PriorityClass"), 0);
	ck_assert_int_eq(helm_kind_rank("ValidatingWebhookConfiguration"), 37);
	ck_assert_int_eq(helm_kind_rank("Unknown"), -1);
}
END_TEST

static const char *head(const char *text)
{
	struct helm_head h;
	struct buf err = BUF_INIT;
	char *s;
	if (helm_yaml_head(A, text, strlen(text), &h, &err) != 0)
		s = arena_printf(A, "ERR: %s", buf_str(&err));
	else
		s = arena_printf(A, "%s|%s|%s|%d|%s", h.api_version, h.kind, h.name, h.annotated,
				 h.hook ? h.hook : "-");
	buf_free(&err);
	return s;
}

START_TEST(manifest_heads_as_helm_decodes_them)
{
	ck_assert_str_eq(head("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"),
			 "v1|ConfigMap|x|0|-");
	ck_assert_str_eq(head("kind: 5\nmetadata: {name: 7, annotations: {x: 1, helm.sh/hook: 5}}\n"),
			 "|5|7|1|5");
	ck_assert_str_eq(head("# only a comment\n"), "|||0|-");
	ck_assert_str_eq(head("KIND: Service\n"), "|Service||0|-");   /* json: any case */
	ck_assert_str_eq(head("hello\n"), "ERR: error unmarshaling JSON: while decoding JSON: json: "
			 "cannot unmarshal string into Go value of type util.SimpleHead");
	ck_assert_str_eq(head("12\n"), "ERR: error unmarshaling JSON: while decoding JSON: json: "
			 "cannot unmarshal number into Go value of type util.SimpleHead");
	ck_assert_str_eq(head("- a\n"), "ERR: error unmarshaling JSON: while decoding JSON: json: "
			 "cannot unmarshal array into Go value of type util.SimpleHead");
	ck_assert_str_eq(head("metadata:\n  annotations: [1]\n"), "ERR: error unmarshaling JSON: "
			 "while decoding JSON: json: cannot unmarshal array into Go struct field "
			 ".metadata.annotations of type map[string]string");
	ck_assert_str_eq(head("kind: [1]\n"), "ERR: error unmarshaling JSON: while decoding JSON: "
			 "json: cannot unmarshal array into Go struct field SimpleHead.kind of type string");
	ck_assert_str_eq(head("? [a]\n: 1\n"), "ERR: error converting YAML to JSON: yaml: invalid "
			 "map key");
}
END_TEST

static const char *check(const char *text)
{
	struct buf err = BUF_INIT;
	char *s = arena_strdup(A, helm_yaml_check(text, strlen(text), &err) == 0 ? "ok" :
			       buf_str(&err));
	buf_free(&err);
	return s;
}

START_TEST(yaml_errors_use_go_yamls_line_numbers)
{
	ck_assert_str_eq(check("a: 1\n"), "ok");
	ck_assert_str_eq(check("a: [\n"), "yaml: line 1: did not find expected node content");
	ck_assert_str_eq(check("\t a: 1\n"), "yaml: found character that cannot start any token");
	ck_assert_str_eq(check("a: b: c\n"), "yaml: mapping values are not allowed in this context");
	ck_assert_str_eq(check("a: \"x\n"), "yaml: line 2: found unexpected end of stream");
	ck_assert_str_eq(check("a:\n  - b\n  c: 1\n"), "yaml: line 2: did not find expected '-' "
			 "indicator");
	ck_assert_str_eq(check("{a: 1\n"), "yaml: line 1: did not find expected ',' or '}'");
	ck_assert_str_eq(check("a: 1\n  b: 2\n"), "yaml: line 2: mapping values are not allowed in "
			 "this context");
	ck_assert_str_eq(check("a: &x 1\nb: *y\n"), "yaml: unknown anchor 'y' referenced");
	ck_assert_str_eq(check("kind: A\n...\nkind: [\n"), "ok");   /* first document only */
}
END_TEST

START_TEST(plain_scalars_typed_as_go_yaml_v2)
{
	const char *types[][2] = {{"yes", "bool"}, {"n", "bool"}, {"On", "bool"}, {"~", "null"},
		{"", "null"}, {"12", "number"}, {"0x1F", "number"}, {"1e3", "number"},
		{".inf", "number"}, {"1_000", "number"}, {"1.2.3", "string"}, {"0o17", "number"},
		{"2024-01-02", "string"}, {"abc", "string"}, {"+5", "number"}, {NULL, NULL}};
	for (int i = 0; types[i][0]; i++)
		ck_assert_msg(strcmp(helm_yaml_plain_type(types[i][0], strlen(types[i][0])),
				     types[i][1]) == 0, "%s", types[i][0]);
	const char *strings[][2] = {{"1.10", "1.1"}, {"010", "8"}, {"0x1F", "31"}, {"yes", "true"},
		{"~", ""}, {"1e3", "1000"}, {"1e21", "1e+21"}, {"12345678901234567890",
		"12345678901234567890"}, {"x", "x"}, {NULL, NULL}};
	for (int i = 0; strings[i][0]; i++)
		ck_assert_str_eq(helm_yaml_plain_string(A, strings[i][0], strlen(strings[i][0])),
				 strings[i][1]);
}
END_TEST

/* ---- errors ---------------------------------------------------------------------- */

static const char *exec_error(const char *goerr)
{
	struct buf b = BUF_INIT;
	helm_exec_error("c/templates/a.yaml", goerr, &b);
	char *s = arena_strdup(A, buf_str(&b));
	buf_free(&b);
	return s;
}

START_TEST(execution_errors_are_rewritten_as_helm_does)
{
	ck_assert_str_eq(exec_error("template: ce/templates/a.yaml:1:6: executing \"ce/templates/"
				    "a.yaml\" at <fail \"boom\">: error calling fail: HELM_ERR_START"
				    "boom\nline two HELM_ERR_END"),
			 "execution error at (ce/templates/a.yaml:1:6): boom\nline two ");
	ck_assert_str_eq(exec_error("template: ce/templates/a.yaml:1:13: executing \"ce/templates/"
				    "a.yaml\" at <.Values.x.y.z>: nil pointer evaluating interface {}.y"),
			 "ce/templates/a.yaml:1:13\n  executing \"ce/templates/a.yaml\" at "
			 "<.Values.x.y.z>:\n    nil pointer evaluating interface {}.y");
	ck_assert_str_eq(exec_error("template: ce/templates/a.yaml:1:6: executing \"ce/templates/"
				    "a.yaml\" at <include \"nope\" .>: error calling include: template: "
				    "no template \"nope\" associated with template \"gotpl\""),
			 "ce/templates/a.yaml:1:6\n  executing \"ce/templates/a.yaml\" at <include "
			 "\"nope\" .>:\n    error calling include:\ntemplate: no template \"nope\" "
			 "associated with template \"gotpl\"");
	ck_assert_str_eq(exec_error("template: ce/templates/a.yaml:1:6: executing \"ce/templates/"
				    "a.yaml\" at <include \"x\" .>: error calling include: template: "
				    "ce/templates/_h.tpl:1:26: executing \"x\" at <.Values.x.y.z>: nil "
				    "pointer evaluating interface {}.y"),
			 "ce/templates/a.yaml:1:6\n  executing \"ce/templates/a.yaml\" at <include "
			 "\"x\" .>:\n    error calling include:\nce/templates/_h.tpl:1:26\n  executing "
			 "\"x\" at <.Values.x.y.z>:\n    nil pointer evaluating interface {}.y");
	/* a level that is no template error: Go's text stays */
	const char *idx = "template: ce/templates/a.yaml:1:6: executing \"ce/templates/a.yaml\" at "
		"<index .Values.l 5>: error calling index: index of untyped nil";
	ck_assert_str_eq(exec_error(idx), idx);
	const char *tpl = "template: ce/templates/a.yaml:1:6: executing \"ce/templates/a.yaml\" at "
		"<tpl \"{{ .Values.a.b }}\" .>: error calling tpl: error during tpl function "
		"execution for \"{{ .Values.a.b }}\": template: gotpl:1:10: executing \"gotpl\" at "
		"<.Values.a.b>: nil pointer evaluating interface {}.b";
	ck_assert_str_eq(exec_error(tpl), tpl);
	ck_assert_str_eq(exec_error("boom"), "execution error in (c/templates/a.yaml): boom");
}
END_TEST

START_TEST(parse_errors_are_rewritten_as_helm_does)
{
	struct buf b = BUF_INIT;
	helm_parse_error("ce/templates/a.yaml", "template: ce/templates/a.yaml:2: unclosed action "
			 "started at ce/templates/a.yaml:1", &b);
	ck_assert_str_eq(buf_str(&b), "parse error at (ce/templates/a.yaml:2): unclosed action "
			 "started at ce/templates/a.yaml:1");
	buf_reset(&b);
	helm_parse_error("x", "template: x:1: function \"foo\" not defined", &b);
	ck_assert_str_eq(buf_str(&b), "parse error at (x:1): function \"foo\" not defined");
	buf_reset(&b);
	helm_parse_error("x", "weird", &b);
	ck_assert_str_eq(buf_str(&b), "parse error in (x): weird");
	buf_free(&b);
}
END_TEST

/* ---- chart details ----------------------------------------------------------------- */

START_TEST(semver_versions_and_constraints)
{
	const char *ok[] = {"1.0.0", "v1", "1.2", "01.0.0", "1.0.0-rc.1+build.5", "1.0.0+x", NULL};
	const char *bad[] = {"abc", "1.0.0-01", "1.2.3.4", "1.", "", "1.0.0-", NULL};
	for (int i = 0; ok[i]; i++)
		ck_assert_msg(helm_semver_valid(ok[i]), "%s", ok[i]);
	for (int i = 0; bad[i]; i++)
		ck_assert_msg(!helm_semver_valid(bad[i]), "%s", bad[i]);
	ck_assert(helm_semver_satisfies(">=1.20", "v1.35.0"));
	ck_assert(helm_semver_satisfies(">=1.20.0-0", "v1.35.0"));
	ck_assert(!helm_semver_satisfies(">=1.40", "v1.35.0"));
	ck_assert(!helm_semver_satisfies("abc", "v1.35.0"));
	ck_assert(helm_semver_satisfies("<1.20 || >=1.30", "v1.35.0"));
	ck_assert(helm_semver_satisfies(">=1.20, <2.0", "v1.35.0"));
	ck_assert(helm_semver_satisfies("~1.35", "v1.35.0"));
	ck_assert(!helm_semver_satisfies("~1.34", "v1.35.0"));
	ck_assert(helm_semver_satisfies("^1.2", "v1.35.0"));
	ck_assert(helm_semver_satisfies("1.x", "v1.35.0"));
	ck_assert(helm_semver_satisfies("1.30 - 1.40", "v1.35.0"));
}
END_TEST

/* ---- safe output ---------------------------------------------------------- */

static char *tmpdir(void)
{
	static char path[64];
	strcpy(path, "/tmp/agentenv-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(path));
	return path;
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static const char *file_text(const char *dir, const char *name, struct buf *b)
{
	buf_reset(b);
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return buf_read_file(b, path) ? buf_str(b) : NULL;
}

static void rm_tree(const char *dir)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Two documents of one template, one of another, one hook. */
static struct helm_manifests some_manifests(struct helm_manifest *list, const char *a,
					    const char *b)
{
	list[0] = (struct helm_manifest){.source = a, .text = "x: 1", .len = 4};
	list[1] = (struct helm_manifest){.source = b, .text = "y: 2", .len = 4};
	list[2] = (struct helm_manifest){.source = a, .text = "z: 3", .len = 4};
	list[3] = (struct helm_manifest){.source = "c/templates/hook.yaml", .text = "h: 4", .len = 4};
	return (struct helm_manifests){list, list + 3, 3, 1};
}

START_TEST(output_dir_writes_helms_layout)
{
	char *dir = tmpdir();
	struct helm_manifest list[4];
	struct helm_manifests m = some_manifests(list, "c/templates/a.yaml", "c/templates/sub/b.yaml");
	struct buf out = BUF_INIT, err = BUF_INIT, text = BUF_INIT;
	ck_assert_int_eq(mkdir(strcat(strcpy((char[128]){0}, dir), "/c"), 0755), 0);
	ck_assert_int_eq(mkdir(strcat(strcat(strcpy((char[128]){0}, dir), "/c"), "/templates"), 0755), 0);
	put_file(dir, "c/templates/hook.yaml", "old\n");
	put_file(dir, "c/templates/a.yaml", "replaced\n");
	ck_assert_int_eq(helm_write_dir(&m, dir, &out, &err), 0);
	ck_assert_str_eq(file_text(dir, "c/templates/a.yaml", &text),
			 "---\n# Source: c/templates/a.yaml\nx: 1\n---\n# Source: c/templates/a.yaml\nz: 3\n");
	ck_assert_str_eq(file_text(dir, "c/templates/sub/b.yaml", &text),
			 "---\n# Source: c/templates/sub/b.yaml\ny: 2\n");
	/* a hook is appended to what its file held, as Helm does */
	ck_assert_str_eq(file_text(dir, "c/templates/hook.yaml", &text),
			 "old\n---\n# Source: c/templates/hook.yaml\nh: 4\n");
	ck_assert(strstr(buf_str(&out), "/c/templates/sub/b.yaml\n"));
	rm_tree(dir);
	buf_free(&out);
	buf_free(&err);
	buf_free(&text);
}
END_TEST

/* The attempt fails with message `want`; nothing under dir changed. */
static void check_refused(const char *a, const char *b, const char *link, const char *want)
{
	char *dir = tmpdir();
	struct helm_manifest list[4];
	struct helm_manifests m = some_manifests(list, a, b);
	struct buf out = BUF_INIT, err = BUF_INIT, text = BUF_INIT;
	char path[256];
	snprintf(path, sizeof path, "%s/c", dir);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	put_file(dir, "target", "keep\n");
	if (link) {
		snprintf(path, sizeof path, "%s/%s", dir, link);
		ck_assert_int_eq(symlink("../target", path), 0);
	}
	ck_assert_int_eq(helm_write_dir(&m, dir, &out, &err), -1);
	ck_assert_msg(strstr(buf_str(&err), want), "%s", buf_str(&err));
	ck_assert_str_eq(file_text(dir, "target", &text), "keep\n");
	/* nothing was written, and no directory made for the run is left */
	snprintf(path, sizeof path, "cd '%s' && find . ! -name list | sort | tr '\\n' ' ' > list",
		 dir);
	ck_assert_int_eq(system(path), 0);
	snprintf(path, sizeof path, ". ./c %s%s%s./target ", link ? "./" : "", link ? link : "",
		 link ? " " : "");
	ck_assert_str_eq(file_text(dir, "list", &text), path);
	ck_assert_int_eq(out.len, 0);
	rm_tree(dir);
	buf_free(&out);
	buf_free(&err);
	buf_free(&text);
}

START_TEST(output_dir_refuses_escapes_and_links)
{
	check_refused("c/templates/a.yaml", "c/../../x.yaml", NULL,
		      "/c/../../x.yaml: the template name leaves the output directory");
	check_refused("/etc/a.yaml", "c/b.yaml", NULL, "the template name leaves the output directory");
	check_refused("c/templates/a.yaml", "c//b.yaml", NULL, "leaves the output directory");
	check_refused("c/templates/a.yaml", "c/b.yaml", "c/templates",
		      "/c/templates: is a symbolic link or not a directory; refusing to write through it");
	check_refused("c/a.yaml", "c/b.yaml", "c/b.yaml",
		      "/c/b.yaml: is a symbolic link; refusing to replace it");
}
END_TEST

START_TEST(output_file_never_replaces_a_link)
{
	char *dir = tmpdir();
	struct buf text = BUF_INIT, err = BUF_INIT;
	char path[256];
	put_file(dir, "target", "keep\n");
	snprintf(path, sizeof path, "%s/link", dir);
	ck_assert_int_eq(symlink("target", path), 0);
	struct output_file f;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(output_stage(&f, fd, "link", "new\n", 4, &err), -1);
	ck_assert_str_eq(buf_str(&err), "is a symbolic link; refusing to replace it (remove it, "
			 "or name the file it points to)");
	ck_assert_str_eq(file_text(dir, "target", &text), "keep\n");
	buf_reset(&err);
	ck_assert_int_eq(output_stage(&f, fd, "target", "new\n", 4, &err), 0);
	ck_assert_str_eq(file_text(dir, "target", &text), "keep\n");   /* until committed */
	ck_assert_int_eq(output_commit(&f, &err), 0);
	ck_assert_str_eq(file_text(dir, "target", &text), "new\n");
	close(fd);
	rm_tree(dir);
	buf_free(&text);
	buf_free(&err);
}
END_TEST

START_TEST(helmignore_and_globs)
{
	const char *rules = "# comment\n*.bak\n/rootonly.txt\ndocs/\nsecret-*\n*.md\n\n";
	struct buf err = BUF_INIT;
	struct helm_ignore *r = helm_ignore_parse(A, rules, strlen(rules), &err);
	ck_assert_ptr_nonnull(r);
	helm_ignore_add_defaults(A, r);
	ck_assert(helm_ignore_match(r, "x.bak", false));
	ck_assert(helm_ignore_match(r, "rootonly.txt", false));
	ck_assert(!helm_ignore_match(r, "sub/rootonly.txt", false));
	ck_assert(helm_ignore_match(r, "docs", true));
	ck_assert(!helm_ignore_match(r, "docs", false));
	ck_assert(helm_ignore_match(r, "sub/secret-x", false));
	ck_assert(helm_ignore_match(r, "templates/.hidden.yaml", false));
	ck_assert(!helm_ignore_match(r, "keep.txt", false));
	ck_assert_ptr_null(helm_ignore_parse(A, "a/**/b\n", 7, &err));
	ck_assert_str_eq(buf_str(&err), "double-star (**) syntax is not supported");
	ck_assert(helm_glob_match("files/*.txt", "files/a.txt"));
	ck_assert(!helm_glob_match("files/*", "files/conf/a"));
	ck_assert(helm_glob_match("files/**", "files/conf/a"));
	ck_assert(helm_glob_match("files/{a,b}.*", "files/b.json"));
	ck_assert(!helm_glob_match("files/{a,b}.*", "files/c.json"));
	ck_assert(helm_glob_match("f?les/[!x]*", "files/a"));
	ck_assert(helm_path_match("*.md", "README.md"));
	ck_assert(!helm_path_match("*", "a/b"));
	buf_free(&err);
}
END_TEST

static Suite *helm_suite(void)
{
	Suite *s = suite_create("helm");
	TCase *t = tcase_create("values");
	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, set_types_values_as_helm_does);
	tcase_add_test(t, set_paths_lists_and_escapes);
	tcase_add_test(t, set_string_keeps_strings);
	tcase_add_test(t, set_json_values_and_objects);
	tcase_add_test(t, set_errors_are_helms);
	tcase_add_test(t, set_does_not_change_shared_subtrees);
	tcase_add_test(t, coalesce_user_null_deletes_defaults);
	tcase_add_test(t, coalesce_tables_and_warnings);
	tcase_add_test(t, merge_maps_of_values_files);
	tcase_add_test(t, release_names);
	suite_add_tcase(s, t);
	TCase *m = tcase_create("manifests");
	tcase_add_checked_fixture(m, setup, teardown);
	tcase_add_test(m, documents_split_as_helms_regexp_does);
	tcase_add_test(m, kinds_sort_in_install_order);
	tcase_add_test(m, manifest_heads_as_helm_decodes_them);
	tcase_add_test(m, yaml_errors_use_go_yamls_line_numbers);
	tcase_add_test(m, plain_scalars_typed_as_go_yaml_v2);
	tcase_add_test(m, execution_errors_are_rewritten_as_helm_does);
	tcase_add_test(m, parse_errors_are_rewritten_as_helm_does);
	tcase_add_test(m, semver_versions_and_constraints);
	tcase_add_test(m, helmignore_and_globs);
	tcase_add_test(m, output_dir_writes_helms_layout);
	tcase_add_test(m, output_dir_refuses_escapes_and_links);
	tcase_add_test(m, output_file_never_replaces_a_link);
	suite_add_tcase(s, m);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(helm_suite());
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_helm: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
