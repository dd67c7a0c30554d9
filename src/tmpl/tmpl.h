/* tmpl.h - Go's text/template, as Helm runs it (the contract of src/tmpl).
 *
 * A tmpl_set holds named templates in one namespace, like Go's tree set:
 * parsing a file adds it under its name plus every {{define}} in it.
 * Executing renders one of them with a dot value. Values are struct val
 * (yaml/value.h); Go's nil is a VAL_NULL value, never a NULL pointer.
 *
 * Errors are Go's own texts, so the Helm layer can rewrite them exactly as
 * Helm does:
 *   parse:  template: NAME:LINE: MESSAGE
 *   exec:   template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE
 * and a function's failure is "error calling FUNC: MESSAGE" inside exec.
 *
 * Printing follows Go: {{ x }} writes fmt.Sprint(x) (see gofmt.h); a nil
 * or missing value prints "<no value>" (Helm later removes that text).
 * Map keys are visited in sorted order by range. Missing map keys give nil
 * (Helm's missingkey=zero). Everything is bounded by struct tmpl_limits. */
#ifndef AGENTENV_TMPL_H
#define AGENTENV_TMPL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct buf;
struct val;

struct tmpl_set;    /* opaque: the templates */
struct tmpl_exec;   /* opaque: one execution in progress */

struct tmpl_limits {
	unsigned max_depth;           /* nesting of template/include/tpl calls */
	unsigned long long max_steps; /* evaluation steps (nodes, loop turns) */
	size_t max_output;            /* bytes written by one execution */
};

#define TMPL_LIMITS_DEFAULT {1000, 100000000ull, 256u << 20}

/* ---- functions -------------------------------------------------------
 * A function gets its evaluated arguments (already checked against its
 * signature and converted, as Go's reflect call would) and returns a value.
 *
 * Signature: one letter per parameter, in order, and a final '*' makes the
 * last parameter variadic:
 *   v interface{}   s string   i int   I int64   f float64   b bool
 *   l []interface{} m map[string]interface{}
 * Go's rules apply: a string parameter takes only a string ("wrong type
 * for value; expected string; got float64"), an int parameter takes an int
 * value or an untyped number constant of the template text, nil is "invalid
 * value; expected string" for typed parameters, etc. */

struct tmpl_call {
	struct tmpl_exec *exec;   /* the running execution (for include, tpl) */
	struct arena *arena;      /* allocate results here */
	const char *name;         /* the function's name */
	struct val **argv;
	size_t argc;
};

/* Return 0 with *result set (never NULL), or -1 after tmpl_call_fail(). */
typedef int (*tmpl_fn)(struct tmpl_call *c, struct val **result);

struct tmpl_func {
	const char *name;
	tmpl_fn fn;
	const char *sig;
};

/* A method of a Go object that Helm passes in (.Files.Get, .Capabilities.
 * APIVersions.Has): a map value whose `tag` is `type` gets method `name`;
 * the receiver is argv[0]. */
struct tmpl_method {
	const char *type;
	const char *name;
	tmpl_fn fn;
	const char *sig;   /* of the arguments after the receiver */
};

/* Fail the call: the execution stops with "error calling NAME: MESSAGE". */
int tmpl_call_fail(struct tmpl_call *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- template sets ---------------------------------------------------- */

struct tmpl_set *tmpl_set_new(struct arena *a, const struct tmpl_limits *limits);
/* Register functions and methods (arrays ending with a NULL name); later
 * registrations of a name replace earlier ones. */
void tmpl_set_funcs(struct tmpl_set *s, const struct tmpl_func *funcs);
void tmpl_set_methods(struct tmpl_set *s, const struct tmpl_method *methods);
/* Parse `text` as template `name`, adding it and its {{define}}s to the set
 * (a define replaces an earlier one of the same name, as Go's AddParseTree
 * does). On error appends Go's parse error text to err and returns -1. */
int tmpl_parse(struct tmpl_set *s, const char *name, const char *text, size_t len,
	       struct buf *err);
bool tmpl_has(const struct tmpl_set *s, const char *name);
/* Render template `name` with `dot`, appending to out. On error appends
 * Go's error text to err and returns -1 (out then holds what was written). */
int tmpl_execute(struct tmpl_set *s, const char *name, struct val *dot,
		 struct buf *out, struct buf *err);

/* ---- services for Helm's include and tpl --------------------------------- */

/* Helm's include: render a named template of the running set into out. */
int tmpl_exec_include(struct tmpl_exec *ex, const char *name, struct val *dot,
		      struct buf *out);
/* Helm's tpl: parse text as a template in a copy of the running set (so its
 * defines do not leak) and render it with dot into out. */
int tmpl_exec_tpl(struct tmpl_exec *ex, const char *text, size_t len,
		  struct val *dot, struct buf *out);
/* The name of the template being executed (Helm's .Template.Name). */
const char *tmpl_exec_name(const struct tmpl_exec *ex);

#endif
