/* policy.c - `agentenv policy`: who can reach what, read back from the
 * network policies `agentenv template` renders for the same inputs.
 *
 * The manifests are rendered in memory (template.h), each document read
 * as a value tree, and the evaluator (src/netpol/eval.h) answers with
 * Cilium's semantics: the service x service matrix and each service's
 * egress (--format table, json or dot), or one question (--can FROM TO),
 * which exits 0 when allowed and 1 when denied. */
#include "cmd/cmd.h"
#include "cmd/network_policy.h"
#include "cmd/template.h"
#include "netpol/report.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/opts.h"

#include <stdio.h>
#include <string.h>

static const char *const policy_usage[] = {
	"agentenv policy [COMPOSE...] [-f VALUES]... [--set K=V]... [--release NAME]\n"
	"                       [--namespace NS] [--network-policy cilium|kubernetes]\n"
	"                       [--format table|json|dot] [--can FROM TO]\n"
	"                       [--env-file FILE]... [--profile NAME]... [--no-interpolate]\n"
	"                       [--strict | --lenient] [--image-registry REG/] [--report FILE] [-v]",
	NULL,
};

struct policy_args {
	struct template_args t;
	const char *format;
	const char *can[2];
};

static int policy_check_args(const struct policy_args *args)
{
	static const char *const formats[] = {"table", "json", "dot", NULL};
	if (network_policy_opts_check(&args->t.np) != EXIT_OK)
		return EXIT_USAGE;
	for (size_t i = 0; formats[i]; i++)
		if (strcmp(args->format, formats[i]) == 0)
			return EXIT_OK;
	fprintf(stderr, "agentenv: error: --format must be table, json or dot, not '%s'\n",
		args->format);
	return EXIT_USAGE;
}

static int policy_can(struct arena *a, const struct np_model *m, const char *const can[2])
{
	int from = np_model_find(m, can[0]);
	struct np_query q;
	struct buf err = BUF_INIT, out = BUF_INIT;
	if (from < 0) {
		fprintf(stderr, "agentenv: error: --can: unknown service '%s' (services:", can[0]);
		size_t n = np_model_nservices(m);
		for (size_t i = 0; i < n && i < 10; i++)
			fprintf(stderr, "%s %s", i ? "," : "", np_model_service(m, i));
		fputs(n > 10 ? ", ...)\n" : ")\n", stderr);
		return EXIT_USAGE;
	}
	if (np_query_parse(a, m, can[1], &q, &err) != 0) {
		fprintf(stderr, "agentenv: error: --can: %s\n", buf_str(&err));
		buf_free(&err);
		return EXIT_USAGE;
	}
	struct np_verdict v;
	np_can(a, m, (size_t)from, &q, &v);
	np_report_verdict(can[0], can[1], &q, &v, &out);
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	return v.allowed ? EXIT_OK : EXIT_REJECTED;
}

static int policy_report(struct arena *a, const struct np_model *m, const char *format)
{
	struct buf out = BUF_INIT;
	if (strcmp(format, "json") == 0)
		np_report_json(a, m, &out);
	else if (strcmp(format, "dot") == 0)
		np_report_dot(a, m, &out);
	else
		np_report_table(a, m, &out);
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	return EXIT_OK;
}

static int policy_run(struct arena *a, struct policy_args *args)
{
	int rc = policy_check_args(args);
	if (rc != EXIT_OK)
		return rc;
	struct diag d;
	diag_init(&d, a);
	struct buf text = BUF_INIT;
	rc = template_render(a, &args->t, &d, &text);
	rc = template_finish(a, &args->t, &d, rc);
	if (rc == EXIT_OK) {
		struct np_model *m = np_model_read(a, text.p, text.len, args->t.namespace);
		rc = args->can[0] ? policy_can(a, m, args->can) : policy_report(a, m, args->format);
	}
	buf_free(&text);
	return rc;
}

int cmd_policy(int argc, char **argv)
{
	struct policy_args args = {.t = TEMPLATE_ARGS_INIT, .format = "table"};
	const struct opt opts[] = {
		OPT_STRING(0, "format", &args.format, "FORMAT",
			   "table (default): the matrix and each service's egress; json; dot"),
		OPT_PAIR(0, "can", args.can, "FROM TO",
			 "may FROM reach TO? exit 0 if allowed, 1 if denied"),
		TEMPLATE_RENDER_OPTIONS(&args.t),
		NETWORK_POLICY_OPTIONS(&args.t.np),
		COMPOSE_INPUT_OPTIONS(&args.t.in),
		OPT_FLAG('v', "verbose", &args.t.verbose, "also print info-level notes"),
		OPT_END(),
	};
	struct arena *a = arena_new();
	int rc;
	switch (opts_parse(a, argc, argv, policy_usage, opts, &args.t.in.files)) {
	case OPTS_HELP: rc = EXIT_OK; break;
	case OPTS_ERROR: rc = EXIT_USAGE; break;
	default: rc = policy_run(a, &args); break;
	}
	arena_free(a);
	return rc;
}
