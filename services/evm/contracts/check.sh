#!/usr/bin/env bash
# Rebuilds the contracts and bindings into a temporary directory and fails when the
# committed artifacts or bindings differ from what the sources produce.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
services="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$here/build.sh" "$tmp/artifacts" "$tmp/bindings/hokusai.go" >/dev/null

status=0
if ! diff -r "$here/artifacts" "$tmp/artifacts"; then
  echo "check.sh: committed artifacts differ from the sources; run make contracts" >&2
  status=1
fi
if ! diff "$services/evm/bindings/hokusai.go" "$tmp/bindings/hokusai.go" >/dev/null; then
  diff "$services/evm/bindings/hokusai.go" "$tmp/bindings/hokusai.go" | head -40 || true
  echo "check.sh: committed bindings differ from the sources; run make contracts" >&2
  status=1
fi
[ "$status" -eq 0 ] && echo "contracts: artifacts and bindings match the sources"
exit "$status"
