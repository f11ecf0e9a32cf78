package txmgr_test

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/streams/natstest"
)

// startJetStream runs a real embedded JetStream (chainrelay's topology provisioned) in a
// temp dir.
func startJetStream(t testing.TB) jetstream.JetStream {
	t.Helper()
	return natstest.Start(t).JS
}
