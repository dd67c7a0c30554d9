/* validate.h - compose files against the Compose Specification schema.
 *
 * The schema is the official one (schemas/compose.schema.json, built into
 * the binary), as the reference converter uses it. Each violation is
 * reported at its node in the reference's words, so its users see what they
 * know, followed by a note in plain words ("services.web.ports[0]: expected
 * a string or a mapping, got a list"). */
#ifndef AGENTENV_COMPOSE_VALIDATE_H
#define AGENTENV_COMPOSE_VALIDATE_H

#include <stdbool.h>

struct arena;
struct diag;
struct val;

/* true when valid; `file` is the name the messages use. */
bool compose_validate(struct arena *a, struct diag *d, const struct val *doc,
		      const char *file);

#endif
