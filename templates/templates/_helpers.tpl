{{- /*
_helpers.tpl - named templates shared by the chart's files.

agentEnv.fullname and agentEnv.selectorLabels are part of the chart's interface:
users call them from additionalResources, so their names and output stay fixed.
*/ -}}

{{- /* The chart's short name: "agent-env", or global.nameOverride. */ -}}
{{- define "agentEnv.name" -}}
{{- default .Chart.Name .Values.global.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The prefix of every object name: global.fullnameOverride, else
"<name>-<release>", or the release name alone when it already contains the
name. Cut to 63 characters, the limit of a DNS label. */ -}}
{{- define "agentEnv.fullname" -}}
{{- if .Values.global.fullnameOverride -}}
{{- .Values.global.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.global.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" $name .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- /* "agent-env-0.14.0", the value of the helm.sh/chart label. */ -}}
{{- define "agentEnv.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- /* The labels that tie an object to this release; every pod carries them,
so policies select the whole sandbox with them. */ -}}
{{- define "agentEnv.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agentEnv.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- /* The user's .Values.labels, one "key: "value"" line each, every line
ending in a newline (so an empty map gives an empty string). */ -}}
{{- define "agentEnv.valueLabels" -}}
{{- range $key, $value := .Values.labels -}}
{{- printf "%s: %s\n" $key (quote $value) -}}
{{- end -}}
{{- end -}}

{{- /* Labels of the StatefulSets and the ServiceAccount: the user's labels,
then Helm's recommended ones. */ -}}
{{- define "agentEnv.labels" -}}
{{ include "agentEnv.valueLabels" . }}helm.sh/chart: {{ include "agentEnv.chart" . }}
{{ include "agentEnv.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- /* matchLabels of every pod of this sandbox, and only those: Cilium needs
the namespace label too, or a policy would also match same-named releases
elsewhere. */ -}}
{{- define "agentEnv.sandboxMatchLabels" -}}
io.kubernetes.pod.namespace: {{ .Release.Namespace }}
{{ include "agentEnv.selectorLabels" . }}
{{- end -}}

{{- /* Called with a service's values: "true" when the service gets a DNS
name (a headless Service and CoreDNS rewrites), "" otherwise. Extra DNS
names and the deprecated ports imply one. */ -}}
{{- define "agentEnv.wantsDnsRecord" -}}
{{- if or .dnsRecord .additionalDnsRecords .ports -}}
true
{{- end -}}
{{- end -}}

{{- /* Called with a domain glob: the anchored, case-insensitive regex Cilium
matches against the HTTP Host header (an optional :port allowed). A "*"
stands for one DNS label, as in toFQDNs; dots are literal. */ -}}
{{- define "agentEnv.hostRegex" -}}
{{- $label := . | replace "." "[.]" | replace "*" "[^.]+" -}}
{{- printf "(?i)^%s(:[0-9]+)?$" $label -}}
{{- end -}}

{{- /* Called with an allowDomainsPorts entry: its protocol, upper-case,
ANY (TCP and UDP) when not given. */ -}}
{{- define "agentEnv.portProtocol" -}}
{{- upper (default "ANY" .protocol) -}}
{{- end -}}

{{- /* Called with an allowDomainsPorts entry: its item in a toPorts ports list. */ -}}
{{- define "agentEnv.egressPort" -}}
- port: {{ toString .port | quote }}
  protocol: {{ include "agentEnv.portProtocol" . }}
{{- end -}}

{{- /*
Called with (dict "root" $ "name" NAME "service" SERVICE ["network" NET]): the
policy letting the sandbox reach one service, as "---" and a document. With a
network, only that network's pods may connect, and the policy applies to the
service's pods on that network; without, any pod of the sandbox. The service's
ports, when listed, are the only ones open; ICMP echo (ping) always is.
*/ -}}
{{- define "agentEnv.serviceIngressPolicy" -}}
{{- $root := .root }}
{{- $network := .network }}
{{- $networkLabel := "" }}
{{- if $network }}
{{- $networkLabel = printf "aisi.gov.uk/network-%s: \"true\"" $network }}
{{- end }}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: {{ include "agentEnv.fullname" $root }}-svc-{{ .name }}{{ if $network }}-{{ $network }}{{ end }}-ingress
  annotations:
    {{- toYaml $root.Values.annotations | nindent 4 }}
  labels:
    {{- toYaml $root.Values.labels | nindent 4 }}
spec:
  description: |
    {{- if $network }}
    Allow ingress to workload "{{ .name }}" from same sandbox on network "{{ $network }}".
    If ports are specified, only those ports are exposed; otherwise all ports are allowed.
    Always allow ICMP echo requests (ping)
    {{- else }}
    Allow ingress to workload "{{ .name }}" from same sandbox.
    If ports are specified, only those ports are exposed; otherwise all ports are allowed.
    Always allow ICMP echo requests (ping).
    {{- end }}
  endpointSelector:
    matchLabels:
      {{- include "agentEnv.sandboxMatchLabels" $root | nindent 6 }}
      inspect/service: {{ .name }}
      {{- with $networkLabel }}
      {{ . }}
      {{- end }}
  ingress:
    - fromEndpoints:
      - matchLabels:
          {{- include "agentEnv.sandboxMatchLabels" $root | nindent 10 }}
          {{- with $networkLabel }}
          {{ . }}
          {{- end }}
      {{- with .service.ports }}
      toPorts:
        - ports:

            {{ range $port := . }}
            - port: {{ toString $port.port | quote }}
              protocol: {{ $port.protocol }}
            {{- end }}
      {{- end }}
    - fromEndpoints:
      - matchLabels:
          {{- include "agentEnv.sandboxMatchLabels" $root | nindent 10 }}
          {{- with $networkLabel }}
          {{ . }}
          {{- end }}
      icmps:
        - fields:
          - type: 8
            family: IPv4
          - type: 128
            family: IPv6
{{- end -}}

{{- /*
Called like agentEnv.serviceIngressPolicy: the same policy as a standard
NetworkPolicy (networkPolicy: kubernetes). The service's ports, when listed,
are the only ones open (protocol ANY as TCP and UDP); a NetworkPolicy cannot
add ICMP to them.
*/ -}}
{{- define "agentEnv.serviceIngressNetworkPolicy" -}}
{{- $root := .root }}
{{- $network := .network }}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "agentEnv.networkPolicyName" (printf "%s-svc-%s%s-ingress" (include "agentEnv.fullname" $root) .name (ternary (printf "-%s" $network) "" (not (empty $network)))) }}
  annotations:
    {{- toYaml $root.Values.annotations | nindent 4 }}
  labels:
    {{- toYaml $root.Values.labels | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "agentEnv.selectorLabels" $root | nindent 6 }}
      inspect/service: {{ .name }}
      {{- if $network }}
      aisi.gov.uk/network-{{ $network }}: "true"
      {{- end }}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - podSelector:
            matchLabels:
              {{- include "agentEnv.selectorLabels" $root | nindent 14 }}
              {{- if $network }}
              aisi.gov.uk/network-{{ $network }}: "true"
              {{- end }}
      {{- with .service.ports }}
      ports:
        {{- range $port := . }}
        {{- $protocol := upper (default "TCP" $port.protocol) }}
        {{- range $p := ternary (list "TCP" "UDP") (list $protocol) (eq $protocol "ANY") }}
        - port: {{ $port.port }}
          protocol: {{ $p }}
        {{- end }}
        {{- end }}
      {{- end }}
{{- end -}}

{{- /* Called with a NetworkPolicy's name: as is when it fits the 63
characters Kubernetes allows, else cut to 54 and made unique again with 8
hex digits of its SHA-256. */ -}}
{{- define "agentEnv.networkPolicyName" -}}
{{- if le (len .) 63 -}}
{{- . -}}
{{- else -}}
{{- printf "%s-%s" (trunc 54 . | trimSuffix "-") (sha256sum . | trunc 8) -}}
{{- end -}}
{{- end -}}
