/* scan.h - a YAML document in the plain block style, read without a
 * parser (scan.c): the fast path before libyaml for the block YAML that
 * charts render and converters write. */
#ifndef AGENTENV_YAML_SCAN_H
#define AGENTENV_YAML_SCAN_H

#include <stdbool.h>
#include <stddef.h>

enum yscan_style {
	YSCAN_PLAIN,
	YSCAN_SINGLE,    /* '...' */
	YSCAN_DOUBLE,    /* "..." */
	YSCAN_BLOCK,     /* | or >: text not given */
	YSCAN_EMPTY,     /* no text at all after `key:` or `-`: a plain "" */
};

/* What the scanner tells, in document order, as libyaml's parser would:
 * a collection starts (at the first key or `-`, or at `{}`/`[]`) and ends,
 * a scalar (a key, a value, an item). Text is the scalar's content; NULL
 * when it would need unescaping (a quoted scalar with escapes, or a block
 * scalar). Lines and columns are 1-based. A callback returning false stops
 * the scan, and the caller takes the slow path. */
struct yscan_sink {
	void *ctx;
	bool (*start)(void *ctx, bool seq, size_t line, size_t col);
	bool (*end)(void *ctx);
	bool (*scalar)(void *ctx, const char *text, size_t len, enum yscan_style style,
		       size_t line, size_t col);
};

/* 1 when text is one block document that libyaml parses without error
 * and every event reached the sink (none at all for an empty document);
 * 0 when the scanner is not sure or the sink refused: parse it. */
int yscan_document(const char *text, size_t len, const struct yscan_sink *sink);

#endif
