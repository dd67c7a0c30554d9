/* convert.h - compose file to agent-env Helm values, as the reference does.
 *
 * Implements every rule of the reference converter (inspect_k8s_sandbox's
 * compose/_converter.py): the same output tree, in the same key order, and
 * the same rejections with the same wording, each prefixed by the position
 * of the offending node. Unlike the reference, all the errors of a file are
 * reported, not only the first. Info and warning messages go to the diag. */
#ifndef AGENTENV_CONVERT_H
#define AGENTENV_CONVERT_H

struct arena;
struct diag;
struct val;

/* `file` is the name the messages use ("Compose file: '<file>'"). Returns
 * the values tree, or NULL when errors were reported. The input is only
 * read; the output may share subtrees with it. */
struct val *compose_convert(struct arena *a, struct diag *d,
			    const struct val *compose, const char *file);

#endif
