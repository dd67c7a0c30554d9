/* exec.c - the evaluator of Go's text/template (exec.go), over parse trees.
 *
 * Walks a tree writing to the output, evaluates pipelines, commands, field
 * chains and calls, and checks arguments against signatures the way Go's
 * reflect-based evalArg/validateType does, with Go's error texts. An error
 * longjmps to the entry of the execution (tmpl_exec_run), where Go panics
 * and recovers; nothing here holds a resource across a call that may fail
 * (values live in the arena, the variable stack belongs to the execution).
 * {{break}} and {{continue}} are return codes of walk(). */
#include "tmpl/tmpl_impl.h"
#include "tmpl/gofmt.h"
#include "util/arena.h"
#include "util/limits.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum walk_rc { W_OK, W_BREAK, W_CONTINUE };

/* Parameter letters beyond tmpl.h's: a builtin's reflect.Value, and "no
 * type" (the receiver of a chain), where Go passes typ == nil. */
#define P_VALUE 'r'
#define P_NONE 0

#define MAX_STACK_ARGS 8

static enum walk_rc walk(struct tmpl_exec *ex, struct tv dot, const struct node *n);
static struct tv eval_pipeline(struct tmpl_exec *ex, struct tv dot, const struct node *pipe);
static struct tv eval_field_node(struct tmpl_exec *ex, struct tv dot, const struct node *f,
				 const struct node *const *args, size_t nargs,
				 const struct tv *final);
static struct tv eval_chain_node(struct tmpl_exec *ex, struct tv dot, const struct node *c,
				 const struct node *const *args, size_t nargs,
				 const struct tv *final);
static struct tv eval_variable_node(struct tmpl_exec *ex, struct tv dot,
				    const struct node *v, const struct node *const *args,
				    size_t nargs, const struct tv *final);
static struct tv eval_function(struct tmpl_exec *ex, struct tv dot, const struct node *id,
			       const struct node *cmd, const struct node *const *args,
			       size_t nargs, const struct tv *final);

/* ---- state ---------------------------------------------------------------- */

void tmpl_exec_init(struct tmpl_exec *ex, struct tmpl_set *s, struct xroot *root,
		    unsigned depth, struct buf *out)
{
	memset(ex, 0, sizeof *ex);
	ex->set = s;
	ex->root = root;
	ex->depth = depth;
	ex->out = out;
	ex->vars = ex->inline_vars;
	ex->capvars = sizeof ex->inline_vars / sizeof ex->inline_vars[0];
}

void tmpl_exec_done(struct tmpl_exec *ex)
{
	if (ex->vars != ex->inline_vars)
		free(ex->vars);
	buf_free(&ex->err);
	buf_free(&ex->callerr);
}

static struct tv invalid(struct tmpl_exec *ex)
{
	return (struct tv){ex->set->v_null, false};
}

static bool is_valid(struct tv v)
{
	return v.boxed || v.v->kind != VAL_NULL;
}

struct val *tmpl_bool(struct tmpl_exec *ex, bool b)
{
	return b ? ex->set->v_true : ex->set->v_false;
}

struct val *tmpl_new_str(struct tmpl_exec *ex, const char *s, size_t n)
{
	return val_strn(ex->set->arena, s, n, NULL);
}

struct val *tmpl_new_int(struct tmpl_exec *ex, int64_t i)
{
	return val_int(ex->set->arena, i, NULL);
}

/* ---- errors ------------------------------------------------------------------ */

/* Go's ErrorContext: "FILE:LINE:COL" (COL a 0-based byte offset). */
static void location(struct buf *out, const struct tmpl *t, int pos)
{
	int line = 1;
	size_t col = (size_t)pos, last = 0;
	bool nl = false;
	for (size_t i = 0; i < (size_t)pos && i < t->len; i++)
		if (t->text[i] == '\n') {
			line++;
			last = i;
			nl = true;
		}
	if (nl)
		col = (size_t)pos - (last + 1);
	buf_addf(out, "%s:%d:%zu", t->parse_name, line, col);
}

_Noreturn void tmpl_errorf(struct tmpl_exec *ex, const char *fmt, ...)
{
	struct buf *e = &ex->err;
	va_list ap;
	buf_reset(e);
	if (!ex->node) {
		buf_addf(e, "template: %s: ", ex->tmpl->name);
	} else {
		buf_adds(e, "template: ");
		location(e, ex->tmpl, ex->node->pos);
		buf_adds(e, ": executing ");
		gofmt_quote(e, ex->tmpl->name, strlen(ex->tmpl->name));
		buf_adds(e, " at <");
		tmpl_node_string(e, ex->node);
		buf_adds(e, ">: ");
	}
	va_start(ap, fmt);
	buf_vaddf(e, fmt, ap);
	va_end(ap);
	longjmp(*ex->jb, 1);
}

/* A value as %v prints it, for error messages. */
static const char *vstr(struct tmpl_exec *ex, struct val *v)
{
	struct buf b = BUF_INIT;
	gofmt_value(&b, v);
	const char *s = arena_strndup(ex->set->arena, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static const char *nstr(struct tmpl_exec *ex, const struct node *n)
{
	struct buf b = BUF_INIT;
	tmpl_node_string(&b, n);
	const char *s = arena_strndup(ex->set->arena, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* ---- limits and output -------------------------------------------------------- */

static void step(struct tmpl_exec *ex)
{
	unsigned long long max = ex->set->limits.max_steps;
	if (++ex->root->steps > max)
		tmpl_errorf(ex, "exceeded maximum evaluation steps (%llu); %s raises the limit",
			    max, limit_var(LIMIT_STEPS));
}

static void check_stack(struct tmpl_exec *ex)
{
	if (tmpl_stack_exhausted(ex->set->stack_floor))
		tmpl_errorf(ex, "exceeded maximum nesting depth (out of stack at depth %u)",
			    ex->depth);
}

static void count_output(struct tmpl_exec *ex, size_t n)
{
	size_t max = ex->set->limits.max_output;
	ex->root->written += n;
	if (ex->root->written > max)
		tmpl_errorf(ex, "exceeded maximum output size (%zu bytes); %s raises the limit",
			    max, limit_var(LIMIT_OUTPUT_BYTES));
}

struct regex_budget *tmpl_regex_budget(struct tmpl_exec *ex)
{
	return &ex->root->regex;
}

void tmpl_write(struct tmpl_exec *ex, const char *s, size_t n)
{
	count_output(ex, n);
	buf_add(ex->out, s, n);
}

/* Go's printValue: fmt.Fprint of the value, "<no value>" for nothing. */
static void print_value(struct tmpl_exec *ex, const struct node *n, struct tv v)
{
	ex->node = n;
	if (!is_valid(v)) {
		tmpl_write(ex, "<no value>", 10);
		return;
	}
	if (v.v->kind == VAL_STR) {
		tmpl_write(ex, v.v->str.s, v.v->str.len);
		return;
	}
	size_t before = ex->out->len;
	gofmt_value(ex->out, v.v);
	count_output(ex, ex->out->len - before);
}

/* ---- variables ---------------------------------------------------------------- */

static void push_var(struct tmpl_exec *ex, const char *name, struct tv v)
{
	if (ex->nvars == ex->capvars) {
		size_t cap = ex->capvars * 2;
		struct var *v = xmalloc(cap * sizeof *v);
		memcpy(v, ex->vars, ex->nvars * sizeof *v);
		if (ex->vars != ex->inline_vars)
			free(ex->vars);
		ex->vars = v;
		ex->capvars = cap;
	}
	ex->vars[ex->nvars++] = (struct var){name, v};
}

static struct var *find_var(struct tmpl_exec *ex, const char *name)
{
	for (size_t i = ex->nvars; i-- > ex->vbase;)
		if (strcmp(ex->vars[i].name, name) == 0)
			return &ex->vars[i];
	tmpl_errorf(ex, "undefined variable: %s", name);
}

/* ---- argument types ------------------------------------------------------------ */

static const char *param_type(int p)
{
	switch (p) {
	case 's': return "string";
	case 'i': return "int";
	case 'I': return "int64";
	case 'f': return "float64";
	case 'b': return "bool";
	case 'l': return "[]interface {}";
	case 'm': return "map[string]interface {}";
	case P_VALUE: return "reflect.Value";
	default: return "interface {}";
	}
}

static bool can_be_nil(int p)
{
	return p == 'v' || p == P_VALUE || p == 'l' || p == 'm';
}

static bool assignable(const struct val *v, int p)
{
	switch (p) {
	case 's': return v->kind == VAL_STR;
	case 'i': return v->kind == VAL_INT && v->go != VAL_GO_INT64;
	case 'I': return v->kind == VAL_INT && v->go == VAL_GO_INT64;
	case 'f': return v->kind == VAL_FLOAT;
	case 'b': return v->kind == VAL_BOOL;
	case 'l': return v->kind == VAL_SEQ && v->go == VAL_GO_DEFAULT && !tmpl_is_object(v);
	case 'm': return v->kind == VAL_MAP && !tmpl_is_object(v);
	default: return true;
	}
}

/* The zero value Go passes for nil: a nil slice or map acts as an empty one. */
static struct tv zero_of(struct tmpl_exec *ex, int p)
{
	if (p == 'l')
		return (struct tv){val_seq(ex->set->arena, NULL), false};
	if (p == 'm')
		return (struct tv){val_map(ex->set->arena, NULL), false};
	return (struct tv){ex->set->v_null, p == 'v'};
}

/* Go's validateType: the value must be assignable to the parameter. */
static struct tv validate_type(struct tmpl_exec *ex, struct tv v, int p)
{
	if (p == P_NONE || p == P_VALUE || p == 'v')
		return is_valid(v) || p == P_NONE ? v : zero_of(ex, p);
	if (!is_valid(v)) {
		if (can_be_nil(p))
			return zero_of(ex, p);
		tmpl_errorf(ex, "invalid value; expected %s", param_type(p));
	}
	if (v.v->kind != VAL_NULL && assignable(v.v, p))
		return (struct tv){v.v, false};
	/* a non-nil interface is looked into; a nil one stays interface {} */
	tmpl_errorf(ex, "wrong type for value; expected %s; got %s", param_type(p),
		    v.v->kind == VAL_NULL ? "interface {}" : gofmt_type_name(v.v));
}

static struct tv ideal_constant(struct tmpl_exec *ex, const struct node *n)
{
	ex->node = n;
	if (!n->num.ideal)
		tmpl_errorf(ex, "%s overflows int", n->num.text);
	return (struct tv){n->num.ideal, false};
}

/* A literal argument converted to the parameter's type, as Go's evalArg
 * does for untyped constants. */
__attribute__((noinline)) static struct tv eval_literal_arg(struct tmpl_exec *ex, int p, const struct node *n)
{
	struct val *v = NULL;
	const char *want = NULL;
	switch (p) {
	case 'b': v = n->type == N_BOOL ? tmpl_bool(ex, n->b) : NULL; want = "bool"; break;
	case 's': v = n->type == N_STRING ? n->str.v : NULL; want = "string"; break;
	case 'f': v = n->type == N_NUMBER ? n->num.as_float : NULL; want = "float"; break;
	case 'i': v = n->type == N_NUMBER ? n->num.as_int : NULL; want = "integer"; break;
	case 'I': v = n->type == N_NUMBER ? n->num.as_int64 : NULL; want = "integer"; break;
	case 'l': case 'm':
		tmpl_errorf(ex, "can't handle %s for arg of type %s", nstr(ex, n), param_type(p));
	default:
		if (n->type == N_BOOL)
			return (struct tv){tmpl_bool(ex, n->b), false};
		if (n->type == N_STRING)
			return (struct tv){n->str.v, false};
		return ideal_constant(ex, n);
	}
	if (!v)
		tmpl_errorf(ex, "expected %s; found %s", want, nstr(ex, n));
	return (struct tv){v, false};
}

/* Go's evalArg: evaluate one argument for a parameter of type p. */
static struct tv eval_arg(struct tmpl_exec *ex, struct tv dot, int p, const struct node *n)
{
	ex->node = n;
	switch (n->type) {
	case N_DOT:
		return validate_type(ex, dot, p);
	case N_NIL:
		if (can_be_nil(p))
			return zero_of(ex, p);
		tmpl_errorf(ex, "cannot assign nil to %s", param_type(p));
	case N_FIELD:
		return validate_type(ex, eval_field_node(ex, dot, n, &n, 1, NULL), p);
	case N_VARIABLE:
		return validate_type(ex, eval_variable_node(ex, dot, n, NULL, 0, NULL), p);
	case N_PIPE:
		return validate_type(ex, eval_pipeline(ex, dot, n), p);
	case N_IDENT:
		return validate_type(ex, eval_function(ex, dot, n, n, NULL, 0, NULL), p);
	case N_CHAIN:
		return validate_type(ex, eval_chain_node(ex, dot, n, NULL, 0, NULL), p);
	default:
		return eval_literal_arg(ex, p, n);
	}
}

/* ---- calls ------------------------------------------------------------------------ */

__attribute__((noinline)) static struct tv call_user(struct tmpl_exec *ex, const struct func *f, const struct node *node,
			   const char *name, struct tv *argv, size_t argc, struct val *recv)
{
	struct val *stack[MAX_STACK_ARGS + 1];
	size_t n = argc + (recv != NULL);
	struct val **vals = n <= MAX_STACK_ARGS ? stack
					       : arena_alloc(ex->set->arena, n * sizeof *vals);
	size_t k = 0;
	if (recv)
		vals[k++] = recv;
	for (size_t i = 0; i < argc; i++)
		vals[k++] = argv[i].v;
	struct tmpl_call call = {ex, ex->set->arena, name, vals, n};
	struct val *result = NULL;
	buf_reset(&ex->callerr);
	ex->call_failed = false;
	if (f->fn(&call, &result) != 0) {
		ex->node = node;
		tmpl_errorf(ex, "error calling %s: %s", name,
			    ex->call_failed ? buf_str(&ex->callerr) : "failed");
	}
	return (struct tv){result ? result : ex->set->v_null, false};
}

__attribute__((noinline)) static struct tv call_builtin(struct tmpl_exec *ex, const struct func *f,
			      const struct node *node, const struct node *first,
			      const char *name, struct tv *argv, size_t argc)
{
	struct builtin_call c = {ex, first, argv, argc};
	struct tv result = invalid(ex);
	buf_reset(&ex->callerr);
	if (tmpl_builtin_run(&c, f->builtin, &result) != 0) {
		ex->node = node;
		tmpl_errorf(ex, "error calling %s: %s", name, buf_str(&ex->callerr));
	}
	return result;
}

/* and/or evaluate their arguments only until one decides. */
static struct tv eval_and_or(struct tmpl_exec *ex, struct tv dot, bool is_or,
			     const struct node *const *args, size_t nargs,
			     const struct tv *final)
{
	struct tv v = invalid(ex);
	for (size_t i = 0; i < nargs; i++) {
		v = eval_arg(ex, dot, P_VALUE, args[i]);
		if (tmpl_truth(v) == is_or)
			return v;
	}
	if (final)
		v = *final;
	return v;
}

static void check_arg_count(struct tmpl_exec *ex, const struct func *f, const char *name,
			    size_t nargs, size_t num_in)
{
	if (f->variadic) {
		if (num_in < f->nparam - 1)
			tmpl_errorf(ex, "wrong number of args for %s: want at least %zu got %zu",
				    name, f->nparam - 1, nargs);
	} else if (num_in != f->nparam) {
		tmpl_errorf(ex, "wrong number of args for %s: want %zu got %zu",
			    name, f->nparam, num_in);
	}
}

/* Go's evalCall. args[0] is the function's own node (when args is set);
 * recv is a method's receiver. */
static struct tv eval_call(struct tmpl_exec *ex, struct tv dot, const struct func *f,
			   const struct node *node, const char *name,
			   const struct node *const *args, size_t nargs,
			   const struct tv *final, struct val *recv)
{
	if (nargs > 0) {
		args++;
		nargs--;
	}
	size_t num_in = nargs + (final != NULL);
	size_t num_fixed = f->variadic ? f->nparam - 1 : nargs;
	check_arg_count(ex, f, name, nargs, num_in);
	if (f->builtin == B_AND || f->builtin == B_OR)
		return eval_and_or(ex, dot, f->builtin == B_OR, args, nargs, final);
	struct tv stack[MAX_STACK_ARGS];
	struct tv *argv = num_in <= MAX_STACK_ARGS ? stack
						    : arena_alloc(ex->set->arena, num_in * sizeof *argv);
	size_t i = 0;
	for (; i < num_fixed && i < nargs; i++)
		argv[i] = eval_arg(ex, dot, f->param[i], args[i]);
	for (; i < nargs; i++)
		argv[i] = eval_arg(ex, dot, f->param[f->nparam - 1], args[i]);
	if (final) {
		int p = f->param[f->nparam - 1];
		if (f->variadic && num_in - 1 < num_fixed)
			p = f->param[num_in - 1];
		argv[i] = validate_type(ex, *final, p);
	}
	if (f->builtin)
		return call_builtin(ex, f, node, nargs ? args[0] : NULL, name, argv, num_in);
	return call_user(ex, f, node, name, argv, num_in, recv);
}

static void not_a_function(struct tmpl_exec *ex, const struct node *const *args,
			   size_t nargs, const struct tv *final)
{
	if (nargs > 1 || final)
		tmpl_errorf(ex, "can't give argument to non-function %s", nstr(ex, args[0]));
}

static struct tv eval_function(struct tmpl_exec *ex, struct tv dot, const struct node *id,
			       const struct node *cmd, const struct node *const *args,
			       size_t nargs, const struct tv *final)
{
	ex->node = id;
	return eval_call(ex, dot, id->fn.fn, cmd, id->fn.name, args, nargs, final, NULL);
}

/* ---- fields ------------------------------------------------------------------------- */

/* A map entry by field name: big maps through their hash index, small
 * ones by a scan that compares lengths before bytes. */
static struct val_pair *find_field(const struct val *map, const char *name)
{
	if (map->map.index_cap)
		return val_map_find(map, name);
	size_t n = strlen(name);
	for (size_t i = 0; i < map->map.n; i++) {
		const struct val *k = map->map.pairs[i].key;
		if (k->kind == VAL_STR && k->str.len == n && memcmp(k->str.s, name, n) == 0)
			return &map->map.pairs[i];
	}
	return NULL;
}

/* A field of a Go object: its method, or (for a struct, a map type) its
 * field; missing fields are errors, as for Go's structs. */
static struct tv eval_object_field(struct tmpl_exec *ex, struct tv dot, const char *name,
				   const struct node *node, const struct node *const *args,
				   size_t nargs, const struct tv *final, struct tv recv)
{
	struct val *r = recv.v;
	const struct func *m = tmpl_method_find(ex->set, r->tag, name);
	if (m)
		return eval_call(ex, dot, m, node, name, args, nargs, final, r);
	struct val *zero = r->kind == VAL_MAP ? tmpl_smap_get(ex->set->map_types, r->tag) : NULL;
	if (zero) {   /* a map type: its keys, or its elements' zero value */
		if (nargs > 1 || final)
			tmpl_errorf(ex, "%s is not a method but has arguments", name);
		struct val_pair *p = find_field(r, name);
		return (struct tv){p ? p->value : zero, !p && zero->kind == VAL_NULL};
	}
	struct val_pair *p = r->kind == VAL_MAP ? find_field(r, name) : NULL;
	if (!p)
		tmpl_errorf(ex, "can't evaluate field %s in type %s", name, tmpl_type_name(recv));
	if (nargs > 1 || final)
		tmpl_errorf(ex, "%s has arguments but cannot be invoked as function", name);
	return (struct tv){p->value, false};
}

/* Go's evalField: .name of receiver, perhaps a method call with args. */
static struct tv eval_field(struct tmpl_exec *ex, struct tv dot, const char *name,
			    const struct node *node, const struct node *const *args,
			    size_t nargs, const struct tv *final, struct tv recv)
{
	if (!is_valid(recv))
		return invalid(ex);   /* missingkey=zero: nothing of nothing */
	struct val *r = recv.v;
	if (r->kind == VAL_NULL)
		tmpl_errorf(ex, "nil pointer evaluating %s.%s", tmpl_type_name(recv), name);
	if (tmpl_is_object(r))
		return eval_object_field(ex, dot, name, node, args, nargs, final, recv);
	if (r->kind != VAL_MAP)
		tmpl_errorf(ex, "can't evaluate field %s in type %s", name, tmpl_type_name(recv));
	if (nargs > 1 || final)
		tmpl_errorf(ex, "%s is not a method but has arguments", name);
	struct val_pair *p = find_field(r, name);
	return (struct tv){p ? p->value : ex->set->v_null, true};
}

static struct tv eval_field_chain(struct tmpl_exec *ex, struct tv dot, struct tv recv,
				  const struct node *node, const char **id, size_t n,
				  const struct node *const *args, size_t nargs,
				  const struct tv *final)
{
	for (size_t i = 0; i + 1 < n; i++)
		recv = eval_field(ex, dot, id[i], node, NULL, 0, NULL, recv);
	return eval_field(ex, dot, id[n - 1], node, args, nargs, final, recv);
}

static struct tv eval_field_node(struct tmpl_exec *ex, struct tv dot, const struct node *f,
				 const struct node *const *args, size_t nargs,
				 const struct tv *final)
{
	ex->node = f;
	return eval_field_chain(ex, dot, dot, f, f->ident.id, f->ident.n, args, nargs, final);
}

static struct tv eval_chain_node(struct tmpl_exec *ex, struct tv dot, const struct node *c,
				 const struct node *const *args, size_t nargs,
				 const struct tv *final)
{
	ex->node = c;
	if (c->chain.node->type == N_NIL)
		tmpl_errorf(ex, "indirection through explicit nil in %s", nstr(ex, c));
	struct tv recv = eval_arg(ex, dot, P_NONE, c->chain.node);
	return eval_field_chain(ex, dot, recv, c, c->chain.id, c->chain.n, args, nargs, final);
}

static struct tv eval_variable_node(struct tmpl_exec *ex, struct tv dot,
				    const struct node *v, const struct node *const *args,
				    size_t nargs, const struct tv *final)
{
	ex->node = v;
	struct tv value = find_var(ex, v->ident.id[0])->val;
	if (v->ident.n == 1) {
		not_a_function(ex, args, nargs, final);
		return value;
	}
	return eval_field_chain(ex, dot, value, v, v->ident.id + 1, v->ident.n - 1,
				args, nargs, final);
}

/* ---- commands and pipelines ------------------------------------------------------- */

static struct tv eval_command(struct tmpl_exec *ex, struct tv dot, const struct node *cmd,
			      const struct tv *final)
{
	const struct node *const *args = (const struct node *const *)cmd->cmd.args;
	size_t nargs = cmd->cmd.n;
	const struct node *first = args[0];
	step(ex);
	switch (first->type) {
	case N_FIELD: return eval_field_node(ex, dot, first, args, nargs, final);
	case N_CHAIN: return eval_chain_node(ex, dot, first, args, nargs, final);
	case N_IDENT: return eval_function(ex, dot, first, cmd, args, nargs, final);
	case N_PIPE:
		not_a_function(ex, args, nargs, final);
		return eval_pipeline(ex, dot, first);
	case N_VARIABLE: return eval_variable_node(ex, dot, first, args, nargs, final);
	default: break;
	}
	ex->node = first;
	not_a_function(ex, args, nargs, final);
	switch (first->type) {
	case N_BOOL: return (struct tv){tmpl_bool(ex, first->b), false};
	case N_DOT: return dot;
	case N_NIL: tmpl_errorf(ex, "nil is not a command");
	case N_NUMBER: return ideal_constant(ex, first);
	case N_STRING: return (struct tv){first->str.v, false};
	default: tmpl_errorf(ex, "can't evaluate command %s", nstr(ex, first));
	}
}

static struct tv eval_pipeline(struct tmpl_exec *ex, struct tv dot, const struct node *pipe)
{
	if (!pipe)
		return invalid(ex);
	ex->node = pipe;
	check_stack(ex);
	struct tv v = invalid(ex);
	for (size_t i = 0; i < pipe->pipeline.ncmds; i++) {
		v = eval_command(ex, dot, pipe->pipeline.cmds[i], i ? &v : NULL);
		v.boxed = false;   /* an interface{} result: take what it holds */
	}
	for (size_t i = 0; i < pipe->pipeline.ndecl; i++) {
		const char *name = pipe->pipeline.decl[i]->ident.id[0];
		if (pipe->pipeline.assign)
			find_var(ex, name)->val = v;
		else
			push_var(ex, name, v);
	}
	return v;
}

/* ---- control structures ----------------------------------------------------------- */

static enum walk_rc walk_if_with(struct tmpl_exec *ex, struct tv dot, const struct node *n)
{
	size_t mark = ex->nvars;
	struct tv v = eval_pipeline(ex, dot, n->branch.pipe);
	enum walk_rc rc = W_OK;
	if (tmpl_truth(v))
		rc = walk(ex, n->type == N_WITH ? v : dot, n->branch.list);
	else if (n->branch.else_list)
		rc = walk(ex, dot, n->branch.else_list);
	ex->nvars = mark;
	return rc;
}

/* One turn of a range: set the loop variables, run the body. */
static enum walk_rc range_turn(struct tmpl_exec *ex, const struct node *r, size_t mark,
			       struct tv index, struct tv elem)
{
	const struct node *pipe = r->branch.pipe;
	size_t nd = pipe->pipeline.ndecl;
	step(ex);
	if (nd > 0) {
		if (pipe->pipeline.assign)
			find_var(ex, pipe->pipeline.decl[0]->ident.id[0])->val = nd > 1 ? index : elem;
		else
			ex->vars[ex->nvars - 1].val = elem;
	}
	if (nd > 1) {
		if (pipe->pipeline.assign)
			find_var(ex, pipe->pipeline.decl[1]->ident.id[0])->val = elem;
		else
			ex->vars[ex->nvars - 2].val = index;
	}
	enum walk_rc rc = walk(ex, elem, r->branch.list);
	ex->nvars = mark;
	return rc;
}

/* Returns false when the value has nothing to iterate (else runs). */
static bool range_seq(struct tmpl_exec *ex, const struct node *r, size_t mark, struct val *v)
{
	bool boxed = v->go == VAL_GO_DEFAULT && !tmpl_is_object(v);   /* []interface{} */
	for (size_t i = 0; i < v->seq.n; i++) {
		struct tv idx = {tmpl_new_int(ex, (int64_t)i), false};
		struct tv elem = {v->seq.items[i], boxed};
		if (range_turn(ex, r, mark, idx, elem) == W_BREAK)
			break;
	}
	return v->seq.n > 0;
}

static bool range_map(struct tmpl_exec *ex, const struct node *r, size_t mark, struct val *v)
{
	struct val_pair **pairs = tmpl_sorted_pairs(ex->set->arena, v);
	for (size_t i = 0; i < v->map.n; i++) {
		struct tv key = {pairs[i]->key, false};
		struct tv elem = {pairs[i]->value, !tmpl_is_object(v)};
		if (range_turn(ex, r, mark, key, elem) == W_BREAK)
			break;
	}
	return v->map.n > 0;
}

static bool range_int(struct tmpl_exec *ex, const struct node *r, size_t mark, struct val *v)
{
	if (r->branch.pipe->pipeline.ndecl > 1)
		tmpl_errorf(ex, "can't use %s to iterate over more than one variable", vstr(ex, v));
	for (int64_t i = 0; i < v->i; i++) {
		struct val *e = tmpl_new_int(ex, i);
		e->go = v->go;
		if (range_turn(ex, r, mark, invalid(ex), (struct tv){e, false}) == W_BREAK)
			break;
	}
	return v->i > 0;
}

static enum walk_rc walk_range(struct tmpl_exec *ex, struct tv dot, const struct node *r)
{
	size_t mark0 = ex->nvars;
	ex->node = r;
	struct tv tv = eval_pipeline(ex, dot, r->branch.pipe);
	size_t mark = ex->nvars;
	struct val *v = tv.v;
	bool ran = false;
	if (v->kind == VAL_SEQ)
		ran = range_seq(ex, r, mark, v);
	else if (v->kind == VAL_MAP)
		ran = range_map(ex, r, mark, v);
	else if (v->kind == VAL_INT)
		ran = range_int(ex, r, mark, v);
	else if (v->kind != VAL_NULL)
		tmpl_errorf(ex, "range can't iterate over %s", vstr(ex, v));
	enum walk_rc rc = W_OK;
	if (!ran && r->branch.else_list)
		rc = walk(ex, dot, r->branch.else_list);
	ex->nvars = mark0;
	/* as Go: a range stops the breaks of its else list too, while a
	 * continue there goes on to the enclosing range */
	return rc == W_CONTINUE ? W_CONTINUE : W_OK;
}

static enum walk_rc walk_template(struct tmpl_exec *ex, struct tv dot, const struct node *n)
{
	ex->node = n;
	const struct tmpl *t = tmpl_lookup(ex->set, n->call.name);
	if (!t) {
		struct buf q = BUF_INIT;
		gofmt_quote(&q, n->call.name, strlen(n->call.name));
		const char *s = arena_strdup(ex->set->arena, buf_str(&q));
		buf_free(&q);
		tmpl_errorf(ex, "template %s not defined", s);
	}
	if (ex->depth >= ex->set->limits.max_depth)
		tmpl_errorf(ex, "exceeded maximum template depth (%u); %s raises the limit",
			    ex->set->limits.max_depth, limit_var(LIMIT_TEMPLATE_DEPTH));
	struct tv d = eval_pipeline(ex, dot, n->call.pipe);
	const struct tmpl *saved = ex->tmpl;
	size_t vbase = ex->vbase;
	ex->tmpl = t;
	ex->vbase = ex->nvars;
	ex->depth++;
	push_var(ex, "$", d);   /* no dynamic scope: only $ is visible */
	walk(ex, d, t->root);
	ex->depth--;
	ex->nvars = ex->vbase;
	ex->vbase = vbase;
	ex->tmpl = saved;
	return W_OK;
}

static enum walk_rc walk_list(struct tmpl_exec *ex, struct tv dot, const struct node *n)
{
	for (size_t i = 0; i < n->list.n; i++) {
		enum walk_rc rc = walk(ex, dot, n->list.items[i]);
		if (rc != W_OK)
			return rc;
	}
	return W_OK;
}

static enum walk_rc walk(struct tmpl_exec *ex, struct tv dot, const struct node *n)
{
	step(ex);
	ex->node = n;
	check_stack(ex);
	switch (n->type) {
	case N_ACTION: {
		/* variables declared by an action live to the enclosing end */
		struct tv v = eval_pipeline(ex, dot, n->pipe);
		if (n->pipe->pipeline.ndecl == 0)
			print_value(ex, n, v);
		return W_OK;
	}
	case N_BREAK: return W_BREAK;
	case N_CONTINUE: return W_CONTINUE;
	case N_IF: case N_WITH: return walk_if_with(ex, dot, n);
	case N_LIST: return walk_list(ex, dot, n);
	case N_RANGE: return walk_range(ex, dot, n);
	case N_TEMPLATE: return walk_template(ex, dot, n);
	case N_TEXT:
		tmpl_write(ex, n->text.s, n->text.len);
		return W_OK;
	default:
		tmpl_errorf(ex, "unknown node: %s", nstr(ex, n));
	}
}

int tmpl_exec_run(struct tmpl_exec *ex, const struct tmpl *t, struct val *dot)
{
	jmp_buf jb;
	ex->jb = &jb;
	ex->tmpl = t;
	ex->node = NULL;
	push_var(ex, "$", (struct tv){dot ? dot : ex->set->v_null, false});
	if (setjmp(jb))
		return -1;
	walk(ex, ex->vars[ex->nvars - 1].val, ex->tmpl->root);
	return 0;
}
