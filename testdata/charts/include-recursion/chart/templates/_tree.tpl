{{- define "tree" -}}
{{- $node := . -}}
{{ $node.name }}
{{- if $node.children }}
{{- range $node.children }}
{{ include "tree" . | indent 2 }}
{{- end }}
{{- end }}
{{- end -}}
{{- define "countdown" -}}
{{- if gt (int .) 0 -}}{{ . }} {{ include "countdown" (sub (int .) 1) }}{{- else -}}liftoff{{- end -}}
{{- end -}}
