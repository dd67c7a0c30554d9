/* report.c - the conversion summary and the JSON report (see report.h). */
#include "compose/report.h"
#include "compose/keys.h"
#include "util/arena.h"
#include "util/diag.h"
#include "yaml/value.h"

#include <string.h>

static const char *const report_modes[] = {"default", "strict", "lenient"};

static const char *report_decision(const struct compose_change *ch)
{
	if (ch->dropped)
		return "dropped";
	return ch->row->decision == KEY_MAPPED ? "mapped" : "ignored";
}

static void report_line(const struct compose_change *ch, FILE *out)
{
	fprintf(out, "  %s:%d:%d: %s: %s: %s\n", ch->mark.file ? ch->mark.file : "-",
		ch->mark.line, ch->mark.col, ch->path, report_decision(ch), ch->row->text);
}

static bool report_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* The changes of one group (a service, or the top level when NULL). */
static void report_group(const struct compose_changes *c, size_t first, FILE *out)
{
	const char *service = c->items[first].service;
	if (service)
		fprintf(out, "service '%s':\n", service);
	else
		fprintf(out, "top level:\n");
	for (size_t i = first; i < c->n; i++)
		if (report_same(c->items[i].service, service))
			report_line(&c->items[i], out);
}

static bool report_seen(const struct compose_changes *c, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (report_same(c->items[j].service, c->items[i].service))
			return true;
	return false;
}

void report_summary(const struct compose_changes *c, enum compose_mode mode, FILE *out)
{
	if (!c->n)
		return;
	fprintf(out, "agentenv: %zu compose key%s dropped or re-interpreted (%s mode):\n", c->n,
		c->n == 1 ? "" : "s", report_modes[mode]);
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].service && !report_seen(c, i))
			report_group(c, i, out);
	for (size_t i = 0; i < c->n; i++)
		if (!c->items[i].service) {
			report_group(c, i, out);
			break;
		}
}

/* ---- JSON --------------------------------------------------------------- */

static struct val *report_str(struct arena *a, const char *s)
{
	return s ? val_str(a, s, NULL) : val_null(a, NULL);
}

static void report_position(struct arena *a, struct val *o, const struct mark *m)
{
	val_map_set(a, o, "file", report_str(a, m->file));
	val_map_set(a, o, "line", val_int(a, m->line, NULL));
	val_map_set(a, o, "column", val_int(a, m->col, NULL));
}

static struct val *report_change(struct arena *a, const struct compose_change *ch)
{
	struct val *o = val_map(a, NULL);
	val_map_set(a, o, "service", report_str(a, ch->service));
	val_map_set(a, o, "key", report_str(a, ch->path));
	report_position(a, o, &ch->mark);
	val_map_set(a, o, "decision", report_str(a, report_decision(ch)));
	val_map_set(a, o, "note", report_str(a, ch->row->text));
	return o;
}

static struct val *report_message(struct arena *a, const struct diag_msg *m)
{
	static const char *const levels[] = {"info", "note", "warning", "error"};
	struct val *o = val_map(a, NULL);
	val_map_set(a, o, "level", report_str(a, levels[m->level]));
	report_position(a, o, &m->mark);
	val_map_set(a, o, "text", report_str(a, m->text));
	return o;
}

struct val *report_json(struct arena *a, const struct compose_changes *c,
			enum compose_mode mode, bool converted, const struct diag *d)
{
	struct val *r = val_map(a, NULL), *changes = val_seq(a, NULL), *msgs = val_seq(a, NULL);
	val_map_set(a, r, "version", val_int(a, 1, NULL));
	val_map_set(a, r, "mode", report_str(a, report_modes[mode]));
	val_map_set(a, r, "result", report_str(a, converted ? "converted" : "rejected"));
	val_map_set(a, r, "table_applied", val_bool(a, c->table_applied, NULL));
	for (size_t i = 0; i < c->n; i++)
		val_seq_push(a, changes, report_change(a, &c->items[i]));
	for (size_t i = 0; i < d->n; i++)
		val_seq_push(a, msgs, report_message(a, &d->msgs[i]));
	val_map_set(a, r, "changes", changes);
	val_map_set(a, r, "messages", msgs);
	return r;
}
