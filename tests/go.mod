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
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/redis/go-redis/v9 v9.23.0 // indirect
	go.uber.org/atomic v1.12.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
)

replace github.com/chainrelay/chainrelay/services v0.0.0-00010101000000-000000000000 => ../services
