/* manifest.c - SplitManifests, SortManifests (hooks and kind order) and
 * the two ways `helm template` writes the result (releaseutil, the
 * install action's renderResources and the template command). */
#define _POSIX_C_SOURCE 200809L
#include "helm/manifest.h"
#include "helm/gostr.h"
#include "util/arena.h"
#include "util/buf.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---- splitting ---------------------------------------------------------------- */

/* RE2's \s: [\t\n\f\r ] */
static bool ms_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* The leftmost match of (?:^|\s*\n)---\s* at or after `from`: [*start,
 * *end), or false. A match through \s*\n starts where the run of spaces
 * before "\n---" starts (or at `from`, inside such a run). */
static bool ms_find_sep(const char *s, size_t n, size_t from, size_t *start, size_t *end)
{
	size_t p;
	if (from == 0 && n >= 3 && memcmp(s, "---", 3) == 0) {
		*start = 0;
		p = 3;
	} else {
		const char *hit = gostr_find(s + from, n - from, "\n---", 4);
		if (!hit)
			return false;
		size_t run = (size_t)(hit - s);
		while (run > from && ms_space(s[run - 1]))
			run--;
		*start = run;
		p = (size_t)(hit - s) + 4;
	}
	while (p < n && ms_space(s[p]))
		p++;
	*end = p;
	return true;
}

/* Arrays grow by doubling: room for n + 1 when n is 0 or a power of two
 * from 8 on (the size is implied by the count, so no capacity is kept). */
static void *ms_room(struct arena *a, void *items, size_t n, size_t size)
{
	if (n != 0 && (n < 8 || (n & (n - 1)) != 0))
		return items;
	return arena_grow(a, items, n * size, (n ? n * 2 : 8) * size);
}

static void ms_push_doc(struct arena *a, struct helm_doc **docs, size_t *count, const char *s,
			size_t n)
{
	gostr_trim_space(&s, &n);
	if (n == 0)
		return;
	*docs = ms_room(a, *docs, *count, sizeof **docs);
	(*docs)[(*count)++] = (struct helm_doc){s, n};
}

size_t helm_split_manifests(struct arena *a, const char *text, size_t len,
			    struct helm_doc **docs)
{
	size_t count = 0, size;
	*docs = NULL;
	/* strings.TrimLeftFunc(bigFile, unicode.IsSpace) */
	while (len && gostr_is_space(gostr_rune(text, len, &size))) {
		text += size;
		len -= size;
	}
	size_t beg = 0, start, end;
	while (beg < len && ms_find_sep(text, len, beg, &start, &end)) {
		ms_push_doc(a, docs, &count, text + beg, start - beg);
		beg = end;
	}
	ms_push_doc(a, docs, &count, text + beg, len - beg);
	return count;
}

/* ---- kinds ---------------------------------------------------------------------- */

static const char *const ms_install_order[] = {
	"PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
	"PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
	"ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
	"CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
	"ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
	"DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
	"HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
	"APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", NULL,
};

int helm_kind_rank(const char *kind)
{
	for (int i = 0; ms_install_order[i]; i++)
		if (strcmp(kind, ms_install_order[i]) == 0)
			return i;
	return -1;
}

/* lessByKind, stable as Go's sort.SliceStable: known kinds by rank,
 * unknown ones after them by name. A merge sort of the manifests with
 * their kinds' ranks, looked up once. */
struct ms_ranked {
	int rank;
	struct helm_manifest m;
};

static int ms_cmp_ranked(const struct ms_ranked *x, const struct ms_ranked *y)
{
	if (x->rank < 0 && y->rank < 0)
		return strcmp(x->m.head.kind, y->m.head.kind);
	if (x->rank < 0 || y->rank < 0)
		return x->rank < 0 ? 1 : -1;
	return x->rank - y->rank;
}

static void ms_merge_sort(struct ms_ranked *r, struct ms_ranked *tmp, size_t n)
{
	if (n < 2)
		return;
	size_t half = n / 2, i = 0, j = half, k = 0;
	ms_merge_sort(r, tmp, half);
	ms_merge_sort(r + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = ms_cmp_ranked(&r[j], &r[i]) < 0 ? r[j++] : r[i++];
	while (i < half)
		tmp[k++] = r[i++];
	while (j < n)
		tmp[k++] = r[j++];
	memcpy(r, tmp, n * sizeof *tmp);
}

void helm_sort_by_kind(struct helm_manifest *m, size_t n)
{
	if (n < 2)
		return;
	struct ms_ranked *r = malloc(2 * n * sizeof *r);
	if (!r)
		die_oom();
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ms_ranked){helm_kind_rank(m[i].head.kind), m[i]};
	ms_merge_sort(r, r + n, n);
	for (size_t i = 0; i < n; i++)
		m[i] = r[i].m;
	free(r);
}

/* ---- sorting manifests and hooks ---------------------------------------------- */

static int ms_cmp_files(const void *x, const void *y)
{
	return strcmp(((const struct helm_rendered *)x)->name,
		      ((const struct helm_rendered *)y)->name);
}

static void ms_push(struct arena *a, struct helm_manifest **list, size_t *n,
		    const struct helm_manifest *m)
{
	*list = ms_room(a, *list, *n, sizeof **list);
	(*list)[(*n)++] = *m;
}

/* Every event of a helm.sh/hook value must be one Helm knows. */
static bool ms_known_hooks(const char *value)
{
	static const char *const events[] = {"pre-install", "post-install", "pre-delete",
		"post-delete", "pre-upgrade", "post-upgrade", "pre-rollback", "post-rollback",
		"test", "test-success", NULL};
	for (const char *p = value;;) {
		const char *comma = strchr(p, ',');
		const char *e = p;
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		gostr_trim_space(&e, &n);
		bool known = false;
		for (int i = 0; events[i] && !known; i++)
			known = strlen(events[i]) == n && strncasecmp(e, events[i], n) == 0;
		if (!known)
			return false;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

/* The head of one document, decoded in a scratch arena: the document's
 * tree is only needed until its few fields are copied out. */
static int ms_head(struct arena *a, const struct helm_doc *doc, struct helm_head *h,
		   const char *file, struct buf *err)
{
	struct arena *scratch = arena_new();
	struct buf msg = BUF_INIT;
	int rc = helm_yaml_head(scratch, doc->text, doc->len, h, &msg);
	if (rc != 0) {
		buf_addf(err, "YAML parse error on %s: %s", file, buf_str(&msg));
	} else {
		h->api_version = arena_strdup(a, h->api_version);
		h->kind = arena_strdup(a, h->kind);
		h->name = arena_strdup(a, h->name);
		h->hook = h->hook ? arena_strdup(a, h->hook) : NULL;
	}
	buf_free(&msg);
	arena_free(scratch);
	return rc;
}

static int ms_file(struct arena *a, const struct helm_rendered *f, struct helm_manifests *out,
		   struct buf *err, struct buf *warn)
{
	struct helm_doc *docs;
	size_t n = helm_split_manifests(a, f->text, f->len, &docs);
	for (size_t i = 0; i < n; i++) {
		struct helm_manifest m = {f->name, docs[i].text, docs[i].len, {0}};
		if (ms_head(a, &docs[i], &m.head, f->name, err) != 0)
			return -1;
		if (!m.head.annotated || !m.head.hook)
			ms_push(a, &out->generic, &out->ngeneric, &m);
		else if (ms_known_hooks(m.head.hook))
			ms_push(a, &out->hooks, &out->nhooks, &m);
		else
			buf_addf(warn, "skipping unknown hooks: %s\n", m.head.hook);
	}
	return 0;
}

static bool ms_blank(const char *s, size_t n)
{
	gostr_trim_space(&s, &n);
	return n == 0;
}

int helm_sort_manifests(struct arena *a, struct helm_rendered *files, size_t n,
			struct helm_manifests *out, struct buf *err, struct buf *warn)
{
	*out = (struct helm_manifests){0};
	qsort(files, n, sizeof *files, ms_cmp_files);
	for (size_t i = 0; i < n; i++) {
		const char *base = strrchr(files[i].name, '/');
		if ((base ? base + 1 : files[i].name)[0] == '_' || ms_blank(files[i].text, files[i].len))
			continue;
		if (ms_file(a, &files[i], out, err, warn) != 0)
			return -1;
	}
	helm_sort_by_kind(out->hooks, out->nhooks);
	helm_sort_by_kind(out->generic, out->ngeneric);
	return 0;
}

/* ---- writing ------------------------------------------------------------------------ */

static void ms_entry(struct buf *out, const struct helm_manifest *m)
{
	buf_addf(out, "---\n# Source: %s\n", m->source);
	buf_add(out, m->text, m->len);
	buf_addc(out, '\n');
}

void helm_write_stream(const struct helm_manifests *m, struct buf *out)
{
	/* fmt.Fprintln(&manifests, strings.TrimSpace(rel.Manifest)), with
	 * the manifest written in place. */
	size_t start = out->len;
	for (size_t i = 0; i < m->ngeneric; i++)
		ms_entry(out, &m->generic[i]);
	const char *s = out->p ? out->p + start : "";
	size_t n = out->len - start;
	gostr_trim_space(&s, &n);
	if (n)
		memmove(out->p + start, s, n);
	out->len = start + n;
	buf_addc(out, '\n');
	for (size_t i = 0; i < m->nhooks; i++)
		ms_entry(out, &m->hooks[i]);
}
