{{ define "lib" }}x{{ end }}
