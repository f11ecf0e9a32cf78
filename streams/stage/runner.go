package stage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/schemas"
)

// Config configures a Runner. Zero values take the defaults documented per field.
type Config struct {
	// Name of the stage: logs, metrics and dead-letter events carry it.
	Name string
	// Stream and Consumer name the durable pull consumer to read.
	Stream, Consumer string
	// Concurrency is how many inputs are handled at once. Default 16.
	Concurrency int
	// Backoff is the NakWithDelay schedule for transient errors, indexed by delivery
	// count; the last entry repeats. Default 1s, 2s, 5s, 15s, 30s.
	Backoff []time.Duration
	// HandlerTimeout bounds one handler call. Default 5 minutes.
	HandlerTimeout time.Duration
	// PublishTimeout bounds waiting for JetStream to acknowledge outputs. Default 10 s.
	PublishTimeout time.Duration
	// ShutdownTimeout is how long in-flight handlers may finish after Run's context is
	// cancelled before their own contexts are cancelled. Default 30 s.
	ShutdownTimeout time.Duration
	// DeadLetter builds the events recording a failure. Default FailedEvent.
	DeadLetter DeadLetterFunc
	// Middleware wraps the handler, first entry outermost.
	Middleware []Middleware
	Logger     *slog.Logger
	Metrics    *Metrics
}

// Check validates the configuration and fills defaults.
func (c *Config) Check() error {
	if c.Name == "" || c.Stream == "" || c.Consumer == "" {
		return errors.New("stage: name, stream and consumer are required")
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 16
	}
	if len(c.Backoff) == 0 {
		c.Backoff = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second}
	}
	if c.HandlerTimeout <= 0 {
		c.HandlerTimeout = 5 * time.Minute
	}
	if c.PublishTimeout <= 0 {
		c.PublishTimeout = 10 * time.Second
	}
	if c.ShutdownTimeout <= 0 {
		c.ShutdownTimeout = 30 * time.Second
	}
	if c.DeadLetter == nil {
		c.DeadLetter = FailedEvent
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Metrics == nil {
		c.Metrics = NewMetrics(nil)
	}
	return nil
}

// Runner drives one stage's handler over its durable consumer.
type Runner struct {
	js      jetstream.JetStream
	cfg     Config
	handler Handler
	log     *slog.Logger
	running atomic.Bool

	// Read from the consumer's configuration when Run starts.
	ackWait    time.Duration
	maxDeliver int

	// Series of this stage, resolved once instead of per message.
	mProcessed, mFailedOut, mRedelivered prometheus.Counter
	mInFlight                            prometheus.Gauge
	mLatency                             prometheus.Observer

	// slots hold, per worker, the input it is handling, for the heartbeat loop.
	slots []atomic.Pointer[inflight]
	// pub publishes outputs; its async timeout is PublishTimeout, so waiting for a PubAck
	// needs no timer per message.
	pub jetstream.JetStream

	// afterPublish, when set by a test, runs between publishing outputs and acking the
	// input: the window a crash must not turn into a lost or doubled event.
	afterPublish func()
}

// New builds a runner; Run starts it.
func New(js jetstream.JetStream, cfg Config, h Handler) (*Runner, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if h == nil {
		return nil, errors.New("stage: nil handler")
	}
	for i := len(cfg.Middleware) - 1; i >= 0; i-- {
		h = cfg.Middleware[i](h)
	}
	pub, err := jetstream.New(js.Conn(), jetstream.WithPublishAsyncTimeout(cfg.PublishTimeout),
		jetstream.WithPublishAsyncMaxPending(max(4096, 4*cfg.Concurrency)))
	if err != nil {
		return nil, fmt.Errorf("stage %s: jetstream: %w", cfg.Name, err)
	}
	m, name := cfg.Metrics, cfg.Name
	return &Runner{
		js: js, pub: pub, cfg: cfg, handler: h, log: cfg.Logger.With("stage", name),
		mProcessed:   m.processed.WithLabelValues(name, "ok"),
		mFailedOut:   m.processed.WithLabelValues(name, "failed"),
		mRedelivered: m.redelivered.WithLabelValues(name),
		mInFlight:    m.inFlight.WithLabelValues(name),
		mLatency:     m.latency.WithLabelValues(name),
	}, nil
}

// Run consumes until ctx is cancelled, then stops fetching, lets in-flight handlers
// finish within ShutdownTimeout and returns. Inputs not finished by then are left
// unacked and come back to another replica after AckWait.
func (r *Runner) Run(ctx context.Context) error {
	if !r.running.CompareAndSwap(false, true) {
		return ErrClosed
	}
	cons, err := r.js.Consumer(ctx, r.cfg.Stream, r.cfg.Consumer)
	if err != nil {
		return fmt.Errorf("stage %s: consumer %s/%s: %w", r.cfg.Name, r.cfg.Stream, r.cfg.Consumer, err)
	}
	info := cons.CachedInfo()
	r.ackWait, r.maxDeliver = info.Config.AckWait, info.Config.MaxDeliver
	it, err := cons.Messages(jetstream.PullMaxMessages(r.cfg.Concurrency))
	if err != nil {
		return fmt.Errorf("stage %s: consume: %w", r.cfg.Name, err)
	}
	// Handlers outlive ctx by up to ShutdownTimeout so that a SIGTERM finishes work
	// instead of abandoning a half-sent transaction.
	hardCtx, hardCancel := context.WithCancel(context.WithoutCancel(ctx))
	defer hardCancel()
	stopped := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			it.Drain()
		case <-stopped:
		}
	}()
	r.slots = make([]atomic.Pointer[inflight], r.cfg.Concurrency)
	if r.ackWait > 0 {
		go r.heartbeats(hardCtx, max(r.ackWait/3, 10*time.Millisecond))
	}

	r.log.Info("stage started", "consumer", r.cfg.Consumer, "concurrency", r.cfg.Concurrency, "ack_wait", r.ackWait, "max_deliver", r.maxDeliver)
	// A fixed pool of workers, each with its slot: no goroutine per input, and the
	// heartbeat loop reads the slots without a lock.
	work := make(chan jetstream.Msg)
	var wg sync.WaitGroup
	for i := range r.slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for msg := range work {
				r.slots[i].Store(&inflight{msg: msg, since: time.Now()})
				r.process(hardCtx, msg)
				r.slots[i].Store(nil)
			}
		}()
	}
	var runErr error
	for {
		msg, err := it.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) {
				if ctx.Err() == nil && r.js.Conn().IsClosed() {
					runErr = fmt.Errorf("stage %s: %w", r.cfg.Name, nats.ErrConnectionClosed)
				}
				break
			}
			if errors.Is(err, nats.ErrConnectionClosed) {
				runErr = fmt.Errorf("stage %s: %w", r.cfg.Name, err)
				it.Stop()
				break
			}
			r.log.Debug("consume", "err", err)
			continue
		}
		if ctx.Err() != nil {
			// Drained after shutdown began: hand it straight back.
			_ = msg.Nak()
			continue
		}
		work <- msg
	}
	close(stopped)
	close(work)

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(r.cfg.ShutdownTimeout):
		r.log.Warn("shutdown deadline passed; cancelling in-flight handlers", "timeout", r.cfg.ShutdownTimeout)
		hardCancel()
		<-done
	}
	r.log.Info("stage stopped")
	return runErr
}

// process handles one input from delivery to ack, nak or term.
func (r *Runner) process(ctx context.Context, msg jetstream.Msg) {
	m := r.cfg.Metrics
	in, err := r.message(msg)
	// Built only on the paths that log: the happy path allocates no logger.
	log := func() *slog.Logger {
		return r.log.With("subject", msg.Subject(), "seq", in.StreamSeq, "correlation_id", in.Meta.CorrelationID)
	}
	if in.Delivered > 1 {
		r.mRedelivered.Inc()
	}
	r.mInFlight.Inc()
	defer r.mInFlight.Dec()

	var outs []Output
	if err == nil {
		start := time.Now()
		outs, err = r.call(ctx, msg, in)
		r.mLatency.Observe(time.Since(start).Seconds())
	}
	if err == nil {
		if err = r.publish(ctx, in, outs); err == nil {
			if r.afterPublish != nil {
				r.afterPublish()
			}
			if err := msg.Ack(); err != nil {
				// The outputs are in the stream; a redelivery republishes them as duplicates
				// that JetStream drops.
				log().Warn("ack failed; input will be redelivered", "err", err)
			}
			r.mProcessed.Inc()
			return
		}
		var se *Error
		if !errors.As(err, &se) {
			err = Transient(ClassPublish, err)
		}
	}

	class, permanent := Classify(err)
	attempts := int(in.Delivered)
	if !permanent && (r.maxDeliver <= 0 || attempts < r.maxDeliver) && ctx.Err() == nil {
		delay := r.backoff(attempts, err)
		log().Warn("transient failure; retrying", "class", class, "attempt", attempts, "retry_in", delay, "err", err)
		m.retried.WithLabelValues(r.cfg.Name, class).Inc()
		_ = msg.NakWithDelay(delay)
		return
	}
	if !permanent && ctx.Err() != nil {
		// Shutting down: return the input untouched for another replica.
		_ = msg.Nak()
		return
	}

	reason := err.Error()
	if !permanent {
		reason = fmt.Sprintf("gave up after %d attempts: %v", attempts, err)
	}
	f := Failure{Stage: r.cfg.Name, Class: class, Reason: reason, Attempts: attempts, Err: err}
	dl, dlErr := r.cfg.DeadLetter(ctx, in, f)
	if dlErr == nil {
		dlErr = r.publish(ctx, in, dl)
	}
	if dlErr != nil {
		// Never drop an input whose failure could not be recorded.
		log().Error("dead-letter publish failed; retrying input", "class", class, "err", errors.Join(err, dlErr))
		_ = msg.NakWithDelay(r.backoff(attempts, nil))
		return
	}
	if err := msg.Term(); err != nil {
		log().Warn("term failed", "err", err)
	}
	log().Warn("input failed", "class", class, "attempts", attempts, "reason", reason)
	r.mFailedOut.Inc()
	m.failed.WithLabelValues(r.cfg.Name, class).Inc()
}

func (r *Runner) message(msg jetstream.Msg) (*Message, error) {
	in := &Message{Subject: msg.Subject(), Header: msg.Headers(), Data: msg.Data(), Stage: r.cfg.Name, Delivered: 1}
	if md, err := msg.Metadata(); err == nil {
		in.Delivered, in.StreamSeq = md.NumDelivered, md.Sequence.Stream
	}
	meta, err := schemas.MetaFromHeader(in.Header)
	in.Meta = meta
	if err != nil {
		return in, Permanent(ClassDecode, err)
	}
	return in, nil
}

// call runs the handler with a timeout, heartbeats and panic recovery.
func (r *Runner) call(ctx context.Context, msg jetstream.Msg, in *Message) (outs []Output, err error) {
	ctx, cancel := context.WithTimeoutCause(ctx, r.cfg.HandlerTimeout, errTimeout)
	defer cancel()
	// The runner's heartbeat loop keeps this input alive while the handler runs; a
	// handler may also beat itself.
	ctx = context.WithValue(ctx, heartbeatKey{}, func() { _ = msg.InProgress() })
	defer func() {
		if p := recover(); p != nil {
			r.log.Error("handler panic", "panic", p, "stack", string(debug.Stack()))
			outs, err = nil, Transient(ClassPanic, fmt.Errorf("panic: %v", p))
		}
	}()
	outs, err = r.handler(ctx, in)
	if err != nil && errors.Is(context.Cause(ctx), errTimeout) {
		err = Transient(ClassTimeout, fmt.Errorf("%w after %s: %w", errTimeout, r.cfg.HandlerTimeout, err))
	}
	return outs, err
}

// publish sends every output and waits until JetStream acknowledged all of them.
func (r *Runner) publish(ctx context.Context, in *Message, outs []Output) error {
	if len(outs) == 0 {
		return nil
	}
	futures := make([]jetstream.PubAckFuture, 0, len(outs))
	for i := range outs {
		msg, err := r.encode(in, &outs[i])
		if err != nil {
			return err
		}
		f, err := r.pub.PublishMsgAsync(msg)
		if err != nil {
			return fmt.Errorf("publish %s: %w", msg.Subject, err)
		}
		futures = append(futures, f)
	}
	for _, f := range futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			// Includes no PubAck within PublishTimeout (the publisher's async timeout).
			return fmt.Errorf("publish %s: %w", f.Msg().Subject, err)
		case <-ctx.Done():
			return fmt.Errorf("publish %s: %w", f.Msg().Subject, ctx.Err())
		}
	}
	return nil
}

func (r *Runner) encode(in *Message, o *Output) (*nats.Msg, error) {
	if o.Subject == "" || o.MsgID == "" {
		return nil, Permanent(ClassInternal, fmt.Errorf("output without subject or message id (%q, %q)", o.Subject, o.MsgID))
	}
	data := o.Data
	if data == nil && o.Value != nil {
		b, err := schemas.Marshal(o.Value)
		if err != nil {
			return nil, Permanent(ClassInternal, err)
		}
		data = b
	}
	h := nats.Header{}
	for k, v := range o.Header {
		h[k] = v
	}
	meta := schemas.Meta{
		MsgID:         o.MsgID,
		EventType:     o.EventType,
		SchemaVersion: o.SchemaVersion,
		CorrelationID: o.CorrelationID,
		CausationID:   in.Meta.MsgID,
		ContentType:   o.ContentType,
	}
	if meta.SchemaVersion == 0 {
		meta.SchemaVersion = schemas.DeploySchemaVersion
	}
	if meta.ContentType == "" {
		meta.ContentType = schemas.ContentTypeMsgpack
	}
	if meta.CorrelationID == "" {
		meta.CorrelationID = in.Meta.CorrelationID
	}
	if meta.CausationID == "" && in.StreamSeq > 0 {
		meta.CausationID = "seq:" + strconv.FormatUint(in.StreamSeq, 10)
	}
	meta.Apply(h)
	return &nats.Msg{Subject: o.Subject, Header: h, Data: data}, nil
}

func (r *Runner) backoff(attempt int, err error) time.Duration {
	var e *Error
	if errors.As(err, &e) && e.Delay > 0 {
		return e.Delay
	}
	i := min(max(attempt-1, 0), len(r.cfg.Backoff)-1)
	return r.cfg.Backoff[i]
}

// FailedEvent is the default dead-letter: a schemas.Failed on
// hokusai.deploy.failed.<model>, the model read from the input's subject and the request
// id from its correlation id (one per request, end to end).
func FailedEvent(_ context.Context, in *Message, f Failure) ([]Output, error) {
	_, model, err := schemas.ParseDeploySubject(in.Subject)
	if err != nil {
		model = ""
	}
	ev := schemas.Failed{
		RequestID:    in.Meta.CorrelationID,
		ModelID:      model,
		Stage:        f.Stage,
		Class:        f.Class,
		Reason:       f.Reason,
		Attempts:     f.Attempts,
		InputSubject: in.Subject,
		InputSeq:     in.StreamSeq,
		Input:        in.Data,
		FailedAt:     time.Now().UTC(),
	}
	return []Output{{
		Subject:   schemas.DeploySubject(schemas.EventFailed, model),
		MsgID:     schemas.DeployMsgID(schemas.EventFailed, model, in.Meta.CorrelationID, f.Stage+":"+strconv.FormatUint(in.StreamSeq, 10)),
		EventType: string(schemas.EventFailed),
		Value:     ev,
	}}, nil
}

// inflight is the input a worker is handling and since when.
type inflight struct {
	msg   jetstream.Msg
	since time.Time
}

// heartbeats sends InProgress for every input handled longer than a heartbeat period,
// from one loop for the whole runner instead of a timer per input.
func (r *Runner) heartbeats(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for i := range r.slots {
				if in := r.slots[i].Load(); in != nil && now.Sub(in.since) >= every {
					_ = in.msg.InProgress()
				}
			}
		}
	}
}
