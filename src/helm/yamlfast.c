/* yamlfast.c - the head of a rendered manifest from the block scanner
 * (src/yaml/scan.c), without a YAML parser.
 *
 * Helm parses every rendered document only to learn its apiVersion, kind,
 * metadata.name and hook annotation. The scanner reads the plainly valid
 * documents charts render; this sink takes the head fields from its
 * events, as encoding/json would from the document's JSON: keys match
 * case-insensitively, the last of repeated keys wins. Anything the head
 * needs that is not a plain or simply quoted scalar where it expects one
 * (a type error, a null, an escaped string) stops the scan, and
 * helm_yaml_head_parsed decides. */
#include "helm/yamldoc.h"
#include "util/arena.h"
#include "yaml/scan.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* What a mapping means to the head. */
enum yf_role { YF_OTHER, YF_ROOT, YF_META, YF_ANNOT };

#define YF_MAX_DEPTH 200

struct yf_frame {
	bool seq;
	enum yf_role role;
	size_t kids;
	const char *key;       /* the mapping's last key */
	size_t klen;
};

struct yf {
	struct arena *a;
	struct helm_head *h;
	struct yf_frame stack[YF_MAX_DEPTH];
	size_t depth;
};

static bool yf_is(const char *key, size_t klen, const char *name)
{
	return klen == strlen(name) && strncasecmp(key, name, klen) == 0;
}

/* The role of a collection under key in a mapping of the given role;
 * false where the head needs a scalar (the full parse reports the type
 * error). */
static bool yf_nested_role(enum yf_role role, const char *key, size_t klen, bool seq,
			   enum yf_role *out)
{
	*out = YF_OTHER;
	if (role == YF_ROOT && yf_is(key, klen, "metadata"))
		*out = YF_META;
	else if (role == YF_META && yf_is(key, klen, "annotations"))
		*out = YF_ANNOT;
	else if ((role == YF_ROOT && (yf_is(key, klen, "apiVersion") || yf_is(key, klen, "kind"))) ||
		 (role == YF_META && yf_is(key, klen, "name")) || role == YF_ANNOT)
		return false;
	return !seq || *out == YF_OTHER;
}

static bool yf_start(void *ctx, bool seq, size_t line, size_t col)
{
	(void)line, (void)col;
	struct yf *y = ctx;
	enum yf_role role = YF_ROOT;
	if (y->depth == YF_MAX_DEPTH || (y->depth == 0 && seq))
		return false;             /* not a mapping: the full parse says why */
	if (y->depth) {
		struct yf_frame *f = &y->stack[y->depth - 1];
		role = YF_OTHER;
		if (!f->seq && !yf_nested_role(f->role, f->key, f->klen, seq, &role))
			return false;
		f->kids++;
	}
	y->stack[y->depth++] = (struct yf_frame){seq, seq ? YF_OTHER : role, 0, NULL, 0};
	return true;
}

static bool yf_end(void *ctx)
{
	struct yf *y = ctx;
	y->depth--;
	return true;
}

/* A value of the head: a plain scalar as sigs.k8s.io/yaml turns it into
 * a string, a quoted one as it is. */
static const char *yf_text(struct yf *y, const char *text, size_t len, enum yscan_style style)
{
	return style == YSCAN_PLAIN ? helm_yaml_plain_string(y->a, text, len)
				    : arena_strndup(y->a, text, len);
}

/* A scalar value of the current key; false when the full parse must
 * decide. */
static bool yf_value(struct yf *y, const struct yf_frame *f, const char *text, size_t len,
		     enum yscan_style style)
{
	struct helm_head *h = y->h;
	const char **field = NULL;
	if (f->role == YF_ROOT && yf_is(f->key, f->klen, "apiVersion"))
		field = &h->api_version;
	else if (f->role == YF_ROOT && yf_is(f->key, f->klen, "kind"))
		field = &h->kind;
	else if (f->role == YF_META && yf_is(f->key, f->klen, "name"))
		field = &h->name;
	else if ((f->role == YF_ROOT && yf_is(f->key, f->klen, "metadata")) ||
		 (f->role == YF_META && yf_is(f->key, f->klen, "annotations")))
		return false;             /* not a mapping: a type error, or null */
	else if (f->role != YF_ANNOT)
		return true;
	if (!text || style == YSCAN_EMPTY)
		return false;
	const char *value = yf_text(y, text, len, style);
	if (field) {
		*field = value;
		return true;
	}
	h->annotated = true;
	if (f->klen == 12 && memcmp(f->key, "helm.sh/hook", 12) == 0)
		h->hook = value;
	return true;
}

static bool yf_scalar(void *ctx, const char *text, size_t len, enum yscan_style style,
		      size_t line, size_t col)
{
	(void)line, (void)col;
	struct yf *y = ctx;
	if (y->depth == 0)
		return false;             /* a scalar document: the full parse says why */
	struct yf_frame *f = &y->stack[y->depth - 1];
	bool key = !f->seq && f->kids % 2 == 0;
	f->kids++;
	if (f->seq)
		return true;
	if (key) {
		f->key = text;            /* the scanner's keys are plain names */
		f->klen = len;
		return true;
	}
	return yf_value(y, f, text, len, style);
}

/* Bigger documents take the full parse, which counts their nodes. */
#define YF_MAX_DOC (8u << 20)

int helm_yaml_head_fast(struct arena *a, const char *text, size_t len, struct helm_head *h)
{
	if (len > YF_MAX_DOC)
		return 0;
	*h = (struct helm_head){"", "", "", false, NULL};
	struct yf y = {.a = a, .h = h};
	struct yscan_sink sink = {&y, yf_start, yf_end, yf_scalar};
	return yscan_document(text, len, &sink);
}
