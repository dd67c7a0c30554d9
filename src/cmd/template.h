/* template.h - what `agentenv template` and the commands that read its
 * manifests (`agentenv policy`) share: the inputs (compose files, values,
 * --set..., release, namespace, chart), their option-table entries, and
 * the rendering itself. */
#ifndef AGENTENV_CMD_TEMPLATE_H
#define AGENTENV_CMD_TEMPLATE_H

#include "cmd/compose_input.h"
#include "cmd/network_policy.h"
#include "util/opts.h"

struct arena;
struct buf;
struct diag;

struct template_args {
	const char *chart, *release, *namespace, *output, *output_dir;
	bool verbose;
	struct strlist values, set, set_string, set_json;
	struct compose_input in;
	struct network_policy_opts np;   /* --network-policy (--strict is in.strict) */
};

#define TEMPLATE_ARGS_INIT {.release = "release-name", .namespace = "default"}

/* The option entries of the rendering inputs (not -o, --output-dir, -v). */
#define TEMPLATE_RENDER_OPTIONS(t) \
	OPT_STRING(0, "chart", &(t)->chart, "DIR", \
		   "render this chart directory instead of the built-in agent-env chart"), \
	OPT_LIST('f', "values", &(t)->values, "FILE", \
		 "a values file (YAML; - for stdin); several are merged in order"), \
	OPT_LIST(0, "set", &(t)->set, "K=V", \
		 "set values (a.b=c, a[0]=x, a={x,y}, several with commas)"), \
	OPT_LIST(0, "set-string", &(t)->set_string, "K=V", \
		 "set values, keeping every value a string"), \
	OPT_LIST(0, "set-json", &(t)->set_json, "K=JSON", \
		 "set values from JSON (or a whole JSON object)"), \
	OPT_STRING(0, "release", &(t)->release, "NAME", \
		   "the release name (default: release-name)"), \
	OPT_STRING(0, "namespace", &(t)->namespace, "NS", \
		   "the release namespace (default: default)")

/* Render the manifests as `helm template` prints them into out (or the
 * files under args->output_dir). Compose and values errors go to d, Helm's
 * messages and warnings straight to stderr. With the built-in chart, the
 * network values are checked (src/netpol) and --network-policy applied.
 * Returns an exit status. */
int template_render(struct arena *a, struct template_args *args, struct diag *d,
		    struct buf *out);
/* Print the messages (and, for compose input, write the --report file and
 * print the conversion summary); returns rc, or EXIT_IO when the report
 * could not be written. */
int template_finish(struct arena *a, struct template_args *args, struct diag *d, int rc);

#endif
