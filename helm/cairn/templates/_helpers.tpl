{{/*
The chart name, truncated to 63 characters (the DNS-1123 label limit).
*/}}
{{- define "cairn.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The fully qualified name: the release name, followed by the chart name unless the release name
already contains it; truncated to 63 characters.
*/}}
{{- define "cairn.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The chart label value: name-version, "+" replaced by "_".
*/}}
{{- define "cairn.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels on every object.
*/}}
{{- define "cairn.labels" -}}
helm.sh/chart: {{ include "cairn.chart" . }}
{{ include "cairn.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: cairn
{{- end }}

{{/*
Selector labels: only name and instance (labels that change must not select).
*/}}
{{- define "cairn.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cairn.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The ServiceAccount of a role (snapshot, train, rollback): (list $ "role").
The name from values, else <fullname>-<role> when the chart creates it, else "default".
*/}}
{{- define "cairn.serviceAccountName" -}}
{{- $root := index . 0 }}
{{- $role := index . 1 }}
{{- $sa := index $root.Values.serviceAccounts $role }}
{{- if $root.Values.serviceAccounts.create }}
{{- default (printf "%s-%s" (include "cairn.fullname" $root) $role | trunc 63 | trimSuffix "-") $sa.name }}
{{- else }}
{{- default "default" $sa.name }}
{{- end }}
{{- end }}

{{/*
The image of a step (snapshotData, trainRegister, rollbackModel): (list $ "step").
registry/repository@digest when a digest is set, else registry/repository:tag (default: appVersion).
*/}}
{{- define "cairn.image" -}}
{{- $root := index . 0 }}
{{- $image := index $root.Values.images (index . 1) }}
{{- $repository := $image.repository }}
{{- if $root.Values.images.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $root.Values.images.registry) $image.repository }}
{{- end }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default (default $root.Chart.AppVersion $root.Values.images.tag) $image.tag) }}
{{- end }}
{{- end }}
