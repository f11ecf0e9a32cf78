package redisbridge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/schemas"
)

// headerRoom is what the headers of a requested event may take beside its body when
// checking a message against the server's max payload.
const headerRoom = 1024

// ClassPayloadTooLarge is the error_class of a message larger than JetStream accepts; it
// goes straight to the dead-letter list, whole.
const ClassPayloadTooLarge = "payload_too_large"

// batch is a claimed batch on its way through JetStream.
type batch struct {
	entries []entry
	futs    []jetstream.PubAckFuture
	sent    time.Time
}

// RunInbound mirrors the inbound list into JetStream until ctx is done. It first
// publishes whatever a previous run left in the processing list.
func (b *Bridge) RunInbound(ctx context.Context) error {
	return b.loop(ctx, dirIn, b.inboundOnce)
}

// inboundOnce recovers the processing list, then claims, publishes and removes batches
// in a pipeline until ctx is done or a step fails. After a failure the caller backs off
// and calls it again, which recovers whatever the failure left behind.
func (b *Bridge) inboundOnce(ctx context.Context, bo *backoff) error {
	if err := b.recoverProcessing(ctx); err != nil {
		return err
	}
	bo.reset()

	// work outlives ctx by up to ShutdownTimeout so that published batches are removed
	// on a clean shutdown; it ends at once on a failure.
	work, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
	defer cancel(nil)
	claimCtx, stopClaims := context.WithCancel(ctx)
	defer stopClaims()
	stopOnFailure := context.AfterFunc(work, stopClaims)
	defer stopOnFailure()

	batches := make(chan *batch, b.cfg.InFlightBatches)
	removed := make(chan error, 1)
	go func() {
		err := b.removeLoop(work, batches)
		if err != nil {
			cancel(err)
		}
		removed <- err
	}()

	claimErr := b.claimLoop(claimCtx, work, bo, batches)
	if claimErr != nil {
		cancel(claimErr)
	} else {
		t := time.AfterFunc(b.cfg.ShutdownTimeout, func() { cancel(context.DeadlineExceeded) })
		defer t.Stop()
	}
	remErr := <-removed
	if claimErr != nil {
		return claimErr
	}
	return remErr
}

// claimLoop claims batches and publishes them asynchronously, handing each to out. It
// closes out when it returns.
func (b *Bridge) claimLoop(ctx, work context.Context, bo *backoff, out chan<- *batch) error {
	defer close(out)
	for ctx.Err() == nil {
		entries, err := b.claim(work, nil)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			// Nothing queued: wait on the dedicated connection for the next message,
			// moved into the processing list as it arrives, then wrap it.
			raw, err := b.block.BLMove(ctx, b.cfg.Lists.Inbound, b.cfg.Lists.Processing, "RIGHT", "LEFT", b.cfg.BlockTimeout).Result()
			if errors.Is(err, redis.Nil) {
				continue
			}
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return opErr("wait for inbound", ClassRedis, err)
			}
			// Even when ctx is done now: the message is in the processing list and is
			// best published while we hold it.
			if entries, err = b.claim(work, &raw); err != nil {
				return err
			}
			if len(entries) == 0 {
				continue
			}
		}
		b.redisDown.ok()
		bo.reset()
		if h := b.hooks.afterClaim; h != nil {
			if err := h(entries); err != nil {
				return err
			}
		}
		bt, err := b.publish(work, entries)
		if err != nil {
			return err
		}
		select {
		case out <- bt:
		case <-work.Done():
			return nil
		}
	}
	return nil
}

// claim runs the claim script; adopt is a raw message BLMOVE just put in the processing
// list (possibly the empty string), or nil.
func (b *Bridge) claim(ctx context.Context, adopt *string) ([]entry, error) {
	args := []any{newIDPrefix(time.Now()), b.cfg.BatchSize, b.cfg.MaxBatchBytes}
	if adopt != nil {
		args = append(args, *adopt)
	}
	res, err := claimScript.Run(ctx, b.rdb, []string{b.cfg.Lists.Inbound, b.cfg.Lists.Processing}, args...).StringSlice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, opErr("claim batch", ClassRedis, err)
	}
	entries := make([]entry, 0, len(res))
	for _, env := range res {
		e, ok := decodeEnvelope(env)
		if !ok {
			return nil, opErr("claim batch", ClassOther, fmt.Errorf("claim script returned a malformed envelope"))
		}
		entries = append(entries, e)
	}
	if len(entries) > 0 {
		b.m.batch.WithLabelValues(dirIn).Observe(float64(len(entries)))
	}
	return entries, nil
}

// publish sends every entry asynchronously. An entry too large for JetStream is moved
// to the dead-letter list instead.
func (b *Bridge) publish(ctx context.Context, entries []entry) (*batch, error) {
	bt := &batch{entries: make([]entry, 0, len(entries)), futs: make([]jetstream.PubAckFuture, 0, len(entries)), sent: time.Now()}
	limit := int(b.nc.MaxPayload()) - headerRoom
	for _, e := range entries {
		msg, err := b.requestedMsg(e)
		if err != nil {
			return nil, err
		}
		if limit > 0 && len(msg.Data) > limit {
			if err := b.deadLetterOversize(ctx, e, len(msg.Data), limit); err != nil {
				return nil, err
			}
			continue
		}
		// A slow server stalls the publish rather than failing it (the default is to
		// give up after 200 ms).
		fut, err := b.js.PublishMsgAsync(msg, jetstream.WithStallWait(b.cfg.PublishTimeout))
		if err != nil {
			return nil, opErr("publish requested", ClassPublish, err)
		}
		bt.entries = append(bt.entries, e)
		bt.futs = append(bt.futs, fut)
	}
	return bt, nil
}

// requestedMsg builds the hokusai.deploy.requested event of an entry. The same entry
// always gives the same message, so that a publish repeated after a crash is a
// duplicate JetStream drops.
func (b *Bridge) requestedMsg(e entry) (*nats.Msg, error) {
	modelID := peekModelID(e.raw)
	at, ok := idTime(e.id)
	if !ok {
		at = time.Now().UTC()
	}
	body, err := schemas.Marshal(schemas.Requested{
		RequestID:  e.id,
		ModelID:    modelID,
		Raw:        e.raw,
		Queue:      b.cfg.Lists.Inbound,
		ReceivedAt: at,
	})
	if err != nil {
		return nil, opErr("encode requested", ClassOther, err)
	}
	meta := schemas.Meta{
		MsgID:         schemas.DeployMsgID(schemas.EventRequested, modelID, e.id, ""),
		EventType:     string(schemas.EventRequested),
		SchemaVersion: schemas.DeploySchemaVersion,
		CorrelationID: e.id,
		ContentType:   schemas.ContentTypeMsgpack,
	}
	return &nats.Msg{Subject: schemas.DeploySubject(schemas.EventRequested, modelID), Header: meta.Header(), Data: body}, nil
}

// deadLetterOversize moves a message JetStream cannot carry from the processing list to
// the dead-letter list, whole, in one step.
func (b *Bridge) deadLetterOversize(ctx context.Context, e entry, size, limit int) error {
	dl := schemas.DeadLetter{
		OriginalMessage: string(e.raw),
		Error:           fmt.Sprintf("message of %d bytes (as an event) exceeds the JetStream max payload of %d bytes", size, limit),
		Timestamp:       isoTime(time.Now()),
		Queue:           b.cfg.Lists.Inbound,
		ErrorClass:      ClassPayloadTooLarge,
		Stage:           "bridge",
		ModelID:         peekModelID(e.raw),
		RequestID:       e.id,
	}
	js, err := marshalJSON(dl)
	if err != nil {
		return opErr("encode dead letter", ClassOther, err)
	}
	n, err := deadLetterScript.Run(ctx, b.rdb, []string{b.cfg.Lists.Processing, b.cfg.Lists.DeadLetter}, e.env, js).Int()
	if err != nil {
		return opErr("dead-letter oversize message", ClassRedis, err)
	}
	if n == 1 {
		b.m.messages.WithLabelValues(dirDLQ).Inc()
		b.log.Warn("message too large for JetStream moved to the dead-letter list", "request_id", e.id, "bytes", len(e.raw), "dlq", b.cfg.Lists.DeadLetter)
	}
	return nil
}

// removeLoop waits for each batch's PubAcks, then removes its entries from the
// processing list, batches in claim order.
func (b *Bridge) removeLoop(ctx context.Context, in <-chan *batch) error {
	for bt := range in {
		if err := b.settle(ctx, bt); err != nil {
			return err
		}
	}
	return nil
}

// settle waits for a published batch's PubAcks, then removes its entries from the
// processing list: the only order in which a crash loses nothing.
func (b *Bridge) settle(ctx context.Context, bt *batch) error {
	if err := b.awaitAcks(ctx, bt); err != nil {
		return err
	}
	if h := b.hooks.afterAck; h != nil {
		if err := h(bt.entries); err != nil {
			return err
		}
	}
	if err := b.remove(ctx, bt.entries); err != nil {
		return err
	}
	b.m.messages.WithLabelValues(dirIn).Add(float64(len(bt.entries)))
	return nil
}

// awaitAcks waits for every PubAck of a batch.
func (b *Bridge) awaitAcks(ctx context.Context, bt *batch) error {
	timer := time.NewTimer(time.Until(bt.sent.Add(b.cfg.PublishTimeout)))
	defer timer.Stop()
	for i, fut := range bt.futs {
		select {
		case ack := <-fut.Ok():
			if ack.Duplicate {
				b.m.duplicates.Inc()
			}
		case err := <-fut.Err():
			return opErr("publish requested "+bt.entries[i].id, ClassPublish, err)
		case <-timer.C:
			return opErr("publish requested "+bt.entries[i].id, ClassPublish, ErrAckTimeout)
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	b.natsDown.ok()
	return nil
}

// remove deletes acknowledged entries from the processing list: from its right end in
// one script call when they are the oldest there (the usual case), by value otherwise.
func (b *Bridge) remove(ctx context.Context, entries []entry) error {
	if len(entries) == 0 {
		return nil
	}
	prefixes := make([]any, len(entries))
	for i, e := range entries {
		prefixes[i] = e.prefix()
	}
	missed, err := removeScript.Run(ctx, b.rdb, []string{b.cfg.Lists.Processing}, prefixes...).Int64Slice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return opErr("remove published", ClassRedis, err)
	}
	if len(missed) > 0 {
		if _, err := b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, i := range missed {
				p.LRem(ctx, b.cfg.Lists.Processing, -1, entries[i-1].env)
			}
			return nil
		}); err != nil {
			return opErr("remove published", ClassRedis, err)
		}
	}
	return nil
}

// recoverProcessing publishes again whatever the processing list holds (a previous run
// crashed, or a step failed) and removes it once acknowledged, oldest first. Raw entries
// get ids first. It handles at most what the list held when it started, so that it ends
// even while another bridge keeps claiming into the same list.
func (b *Bridge) recoverProcessing(ctx context.Context) error {
	keys := []string{b.cfg.Lists.Processing}
	adopted, err := adoptScript.Run(ctx, b.rdb, keys, newIDPrefix(time.Now())).Int()
	if err != nil {
		return opErr("adopt raw entries", ClassRedis, err)
	}
	if adopted > 0 {
		b.log.Info("gave request ids to raw entries of the processing list", "count", adopted, "list", b.cfg.Lists.Processing)
	}
	remaining, err := b.rdb.LLen(ctx, b.cfg.Lists.Processing).Result()
	if err != nil {
		return opErr("recover processing list", ClassRedis, err)
	}
	b.redisDown.ok()
	if remaining > 0 {
		b.log.Info("recovering the processing list", "entries", remaining, "list", b.cfg.Lists.Processing)
	}
	for remaining > 0 {
		n := min(int64(b.cfg.BatchSize), remaining)
		items, err := b.rdb.LRange(ctx, b.cfg.Lists.Processing, -n, -1).Result()
		if err != nil {
			return opErr("recover processing list", ClassRedis, err)
		}
		if len(items) == 0 {
			return nil
		}
		remaining -= int64(len(items))
		slices.Reverse(items) // oldest (rightmost) first
		entries := make([]entry, 0, len(items))
		for _, it := range items {
			if e, ok := decodeEnvelope(it); ok {
				entries = append(entries, e)
			}
		}
		bt, err := b.publish(ctx, entries)
		if err != nil {
			return err
		}
		if err := b.settle(ctx, bt); err != nil {
			return err
		}
		b.m.recovered.Add(float64(len(bt.entries)))
	}
	return nil
}

// isoTime formats t as JavaScript's Date.toISOString does (what legacy consumers parse).
func isoTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// marshalJSON encodes v without HTML escaping, so that an original message reads as it
// was sent.
func marshalJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}
