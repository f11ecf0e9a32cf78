package projections

import (
	"fmt"

	"github.com/nats-io/nats.go/jetstream"
)

// readAhead reads and decodes events on a goroutine of its own, ahead of the fold.
// Taking a message from the client and decoding it cost about as much as folding it, so
// the two run side by side instead of in turn, and hand over events a batch at a time so
// that the hand-over itself costs little.
type readAhead struct {
	it   jetstream.MessagesContext
	out  chan readBatch
	free chan []readItem
	strs interner
}

// readBatch is events in stream order, then, when err is set, why reading stopped.
type readBatch struct {
	items []readItem
	err   error
}

// readItem is one event as the fold needs it. A message that does not decode keeps its
// error in derr and is skipped by the fold, which still moves past its sequence.
type readItem struct {
	seq     uint64
	pending uint64 // events after this one on the stream when it was delivered
	subject string
	ev      Event
	derr    error
}

// readBatchSize is how many events a batch holds at most. A batch is handed over early
// when it holds the last event on the stream, so a live projector waits for no batch.
const readBatchSize = 256

// startReadAhead reads it until it fails or is stopped.
func startReadAhead(it jetstream.MessagesContext) *readAhead {
	r := &readAhead{it: it, out: make(chan readBatch, 4), free: make(chan []readItem, 6)}
	go r.run()
	return r
}

func (r *readAhead) run() {
	defer close(r.out)
	items := r.batch()
	for {
		msg, err := r.it.Next()
		if err != nil {
			if isTimeout(err) {
				// The client gave up waiting for a message; nothing is lost.
				if len(items) > 0 {
					r.out <- readBatch{items: items}
					items = r.batch()
				}
				continue
			}
			r.out <- readBatch{items: items, err: err}
			return
		}
		md, err := msg.Metadata()
		if err != nil {
			r.out <- readBatch{items: items, err: fmt.Errorf("metadata: %w", err)}
			return
		}
		ev, derr := decodeForFold(&r.strs, md.Sequence.Stream, md.Timestamp, msg.Subject(), msg.Headers(), msg.Data())
		items = append(items, readItem{seq: md.Sequence.Stream, pending: md.NumPending, subject: msg.Subject(), ev: ev, derr: derr})
		if len(items) == readBatchSize || md.NumPending == 0 {
			r.out <- readBatch{items: items}
			items = r.batch()
		}
	}
}

// batch is an empty batch, one the fold has given back when there is one.
func (r *readAhead) batch() []readItem {
	select {
	case b := <-r.free:
		return b[:0]
	default:
		return make([]readItem, 0, readBatchSize)
	}
}

// done gives a folded batch back for reuse.
func (r *readAhead) done(items []readItem) {
	select {
	case r.free <- items:
	default:
	}
}

// stop stops reading and waits for the reader to end.
func (r *readAhead) stop() {
	r.it.Stop()
	for range r.out {
	}
}
