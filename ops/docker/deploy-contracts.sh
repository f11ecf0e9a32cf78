#!/bin/sh
# Deploys the Hokusai contracts (TokenManager, ModelRegistry) on the geth --dev chain of
# docker-compose.yml, owned by the signing key, so that the deployer and registrar find
# them at the addresses the compose file gives them (CREATE from the key at nonces 0
# and 1). Idempotent: does nothing when both contracts are there already. Runs in the
# Foundry image (cast); development only.
set -eu

rpc=${RPC_URL:-http://geth:8545}
key=$(cat "${KEY_FILE:-/run/secrets/signing_key}")
owner=$(cast wallet address --private-key "$key")

has_code() { [ "$(cast code --rpc-url "$rpc" "$1")" != "0x" ]; }

if has_code "$CHAINRELAY_TOKEN_MANAGER" && has_code "$CHAINRELAY_MODEL_REGISTRY"; then
  echo "contracts present: TokenManager $CHAINRELAY_TOKEN_MANAGER, ModelRegistry $CHAINRELAY_MODEL_REGISTRY"
  exit 0
fi
if [ "$(cast nonce --rpc-url "$rpc" "$owner")" != "0" ]; then
  echo "owner $owner has sent transactions but the contracts are missing: the chain is not fresh; docker compose down -v" >&2
  exit 1
fi

# geth --dev's unlocked developer account funds the owner (deployments and gas).
dev=$(cast rpc --rpc-url "$rpc" eth_accounts | tr -d '[]" ' | cut -d, -f1)
cast send --rpc-url "$rpc" --unlocked --from "$dev" "$owner" --value 1000ether >/dev/null

args=$(cast abi-encode "constructor(address)" "$owner")
for c in TokenManager ModelRegistry; do
  code=$(sed -n 's/^ *"bytecode": *"\(0x[0-9a-fA-F]*\)".*$/\1/p' "/artifacts/$c.json")
  [ -n "$code" ] || { echo "no bytecode in /artifacts/$c.json" >&2; exit 1; }
  cast send --rpc-url "$rpc" --private-key "$key" --create "${code}${args#0x}" >/dev/null
done

for a in "$CHAINRELAY_TOKEN_MANAGER" "$CHAINRELAY_MODEL_REGISTRY"; do
  has_code "$a" || { echo "no contract at $a after deployment: is signing.key the key the addresses were derived from?" >&2; exit 1; }
done
echo "deployed TokenManager $CHAINRELAY_TOKEN_MANAGER and ModelRegistry $CHAINRELAY_MODEL_REGISTRY, owner $owner"
