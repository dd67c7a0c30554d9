/* diag.c - collection and printing of diagnostics. */
#include "util/diag.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdarg.h>
#include <string.h>

static const char *const diag_level_names[] = {"info", "note", "warning", "error"};

void diag_init(struct diag *d, struct arena *a)
{
	d->arena = a;
	d->msgs = NULL;
	d->n = d->cap = 0;
	d->errors = 0;
}

void diag_report(struct diag *d, enum diag_level level, const struct mark *m,
		 const char *fmt, ...)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		d->msgs = arena_grow(d->arena, d->msgs, d->n * sizeof *d->msgs,
				     cap * sizeof *d->msgs);
		d->cap = cap;
	}
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	struct diag_msg *msg = &d->msgs[d->n++];
	msg->level = level;
	msg->mark = m ? *m : (struct mark){0};
	msg->text = arena_strndup(d->arena, buf_str(&b), b.len);
	buf_free(&b);
	if (level == DIAG_ERROR)
		d->errors++;
}

void diag_format(const struct diag_msg *m, struct buf *out)
{
	if (m->mark.file && m->mark.line > 0)
		buf_addf(out, "%s:%d:%d: ", m->mark.file, m->mark.line, m->mark.col);
	else if (m->mark.file)
		buf_addf(out, "%s: ", m->mark.file);
	else
		buf_adds(out, "agentenv: ");
	buf_addf(out, "%s: %s", diag_level_names[m->level], m->text);
}

/* Document order: by file, then position; unmarked messages first. The
 * sort is stable, so messages at one place keep the order they were made. */
static bool diag_before(const struct diag_msg *a, const struct diag_msg *b)
{
	if (!a->mark.file || !b->mark.file)
		return !a->mark.file && b->mark.file;
	int f = strcmp(a->mark.file, b->mark.file);
	if (f != 0)
		return false;   /* keep files in the order they were reported */
	return a->mark.line < b->mark.line ||
	       (a->mark.line == b->mark.line && a->mark.col < b->mark.col);
}

static void diag_sort(struct diag *d)
{
	for (size_t i = 1; i < d->n; i++) {
		struct diag_msg m = d->msgs[i];
		size_t j = i;
		for (; j > 0 && diag_before(&m, &d->msgs[j - 1]); j--)
			d->msgs[j] = d->msgs[j - 1];
		d->msgs[j] = m;
	}
}

void diag_flush(struct diag *d, FILE *out, bool verbose)
{
	struct buf line = BUF_INIT;
	diag_sort(d);
	for (size_t i = 0; i < d->n; i++) {
		if (d->msgs[i].level == DIAG_INFO && !verbose)
			continue;
		buf_reset(&line);
		diag_format(&d->msgs[i], &line);
		buf_addc(&line, '\n');
		fwrite(line.p, 1, line.len, out);
	}
	buf_free(&line);
	d->n = 0;
}
