module github.com/chainrelay/chainrelay/projections

go 1.26.8

require github.com/chainrelay/chainrelay/schemas v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/schemas v0.0.0-00010101000000-000000000000 => ../schemas

require github.com/chainrelay/chainrelay/streams v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/streams v0.0.0-00010101000000-000000000000 => ../streams

require github.com/chainrelay/chainrelay/redisbridge v0.0.0-00010101000000-000000000000

replace github.com/chainrelay/chainrelay/redisbridge v0.0.0-00010101000000-000000000000 => ../redisbridge
