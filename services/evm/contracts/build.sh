#!/usr/bin/env bash
# Compiles the Hokusai contracts with the solc pinned in package.json (standard JSON,
# evmVersion cancun, optimizer on) and regenerates the go-ethereum bind v2 bindings.
#
#   services/evm/contracts/build.sh [ARTIFACTS_DIR [BINDINGS_FILE]]
#
# Defaults write the committed files: services/evm/contracts/artifacts/ and
# services/evm/bindings/hokusai.go. Needs node and npm (dependencies are installed from
# package-lock.json when node_modules is missing) and go (abigen at the go-ethereum version
# of services/go.mod).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
services="$(cd "$here/../.." && pwd)"
artifacts="${1:-$here/artifacts}"
bindings="${2:-$services/evm/bindings/hokusai.go}"

if [ ! -d "$here/node_modules/solc" ] || [ ! -d "$here/node_modules/@openzeppelin/contracts" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
node "$here/compile.js" "$artifacts"

geth_version="$(awk '$1 == "github.com/ethereum/go-ethereum" { print $2; exit }' "$services/go.mod")"
if [ -z "$geth_version" ]; then
  echo "build.sh: go-ethereum version not found in $services/go.mod" >&2
  exit 1
fi
mkdir -p "$(dirname "$bindings")"
# abigen runs outside the workspace so that its own dependencies do not touch go.mod files.
(cd "$here" && GOWORK=off GOFLAGS=-mod=mod go run "github.com/ethereum/go-ethereum/cmd/abigen@$geth_version" \
  --v2 --pkg bindings --combined-json "$artifacts/combined.json" --out "$bindings")
# abigen's error strings are capitalised; staticcheck is told once, in the file.
sed -i '1a //lint:file-ignore ST1005 error strings are abigen'"'"'s' "$bindings"
chmod 644 "$bindings"
gofmt -l "$bindings" | (! grep .) || { echo "build.sh: $bindings is not gofmt-clean" >&2; exit 1; }
echo "bindings: $bindings (abigen $geth_version)"
