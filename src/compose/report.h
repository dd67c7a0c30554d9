/* report.h - what a conversion changed, for people and for CI.
 *
 * report_summary prints the keys the table dropped or re-interpreted, one
 * line each, grouped by service (top-level keys last), each at its
 * file:line:col. report_json builds the --report document:
 *
 *   {"version": 1, "mode": "default"|"strict"|"lenient",
 *    "result": "converted"|"rejected", "table_applied": BOOL,
 *    "changes": [{"service": NAME|null, "key": PATH, "file": F, "line": N,
 *                 "column": N, "decision": "mapped"|"ignored"|"dropped",
 *                 "note": TEXT}],
 *    "messages": [{"level": "error"|"warning"|"note"|"info", "file": F|null,
 *                  "line": N, "column": N, "text": TEXT}]}
 *
 * Fields are only ever added (with a new "version" when one changes). */
#ifndef AGENTENV_COMPOSE_REPORT_H
#define AGENTENV_COMPOSE_REPORT_H

#include "compose/convert.h"

#include <stdio.h>

struct arena;
struct diag;
struct val;

void report_summary(const struct compose_changes *c, enum compose_mode mode, FILE *out);
struct val *report_json(struct arena *a, const struct compose_changes *c,
			enum compose_mode mode, bool converted, const struct diag *d);

#endif
