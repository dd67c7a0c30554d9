/* keys.c - the table of compose keys and what conversion does with each.
 *
 * Rows are in the order the documentation shows them: service keys, then
 * `deploy` keys, then top-level keys. Rows marked `reference` are the
 * reference converter's rules (compose/convert.c applies them, with its
 * wording); the others are applied by compose/adapt.c in the default and
 * --lenient modes, which take their messages from here. The README and
 * agentenv-convert(1) print this table (keys_markdown, keys_roff). */
#include "compose/keys.h"
#include "util/buf.h"

#include <string.h>

#define REF(s, k, c, t) {s, k, c, KEY_MAPPED, t, NULL, false, true, KEYS_NONE}
#define REF_IGN(s, k, c, t) {s, k, c, KEY_IGNORED, t, NULL, false, true, KEYS_NONE}
#define MAP(s, k, c, t, id) {s, k, c, KEY_MAPPED, t, NULL, false, false, id}
#define IGN(s, k, c, t, id) {s, k, c, KEY_IGNORED, t, NULL, false, false, id}
#define REJ(s, k, c, t, h, id) {s, k, c, KEY_REJECTED, t, h, false, false, id}
#define NEVER(s, k, c, t, h, id) {s, k, c, KEY_REJECTED, t, h, true, false, id}

#define S KEY_SERVICE
#define D KEY_DEPLOY
#define T KEY_TOP

static const struct compose_key keys_table[] = {
	/* ---- service keys the reference maps ---- */
	MAP(S, "(service name)", "not a DNS label (`web_1`, `App`)", "the service is renamed "
	    "(lower case, other characters `-`), and its compose name stays one of its DNS "
	    "names (`additionalDnsRecords`)", KEYS_SERVICE_NAME),
	REF(S, "image", NULL, "`image`"),
	REF(S, "runtime", NULL, "`runtimeClassName`"),
	REF(S, "entrypoint", NULL, "`command` (a string is split on whitespace)"),
	REF(S, "command", NULL, "`args` (a string is split on whitespace)"),
	REF(S, "working_dir", NULL, "`workingDir`"),
	REF(S, "environment", NULL, "`env`: a mapping or `KEY=VALUE` list becomes "
	    "`[{name, value}]`"),
	MAP(S, "environment", "`KEY` without `=`", "the value of KEY in agentenv's environment, "
	    "as docker compose takes it; left out when unset", KEYS_ENVIRONMENT_BARE),
	MAP(S, "env_file", NULL, "`env`: the loader reads the files into `environment` "
	    "(whose own variables win), as docker compose does", KEYS_NONE),
	REF(S, "volumes", "`name:/path[:mode]`", "`volumes`, names made Kubernetes-compliant "
	    "(`_` and `.` become `-`, lowercase); the chart mounts the volume read-write "
	    "even with `:ro`"),
	MAP(S, "volumes", "long syntax, `type: volume` with a source",
	    "`volumes` as `name:/path` (`:ro` with `read_only`, which the chart, as for the "
	    "short syntax, does not enforce)", KEYS_VOLUMES_LONG),
	MAP(S, "volumes", "anonymous (`/path`, or no source)",
	    "an `emptyDir` in `volumes` and its `volumeMounts` entry (a fresh directory, "
	    "as docker compose gives a fresh anonymous volume)", KEYS_VOLUMES_ANON),
	MAP(S, "volumes", "`type: tmpfs`", "a memory-backed `emptyDir` "
	    "(`medium: Memory`, `sizeLimit` from `tmpfs.size`) and its `volumeMounts` entry",
	    KEYS_VOLUMES_TMPFS),
	REJ(S, "volumes", "host path (bind mount: `./dir:/path`, `type: bind`)",
	    "a bind mount needs the host's files, and the sandbox has no access to the host",
	    "copy the files into the image, or use `configs` for a single file; a named volume "
	    "starts empty", KEYS_VOLUMES_BIND),
	MAP(S, "tmpfs", NULL, "a memory-backed `emptyDir` (`medium: Memory`, `sizeLimit` "
	    "from `size=`) in `volumes` and its `volumeMounts` entry", KEYS_TMPFS),
	REF(S, "healthcheck", "`test` as `CMD` or `CMD-SHELL` list",
	    "`readinessProbe`: `exec.command`; `start_period`, `interval`, `timeout` (`1h2m3s`) "
	    "become `initialDelaySeconds`, `periodSeconds`, `timeoutSeconds`; `retries` N "
	    "becomes `failureThreshold` N+1; `start_interval` is ignored"),
	MAP(S, "healthcheck", "`test` as a string", "`readinessProbe.exec.command` "
	    "`[sh, -c, TEST]`, as docker compose runs it (CMD-SHELL)", KEYS_HEALTHCHECK_STRING),
	MAP(S, "healthcheck", "`disable: true`, or `test: [NONE]`",
	    "no `readinessProbe`", KEYS_HEALTHCHECK_DISABLE),
	IGN(S, "healthcheck", "without `test` (the image's own check)", "no `readinessProbe`: "
	    "the image's HEALTHCHECK is not known at conversion; the service is ready when "
	    "it starts", KEYS_HEALTHCHECK_NO_TEST),
	REF(S, "deploy", "`resources.limits`, `resources.reservations`",
	    "`resources.limits`, `resources.requests` (`cpus` becomes `cpu`; memory in "
	    "`Ki`/`Mi`/`Gi`; requests default to the limits)"),
	REF(S, "mem_limit", NULL, "`resources.limits.memory`, when `deploy.resources` is "
	    "absent (else a warning)"),
	MAP(S, "mem_limit", "a plain number (bytes), here or in `deploy.resources`",
	    "the same number of bytes, as docker compose reads it", KEYS_BYTES_PLAIN),
	REF(S, "cpus", NULL, "`resources.limits.cpu`, when `deploy.resources` is absent "
	    "(else a warning)"),
	REF(S, "user", NULL, "`securityContext.runAsUser` / `runAsGroup` (`UID` or "
	    "`UID:GID`, numeric)"),
	REF(S, "security_opt", "`seccomp=…`", "`securityContext.seccompProfile`: "
	    "`unconfined` is Unconfined, `builtin` RuntimeDefault, a relative path Localhost "
	    "(the profile must be on every node)"),
	MAP(S, "security_opt", "`no-new-privileges` (`:true`, `=true`)",
	    "`securityContext.allowPrivilegeEscalation: false`", KEYS_SECURITY_OPT_NNP),
	NEVER(S, "security_opt", "anything else (`apparmor=…`, `label=…`, …)",
	      "only seccomp and no-new-privileges can be expressed in the container's "
	      "securityContext, and dropping a security option would widen privileges",
	      "remove the option, or use a seccomp profile", KEYS_SECURITY_OPT_OTHER),
	MAP(S, "cap_add", NULL, "`securityContext.capabilities.add` (`CAP_` prefix removed)",
	    KEYS_CAP_ADD),
	MAP(S, "cap_drop", NULL, "`securityContext.capabilities.drop` (`CAP_` prefix removed)",
	    KEYS_CAP_DROP),
	MAP(S, "privileged", NULL, "`securityContext.privileged` (inside gVisor's sandbox)",
	    KEYS_PRIVILEGED),
	MAP(S, "read_only", NULL, "`securityContext.readOnlyRootFilesystem`", KEYS_READ_ONLY),
	MAP(S, "secrets", NULL, "a Secret in `additionalResources` (from the top-level "
	    "`file`, `environment` or `content`), mounted read-only at `/run/secrets/NAME` "
	    "(or `target`) through `volumes` and `volumeMounts`; `mode` becomes the file mode, "
	    "`uid`/`gid` are ignored", KEYS_SECRETS),
	MAP(S, "configs", NULL, "a ConfigMap in `additionalResources`, mounted read-only at "
	    "`/NAME` (or `target`) likewise", KEYS_CONFIGS),
	REF(S, "network_mode", "`none`, `bridge`", "`none` is `networkIsolated: true` "
	    "(with `networks` too, an error in every mode); `bridge` is the default"),
	REJ(S, "network_mode", "`host`, `service:X`, `container:X`",
	    "a sandboxed pod never shares the node's or another pod's network namespace "
	    "(the reference's message, with src/netpol's hint)",
	    "leave network_mode out (bridge), or use `none` to cut the service off; put "
	    "services on a common network to let them reach each other", KEYS_NETWORK_MODE_OTHER),
	REF(S, "networks", NULL, "`networks`; each must be declared at the top level (or be "
	    "`default`), as compose requires"),
	MAP(S, "networks", "mapping form (`aliases`, `ipv4_address`, …)", "`networks`: the "
	    "names; aliases and addresses are ignored", KEYS_NETWORKS_MAP),
	REF(S, "hostname", "the service's name", "nothing (the service's name is its "
	    "hostname)"),
	IGN(S, "hostname", "another name", "the service keeps its name as hostname; other "
	    "services reach it by its service name, as in compose", KEYS_HOSTNAME_OTHER),
	REF_IGN(S, "expose", NULL, "every port is open inside the environment"),
	REF_IGN(S, "init", NULL, "not supported in Kubernetes (note with `-v`)"),
	REF_IGN(S, "memswap_limit", NULL, "Kubernetes has no per-container swap limit "
		"(note with `-v`)"),
	REF_IGN(S, "build", "with an `image`", "a warning: the image is pulled, not built"),
	REF_IGN(S, "x-local", NULL, "a warning: images must be pullable"),
	REJ(S, "build", "without an `image`", "a service built from source has no image "
	    "the cluster can pull",
	    "build and push the image, then give `--image-registry REG/`, which names it "
	    "`REG/<project>-<service>:latest` as docker compose names built images "
	    "(`--lenient` names it `<project>-<service>:latest`)", KEYS_BUILD_ONLY),
	MAP(S, "build", "without an `image`, with `--image-registry REG/`",
	    "`image: REG/<project>-<service>:latest`", KEYS_BUILD_REGISTRY),
	REF(S, "x-default", NULL, "the service is renamed `default` (else the one named "
	    "`default`, else the first of several)"),
	REF(S, "x-inspect_k8s_sandbox", NULL, "`resources` (`requests`, `limits`), merged; "
	    "`x-k8s` is an alias"),
	REF(S, "x-k8s", NULL, "as `x-inspect_k8s_sandbox`"),
	MAP(S, "extends", NULL, "applied by the loader, as docker compose applies it", KEYS_NONE),
	MAP(S, "profiles", NULL, "applied by the loader (`--profile`)", KEYS_NONE),
	IGN(S, "ports", NULL, "every port of a service is reachable inside the environment; "
	    "nothing is published to a host", KEYS_NONE),
	IGN(S, "restart", NULL, "Kubernetes restarts the container when it exits", KEYS_NONE),
	IGN(S, "container_name", NULL, "other services reach it by its service name",
	    KEYS_NONE),
	IGN(S, "depends_on", NULL, "all services start together; make the dependent service "
	    "wait for its dependency (retry, or poll it in its command), and give the "
	    "dependency a `healthcheck`: it gets a DNS name once ready", KEYS_NONE),
	IGN(S, "labels", NULL, "container labels only annotate; nothing in the environment "
	    "reads them", KEYS_NONE),
	IGN(S, "stdin_open", NULL, "tools reach the container with exec, not an attached "
	    "terminal", KEYS_NONE),
	IGN(S, "tty", NULL, "tools reach the container with exec, not an attached terminal",
	    KEYS_NONE),
	IGN(S, "logging", NULL, "Kubernetes keeps the container's output", KEYS_NONE),
	IGN(S, "stop_signal", NULL, "sandboxes are deleted, not stopped gracefully",
	    KEYS_NONE),
	IGN(S, "stop_grace_period", NULL, "sandboxes are deleted at once "
	    "(terminationGracePeriodSeconds 0)", KEYS_NONE),
	IGN(S, "platform", NULL, "the cluster's nodes pull the image for their platform",
	    KEYS_NONE),
	IGN(S, "links", NULL, "services reach each other by service name; a link's alias is "
	    "not created", KEYS_NONE),
	IGN(S, "external_links", NULL, "there are no containers outside the environment to "
	    "link to", KEYS_NONE),
	IGN(S, "domainname", NULL, "names inside the environment are the service names",
	    KEYS_NONE),
	IGN(S, "dns", NULL, "each pod's DNS is its CoreDNS sidecar, which enforces the "
	    "allowed domains; another resolver is not honoured", KEYS_NONE),
	IGN(S, "dns_search", NULL, "each pod's DNS is its CoreDNS sidecar", KEYS_NONE),
	IGN(S, "dns_opt", NULL, "each pod's DNS is its CoreDNS sidecar", KEYS_NONE),
	IGN(S, "mac_address", NULL, "pods get their own addresses", KEYS_NONE),
	IGN(S, "ulimits", NULL, "Kubernetes has no per-container ulimits; the node's apply",
	    KEYS_NONE),
	IGN(S, "storage_opt", NULL, "the container's storage is the node's; use "
	    "`x-inspect_k8s_sandbox.resources` for `ephemeral-storage`", KEYS_NONE),
	IGN(S, "cgroup_parent", NULL, "Kubernetes places every container in its pod's "
	    "cgroup", KEYS_NONE),
	IGN(S, "group_add", NULL, "the process runs without the extra groups: fewer "
	    "rights, not more", KEYS_NONE),
	IGN(S, "pull_policy", NULL, "the chart's default pull policy applies", KEYS_NONE),
	REJ(S, "devices", NULL, "a container cannot use the host's devices", "remove it",
	    KEYS_NONE),
	REJ(S, "pid", NULL, "a container cannot share the host's or another container's "
	    "process namespace", "remove it", KEYS_NONE),
	REJ(S, "ipc", NULL, "a container cannot share the host's or another container's IPC "
	    "namespace", "remove it; each pod has a private one", KEYS_NONE),
	REJ(S, "volumes_from", NULL, "containers of different services share no volumes "
	    "implicitly", "declare a named volume and mount it in both services", KEYS_NONE),
	REJ(S, "extra_hosts", NULL, "the sandbox's DNS answers only for its services and "
	    "allowed domains; these names would not resolve",
	    "reach services by their names, and list outside hosts in "
	    "`x-inspect_k8s_sandbox.allow_domains`", KEYS_NONE),
	REJ(S, "sysctls", NULL, "kernel parameters are a pod setting the chart does not "
	    "expose", "remove it", KEYS_NONE),
	IGN(S, "x-*", "any other extension", "extensions are for other tools", KEYS_EXTENSION),
	REJ(S, "(any other key)", NULL, "agentenv has no decision for it",
	    "remove it, or ask for a mapping", KEYS_OTHER),

	/* ---- deploy ---- */
	IGN(D, "replicas", "0 or 1", "every service is one pod", KEYS_DEPLOY_REPLICAS_ONE),
	REJ(D, "replicas", "more than 1", "every service is one pod with one DNS name",
	    "set `replicas: 1`, or declare several services", KEYS_DEPLOY_REPLICAS_MANY),
	REJ(D, "resources", "`reservations.devices`, `generic_resources`, `pids`",
	    "devices (GPUs) and process limits are not resources of the chart",
	    "request a GPU with `x-inspect_k8s_sandbox.resources` (e.g. `nvidia.com/gpu: 1`)",
	    KEYS_DEPLOY_DEVICES),
	IGN(D, "mode", NULL, "swarm scheduling; every service is one pod", KEYS_NONE),
	IGN(D, "placement", NULL, "swarm scheduling; use the chart's `nodeSelector` with "
	    "`-f`", KEYS_NONE),
	IGN(D, "update_config", NULL, "swarm rollouts; sandboxes are not updated in place",
	    KEYS_NONE),
	IGN(D, "rollback_config", NULL, "swarm rollouts; sandboxes are not updated in place",
	    KEYS_NONE),
	IGN(D, "restart_policy", NULL, "Kubernetes restarts the container when it exits",
	    KEYS_NONE),
	IGN(D, "endpoint_mode", NULL, "services reach each other by name", KEYS_NONE),
	IGN(D, "labels", NULL, "service labels only annotate", KEYS_NONE),
	REJ(D, "(any other key)", NULL, "agentenv has no decision for it", "remove it",
	    KEYS_DEPLOY_OTHER),

	/* ---- top level ---- */
	REF(T, "services", NULL, "`services` (required)"),
	REF(T, "volumes", NULL, "`volumes` (each `{}`; names made Kubernetes-compliant)"),
	IGN(T, "volumes", "`driver`, `driver_opts`, `labels`, `name`, `external`",
	    "each volume is a claim of the chart's storage class; an external volume's data "
	    "is not there: it starts empty", KEYS_TOP_VOLUME_OPTIONS),
	REF(T, "networks", NULL, "`networks` (each `{}`; `driver` must be `bridge`; "
	    "`internal` is ignored)"),
	IGN(T, "networks", "`external`, `name`, `ipam`, `driver_opts`, `labels`, "
	    "`attachable`, `enable_ipv6`", "the chart's networks only group services for "
	    "the network policy", KEYS_TOP_NETWORK_OPTIONS),
	MAP(T, "secrets", "`file`, `environment`", "a Secret per secret a service uses "
	    "(named `agentenv-<project>-<name>`: the chart renders pod volumes untemplated, "
	    "so the name cannot carry the release)", KEYS_TOP_SECRET_SOURCE),
	MAP(T, "configs", "`file`, `environment`, `content`", "a ConfigMap per config a "
	    "service uses, named likewise", KEYS_NONE),
	REJ(T, "secrets", "`external`", "an external secret or config lives outside the "
	    "project", "give it a `file`, `environment` or `content` source",
	    KEYS_TOP_SECRET_EXTERNAL),
	REJ(T, "configs", "`external`", "as for secrets", "as for secrets", KEYS_NONE),
	REF(T, "x-inspect_k8s_sandbox", NULL, "`allow_domains` becomes `allowDomains`, "
	    "`allow_domains_ports` `allowDomainsPorts`, `allow_cidr` `allowCIDR`, "
	    "`allow_entities` `allowEntities` (all checked: see Networking), "
	    "`automount_service_account_token` "
	    "`automountServiceAccountToken`, `service_account_create` `serviceAccountCreate`, "
	    "`service_account_name` `serviceAccountName`; `x-k8s` is an alias"),
	REF_IGN(T, "version", NULL, "obsolete in compose"),
	IGN(T, "name", NULL, "the project name: it only names built images and Secrets",
	    KEYS_TOP_NAME),
	MAP(T, "include", NULL, "applied by the loader", KEYS_NONE),
	IGN(T, "x-*", "any other extension", "extensions are for other tools (and anchors)",
	    KEYS_TOP_EXTENSION),
	REJ(T, "(any other key)", NULL, "agentenv has no decision for it", "remove it",
	    KEYS_TOP_OTHER),
};

#define KEYS_N (sizeof keys_table / sizeof keys_table[0])

const struct compose_key *keys_row(enum keys_id id)
{
	for (size_t i = 0; i < KEYS_N; i++)
		if (keys_table[i].id == id)
			return &keys_table[i];
	return NULL;
}

const struct compose_key *keys_find(enum key_scope scope, const char *key)
{
	for (size_t i = 0; i < KEYS_N; i++) {
		const struct compose_key *k = &keys_table[i];
		if (k->scope == scope && !k->cases && !k->reference && strcmp(k->key, key) == 0)
			return k;
	}
	return NULL;
}

bool keys_reference(enum key_scope scope, const char *key)
{
	for (size_t i = 0; i < KEYS_N; i++)
		if (keys_table[i].scope == scope && keys_table[i].reference &&
		    strcmp(keys_table[i].key, key) == 0)
			return true;
	return false;
}

/* ---- documentation ---------------------------------------------------- */

static const char *const keys_scope_names[] = {"service", "deploy", "top level"};

static const char *keys_decision_name(const struct compose_key *k)
{
	if (k->decision == KEY_MAPPED)
		return "mapped";
	if (k->decision == KEY_IGNORED)
		return "ignored";
	return k->never_dropped ? "rejected (every mode)" : "rejected";
}

static void keys_markdown_row(struct buf *out, const struct compose_key *k)
{
	buf_addf(out, "| `%s`%s%s | %s%s | %s", k->key, k->cases ? ": " : "",
		 k->cases ? k->cases : "", keys_decision_name(k), k->reference ? " (reference)" : "",
		 k->text);
	if (k->hint)
		buf_addf(out, ". Hint: %s", k->hint);
	buf_adds(out, " |\n");
}

void keys_markdown(struct buf *out)
{
	for (int scope = KEY_SERVICE; scope <= KEY_TOP; scope++) {
		buf_addf(out, "%s| %s key | decision | becomes / why / hint |\n| --- | --- | --- |\n",
			 scope == KEY_SERVICE ? "" : "\n", keys_scope_names[scope]);
		for (size_t i = 0; i < KEYS_N; i++)
			if ((int)keys_table[i].scope == scope)
				keys_markdown_row(out, &keys_table[i]);
	}
}

/* Markdown's `code` as roff's \fB...\fR; a leading dot or quote escaped. */
static void keys_roff_text(struct buf *out, const char *s)
{
	bool code = false;
	for (; *s; s++) {
		if (*s == '`') {
			buf_adds(out, code ? "\\fR" : "\\fB");
			code = !code;
		} else if (*s == '\\') {
			buf_adds(out, "\\e");
		} else if (*s == '-') {
			buf_adds(out, "\\-");
		} else if (strncmp(s, "…", strlen("…")) == 0) {
			buf_adds(out, "...");
			s += strlen("…") - 1;
		} else {
			buf_addc(out, *s);
		}
	}
}

void keys_roff(struct buf *out)
{
	for (int scope = KEY_SERVICE; scope <= KEY_TOP; scope++) {
		buf_addf(out, ".SS %s keys\n", scope == KEY_SERVICE ? "Service"
			 : scope == KEY_DEPLOY ? "Deploy" : "Top-level");
		for (size_t i = 0; i < KEYS_N; i++) {
			const struct compose_key *k = &keys_table[i];
			if ((int)k->scope != scope)
				continue;
			buf_adds(out, ".TP\n\\fB");
			keys_roff_text(out, k->key);
			buf_adds(out, "\\fR");
			if (k->cases) {
				buf_adds(out, ": ");
				keys_roff_text(out, k->cases);
			}
			buf_addf(out, "\n%s%s: ", keys_decision_name(k),
				 k->reference ? " (reference)" : "");
			keys_roff_text(out, k->text);
			if (k->hint) {
				buf_adds(out, ". Hint: ");
				keys_roff_text(out, k->hint);
			}
			buf_adds(out, "\n");
		}
	}
}
