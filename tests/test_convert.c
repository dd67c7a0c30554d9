/* test_convert.c - unit tests for compose conversion: units and rules.
 *
 * The byte, duration and integer parsers against the reference's regular
 * expressions and Python's int(), and the converter on small trees: output
 * key order, default-service choice, sharing of untouched subtrees, and
 * that every error of a file is reported at its node. Ends with
 * `test_convert: N passed, N failed` for tests/run-all. */
#include "compose/convert.h"
#include "compose/units.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

static const char *quantity(const char *s)
{
	static char out[64];
	struct buf b = BUF_INIT;
	bool ok = units_bytes_to_quantity(s, &b);
	snprintf(out, sizeof out, "%s", ok ? buf_str(&b) : "(invalid)");
	buf_free(&b);
	return out;
}

START_TEST(byte_values_become_binary_quantities)
{
	ck_assert_str_eq(quantity("1K"), "1Ki");
	ck_assert_str_eq(quantity("1kb"), "1Ki");
	ck_assert_str_eq(quantity("2M"), "2Mi");
	ck_assert_str_eq(quantity("3gB"), "3Gi");
	ck_assert_str_eq(quantity("512b"), "512");
	ck_assert_str_eq(quantity("0.5G"), "0.5Gi");
	ck_assert_str_eq(quantity("1x"), "(invalid)");
	ck_assert_str_eq(quantity("1"), "(invalid)");
	ck_assert_str_eq(quantity("1.G"), "(invalid)");
	ck_assert_str_eq(quantity(".5G"), "(invalid)");
	ck_assert_str_eq(quantity("1T"), "(invalid)");
	ck_assert_str_eq(quantity(" 1G"), "(invalid)");
}
END_TEST

START_TEST(durations_are_h_m_s_in_order)
{
	int64_t s;
	ck_assert(units_duration_seconds("1h2m3s", &s) && s == 3723);
	ck_assert(units_duration_seconds("42h", &s) && s == 151200);
	ck_assert(units_duration_seconds("90s", &s) && s == 90);
	ck_assert(units_duration_seconds("", &s) && s == 0);
	ck_assert(!units_duration_seconds("1s2m3h", &s));
	ck_assert(!units_duration_seconds("1d", &s));
	ck_assert(!units_duration_seconds("1ns", &s));
	ck_assert(!units_duration_seconds("30", &s));
	ck_assert(!units_duration_seconds("1.5s", &s));
}
END_TEST

START_TEST(python_int_accepts_what_int_accepts)
{
	int64_t v;
	ck_assert(units_python_int("1000", &v) && v == 1000);
	ck_assert(units_python_int(" 12 ", &v) && v == 12);
	ck_assert(units_python_int("+5", &v) && v == 5);
	ck_assert(units_python_int("-7", &v) && v == -7);
	ck_assert(units_python_int("1_000", &v) && v == 1000);
	ck_assert(!units_python_int("1__0", &v));
	ck_assert(!units_python_int("_1", &v));
	ck_assert(!units_python_int("1_", &v));
	ck_assert(!units_python_int("", &v));
	ck_assert(!units_python_int("root", &v));
	ck_assert(!units_python_int("1.0", &v));
	ck_assert(!units_python_int("99999999999999999999", &v));
}
END_TEST

struct fixture {
	struct arena *a;
	struct yres *res;
	struct diag d;
};

static struct fixture F;

static void setup(void)
{
	F.a = arena_new();
	F.res = yres_new();
	diag_init(&F.d, F.a);
}

static void teardown(void)
{
	yres_free(F.res);
	arena_free(F.a);
}

static struct val *convert_text(const char *text, struct val **input)
{
	struct yload y = {.arena = F.a, .res = F.res, .diag = &F.d, .limits = yload_limits_default()};
	struct val *in = yload_string(&y, text, strlen(text), "c.yaml");
	ck_assert_ptr_nonnull(in);
	if (input)
		*input = in;
	return compose_convert(F.a, &F.d, in, "c.yaml");
}

static void assert_keys(const struct val *map, const char *const *keys, size_t n)
{
	ck_assert_int_eq(map->map.n, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(val_is_str(map->map.pairs[i].key, keys[i]), "key %zu is not %s",
			      i, keys[i]);
}

START_TEST(service_keys_come_in_the_reference_order)
{
	struct val *out = convert_text(
		"services:\n  s:\n    user: '1'\n    deploy: {resources: {limits: {memory: 1g}}}\n"
		"    healthcheck: {test: [CMD, 'true']}\n    volumes: ['a:/a']\n"
		"    environment: {A: b}\n    working_dir: /w\n    command: c\n"
		"    entrypoint: e\n    image: i\n    runtime: r\n    network_mode: none\n", NULL);
	ck_assert_ptr_nonnull(out);
	const char *keys[] = {"runtimeClassName", "image", "command", "args", "workingDir",
			      "dnsRecord", "env", "volumes", "readinessProbe", "resources",
			      "securityContext", "networkIsolated"};
	assert_keys(val_map_get(val_map_get(out, "services"), "s"), keys, 12);
}
END_TEST

START_TEST(default_service_choice)
{
	struct val *out = convert_text("services:\n  a: {image: x}\n  b: {image: y, x-default: true}\n", NULL);
	const char *keys1[] = {"a", "default"};
	assert_keys(val_map_get(out, "services"), keys1, 2);
	out = convert_text("services:\n  a: {image: x}\n  b: {image: y, x-default: 'true'}\n", NULL);
	const char *keys2[] = {"default", "b"};
	assert_keys(val_map_get(out, "services"), keys2, 2);
	out = convert_text("services:\n  only: {image: x}\n", NULL);
	const char *keys3[] = {"only"};
	assert_keys(val_map_get(out, "services"), keys3, 1);
}
END_TEST

START_TEST(untouched_lists_are_shared_with_the_input)
{
	/* Like the reference, a command list passes through as the same object. */
	struct val *in;
	struct val *out = convert_text("services:\n  s:\n    command: [a, b]\n", &in);
	struct val *src = val_map_get(val_map_get(val_map_get(in, "services"), "s"), "command");
	struct val *dst = val_map_get(val_map_get(val_map_get(out, "services"), "s"), "args");
	ck_assert_ptr_eq(src, dst);
}
END_TEST

START_TEST(every_error_is_reported_at_its_node)
{
	ck_assert_ptr_null(convert_text("services:\n  a:\n    ports: [80]\n  b:\n"
					"    mem_limit: 1x\n", NULL));
	ck_assert_int_eq(F.d.errors, 2);
	ck_assert_int_eq(F.d.msgs[0].mark.line, 3);
	ck_assert_int_eq(F.d.msgs[0].mark.col, 5);
	ck_assert_ptr_nonnull(strstr(F.d.msgs[0].text, "{'ports'}"));
	ck_assert_int_eq(F.d.msgs[1].mark.line, 5);
	ck_assert_int_eq(F.d.msgs[1].mark.col, 16);
	ck_assert_ptr_nonnull(strstr(F.d.msgs[1].text, "'1x'"));
}
END_TEST

START_TEST(requests_are_a_copy_of_limits)
{
	struct val *out = convert_text("services:\n  s: {mem_limit: 2g, cpus: 1.5}\n", NULL);
	struct val *r = val_map_get(val_map_get(val_map_get(out, "services"), "s"), "resources");
	struct val *limits = val_map_get(r, "limits"), *requests = val_map_get(r, "requests");
	ck_assert(limits != requests);
	ck_assert(val_equal(limits, requests));
	ck_assert(val_is_str(val_map_get(limits, "memory"), "2Gi"));
	ck_assert(val_map_get(limits, "cpu")->f == 1.5);
}
END_TEST

START_TEST(warnings_and_notes_are_not_errors)
{
	struct val *out = convert_text("services:\n  s: {image: i, init: true, build: ., "
				       "mem_limit: 1g, deploy: {resources: {limits: {cpus: 1}}}}\n", NULL);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(F.d.errors, 0);
	ck_assert_int_eq(F.d.n, 3);   /* init note, mem_limit warning, build warning */
}
END_TEST

static Suite *convert_suite(void)
{
	Suite *s = suite_create("convert");
	TCase *units = tcase_create("units");
	tcase_add_test(units, byte_values_become_binary_quantities);
	tcase_add_test(units, durations_are_h_m_s_in_order);
	tcase_add_test(units, python_int_accepts_what_int_accepts);
	suite_add_tcase(s, units);
	TCase *rules = tcase_create("rules");
	tcase_add_checked_fixture(rules, setup, teardown);
	tcase_add_test(rules, service_keys_come_in_the_reference_order);
	tcase_add_test(rules, default_service_choice);
	tcase_add_test(rules, untouched_lists_are_shared_with_the_input);
	tcase_add_test(rules, every_error_is_reported_at_its_node);
	tcase_add_test(rules, requests_are_a_copy_of_limits);
	tcase_add_test(rules, warnings_and_notes_are_not_errors);
	suite_add_tcase(s, rules);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(convert_suite());
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_convert: %d passed, %d failed\n", run - failed, failed);
	return failed ? 1 : 0;
}
