/* convert.c - `agentenv convert`: compose files in, agent-env values out.
 *
 * load (compose/load.c: YAML, interpolation, merge, extends, include,
 * profiles, env_file) -> validate (the Compose schema, on the merged
 * result) -> convert (compose/convert.c) -> emit (PyYAML's style, or
 * JSON). Messages are collected and printed at the end, info ones only
 * with --verbose. */
#include "cmd/cmd.h"
#include "cmd/compose_input.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"
#include "util/output.h"
#include "yaml/emit.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const convert_usage[] = {
	"agentenv convert [COMPOSE...] [-o FILE] [--format yaml|json] [--env-file FILE]... "
	"[--profile NAME]... [--no-interpolate] [--strict | --lenient] [--image-registry REG/] "
	"[--report FILE] [-v]",
	NULL,
};

struct convert_args {
	const char *output, *format;
	bool verbose;
	struct compose_input in;
};

static int convert_check_args(struct arena *a, struct convert_args *args,
			      struct compose_load_opts *o)
{
	if (strcmp(args->format, "yaml") != 0 && strcmp(args->format, "json") != 0) {
		fprintf(stderr, "agentenv: error: --format must be yaml or json, not '%s'\n",
			args->format);
		return EXIT_USAGE;
	}
	return compose_input_prepare(a, &args->in, o);
}

static int convert_emit(struct yres *res, struct val *values, struct convert_args *args,
			struct diag *d)
{
	struct buf out = BUF_INIT;
	int rc = EXIT_OK;
	if (strcmp(args->format, "json") == 0)
		yemit_json(values, &out);
	else if (yemit_pyyaml(res, values, &out) != 0) {
		diag_error(d, NULL, "cannot write the values as YAML (a string is not valid UTF-8)");
		rc = EXIT_IO;
	}
	if (rc == EXIT_OK && output_write(args->output, buf_str(&out), out.len, d) != 0)
		rc = EXIT_IO;
	buf_free(&out);
	return rc;
}

static int convert_run(struct arena *a, struct convert_args *args)
{
	struct compose_load_opts o;
	int rc = convert_check_args(a, args, &o);
	if (rc != EXIT_OK)
		return rc;
	struct diag d;
	diag_init(&d, a);
	struct yres *res = yres_new();
	struct val *values = compose_input_values(a, res, &d, &args->in, &o);
	rc = values ? convert_emit(res, values, args, &d) : EXIT_REJECTED;
	rc = compose_input_finish(a, &args->in, &d, args->verbose, rc);
	yres_free(res);
	return rc;
}

int cmd_convert(int argc, char **argv)
{
	struct convert_args args = {.format = "yaml"};
	const struct opt opts[] = {
		OPT_STRING('o', "output", &args.output, "FILE",
			   "write the values to FILE (atomically) instead of stdout"),
		OPT_STRING(0, "format", &args.format, "FORMAT", "yaml (default) or json"),
		COMPOSE_INPUT_OPTIONS(&args.in),
		OPT_FLAG('v', "verbose", &args.verbose, "also print info-level notes"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, convert_usage, opts, &args.in.files)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = convert_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
