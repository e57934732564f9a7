{{/* Names and labels shared by every object of the chart. */}}
{{- define "onewindow.fullname" -}}
{{- printf "%s" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{- define "onewindow.labels" -}}
{{ include "onewindow.baseLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The labels besides the selector's (which carries the instance). */}}
{{- define "onewindow.baseLabels" -}}
app.kubernetes.io/part-of: onewindow
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The selector labels of one process kind: (dict "root" $ "svc" "cases" "proc" "serve"). */}}
{{- define "onewindow.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .svc }}
app.kubernetes.io/component: {{ .proc }}
{{- end -}}

{{- define "onewindow.image" -}}
{{ printf "%s:%s" .Values.image.repository .Values.image.tag | quote }}
{{- end -}}

{{/* The Secret a service (or the gateway) reads: the operator's existing one or the chart's. */}}
{{- define "onewindow.secretName" -}}
{{- if .spec.existingSecret -}}{{ .spec.existingSecret }}{{- else -}}{{ printf "%s-%s" (include "onewindow.fullname" .root) .svc }}{{- end -}}
{{- end -}}

{{/* The in-cluster DNS name of a service's gRPC endpoint. */}}
{{- define "onewindow.grpcHost" -}}
{{ printf "%s-%s" (include "onewindow.fullname" .root) .svc }}
{{- end -}}

{{/* Pod security shared by every container: non-root, read-only root, no privileges. */}}
{{- define "onewindow.podSecurity" -}}
automountServiceAccountToken: false
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "onewindow.containerSecurity" -}}
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
{{- end -}}

{{/* envFrom + env of a service process: (dict "root" $ "svc" name "spec" spec). */}}
{{- define "onewindow.serviceEnv" -}}
envFrom:
  - configMapRef:
      name: {{ include "onewindow.fullname" .root }}-common
  - configMapRef:
      name: {{ include "onewindow.fullname" .root }}-{{ .svc }}
  - secretRef:
      name: {{ include "onewindow.secretName" . }}
env:
  # a service binds its own address on every interface; others reach it by its Service name
  - name: ONEWINDOW_{{ upper .svc }}_GRPC_ADDR
    value: {{ printf "0.0.0.0:%v" .spec.port | quote }}
{{- end -}}

{{/* Volumes and mounts of a service process: scratch space, and documents' key and content. */}}
{{- define "onewindow.serviceVolumes" -}}
volumes:
  - name: tmp
    emptyDir: {}
  - name: var
    emptyDir: {}
{{- if eq .svc "documents" }}
{{- if .spec.signingKeySecret }}
  - name: signing-key
    secret:
      secretName: {{ .spec.signingKeySecret }}
      defaultMode: 0400
{{- end }}
{{- if eq (index .spec.config "ONEWINDOW_DOCUMENTS_STORE") "fs" }}
  - name: content
    persistentVolumeClaim:
      claimName: {{ default (printf "%s-documents-content" (include "onewindow.fullname" .root)) .spec.storage.existingClaim }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "onewindow.serviceMounts" -}}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  - name: var
    mountPath: /var/lib/onewindow
{{- if eq .svc "documents" }}
{{- if .spec.signingKeySecret }}
  - name: signing-key
    mountPath: /etc/onewindow/signing
    readOnly: true
{{- end }}
{{- if eq (index .spec.config "ONEWINDOW_DOCUMENTS_STORE") "fs" }}
  - name: content
    mountPath: /var/lib/onewindow/documents
{{- end }}
{{- end }}
{{- end -}}
