{{- define "check" -}}
{{- if not .Values.ok -}}
{{- fail (printf "ok must be set, got %v" .Values.ok) -}}
{{- end -}}
{{- end -}}
