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
{{- if not (include "onewindow.isServer" .) }}
{{- include "onewindow.grpcClientEnv" .root }}
{{- end }}
{{- end -}}

{{/* "true" for a service's serve process: the one pod kind that holds the gRPC server key. */}}
{{- define "onewindow.isServer" -}}
{{- $p := index .spec.processes .proc -}}
{{- if and $p (eq $p.kind "serve") -}}true{{- end -}}
{{- end -}}

{{/* env entries (no header) of a pod that only dials gRPC: it presents the client-only
certificate of tls.grpcClientSecret with client authentication on, else no certificate at all
(the common ONEWINDOW_GRPC_TLS_CERT/_KEY name the server pair, which it does not mount). */}}
{{- define "onewindow.grpcClientEnv" -}}
{{- if include "onewindow.grpcTlsOn" . }}
{{- $mtls := include "onewindow.grpcClientAuthOn" . }}
  - name: ONEWINDOW_GRPC_TLS_CERT
    value: {{ ternary (printf "%s/tls.crt" (include "onewindow.grpcClientDir" .)) "" (not (empty $mtls)) | quote }}
  - name: ONEWINDOW_GRPC_TLS_KEY
    value: {{ ternary (printf "%s/tls.key" (include "onewindow.grpcClientDir" .)) "" (not (empty $mtls)) | quote }}
{{- end }}
{{- end -}}

{{/* Volumes and mounts of a service process: scratch space, and documents' key and content. */}}
{{- define "onewindow.serviceVolumes" -}}
volumes:
  - name: tmp
    emptyDir: {}
  - name: var
    emptyDir: {}
{{- include "onewindow.tlsVolumes" (dict "root" .root "needs" (list "grpc" "postgres" "kafka") "server" (include "onewindow.isServer" .)) }}
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
{{- include "onewindow.tlsMounts" (dict "root" .root "needs" (list "grpc" "postgres" "kafka") "server" (include "onewindow.isServer" .)) }}
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

{{/* "true" when the common settings switch gRPC TLS on (the kit's true/1/yes/on). */}}
{{- define "onewindow.grpcTlsOn" -}}
{{- if has (lower (toString (default "" .Values.common.ONEWINDOW_GRPC_TLS))) (list "1" "true" "yes" "on") -}}true{{- end -}}
{{- end -}}

{{/* "true" when gRPC TLS is on and servers require client certificates (mutual TLS). */}}
{{- define "onewindow.grpcClientAuthOn" -}}
{{- if and (include "onewindow.grpcTlsOn" .) (has (lower (toString (default "" .Values.common.ONEWINDOW_GRPC_TLS_CLIENT_AUTH))) (list "1" "true" "yes" "on")) -}}true{{- end -}}
{{- end -}}

{{/* Where the pods that only dial gRPC find their client certificate (tls.grpcClientSecret). */}}
{{- define "onewindow.grpcClientDir" -}}/etc/onewindow/grpc-client{{- end -}}

{{/*
The certificate Secrets of the production profile a pod needs, as a list of
(name, secret, key or "", mount directory, mode): (dict "root" $ "needs" (list "grpc" "postgres"
"kafka") "server" true|false). Each only while the setting it serves is on and its Secret is named
in `tls`; a CA Secret mounts only its CA key (CloudNativePG's <cluster>-ca also holds the CA's
private key), at the file name and directory of ONEWINDOW_DB_SSLROOTCERT / ONEWINDOW_KAFKA_CA.
Only a gRPC server ("server" true: the serve pods) mounts the whole tls.grpcSecret, whose key
answers for every service's name; a pod that only dials (the gateway, relays, consumers, workers)
mounts its ca.crt alone and, with client authentication on, its own client-only certificate from
tls.grpcClientSecret, so a compromised gateway cannot pose as a service.
*/}}
{{- define "onewindow.tlsFiles" -}}
{{- $v := .root.Values -}}
{{- $files := list -}}
{{- if and (has "grpc" .needs) (include "onewindow.grpcTlsOn" .root) $v.tls.grpcSecret -}}
{{- $grpcCa := default "" $v.common.ONEWINDOW_GRPC_TLS_CA -}}
{{- if .server -}}
{{- $files = append $files (dict "name" "grpc-tls" "secret" $v.tls.grpcSecret "key" "" "file" "" "dir" (dir $v.common.ONEWINDOW_GRPC_TLS_CERT) "mode" 0400) -}}
{{- else if $grpcCa -}}
{{- $files = append $files (dict "name" "grpc-tls" "secret" $v.tls.grpcSecret "key" "ca.crt" "file" (base $grpcCa) "dir" (dir $grpcCa) "mode" 0444) -}}
{{- end -}}
{{- end -}}
{{- if and (has "grpc" .needs) (not .server) (include "onewindow.grpcClientAuthOn" .root) -}}
{{- if not $v.tls.grpcClientSecret -}}
{{- fail "tls.grpcClientSecret is required with ONEWINDOW_GRPC_TLS_CLIENT_AUTH on: the client certificate of the pods that only dial gRPC (the gateway, relays, consumers, workers)" -}}
{{- end -}}
{{- $files = append $files (dict "name" "grpc-client-tls" "secret" $v.tls.grpcClientSecret "key" "" "file" "" "dir" (include "onewindow.grpcClientDir" .root) "mode" 0400) -}}
{{- end -}}
{{- $pgCa := default "" $v.common.ONEWINDOW_DB_SSLROOTCERT -}}
{{- if and (has "postgres" .needs) $v.tls.postgresCaSecret $pgCa (ne $pgCa "system") -}}
{{- $files = append $files (dict "name" "postgres-ca" "secret" $v.tls.postgresCaSecret "key" $v.tls.postgresCaKey "file" (base $pgCa) "dir" (dir $pgCa) "mode" 0444) -}}
{{- end -}}
{{- $kafkaCa := default "" $v.common.ONEWINDOW_KAFKA_CA -}}
{{- if and (has "kafka" .needs) $v.tls.kafkaCaSecret $kafkaCa -}}
{{- $files = append $files (dict "name" "kafka-ca" "secret" $v.tls.kafkaCaSecret "key" $v.tls.kafkaCaKey "file" (base $kafkaCa) "dir" (dir $kafkaCa) "mode" 0444) -}}
{{- end -}}
{{- toJson $files -}}
{{- end -}}

{{/* Volume entries (no "volumes:" header) of the certificate Secrets a pod needs. */}}
{{- define "onewindow.tlsVolumes" -}}
{{- range (include "onewindow.tlsFiles" . | fromJsonArray) }}
  - name: {{ .name }}
    secret:
      secretName: {{ .secret }}
      defaultMode: {{ printf "0%o" (int .mode) }}
      {{- if .key }}
      items:
        - key: {{ .key }}
          path: {{ .file }}
      {{- end }}
{{- end }}
{{- end -}}

{{/* volumeMounts entries (no header) of the certificate Secrets a pod needs. */}}
{{- define "onewindow.tlsMounts" -}}
{{- range (include "onewindow.tlsFiles" . | fromJsonArray) }}
  - name: {{ .name }}
    mountPath: {{ .dir }}
    readOnly: true
{{- end }}
{{- end -}}
