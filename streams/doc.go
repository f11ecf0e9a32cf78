// Package streams owns chainrelay's JetStream side: the embedded server, connections to
// an external cluster, and the topology (streams, durable consumers, KV buckets) that
// every stage relies on. The stage runner lives in streams/stage, logging, metrics and
// health endpoints in streams/telemetry.
package streams
