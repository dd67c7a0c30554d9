/* emit.h - writing value trees as YAML or JSON text.
 *
 * Output imitates what the Python reference tool writes for the same data:
 * PyYAML's yaml.dump(data, sort_keys=False) and json.dumps(data, indent=2).
 * Mapping keys keep their insertion order; shared subtrees are written out
 * in full (no anchors). */
#ifndef AGENTENV_EMIT_H
#define AGENTENV_EMIT_H

struct buf;
struct val;
struct yres;

/* YAML text in the style of PyYAML's yaml.dump(data, sort_keys=False) with
 * default options (block style, indent 2, width 80, allow_unicode=False),
 * appended to out. Returns 0, or -1 if libyaml fails (a string that is not
 * valid UTF-8 or longer than INT_MAX bytes); out then holds partial text. */
int yemit_pyyaml(struct yres *r, const struct val *v, struct buf *out);

/* JSON like Python's json.dumps(data, indent=2) + "\n", appended to out:
 * ensure_ascii (non-ASCII as \uXXXX, surrogate pairs above the BMP), floats
 * as Python's repr, NaN/Infinity/-Infinity as Python writes them. */
void yemit_json(const struct val *v, struct buf *out);

#endif
