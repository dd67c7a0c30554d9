/* test_load.c - unit tests for the value model and the YAML loader.
 *
 * Marks, YAML 1.1 typing (as PyYAML's SafeLoader types plain scalars),
 * anchors and `<<` merge keys in PyYAML's order, duplicate keys, limits,
 * and the hash index of big mappings. Ends with `test_load: N passed, N
 * failed` for tests/run-all. */
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct fixture {
	struct arena *a;
	struct yres *res;
	struct diag d;
	struct yload y;
};

static struct fixture F;

static void setup(void)
{
	F.a = arena_new();
	F.res = yres_new();
	diag_init(&F.d, F.a);
	F.y = (struct yload){.arena = F.a, .res = F.res, .diag = &F.d, .limits = yload_limits_default()};
}

static void teardown(void)
{
	yres_free(F.res);
	arena_free(F.a);
}

static struct val *load(const char *text)
{
	return yload_string(&F.y, text, strlen(text), "t.yaml");
}

/* The first error message, formatted as printed. */
static const char *first_error(void)
{
	static char line[512];
	struct buf b = BUF_INIT;
	ck_assert_int_gt(F.d.n, 0);
	diag_format(&F.d.msgs[0], &b);
	snprintf(line, sizeof line, "%s", buf_str(&b));
	buf_free(&b);
	return line;
}

static struct val *path(struct val *v, const char *key)
{
	struct val *r = val_map_get(v, key);
	ck_assert_msg(r != NULL, "no key %s", key);
	return r;
}

START_TEST(marks_point_at_values_and_keys)
{
	struct val *v = load("services:\n  web:\n    image: nginx\n");
	ck_assert_ptr_nonnull(v);
	struct val *web = path(path(v, "services"), "web");
	struct val *image = path(web, "image");
	ck_assert_str_eq(image->mark.file, "t.yaml");
	ck_assert_int_eq(image->mark.line, 3);
	ck_assert_int_eq(image->mark.col, 12);
	ck_assert_int_eq(web->map.pairs[0].key->mark.line, 3);
	ck_assert_int_eq(web->map.pairs[0].key->mark.col, 5);
}
END_TEST

START_TEST(empty_value_takes_the_key_mark)
{
	struct val *v = load("a:\n  b:\n");
	struct val *b = path(path(v, "a"), "b");
	ck_assert_int_eq(b->kind, VAL_NULL);
	ck_assert_int_eq(b->mark.line, 2);
	ck_assert_int_eq(b->mark.col, 3);
}
END_TEST

START_TEST(yaml11_plain_scalars_are_typed_like_pyyaml)
{
	struct val *v = load("[yes, No, on, OFF, '1', 017, 0x1f, 0b101, 1_000, 1:30, "
			     "1.5, 1e3, 1.0e+3, .inf, -.Inf, .nan, ~, null, '', 2024-01-02, "
			     "\"yes\", !!str 12, !!float 3]");
	ck_assert_ptr_nonnull(v);
	struct val **it = v->seq.items;
	ck_assert(it[0]->kind == VAL_BOOL && it[0]->b);
	ck_assert(it[1]->kind == VAL_BOOL && !it[1]->b);
	ck_assert(it[2]->kind == VAL_BOOL && it[2]->b);
	ck_assert(it[3]->kind == VAL_BOOL && !it[3]->b);
	ck_assert(val_is_str(it[4], "1"));
	ck_assert(it[5]->kind == VAL_INT && it[5]->i == 15);
	ck_assert(it[6]->kind == VAL_INT && it[6]->i == 31);
	ck_assert(it[7]->kind == VAL_INT && it[7]->i == 5);
	ck_assert(it[8]->kind == VAL_INT && it[8]->i == 1000);
	ck_assert(it[9]->kind == VAL_INT && it[9]->i == 90);
	ck_assert(it[10]->kind == VAL_FLOAT && it[10]->f == 1.5);
	ck_assert(val_is_str(it[11], "1e3"));          /* YAML 1.1 wants a dot */
	ck_assert(it[12]->kind == VAL_FLOAT && it[12]->f == 1000.0);
	ck_assert(it[13]->kind == VAL_FLOAT && isinf(it[13]->f) && it[13]->f > 0);
	ck_assert(it[14]->kind == VAL_FLOAT && isinf(it[14]->f) && it[14]->f < 0);
	ck_assert(it[15]->kind == VAL_FLOAT && isnan(it[15]->f));
	ck_assert_int_eq(it[16]->kind, VAL_NULL);
	ck_assert_int_eq(it[17]->kind, VAL_NULL);
	ck_assert(val_is_str(it[18], ""));
	ck_assert(val_is_str(it[19], "2024-01-02"));   /* dates stay strings */
	ck_assert(val_is_str(it[20], "yes"));
	ck_assert(val_is_str(it[21], "12"));
	ck_assert(it[22]->kind == VAL_FLOAT && it[22]->f == 3.0);
}
END_TEST

START_TEST(merge_keys_follow_pyyaml_order_and_precedence)
{
	/* PyYAML: for <<: [*a, *b], b's keys come first, a's override b's, and
	 * the mapping's own keys override both. */
	struct val *v = load("a: &a {x: 1, y: 1}\n"
			     "b: &b {y: 2, z: 2, w: 2}\n"
			     "m:\n  <<: [*a, *b]\n  w: 3\n  own: 4\n");
	ck_assert_ptr_nonnull(v);
	struct val *m = path(v, "m");
	const char *order[] = {"y", "z", "w", "x", "own"};
	const int64_t value[] = {1, 2, 3, 1, 4};
	ck_assert_int_eq(m->map.n, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert(val_is_str(m->map.pairs[i].key, order[i]));
		ck_assert_int_eq(m->map.pairs[i].value->i, value[i]);
	}
}
END_TEST

START_TEST(aliases_share_the_anchored_node)
{
	struct val *v = load("a: &x [1, 2]\nb: *x\n");
	ck_assert_ptr_eq(path(v, "a"), path(v, "b"));
}
END_TEST

START_TEST(duplicate_keys_are_errors_with_a_mark)
{
	ck_assert_ptr_null(load("a: 1\nb: 2\na: 3\n"));
	ck_assert_str_eq(first_error(), "t.yaml:3:1: error: duplicate key 'a'");
}
END_TEST

START_TEST(merged_keys_are_not_duplicates)
{
	struct val *v = load("base: &b {k: 1}\nm:\n  <<: *b\n  k: 2\n");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(path(path(v, "m"), "k")->i, 2);
}
END_TEST

START_TEST(syntax_errors_have_a_position)
{
	ck_assert_ptr_null(load("a: [1, 2\n"));
	ck_assert_str_eq(first_error(),
			 "t.yaml:2:1: error: invalid YAML: flow sequence without a closing bracket");
}
END_TEST

START_TEST(unknown_anchor_is_an_error)
{
	ck_assert_ptr_null(load("a: *nope\n"));
	ck_assert_ptr_nonnull(strstr(first_error(), "t.yaml:1:"));
}
END_TEST

START_TEST(one_document_only)
{
	ck_assert_ptr_null(load("a: 1\n---\nb: 2\n"));
	ck_assert_str_eq(first_error(),
			 "t.yaml:2:1: error: expected a single document, but found another");
	ck_assert_int_eq(load("")->kind, VAL_NULL);
}
END_TEST

START_TEST(alias_bombs_are_refused)
{
	F.y.limits.max_nodes = 1000;
	ck_assert_ptr_null(load("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
				"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
				"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"));
	ck_assert_ptr_nonnull(strstr(first_error(), "more than 1000 nodes"));
}
END_TEST

START_TEST(depth_and_size_are_bounded)
{
	F.y.limits.max_depth = 3;
	ck_assert_ptr_null(load("[[[[1]]]]"));
	ck_assert_ptr_nonnull(strstr(first_error(), "nesting deeper than 3"));
	F.d.n = 0;
	F.y.limits.max_bytes = 4;
	ck_assert_ptr_null(load("a: 12345"));
	ck_assert_ptr_nonnull(strstr(first_error(), "larger than 4 bytes"));
}
END_TEST

START_TEST(custom_tags_are_kept)
{
	struct val *v = load("a: !reset []\nb: !override {x: 1}\n");
	ck_assert_str_eq(path(v, "a")->tag, "!reset");
	ck_assert_str_eq(path(v, "b")->tag, "!override");
}
END_TEST

START_TEST(big_maps_keep_order_and_find_keys)
{
	struct val *m = val_map(F.a, NULL);
	char key[16];
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "k%d", i);
		val_map_set(F.a, m, key, val_int(F.a, i, NULL));
	}
	val_map_set(F.a, m, "k10", val_int(F.a, -1, NULL));   /* replace in place */
	ck_assert_int_eq(m->map.n, 1000);
	ck_assert_int_eq(val_map_get(m, "k10")->i, -1);
	ck_assert(val_is_str(m->map.pairs[10].key, "k10"));
	ck_assert(val_map_del(m, "k5"));
	ck_assert_ptr_null(val_map_get(m, "k5"));
	ck_assert_int_eq(val_map_get(m, "k999")->i, 999);
	val_map_set(F.a, m, "k5", val_int(F.a, 5, NULL));     /* appended at the end */
	ck_assert(val_is_str(m->map.pairs[999].key, "k5"));
	ck_assert_int_eq(val_map_get(m, "k6")->i, 6);
}
END_TEST

START_TEST(equality_is_deep_and_typed)
{
	struct val *a = load("{x: [1, 'a', {y: null}], z: 1.0}");
	struct val *b = load("{z: 1.0, x: [1, a, {y: ~}]}");
	struct val *c = load("{z: 1, x: [1, a, {y: ~}]}");
	ck_assert(val_equal(a, b));
	ck_assert(!val_equal(a, c));
	ck_assert(val_equal(a, val_copy(F.a, a)));
}
END_TEST

static Suite *load_suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, marks_point_at_values_and_keys);
	tcase_add_test(tc, empty_value_takes_the_key_mark);
	tcase_add_test(tc, yaml11_plain_scalars_are_typed_like_pyyaml);
	tcase_add_test(tc, merge_keys_follow_pyyaml_order_and_precedence);
	tcase_add_test(tc, aliases_share_the_anchored_node);
	tcase_add_test(tc, duplicate_keys_are_errors_with_a_mark);
	tcase_add_test(tc, merged_keys_are_not_duplicates);
	tcase_add_test(tc, syntax_errors_have_a_position);
	tcase_add_test(tc, unknown_anchor_is_an_error);
	tcase_add_test(tc, one_document_only);
	tcase_add_test(tc, alias_bombs_are_refused);
	tcase_add_test(tc, depth_and_size_are_bounded);
	tcase_add_test(tc, custom_tags_are_kept);
	tcase_add_test(tc, big_maps_keep_order_and_find_keys);
	tcase_add_test(tc, equality_is_deep_and_typed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(load_suite());
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_load: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
