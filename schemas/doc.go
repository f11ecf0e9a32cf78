// Package schemas holds everything that crosses a process boundary in chainrelay:
// JetStream subjects and headers, the msgpack event types of the Hokusai deploy flow and
// of Stellar invocations, and the legacy JSON formats spoken on Redis.
//
// Stages depend on this package and on nothing of each other: an event type here is the
// whole contract between a producer and its consumers.
package schemas
