/* template.c - `agentenv template`: manifests from compose files or values,
 * exactly as `helm template` of the agent-env chart renders them, without
 * Helm (src/helm/helm.h); or any chart with --chart DIR.
 *
 * Compose files (positional, as everywhere) are converted in memory and
 * their values put under the -f files: one value tree, no YAML text in
 * between. With neither compose files nor values, the compose file of the
 * current directory is used. The merged values are checked against the
 * chart's values.schema.json; each violation is reported at its node.
 *
 * Output goes to stdout, to a file written atomically (-o), or to one file
 * per template under a directory (--output-dir, as helm writes them).
 * Errors are Helm's messages after "agentenv: error: "; warnings (Helm's
 * log lines) go to stderr as "agentenv: warning: ". */
#include "cmd/cmd.h"
#include "cmd/compose_input.h"
#include "cmd/template.h"
#include "helm/helm.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"
#include "util/output.h"
#include "yaml/resolve.h"

#include <stdio.h>
#include <string.h>

extern char **environ;

static const char *const template_usage[] = {
	"agentenv template [COMPOSE...] [-f VALUES]... [--set K=V]... [--set-string K=V]...\n"
	"                         [--set-json K=JSON]... [--release NAME] [--namespace NS]\n"
	"                         [--chart DIR] [-o FILE | --output-dir DIR]\n"
	"                         [--network-policy cilium|kubernetes]\n"
	"                         [--env-file FILE]... [--profile NAME]... [--no-interpolate]\n"
	"                         [--strict | --lenient] [--image-registry REG/] [--report FILE] [-v]",
	NULL,
};


/* Compose files are read when named; with no values given at all, the
 * directory's compose file if it has one (else, like helm template, the
 * chart's defaults are rendered). */
static bool template_wants_compose(struct arena *a, const struct template_args *args)
{
	if (args->in.files.n > 0)
		return true;
	if (args->values.n || args->set.n || args->set_string.n || args->set_json.n || args->chart)
		return false;
	struct compose_load_opts o = {.environ = environ};
	const char *const *files;
	bool from_dotenv;
	return compose_default_files(a, &o, &files, &from_dotenv) > 0;
}

static int template_check_args(const struct template_args *args)
{
	if (args->output && args->output_dir) {
		fprintf(stderr, "agentenv: error: -o and --output-dir cannot be used together\n");
		return EXIT_USAGE;
	}
	return network_policy_opts_check(&args->np);
}

static void template_print_lines(const char *prefix, const struct buf *text)
{
	const char *s = text->p;
	for (size_t pos = 0; s && pos < text->len;) {
		const char *nl = memchr(s + pos, '\n', text->len - pos);
		size_t end = nl ? (size_t)(nl - s) : text->len;
		fprintf(stderr, "%s%.*s\n", prefix, (int)(end - pos), s + pos);
		pos = end + 1;
	}
}

/* The values of the compose files, or NULL with the errors in d. */
static int template_compose_values(struct arena *a, struct template_args *args,
				   struct diag *d, struct val **values)
{
	struct compose_load_opts lo;
	int rc = compose_input_prepare(a, &args->in, &lo);
	if (rc != EXIT_OK)
		return rc;
	struct yres *res = yres_new();
	*values = compose_input_values(a, res, d, &args->in, &lo);
	yres_free(res);
	return *values ? EXIT_OK : EXIT_REJECTED;
}

int template_render(struct arena *a, struct template_args *args, struct diag *d,
		    struct buf *out)
{
	struct val *base = NULL;
	int rc;
	if (template_wants_compose(a, args) &&
	    (rc = template_compose_values(a, args, d, &base)) != EXIT_OK)
		return rc;
	network_policy_opts_apply(a, &args->np, &args->set_string);
	args->np.arena = a;
	args->np.strict = args->in.strict;
	struct helm_options o = {
		.chart_dir = args->chart, .base_values = base, .diag = d,
		.release = args->release, .namespace = args->namespace,
		.output_dir = args->output_dir, .values_files = &args->values, .set = &args->set,
		.set_string = &args->set_string, .set_json = &args->set_json,
		/* The network checks are the agent-env chart's, not any chart's. */
		.check_values = args->chart ? NULL : network_policy_check_values,
		.check_ctx = &args->np,
	};
	struct buf warn = BUF_INIT, err = BUF_INIT;
	rc = helm_template(a, &o, out, &warn, &err);
	template_print_lines("agentenv: warning: ", &warn);
	if (rc != EXIT_OK && err.len)
		fprintf(stderr, "agentenv: error: %s\n", buf_str(&err));
	buf_free(&warn);
	buf_free(&err);
	return rc;
}

int template_finish(struct arena *a, struct template_args *args, struct diag *d, int rc)
{
	if (template_wants_compose(a, args))
		return compose_input_finish(a, &args->in, d, args->verbose, rc);
	diag_flush(d, stderr, args->verbose);
	return rc;
}

static int template_run(struct arena *a, struct template_args *args)
{
	int rc = template_check_args(args);
	if (rc != EXIT_OK)
		return rc;
	struct diag d;
	diag_init(&d, a);
	struct buf out = BUF_INIT;
	rc = template_render(a, args, &d, &out);
	if (rc == EXIT_OK && output_write(args->output, buf_str(&out), out.len, &d) != 0)
		rc = EXIT_IO;
	rc = template_finish(a, args, &d, rc);
	buf_free(&out);
	return rc;
}

int cmd_template(int argc, char **argv)
{
	struct template_args args = TEMPLATE_ARGS_INIT;
	const struct opt opts[] = {
		TEMPLATE_RENDER_OPTIONS(&args),
		OPT_STRING('o', "output", &args.output, "FILE",
			   "write the manifests to FILE (atomically) instead of stdout"),
		OPT_STRING(0, "output-dir", &args.output_dir, "DIR",
			   "write one file per template under DIR, as helm does"),
		NETWORK_POLICY_OPTIONS(&args.np),
		COMPOSE_INPUT_OPTIONS(&args.in),
		OPT_FLAG('v', "verbose", &args.verbose, "also print info-level notes"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, template_usage, opts, &args.in.files)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = template_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
