{{- define "p.name" }}from-helpers{{ end -}}
