module github.com/chainrelay/chainrelay/services

go 1.26.8

require github.com/chainrelay/chainrelay/schemas v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/schemas v0.0.0-00010101000000-000000000000 => ../schemas

require github.com/chainrelay/chainrelay/streams v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/streams v0.0.0-00010101000000-000000000000 => ../streams

require github.com/chainrelay/chainrelay/redisbridge v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/redisbridge v0.0.0-00010101000000-000000000000 => ../redisbridge

require github.com/chainrelay/chainrelay/projections v0.0.0-00010101000000-000000000000

require (
	github.com/ProjectZKM/Ziren/crates/go-runtime/zkvm_runtime v0.0.0-20251001021608-1fe7b43fc4d6 // indirect
	github.com/antithesishq/antithesis-sdk-go v0.8.0-default-no-op // indirect
	github.com/bits-and-blooms/bitset v1.20.0 // indirect
	github.com/consensys/gnark-crypto v0.18.1 // indirect
	github.com/crate-crypto/go-eth-kzg v1.5.0 // indirect
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.0.1 // indirect
	github.com/ethereum/c-kzg-4844/v2 v2.1.8 // indirect
	github.com/ethereum/go-ethereum v1.17.10 // indirect
	github.com/google/go-tpm v0.9.8 // indirect
	github.com/holiman/uint256 v1.3.2 // indirect
	github.com/klauspost/compress v1.20.3 // indirect
	github.com/minio/highwayhash v1.0.4 // indirect
	github.com/nats-io/jwt/v2 v2.8.2 // indirect
	github.com/nats-io/nats-server/v2 v2.15.2 // indirect
	github.com/nats-io/nats.go v1.55.0 // indirect
	github.com/nats-io/nkeys v0.4.16 // indirect
	github.com/nats-io/nuid v1.0.1 // indirect
	github.com/prometheus/client_golang v1.25.0 // indirect
	github.com/stellar/go-stellar-sdk v0.7.3 // indirect
	github.com/stellar/go-xdr v0.0.0-20260806060815-dc590f17552a // indirect
	github.com/supranational/blst v0.3.16 // indirect
	golang.org/x/crypto v0.58.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/time v0.16.0 // indirect
)

replace github.com/chainrelay/chainrelay/projections v0.0.0-00010101000000-000000000000 => ../projections
