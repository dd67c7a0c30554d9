/* convert.c - `agentenv convert`: compose file in, agent-env values out.
 *
 * load (libfyaml) -> convert (compose/convert.c) -> emit (PyYAML's style,
 * or JSON). Messages are collected and printed at the end, info ones only
 * with --verbose. */
#include "cmd/cmd.h"
#include "compose/convert.h"
#include "compose/validate.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"
#include "util/output.h"
#include "yaml/emit.h"
#include "yaml/load.h"
#include "yaml/resolve.h"
#include "yaml/value.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const convert_usage[] = {
	"agentenv convert [COMPOSE] [-o FILE] [--format yaml|json] [-v]",
	NULL,
};

/* Where docker compose looks when no file is named. */
static const char *const convert_default_files[] = {
	"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", NULL,
};

struct convert_args {
	const char *output, *format;
	bool verbose;
	struct strlist files;
};

static const char *convert_find_default(void)
{
	for (size_t i = 0; convert_default_files[i]; i++)
		if (access(convert_default_files[i], F_OK) == 0)
			return convert_default_files[i];
	return NULL;
}

static int convert_check_args(struct convert_args *args, const char **path)
{
	if (strcmp(args->format, "yaml") != 0 && strcmp(args->format, "json") != 0) {
		fprintf(stderr, "agentenv: error: --format must be yaml or json, not '%s'\n",
			args->format);
		return EXIT_USAGE;
	}
	if (args->files.n > 1) {
		fprintf(stderr, "agentenv: error: several compose files are not supported "
			"yet; give one\n");
		return EXIT_USAGE;
	}
	*path = args->files.n ? args->files.items[0] : convert_find_default();
	if (!*path) {
		fprintf(stderr, "agentenv: error: no compose file given, and none of "
			"compose.yaml, compose.yml, docker-compose.yaml, docker-compose.yml "
			"in the current directory\n");
		return EXIT_USAGE;
	}
	if (strcmp(*path, "-") != 0 && access(*path, R_OK) != 0) {
		perror(*path);
		return EXIT_IO;
	}
	return EXIT_OK;
}

static int convert_emit(struct yres *res, struct val *values, struct convert_args *args,
			struct diag *d)
{
	struct buf out = BUF_INIT;
	int rc = EXIT_OK;
	if (strcmp(args->format, "json") == 0)
		yemit_json(values, &out);
	else if (yemit_pyyaml(res, values, &out) != 0)
		rc = EXIT_IO;
	if (rc == EXIT_OK && output_write(args->output, buf_str(&out), out.len, d) != 0)
		rc = EXIT_IO;
	buf_free(&out);
	return rc;
}

static int convert_run(struct arena *a, struct convert_args *args)
{
	const char *path;
	int rc = convert_check_args(args, &path);
	if (rc != EXIT_OK)
		return rc;
	struct diag d;
	diag_init(&d, a);
	struct yres *res = yres_new();
	struct yload y = {.arena = a, .res = res, .diag = &d, .limits = YLOAD_LIMITS_DEFAULT};
	struct val *compose = yload_file(&y, path, NULL);
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	bool valid = compose && compose_validate(a, &d, compose, name);
	struct val *values = valid ? compose_convert(a, &d, compose, name) : NULL;
	rc = values ? convert_emit(res, values, args, &d) : EXIT_REJECTED;
	diag_flush(&d, stderr, args->verbose);
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
		OPT_FLAG('v', "verbose", &args.verbose, "also print info-level notes"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, convert_usage, opts, &args.files)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = convert_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
