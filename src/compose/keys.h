/* keys.h - the decision for every compose key, in one table.
 *
 * Each row names a key (service keys, `deploy` keys, top-level keys), the
 * case it covers when a key has several (a bind mount is not a named
 * volume), and what conversion does with it: mapped (to the agent-env
 * values it names), ignored (with a note saying why that is safe) or
 * rejected (with the reason and a hint). The reference converter's own
 * rules are rows too, so the table is the whole documentation: the README
 * and agentenv-convert(1) print it (keys_markdown, keys_roff; a test keeps
 * them equal), and compose/adapt.c takes its messages from it. */
#ifndef AGENTENV_COMPOSE_KEYS_H
#define AGENTENV_COMPOSE_KEYS_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

enum key_decision { KEY_MAPPED, KEY_IGNORED, KEY_REJECTED };

enum key_scope { KEY_SERVICE, KEY_DEPLOY, KEY_TOP };

/* Rows the conversion refers to by name. */
enum keys_id {
	KEYS_NONE, KEYS_VOLUMES_BIND, KEYS_VOLUMES_LONG, KEYS_VOLUMES_ANON, KEYS_VOLUMES_TMPFS,
	KEYS_TMPFS, KEYS_HEALTHCHECK_DISABLE, KEYS_HEALTHCHECK_STRING,
	KEYS_SECURITY_OPT_NNP, KEYS_SECURITY_OPT_OTHER,
	KEYS_CAP_ADD, KEYS_CAP_DROP, KEYS_PRIVILEGED, KEYS_READ_ONLY,
	KEYS_SECRETS, KEYS_CONFIGS, KEYS_BUILD_ONLY, KEYS_BUILD_REGISTRY,
	KEYS_NETWORK_MODE_OTHER, KEYS_HOSTNAME_OTHER,
	KEYS_DEPLOY_REPLICAS_ONE, KEYS_DEPLOY_REPLICAS_MANY,
	KEYS_TOP_VOLUME_OPTIONS, KEYS_TOP_NETWORK_OPTIONS,
	KEYS_TOP_SECRET_SOURCE, KEYS_TOP_SECRET_EXTERNAL,
	KEYS_TOP_NAME, KEYS_TOP_EXTENSION, KEYS_EXTENSION,
	KEYS_SERVICE_NAME, KEYS_HEALTHCHECK_NO_TEST, KEYS_ENVIRONMENT_BARE, KEYS_BYTES_PLAIN,
	KEYS_NETWORKS_MAP, KEYS_DEPLOY_DEVICES,
	KEYS_OTHER, KEYS_DEPLOY_OTHER, KEYS_TOP_OTHER
};

struct compose_key {
	enum key_scope scope;
	const char *key;
	const char *cases;      /* which values the row covers; NULL: all of them */
	enum key_decision decision;
	const char *text;       /* mapped: what it becomes; ignored: why safe; rejected: why */
	const char *hint;       /* rejected: what to do instead */
	bool never_dropped;     /* losing it would widen privileges or network reach:
				   an error in every mode, --lenient too */
	bool reference;         /* the reference rules handle it (compose/convert.c) */
	enum keys_id id;        /* for the rows the conversion names; else KEYS_NONE */
};

const struct compose_key *keys_row(enum keys_id id);
/* The row of a plain key with no cases, else NULL (for keys with cases,
 * or keys the reference rules handle, the caller picks the row). */
const struct compose_key *keys_find(enum key_scope scope, const char *key);
/* Whether the reference rules handle the key (they are rows as well). */
bool keys_reference(enum key_scope scope, const char *key);

/* The table as the README's markdown and as man page roff. */
void keys_markdown(struct buf *out);
void keys_roff(struct buf *out);

#endif
