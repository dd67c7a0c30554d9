{{- define "p.inner" }}from-sub{{ end -}}
