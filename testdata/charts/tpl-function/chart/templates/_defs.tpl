{{- define "suffix" -}}-sfx{{- end -}}
