/* dotenv.h - .env and env_file files, read as docker compose reads them.
 *
 * The syntax is compose-go's dotenv parser: `KEY=value` or `KEY: value`
 * lines, an optional `export ` in front, `#` comment lines, unquoted
 * values cut at ` #` and trimmed, 'single quotes' taken literally, "double
 * quotes" with backslash escapes (\n, \t, \\, \", \$, \0NNN ...); quoted
 * values may span lines. Unquoted and double-quoted values are then
 * interpolated (compose/interp.h), looking variables up first in the
 * given layers and then among the file's own earlier variables. A bare
 * `KEY` line takes KEY's value from the layers, if it is set there. */
#ifndef AGENTENV_COMPOSE_DOTENV_H
#define AGENTENV_COMPOSE_DOTENV_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct compose_vars;
struct diag;
struct val;

struct compose_dotenv {
	struct arena *a;
	struct diag *d;
	const struct compose_vars *lookup;  /* looked up before the file's own variables */
	struct val *warned;                 /* names already warned about as unset */
	const char *name;                   /* the file, as messages and marks name it */
};

/* Parse text into `out` (a mapping of string nodes marked with their
 * line; a later definition replaces an earlier one in its place). false
 * after reporting an error at its line. */
bool compose_dotenv_parse(struct compose_dotenv *p, const char *text, size_t len,
			  struct val *out);

enum compose_dotenv_result { COMPOSE_DOTENV_OK, COMPOSE_DOTENV_MISSING, COMPOSE_DOTENV_FAILED };

/* Read and parse the file p->name. MISSING (nothing reported) when it
 * does not exist; FAILED after reporting why it could not be used. */
enum compose_dotenv_result compose_dotenv_file(struct compose_dotenv *p, struct val *out);

#endif
