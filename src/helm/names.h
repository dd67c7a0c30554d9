/* names.h - the names our agent-env chart builds object names from,
 * checked before rendering (not Helm's: only for the built-in chart).
 *
 * The chart names objects "<fullname>-<service>" and claims and pod
 * volumes "<fullname>-<volume>" (fullname: "agent-env-<release>", cut to
 * 63 characters, as agentEnv.fullname builds it). Kubernetes wants those
 * to be DNS-1123 labels of at most 63 characters; the chart's schema
 * checks service and network names but not volume names, so a volume
 * name with a newline, `#` or `{` would be rendered into the manifests
 * as YAML. Keys of `volumes` (claims) must be DNS-1123 labels; the names
 * in a service's "name:/path" entries must only be inert in YAML (the
 * reference converter makes `-` of a bind mount's `.`: Kubernetes, not
 * we, refuses those, as with the reference's output). Every name must fit
 * in 63 characters after the fullname. Each bad name is an error at its
 * node. */
#ifndef AGENTENV_HELM_NAMES_H
#define AGENTENV_HELM_NAMES_H

#include <stdbool.h>

struct arena;
struct diag;
struct val;

/* true when every name is fine; else one error per bad name in d. */
bool helm_check_agentenv_names(struct arena *a, const struct val *values, const char *release,
			       struct diag *d);

#endif
