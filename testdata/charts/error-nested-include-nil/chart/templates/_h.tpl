{{- define "outer" }}[{{ include "inner" . }}]{{ end -}}
{{- define "inner" }}{{ .Values.db.host.name }}{{ end -}}
