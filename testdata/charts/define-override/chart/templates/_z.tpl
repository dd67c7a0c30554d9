{{- define "shared" }}defined-in-z{{ end -}}
