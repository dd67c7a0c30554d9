/* template.c - `agentenv template --chart DIR`: render a Helm chart
 * exactly as `helm template` does, without Helm (src/helm/helm.h).
 *
 * Output goes to stdout, to a file written atomically (-o), or to one file
 * per template under a directory (--output-dir, as helm writes them).
 * Errors are Helm's messages after "agentenv: error: "; warnings (Helm's
 * log lines) go to stderr as "agentenv: warning: ". */
#include "cmd/cmd.h"
#include "helm/helm.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"
#include "util/output.h"

#include <stdio.h>
#include <string.h>

static const char *const template_usage[] = {
	"agentenv template --chart DIR [-f VALUES]... [--set K=V]... [--set-string K=V]...\n"
	"                         [--set-json K=JSON]... [--release NAME] [--namespace NS]\n"
	"                         [-o FILE | --output-dir DIR]",
	NULL,
};

struct template_args {
	const char *chart, *release, *namespace, *output, *output_dir;
	struct strlist values, set, set_string, set_json, rest;
};

static int template_check_args(const struct template_args *args)
{
	if (args->rest.n > 0) {
		fprintf(stderr, "agentenv: error: unexpected argument '%s' (the chart is given "
			"with --chart)\n", args->rest.items[0]);
		return EXIT_USAGE;
	}
	if (!args->chart) {
		fprintf(stderr, "agentenv: error: --chart DIR is required\n");
		return EXIT_USAGE;
	}
	if (args->output && args->output_dir) {
		fprintf(stderr, "agentenv: error: -o and --output-dir cannot be used together\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
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

static int template_run(struct arena *a, struct template_args *args)
{
	int rc = template_check_args(args);
	if (rc != EXIT_OK)
		return rc;
	struct helm_options o = {
		.chart_dir = args->chart, .release = args->release, .namespace = args->namespace,
		.output_dir = args->output_dir, .values_files = &args->values, .set = &args->set,
		.set_string = &args->set_string, .set_json = &args->set_json,
	};
	struct buf out = BUF_INIT, warn = BUF_INIT, err = BUF_INIT;
	rc = helm_template(a, &o, &out, &warn, &err);
	template_print_lines("agentenv: warning: ", &warn);
	if (rc != EXIT_OK) {
		fprintf(stderr, "agentenv: error: %s\n", buf_str(&err));
	} else {
		struct diag d;
		diag_init(&d, a);
		if (output_write(args->output, buf_str(&out), out.len, &d) != 0)
			rc = EXIT_IO;
		diag_flush(&d, stderr, false);
	}
	buf_free(&out);
	buf_free(&warn);
	buf_free(&err);
	return rc;
}

int cmd_template(int argc, char **argv)
{
	struct template_args args = {.release = "release-name", .namespace = "default"};
	const struct opt opts[] = {
		OPT_STRING(0, "chart", &args.chart, "DIR", "the chart directory to render"),
		OPT_LIST('f', "values", &args.values, "FILE",
			 "a values file (YAML; - for stdin); several are merged in order"),
		OPT_LIST(0, "set", &args.set, "K=V",
			 "set values (a.b=c, a[0]=x, a={x,y}, several with commas)"),
		OPT_LIST(0, "set-string", &args.set_string, "K=V",
			 "set values, keeping every value a string"),
		OPT_LIST(0, "set-json", &args.set_json, "K=JSON",
			 "set values from JSON (or a whole JSON object)"),
		OPT_STRING(0, "release", &args.release, "NAME",
			   "the release name (default: release-name)"),
		OPT_STRING(0, "namespace", &args.namespace, "NS",
			   "the release namespace (default: default)"),
		OPT_STRING('o', "output", &args.output, "FILE",
			   "write the manifests to FILE (atomically) instead of stdout"),
		OPT_STRING(0, "output-dir", &args.output_dir, "DIR",
			   "write one file per template under DIR, as helm does"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, template_usage, opts, &args.rest)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = template_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
