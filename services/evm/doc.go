// Package evm holds what the EVM layer of chainrelay shares across its parts: the error
// classes every EVM failure is sorted into, and revert decoding.
//
// The parts live in sub-packages: contracts (Solidity sources and artifacts), bindings
// (generated Go bindings), hokusai (typed access to the Hokusai contracts), network (the
// network table and its overrides), rpc (multi-endpoint client with failover), keys
// (signing keys), nonce (nonce reservation, local or shared through JetStream KV), txmgr
// (the transaction manager) and simchain (an in-process simulated chain).
package evm
