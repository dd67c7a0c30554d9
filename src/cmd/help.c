/* help.c - `agentenv help [CMD]`, the command table and the top-level usage. */
#include "cmd/cmd.h"
#include "config.h"

#include <stdio.h>
#include <string.h>

static const struct cmd cmd_table[] = {
	{"convert", cmd_convert, "turn a compose file into agent-env Helm values"},
	{"validate", cmd_validate, "check compose or values files against their schema"},
	{"template", cmd_template, "render a Helm chart as `helm template` does"},
	{"policy", cmd_policy, "show what the rendered network policies let each service reach"},
	{"help", cmd_help, "show help for agentenv or one of its commands"},
	{NULL, NULL, NULL},
};

const struct cmd *cmd_list(void)
{
	return cmd_table;
}

const struct cmd *cmd_find(const char *name)
{
	for (const struct cmd *c = cmd_table; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void help_overview(FILE *out)
{
	fputs("usage: agentenv [--version] [--help] COMMAND [ARGS]\n\n"
	      "Turns a docker compose file into a Kubernetes agent environment.\n\n"
	      "Commands:\n", out);
	for (const struct cmd *c = cmd_table; c->name; c++)
		fprintf(out, "    %-12s %s\n", c->name, c->summary);
	fputs("\nRun 'agentenv help COMMAND' or 'agentenv COMMAND --help' for a command's "
	      "options;\n'man agentenv-COMMAND' for its manual.\n", out);
}

int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		help_overview(stdout);
		return EXIT_OK;
	}
	const struct cmd *c = cmd_find(argv[1]);
	if (!c) {
		fprintf(stderr, "agentenv: error: unknown command: %s\n\n", argv[1]);
		help_overview(stderr);
		return EXIT_USAGE;
	}
	char *help_argv[] = {argv[1], "--help", NULL};
	return c->run(2, help_argv);
}

int cmd_main_usage(FILE *out)
{
	help_overview(out);
	return EXIT_USAGE;
}
