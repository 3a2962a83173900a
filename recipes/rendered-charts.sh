#!/usr/bin/env bash
# Check what Helm and kustomize render, not only the files in the repository. podsec reads the
# rendered stream from standard input; --stdin-filename names it in reports and picks the
# .podsec.yaml that applies (the nearest one above that name). pipefail makes a failed render
# fail the check instead of passing an empty stream.
set -euo pipefail
helm template payments charts/payments --values charts/payments/values-prod.yaml | podsec check - --stdin-filename charts/payments/rendered.yaml
kustomize build overlays/prod | podsec check - --stdin-filename overlays/prod/rendered.yaml
