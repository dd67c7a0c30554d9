/* main.c - the agentenv entry point: finds the subcommand, nothing else. */
#include "cmd/cmd.h"
#include "config.h"
#include "util/limits.h"

#include <stdio.h>
#include <string.h>


int main(int argc, char **argv)
{
	if (argc < 2)
		return cmd_main_usage(stderr);
	if (strcmp(argv[1], "--version") == 0) {
		printf("agentenv %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(1, argv);
	const struct cmd *c = cmd_find(argv[1]);
	if (!c) {
		fprintf(stderr, "agentenv: error: unknown command: %s\n\n", argv[1]);
		return cmd_main_usage(stderr);
	}
	limits_check(stderr);
	return c->run(argc - 1, argv + 1);
}
