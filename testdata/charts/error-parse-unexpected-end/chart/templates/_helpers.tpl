{{ define "x" }}x{{ end }}
{{ end }}
