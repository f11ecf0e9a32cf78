package redisbridge

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/schemas"
)

// ClassUndecodableEvent is the error_class of a dead letter the bridge writes for an
// event it cannot decode, so that the outbound mirror never stalls on one.
const ClassUndecodableEvent = "undecodable_event"

// maxRequestLookups bounds the search for a failed request's original message.
const maxRequestLookups = 64

// outboundFilters are the HOKUSAI subjects mirrored to Redis.
func outboundFilters() []string {
	return []string{
		schemas.DeployFilter(schemas.EventPublished),
		schemas.DeployFilter(schemas.EventRejected),
		schemas.DeployFilter(schemas.EventFailed),
	}
}

// RunOutbound mirrors published events to the outbound list and rejected and failed ones
// to the dead-letter list until ctx is done.
func (b *Bridge) RunOutbound(ctx context.Context) error {
	return b.loop(ctx, dirOut, b.outboundOnce)
}

// Checkpoint reads the last HOKUSAI sequence mirrored to Redis (0 before the first).
func (b *Bridge) Checkpoint(ctx context.Context) (uint64, error) {
	_, cp, err := b.checkpoint(ctx)
	return cp, err
}

// checkpoint reads the stored "<epoch>:<sequence>"; a bare sequence has no epoch.
func (b *Bridge) checkpoint(ctx context.Context) (string, uint64, error) {
	v, err := b.rdb.Get(ctx, b.cfg.Lists.Checkpoint).Result()
	if errors.Is(err, redis.Nil) {
		return "", 0, nil
	}
	if err != nil {
		return "", 0, opErr("read checkpoint", ClassRedis, err)
	}
	epoch, cp, err := parseCheckpoint(v)
	if err != nil {
		return "", 0, opErr("read checkpoint", ClassOther, fmt.Errorf("%s: %w", b.cfg.Lists.Checkpoint, err))
	}
	return epoch, cp, nil
}

// parseCheckpoint splits "<epoch>:<sequence>"; a bare sequence has no epoch.
func parseCheckpoint(v string) (string, uint64, error) {
	epoch, seq, found := strings.Cut(v, ":")
	if !found {
		epoch, seq = "", v
	}
	cp, err := strconv.ParseUint(seq, 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("checkpoint %q is not [epoch:]sequence", v)
	}
	return epoch, cp, nil
}

// streamEpoch identifies this incarnation of HOKUSAI by its creation time: a stream
// deleted and created again restarts at sequence 1, and a checkpoint taken on the old
// one must not make the bridge skip the new one's events.
func (b *Bridge) streamEpoch(ctx context.Context) (string, error) {
	s, err := b.js.Stream(ctx, schemas.StreamHokusai)
	if err != nil {
		return "", opErr("read stream info", ClassConsume, err)
	}
	return strconv.FormatInt(s.CachedInfo().Created.UnixNano(), 10), nil
}

// outboundOnce reads from the checkpoint on until ctx is done or a step fails. Every
// failure restarts from the checkpoint in Redis, which is exactly what was pushed.
func (b *Bridge) outboundOnce(ctx context.Context, bo *backoff) error {
	epoch, err := b.streamEpoch(ctx)
	if err != nil {
		return err
	}
	cpEpoch, cp, err := b.checkpoint(ctx)
	if err != nil {
		return err
	}
	if cpEpoch != "" && cpEpoch != epoch {
		b.log.Warn("HOKUSAI was created anew since the checkpoint; mirroring from its first event",
			"checkpoint", cp, "checkpoint_epoch", cpEpoch, "stream_epoch", epoch)
		cp = 0
	}
	b.m.checkpoint.Set(float64(cp))
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects: outboundFilters(),
		DeliverPolicy:  jetstream.DeliverAllPolicy,
	}
	if cp > 0 {
		cfg.DeliverPolicy = jetstream.DeliverByStartSequencePolicy
		cfg.OptStartSeq = cp + 1
	}
	cons, err := b.js.OrderedConsumer(ctx, schemas.StreamHokusai, cfg)
	if err != nil {
		return opErr("open ordered consumer", ClassConsume, err)
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(2 * b.cfg.BatchSize))
	if err != nil {
		return opErr("open ordered consumer", ClassConsume, err)
	}
	defer it.Stop()
	b.redisDown.ok()
	bo.reset()

	msgs := make([]jetstream.Msg, 0, b.cfg.BatchSize)
	for {
		msgs = msgs[:0]
		msg, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return opErr("read HOKUSAI", ClassConsume, err)
		}
		msgs = append(msgs, msg)
		// Take what has already arrived, without waiting, to batch under load.
		for len(msgs) < b.cfg.BatchSize {
			m, err := it.Next(jetstream.NextMaxWait(time.Millisecond))
			if errors.Is(err, nats.ErrTimeout) {
				break
			}
			if err != nil {
				return opErr("read HOKUSAI", ClassConsume, err)
			}
			msgs = append(msgs, m)
		}
		b.natsDown.ok()
		if err := b.mirror(ctx, epoch, msgs); err != nil {
			return err
		}
		bo.reset()
	}
}

// mirror pushes one batch of events and advances the checkpoint, atomically.
func (b *Bridge) mirror(ctx context.Context, epoch string, msgs []jetstream.Msg) error {
	args := make([]any, 0, 1+3*len(msgs))
	args = append(args, epoch)
	var outN, dlqN int
	for _, msg := range msgs {
		md, err := msg.Metadata()
		if err != nil {
			return opErr("read HOKUSAI", ClassConsume, err)
		}
		target, payload, err := b.legacyMessage(ctx, msg.Subject(), md.Sequence.Stream, msg.Data())
		if err != nil {
			return err
		}
		if target == 'o' {
			outN++
		} else {
			dlqN++
		}
		args = append(args, strconv.FormatUint(md.Sequence.Stream, 10), string(target), payload)
	}
	keys := []string{b.cfg.Lists.Checkpoint, b.cfg.Lists.Outbound, b.cfg.Lists.DeadLetter}
	res, err := mirrorScript.Run(ctx, b.rdb, keys, args...).Slice()
	if err != nil {
		return opErr("push outbound", ClassRedis, err)
	}
	pushed, cp, err := parseMirrorResult(res)
	if err != nil {
		return opErr("push outbound", ClassOther, err)
	}
	b.redisDown.ok()
	b.m.checkpoint.Set(float64(cp))
	b.m.batch.WithLabelValues(dirOut).Observe(float64(len(msgs)))
	if pushed == len(msgs) {
		b.m.messages.WithLabelValues(dirOut).Add(float64(outN))
		b.m.messages.WithLabelValues(dirDLQ).Add(float64(dlqN))
	} else {
		// Some were already pushed by an earlier run whose reply was lost.
		b.m.messages.WithLabelValues(dirOut).Add(float64(pushed))
	}
	if h := b.hooks.afterMirror; h != nil {
		if err := h(pushed, cp); err != nil {
			return err
		}
	}
	return nil
}

func parseMirrorResult(res []any) (int, uint64, error) {
	if len(res) != 2 {
		return 0, 0, fmt.Errorf("mirror script returned %d values", len(res))
	}
	pushed, ok := res[0].(int64)
	if !ok {
		return 0, 0, fmt.Errorf("mirror script returned pushed=%v", res[0])
	}
	s, ok := res[1].(string)
	if !ok {
		return 0, 0, fmt.Errorf("mirror script returned checkpoint=%v", res[1])
	}
	cp, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("mirror script returned checkpoint %q", s)
	}
	return int(pushed), cp, nil
}

// legacyMessage turns an event into what legacy consumers read: the TokenDeployed JSON
// for the outbound list ('o'), a dead-letter entry otherwise ('d'). An event that cannot
// be decoded becomes a dead letter saying so, never a stall.
func (b *Bridge) legacyMessage(ctx context.Context, subject string, seq uint64, data []byte) (byte, string, error) {
	ev, _, err := schemas.ParseDeploySubject(subject)
	if err == nil {
		switch ev {
		case schemas.EventPublished:
			var p schemas.Published
			if err = schemas.Unmarshal(data, &p); err == nil {
				return 'o', string(p.Message), nil
			}
		case schemas.EventRejected:
			var r schemas.Rejected
			if err = schemas.Unmarshal(data, &r); err == nil {
				if len(r.Raw) == 0 {
					// Rejected after validation (a second request the deployer caught):
					// the original is the request's requested event.
					req, err := b.requested(ctx, r.ModelID, r.RequestID)
					if err != nil {
						return 0, "", err
					}
					if req != nil {
						r.Raw, r.Queue = req.Raw, cmp.Or(r.Queue, req.Queue)
					}
				}
				dl, err := marshalJSON(b.rejectedDeadLetter(&r))
				return 'd', dl, opErr("encode dead letter", ClassOther, err)
			}
		case schemas.EventFailed:
			var f schemas.Failed
			if err = schemas.Unmarshal(data, &f); err == nil {
				d, err := b.failedDeadLetter(ctx, &f)
				if err != nil {
					return 0, "", err
				}
				dl, err := marshalJSON(d)
				return 'd', dl, opErr("encode dead letter", ClassOther, err)
			}
		default:
			err = fmt.Errorf("event type %q is not mirrored", ev)
		}
	}
	b.m.errors.WithLabelValues(dirOut, string(ClassDecode)).Inc()
	b.log.Error("undecodable event sent to the dead-letter list", "subject", subject, "seq", seq, "err", err)
	dl, merr := marshalJSON(schemas.DeadLetter{
		OriginalMessage: string(data),
		Error:           fmt.Sprintf("event %s at HOKUSAI sequence %d cannot be decoded: %v", subject, seq, err),
		Timestamp:       isoTime(time.Now()),
		Queue:           b.cfg.Lists.Inbound,
		ErrorClass:      ClassUndecodableEvent,
		Stage:           "bridge",
	})
	return 'd', dl, opErr("encode dead letter", ClassOther, merr)
}

// rejectedDeadLetter is the dead letter of a rejected request: the message exactly as it
// arrived, every reason.
func (b *Bridge) rejectedDeadLetter(r *schemas.Rejected) schemas.DeadLetter {
	reason := strings.Join(r.Reasons, "; ")
	if reason == "" {
		reason = r.Class
	}
	queue := r.Queue
	if queue == "" {
		queue = b.cfg.Lists.Inbound
	}
	return schemas.DeadLetter{
		OriginalMessage: string(r.Raw),
		Error:           reason,
		Timestamp:       eventTime(r.RejectedAt),
		Queue:           queue,
		ErrorClass:      r.Class,
		Stage:           r.Stage,
		ModelID:         r.ModelID,
		RequestID:       r.RequestID,
	}
}

// failedDeadLetter is the dead letter of a request a stage could not complete. The
// failed event does not carry the original message; it is the raw message of the
// request's requested event, found in HOKUSAI by model and request id. When the log no
// longer has it, originalMessage is a JSON object naming the request and the failed
// input ({"model_id", "request_id", "input_subject", "input_seq"}).
func (b *Bridge) failedDeadLetter(ctx context.Context, f *schemas.Failed) (schemas.DeadLetter, error) {
	raw, queue, err := b.originalMessage(ctx, f)
	if err != nil {
		return schemas.DeadLetter{}, err
	}
	reason := f.Reason
	if f.Attempts > 1 {
		reason = fmt.Sprintf("%s (after %d attempts)", reason, f.Attempts)
	}
	if queue == "" {
		queue = b.cfg.Lists.Inbound
	}
	return schemas.DeadLetter{
		OriginalMessage: raw,
		Error:           reason,
		Timestamp:       eventTime(f.FailedAt),
		Queue:           queue,
		ErrorClass:      f.Class,
		Stage:           f.Stage,
		ModelID:         f.ModelID,
		RequestID:       f.RequestID,
	}, nil
}

// originalMessage finds the raw message of a failed request.
func (b *Bridge) originalMessage(ctx context.Context, f *schemas.Failed) (string, string, error) {
	if ev, _, err := schemas.ParseDeploySubject(f.InputSubject); err == nil && ev == schemas.EventRequested {
		var r schemas.Requested
		if schemas.Unmarshal(f.Input, &r) == nil {
			return string(r.Raw), r.Queue, nil
		}
	}
	r, err := b.requested(ctx, f.ModelID, f.RequestID)
	if err != nil {
		return "", "", err
	}
	if r != nil {
		return string(r.Raw), r.Queue, nil
	}
	ref, err := marshalJSON(map[string]any{
		"model_id": f.ModelID, "request_id": f.RequestID,
		"input_subject": f.InputSubject, "input_seq": f.InputSeq,
	})
	return ref, "", opErr("encode dead letter", ClassOther, err)
}

// requested finds a request's requested event in HOKUSAI, nil when the log no longer
// has it.
func (b *Bridge) requested(ctx context.Context, modelID, requestID string) (*schemas.Requested, error) {
	stream, err := b.js.Stream(ctx, schemas.StreamHokusai)
	if err != nil {
		return nil, opErr("find original message", ClassConsume, err)
	}
	subject := schemas.DeploySubject(schemas.EventRequested, modelID)
	match := func(m *jetstream.RawStreamMsg) *schemas.Requested {
		var r schemas.Requested
		if schemas.Unmarshal(m.Data, &r) == nil && r.RequestID == requestID {
			return &r
		}
		return nil
	}
	// A model is requested once as a rule: the last requested event is the one.
	m, err := stream.GetLastMsgForSubject(ctx, subject)
	switch {
	case errors.Is(err, jetstream.ErrMsgNotFound):
		return nil, nil
	case err != nil:
		return nil, opErr("find original message", ClassConsume, err)
	}
	if r := match(m); r != nil {
		return r, nil
	}
	for seq, i := uint64(1), 0; i < maxRequestLookups; i++ {
		m, err := stream.GetMsg(ctx, seq, jetstream.WithGetMsgSubject(subject))
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, opErr("find original message", ClassConsume, err)
		}
		if r := match(m); r != nil {
			return r, nil
		}
		seq = m.Sequence + 1
	}
	return nil, nil
}

func eventTime(t time.Time) string {
	if t.IsZero() {
		t = time.Now()
	}
	return isoTime(t)
}
