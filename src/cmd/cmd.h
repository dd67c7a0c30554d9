/* cmd.h - the subcommands and what they share.
 *
 * One file per subcommand (src/cmd/<name>.c), each with its option table
 * and usage text beside the code. main() only finds the command. */
#ifndef AGENTENV_CMD_H
#define AGENTENV_CMD_H

#include <stdio.h>

/* Exit statuses of every command. */
enum {
	EXIT_OK = 0,        /* done */
	EXIT_REJECTED = 1,  /* the input was rejected (or: --can denied) */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_IO = 3,        /* I/O or internal error */
};

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_convert(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_policy(int argc, char **argv);

/* The command table, in the order `agentenv help` lists it. */
const struct cmd *cmd_find(const char *name);
const struct cmd *cmd_list(void);   /* terminated by a NULL name */
/* The top-level usage, to `out`; returns EXIT_USAGE. */
int cmd_main_usage(FILE *out);

#endif
