/* render.c - Helm's engine.Render for one chart: parse every template
 * into one set, execute the non-partials, rewrite errors as Helm does. */
#define _POSIX_C_SOURCE 200809L
#include "helm/render.h"
#include "helm/chart.h"
#include "helm/engine.h"
#include "helm/gostr.h"
#include "helm/manifest.h"
#include "util/arena.h"
#include "util/buf.h"
#include "yaml/value.h"

#include <stdlib.h>
#include <string.h>

/* ---- Helm's error rewriting --------------------------------------------------- */

void helm_parse_error(const char *name, const char *goerr, struct buf *out)
{
	const char *first = strstr(goerr, ": ");
	if (!first) {
		buf_addf(out, "parse error in (%s): %s", name, goerr);
		return;
	}
	/* tokens[1] is the location, the last token the message */
	const char *loc = first + 2, *loc_end = strstr(loc, ": ");
	const char *last = first;
	for (const char *p = first; (p = strstr(p + 1, ": ")) != NULL;)
		last = p;
	size_t loc_len = loc_end ? (size_t)(loc_end - loc) : strlen(loc);
	buf_addf(out, "parse error at (%.*s): %s", (int)loc_len, loc, last + 2);
}

struct level {
	char *location, *executing, *message;
};

/* One level "template: LOC: executing FUNC at NODE: MSG", matched as
 * Helm's ungreedy regexp does; MSG stops before a nested " template:".
 * *next is the wrapped error after "error calling F: ", or NULL. */
static bool exec_level(const char *s, struct level *lv, const char **next)
{
	if (strncmp(s, "template: ", 10) != 0)
		return false;
	const char *loc = s + 10, *ex = strstr(loc, ": executing ");
	if (!ex || ex == loc)
		return false;
	const char *fn = ex + 12, *at = strstr(fn + 1, " at ");
	if (!at)
		return false;
	const char *node = at + 4, *colon = strstr(node + 1, ": ");
	if (!colon || colon[2] == '\0')
		return false;
	const char *msg = colon + 2, *nested = strstr(msg + 1, " template:");
	lv->location = strndup(loc, (size_t)(ex - loc));
	lv->executing = strndup(ex + 2, (size_t)(colon - ex - 1));
	lv->message = nested ? strndup(msg, (size_t)(nested - msg)) : strdup(msg);
	*next = NULL;
	if (strncmp(msg, "error calling ", 14) == 0) {
		const char *inner = strstr(msg + 14, ": ");
		if (inner)
			*next = inner + 2;
	}
	return true;
}

static void levels_free(struct level *lv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(lv[i].location);
		free(lv[i].executing);
		free(lv[i].message);
	}
}

/* The traceback of Helm v4, or false when some level is not a template
 * error (Helm then keeps Go's text). */
static bool exec_traceback(const char *goerr, struct buf *out)
{
	struct level lv[100];
	size_t n = 0;
	bool ok = true;
	for (const char *s = goerr; s && n < 100;) {
		const char *next = NULL;
		if (exec_level(s, &lv[n], &next)) {
			n++;
		} else if (strncmp(s, "template: ", 10) == 0) {
			lv[n++] = (struct level){NULL, NULL, strdup(s)};
		} else {
			ok = false;
			break;
		}
		s = next;
	}
	struct buf text = BUF_INIT;
	for (size_t i = 0; ok && i < n; i++) {
		if (lv[i].location)
			buf_addf(&text, "%s\n  ", lv[i].location);
		if (lv[i].executing)
			buf_addf(&text, "%s\n    ", lv[i].executing);
		buf_addf(&text, "%s\n", lv[i].message);
	}
	if (ok) {
		const char *s = buf_str(&text);
		size_t len = text.len;
		gostr_trim_space(&s, &len);
		buf_add(out, s, len);
	}
	buf_free(&text);
	levels_free(lv, n);
	return ok;
}

void helm_exec_error(const char *name, const char *goerr, struct buf *out)
{
	const char *t1 = strstr(goerr, ": "), *t2 = t1 ? strstr(t1 + 2, ": ") : NULL;
	if (!t2) {
		buf_addf(out, "execution error in (%s): %s", name, goerr);
		return;
	}
	/* fail and required: the text between the markers */
	const char *start = strstr(t2 + 2, "HELM_ERR_START"), *end = NULL;
	for (const char *p = start; p && (p = strstr(p, "HELM_ERR_END")) != NULL; p++)
		end = p;
	if (start && end && end >= start + 14) {
		buf_addf(out, "execution error at (%.*s): %.*s", (int)(t2 - t1 - 2), t1 + 2,
			 (int)(end - start - 14), start + 14);
		return;
	}
	/* the same for fail and required reporting without Helm's markers:
	 * the innermost call is the first one in the chain, its message the
	 * rest of the text */
	const char *fail = strstr(t2 + 2, "error calling fail: ");
	const char *req = strstr(t2 + 2, "error calling required: ");
	if (fail || req) {
		const char *msg = fail && (!req || fail < req) ? fail + 20 : req + 24;
		buf_addf(out, "execution error at (%.*s): %s", (int)(t2 - t1 - 2), t1 + 2, msg);
		return;
	}
	if (!exec_traceback(goerr, out))
		buf_adds(out, goerr);
}

/* ---- rendering --------------------------------------------------------------------- */

struct tpl {
	const char *name;   /* CHART/templates/... */
	const struct helm_file *file;
	int depth;          /* number of slashes */
};

/* sort.Sort(sort.Reverse(byPathLen)): deeper first, then reverse order. */
static int tpl_cmp(const void *x, const void *y)
{
	const struct tpl *a = x, *b = y;
	if (a->depth != b->depth)
		return b->depth - a->depth;
	return strcmp(b->name, a->name);
}

static struct tpl *tpl_sorted(struct arena *a, const struct helm_chart *c)
{
	struct tpl *t = arena_alloc(a, (c->ntemplates + 1) * sizeof *t);
	for (size_t i = 0; i < c->ntemplates; i++) {
		t[i].name = arena_printf(a, "%s/%s", c->name, c->templates[i].name);
		t[i].file = &c->templates[i];
		for (const char *p = t[i].name; *p; p++)
			t[i].depth += *p == '/';
	}
	qsort(t, c->ntemplates, sizeof *t, tpl_cmp);
	return t;
}

static bool tpl_partial(const char *name)
{
	const char *base = strrchr(name, '/');
	return (base ? base + 1 : name)[0] == '_';
}

static bool tpl_notes(const char *name)
{
	size_t n = strlen(name);
	return n >= 9 && strcmp(name + n - 9, "NOTES.txt") == 0;
}

/* strings.ReplaceAll(out, "<no value>", ""); b's text itself, adopted by
 * the arena, when it has none (the usual case: no copy of the render). */
static char *tpl_strip_no_value(struct arena *a, struct buf *b, size_t *len)
{
	if (!b->p || !gostr_find(b->p, b->len, "<no value>", 10)) {
		char *text = arena_adopt(a, b->p ? b->p : xmalloc(1));
		if (!b->p)
			text[0] = '\0';
		*len = b->len;
		*b = (struct buf)BUF_INIT;
		return text;
	}
	char *out = arena_alloc(a, b->len + 1);
	size_t n = 0;
	const char *p = b->p ? b->p : "", *end = p + b->len;
	for (const char *hit; (hit = gostr_find(p, (size_t)(end - p), "<no value>", 10)); p = hit + 10) {
		memcpy(out + n, p, (size_t)(hit - p));
		n += (size_t)(hit - p);
	}
	memcpy(out + n, p, (size_t)(end - p));
	n += (size_t)(end - p);
	out[n] = '\0';
	*len = n;
	return out;
}

static struct val *tpl_dot(struct arena *a, const struct helm_render_in *in)
{
	struct val *dot = val_map(a, NULL);
	val_map_set(a, dot, "Values", in->values ? in->values : val_map(a, NULL));
	val_map_set(a, dot, "Release", helm_release_object(a, in->release, in->namespace));
	val_map_set(a, dot, "Chart", in->chart->metadata);
	val_map_set(a, dot, "Capabilities", helm_capabilities(a));
	val_map_set(a, dot, "Files", helm_files_object(a, in->chart));
	val_map_set(a, dot, "Subcharts", val_map(a, NULL));
	return dot;
}

static struct tmpl_set *tpl_parse_all(struct arena *a, const struct tpl *t, size_t n,
				      struct buf *err)
{
	struct tmpl_set *set = tmpl_set_new(a, NULL);
	tmpl_set_funcs(set, tmplfn_sprig());
	tmpl_set_funcs(set, tmplfn_helm());
	tmpl_set_methods(set, helm_methods());
	for (size_t i = 0; i < n; i++) {
		struct buf goerr = BUF_INIT;
		int rc = tmpl_parse(set, t[i].name, t[i].file->data, t[i].file->len, &goerr);
		if (rc != 0)
			helm_parse_error(t[i].name, buf_str(&goerr), err);
		buf_free(&goerr);
		if (rc != 0)
			return NULL;
	}
	return set;
}

/* Execute one template with .Template set for it. */
static int tpl_execute(struct arena *a, struct tmpl_set *set, struct val *dot,
		       const struct tpl *t, const char *chart, struct helm_rendered *r,
		       struct buf *err)
{
	struct val *info = val_map(a, NULL);
	val_map_set(a, info, "Name", val_str(a, t->name, NULL));
	val_map_set(a, info, "BasePath", val_str(a, arena_printf(a, "%s/templates", chart), NULL));
	val_map_set(a, dot, "Template", info);
	struct buf out = BUF_INIT, goerr = BUF_INIT;
	int rc = tmpl_execute(set, t->name, dot, &out, &goerr);
	if (rc != 0)
		helm_exec_error(t->name, buf_str(&goerr), err);
	else
		*r = (struct helm_rendered){t->name, NULL, 0},
		r->text = tpl_strip_no_value(a, &out, &r->len);
	buf_free(&out);
	buf_free(&goerr);
	return rc;
}

int helm_render(struct arena *a, const struct helm_render_in *in, struct helm_rendered **files,
		size_t *n, struct buf *err)
{
	const struct helm_chart *c = in->chart;
	struct tpl *t = tpl_sorted(a, c);
	struct tmpl_set *set = tpl_parse_all(a, t, c->ntemplates, err);
	if (!set)
		return -1;
	struct val *dot = tpl_dot(a, in);
	*files = arena_alloc(a, (c->ntemplates + 1) * sizeof **files);
	*n = 0;
	for (size_t i = 0; i < c->ntemplates; i++) {
		if (tpl_partial(t[i].name))
			continue;
		struct helm_rendered r;
		if (tpl_execute(a, set, dot, &t[i], c->name, &r, err) != 0)
			return -1;
		if (!tpl_notes(t[i].name))
			(*files)[(*n)++] = r;
	}
	return 0;
}
