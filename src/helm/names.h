/* names.h - the names our agent-env chart builds object names from,
 * checked before rendering (not Helm's: only for the built-in chart).
 *
 * The chart names objects "<fullname>-<service>" and claims and pod
 * volumes "<fullname>-<volume>" (fullname: "agent-env-<release>", cut to
 * 63 characters, as agentEnv.fullname builds it). Kubernetes wants those
 * to be DNS-1123 labels of at most 63 characters; the chart's schema
 * checks service and network names but not volume names, so a volume
 * name with a newline, `#` or `{` would be rendered into the manifests
 * as YAML. Each bad name is an error at its node. */
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
