module github.com/chainrelay/chainrelay/tests

go 1.26.8

require github.com/chainrelay/chainrelay/schemas v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/schemas v0.0.0-00010101000000-000000000000 => ../schemas

require github.com/chainrelay/chainrelay/streams v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/streams v0.0.0-00010101000000-000000000000 => ../streams

require github.com/chainrelay/chainrelay/redisbridge v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/redisbridge v0.0.0-00010101000000-000000000000 => ../redisbridge

require github.com/chainrelay/chainrelay/projections v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/projections v0.0.0-00010101000000-000000000000 => ../projections

require github.com/chainrelay/chainrelay/services v0.0.0-00010101000000-000000000000

require (
	github.com/ProjectZKM/Ziren/crates/go-runtime/zkvm_runtime v0.0.0-20251001021608-1fe7b43fc4d6 // indirect
	github.com/bits-and-blooms/bitset v1.20.0 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/consensys/gnark-crypto v0.18.1 // indirect
	github.com/crate-crypto/go-eth-kzg v1.5.0 // indirect
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.0.1 // indirect
	github.com/ethereum/c-kzg-4844/v2 v2.1.8 // indirect
	github.com/ethereum/go-ethereum v1.17.10
	github.com/holiman/uint256 v1.3.2 // indirect
	github.com/redis/go-redis/v9 v9.23.0 // indirect
	github.com/supranational/blst v0.3.16 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	gopkg.in/yaml.v3 v3.0.1
)

replace github.com/chainrelay/chainrelay/services v0.0.0-00010101000000-000000000000 => ../services
