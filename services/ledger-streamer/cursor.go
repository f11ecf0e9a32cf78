package ledgerstreamer

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
)

// CursorKey is the key of a network's cursor in the cursor bucket: the last ledger whose
// invocations are all in the stream, as a decimal.
func CursorKey(network string) string {
	return "stellar." + schemas.EncodeSubjectToken(network)
}

// cursor is a network's position in the KV bucket, moved forward by compare-and-set so
// that two streamers for one network cannot both advance it.
type cursor struct {
	kv       jetstream.KeyValue
	key      string
	ledger   uint32
	revision uint64 // 0: the key does not exist
}

// loadCursor reads the cursor; a missing key is ledger 0, revision 0.
func loadCursor(ctx context.Context, kv jetstream.KeyValue, network string) (*cursor, error) {
	c := &cursor{kv: kv, key: CursorKey(network)}
	e, err := kv.Get(ctx, c.key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read cursor %s: %w", c.key, err)
	}
	n, err := strconv.ParseUint(string(e.Value()), 10, 32)
	if err != nil {
		return nil, fmt.Errorf("read cursor %s: value %q: %w", c.key, e.Value(), err)
	}
	c.ledger, c.revision = uint32(n), e.Revision()
	return c, nil
}

// advance moves the cursor to ledger if nobody else moved it since it was read.
func (c *cursor) advance(ctx context.Context, ledger uint32) error {
	v := []byte(strconv.FormatUint(uint64(ledger), 10))
	var (
		rev uint64
		err error
	)
	if c.revision == 0 {
		rev, err = c.kv.Create(ctx, c.key, v)
	} else {
		rev, err = c.kv.Update(ctx, c.key, v, c.revision)
	}
	if err != nil {
		return fmt.Errorf("advance cursor %s to %d (from %d): %w", c.key, ledger, c.ledger, err)
	}
	c.ledger, c.revision = ledger, rev
	return nil
}

// published finds the invocations of ledgers after the cursor that the stream already
// holds: those a streamer stopped mid-ledger (or before moving the cursor) had published.
// The stream is walked back from the network's last message until a message of a ledger
// at or before the cursor, so the answer does not depend on the de-duplication window,
// and a hole left by a failed publish in the middle of a ledger is seen as a hole.
func published(ctx context.Context, stream jetstream.Stream, network string, after uint32) (map[string]struct{}, error) {
	last, err := stream.GetLastMsgForSubject(ctx, schemas.StellarFilter(network))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("last message of %s: %w", network, err)
	}
	prefix := "stellar." + schemas.EncodeSubjectToken(network) + "."
	have := map[string]struct{}{}
	for seq := last.Sequence; seq > 0; seq-- {
		msg := last
		if seq != last.Sequence {
			msg, err = stream.GetMsg(ctx, seq)
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("stream message %d: %w", seq, err)
			}
		}
		if len(msg.Subject) < len(prefix) || msg.Subject[:len(prefix)] != prefix {
			continue // another network's
		}
		id := msg.Header.Get(schemas.HeaderMsgID)
		ledger, _, _, err := schemas.ParseStellarMsgID(id)
		if err != nil {
			return nil, fmt.Errorf("stream message %d: %w", seq, err)
		}
		if ledger <= after {
			break
		}
		have[id] = struct{}{}
	}
	return have, nil
}
