/* validate.c - validation of compose files with the built-in schema. */
#include "compose/validate.h"
#include "schema/schema.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/embed.h"
#include "yaml/json.h"
#include "yaml/load.h"
#include "yaml/value.h"

#define COMPOSE_SCHEMA "schemas/compose.schema.json"

static const struct val *compose_schema_load(struct arena *a, struct diag *d)
{
	const struct embed_file *f = embed_find(COMPOSE_SCHEMA);
	struct yload y = {.arena = a, .diag = d, .limits = yload_limits_default(),
			  .plain = yjson_plain};
	return f ? yload_string(&y, f->data, f->len, f->name) : NULL;
}

static void compose_report(struct diag *d, const struct schema_error *e, const char *file)
{
	struct mark m = e->at->mark;
	diag_error(d, &m, "The provided Docker Compose file failed validation against the "
		   "Compose schema: %s. Compose file: '%s'.", e->py, file);
	struct buf words = BUF_INIT;
	schema_error_format(e, &words);
	diag_note(d, &m, "%s", buf_str(&words));
	buf_free(&words);
}

bool compose_validate(struct arena *a, struct diag *d, const struct val *doc,
		      const char *file)
{
	const struct val *schema = compose_schema_load(a, d);
	if (!schema)
		return false;
	struct schema_set *s = schema_set_new(a);
	schema_add(s, COMPOSE_SCHEMA, schema);
	struct schema_result r = {0};
	bool ok = schema_validate(s, COMPOSE_SCHEMA, doc, &r);
	for (size_t i = 0; i < r.n; i++)
		compose_report(d, &r.errors[i], file);
	schema_set_free(s);
	return ok;
}
