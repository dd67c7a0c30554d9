/* strvals.h - Helm's --set, --set-string and --set-json syntax
 * (helm's pkg/strvals), with its type inference and its error texts.
 *
 *   a.b=c             nested keys            a[0]=x, a[1].b=y   lists
 *   a={x,y}           a list value           \, \. \= \[        escapes
 *   a=1,b=2           several in one flag    a=                 the empty string
 * --set types a value as Helm does: true/false (any case) a bool, null
 * (any case) nil, a decimal integer not starting with 0 (or 0 itself) an
 * int64, anything else a string; --set-string keeps every value a string;
 * --set-json reads each value as JSON (an empty value is null), or takes
 * a whole JSON object when the argument starts with '{'.
 *
 * Values are merged into an existing mapping (earlier -f files and flags),
 * replacing what they name. Containers taken from `base` are copied before
 * they change, so subtrees that `base` shares (YAML aliases) stay intact. */
#ifndef AGENTENV_HELM_STRVALS_H
#define AGENTENV_HELM_STRVALS_H

struct arena;
struct buf;
struct val;

enum helm_set_kind { HELM_SET, HELM_SET_STRING, HELM_SET_JSON };

/* Apply one flag's argument to base (a mapping). On error appends Helm's
 * message, e.g. `failed parsing --set data: key "a" has no value`, and
 * returns -1 (base may then be partly changed, as in Helm). */
int helm_strvals_apply(struct arena *a, struct val *base, const char *arg,
		       enum helm_set_kind kind, struct buf *err);

#endif
