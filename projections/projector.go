package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// DeploySubjects matches every deploy-flow event.
const DeploySubjects = "hokusai.deploy.>"

// CursorDeployments is the key of the deployment projection's position in the cursors
// bucket.
const CursorDeployments = "projection.deployments"

// Config configures the deployment projector.
type Config struct {
	// Stream is read from; default HOKUSAI.
	Stream string
	// Bucket holds the states; default streams.BucketDeployments.
	Bucket string
	// CursorBucket and CursorKey hold the last processed sequence; defaults
	// streams.BucketCursors and CursorDeployments.
	CursorBucket string
	CursorKey    string
	// BatchSize is how many events are folded in memory before the changed states are
	// written; a batch is also written whenever the projector catches up with the stream
	// and FlushInterval after its first event, so the size matters only when catching up,
	// where a larger batch writes a model whose events it spans once instead of twice.
	// Default 50000.
	BatchSize int
	// FlushInterval bounds how long the events of a batch wait for their write when
	// more events are announced but slow to come: the batch is written that long after
	// its first event at the latest. Default 500 ms.
	FlushInterval time.Duration
	// GaugeInterval is how often the whole-state gauges (oldest submitted) are recomputed.
	// Default 15 s.
	GaugeInterval time.Duration
	// PullMaxMessages is the ordered consumer's read-ahead. Default 2048.
	PullMaxMessages int
	Logger          *slog.Logger
	// Registerer receives the metrics; nil leaves them unregistered.
	Registerer prometheus.Registerer
	// Now is the clock for ages; default time.Now.
	Now func() time.Time
}

// Check validates the configuration and fills defaults.
func (c *Config) Check() error {
	if c.Stream == "" {
		c.Stream = schemas.StreamHokusai
	}
	if c.Bucket == "" {
		c.Bucket = streams.BucketDeployments
	}
	if c.CursorBucket == "" {
		c.CursorBucket = streams.BucketCursors
	}
	if c.CursorKey == "" {
		c.CursorKey = CursorDeployments
	}
	if c.BatchSize == 0 {
		c.BatchSize = 50000
	}
	if c.BatchSize < 1 {
		return fmt.Errorf("projector: batch size %d < 1", c.BatchSize)
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = 500 * time.Millisecond
	}
	if c.GaugeInterval <= 0 {
		c.GaugeInterval = 15 * time.Second
	}
	if c.PullMaxMessages <= 0 {
		c.PullMaxMessages = 2048
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// Deployments maintains the deployment state of every model from HOKUSAI: it folds
// events in memory and writes the changed states and its cursor to KV after each batch.
// Writes are idempotent (each state carries the sequence of its last event), so a
// projector stopped anywhere, even between a state write and the cursor write, resumes
// without applying an event twice.
type Deployments struct {
	js      jetstream.JetStream
	cfg     Config
	log     *slog.Logger
	m       *deployMetrics
	kv      jetstream.KeyValue
	cursors jetstream.KeyValue

	mu     sync.RWMutex
	states map[string]*stateEntry
	// dirty holds the states changed since the last collect. frozen holds those handed
	// to the write in flight, which encodes them without the lock: fold replaces a frozen
	// state by a copy before changing it. Both are touched by the run loop only.
	dirty  map[string]*Deployment
	frozen map[string]*Deployment
	loaded bool

	cursor   atomic.Uint64 // last processed sequence (applied, skipped or unreadable)
	written  atomic.Uint64 // last sequence whose effects are in KV
	running  atomic.Bool
	pendingN atomic.Uint64 // events on the stream not yet processed, as of the last one

	hooks hooks
}

// hooks let tests stop the projector at chosen points, as a crash would.
type hooks struct {
	// applied is called after each applied event; an error stops the projector at once
	// without writing the current batch.
	applied func(ev Event) error
	// published is called after each state of a batch is handed to the connection, its
	// acknowledgement not awaited; an error stops the projector there, with any subset of
	// the batch's states stored and the cursor not moved.
	published func(n int) error
	// statesWritten is called between the state writes and the cursor write; an error
	// stops the projector there.
	statesWritten func() error
}

// NewDeployments builds the projector; Run or CatchUp starts it.
func NewDeployments(js jetstream.JetStream, cfg Config) (*Deployments, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	return &Deployments{
		js: js, cfg: cfg, log: cfg.Logger.With("projection", projectionDeployment),
		m:      newDeployMetrics(cfg.Registerer),
		states: map[string]*stateEntry{},
		dirty:  map[string]*Deployment{},
	}, nil
}

// ErrRunning refuses a second concurrent Run or CatchUp on one projector.
var ErrRunning = errors.New("projector already running")

// Run follows the stream until ctx is cancelled, writing the pending batch before it
// returns.
func (p *Deployments) Run(ctx context.Context) error {
	return p.run(ctx, false)
}

// CatchUp processes every event stored when it is called and returns the last sequence
// processed.
func (p *Deployments) CatchUp(ctx context.Context) (uint64, error) {
	err := p.run(ctx, true)
	return p.cursor.Load(), err
}

// Applied is the last stream sequence processed.
func (p *Deployments) Applied() uint64 { return p.cursor.Load() }

// Written is the last stream sequence whose effects are stored in KV.
func (p *Deployments) Written() uint64 { return p.written.Load() }

func (p *Deployments) run(ctx context.Context, untilCaughtUp bool) error {
	if !p.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer p.running.Store(false)
	if err := p.load(ctx); err != nil {
		return err
	}
	gauges := time.NewTicker(p.cfg.GaugeInterval)
	defer gauges.Stop()
	cc := jetstream.OrderedConsumerConfig{FilterSubjects: []string{DeploySubjects}}
	if c := p.cursor.Load(); c > 0 {
		cc.DeliverPolicy, cc.OptStartSeq = jetstream.DeliverByStartSequencePolicy, c+1
	}
	cons, err := p.js.OrderedConsumer(ctx, p.cfg.Stream, cc)
	if err != nil {
		return fmt.Errorf("projector: ordered consumer: %w", err)
	}
	if untilCaughtUp && cons.CachedInfo().NumPending == 0 {
		p.updateGauges()
		return nil
	}
	it, err := cons.Messages(jetstream.PullMaxMessages(p.cfg.PullMaxMessages))
	if err != nil {
		return fmt.Errorf("projector: consume: %w", err)
	}
	stop := context.AfterFunc(ctx, it.Stop)
	defer stop()
	r := startReadAhead(it)
	defer r.stop()
	w := &writer{p: p, ctx: context.WithoutCancel(ctx)}
	defer w.wait() // never leave a write running behind a returned projector
	// A batch is written FlushInterval after its first event at the latest: the timer
	// runs only while a batch is open.
	flushAfter := time.NewTimer(time.Hour)
	flushAfter.Stop()
	defer flushAfter.Stop()
	batch := 0
	for {
		var rb readBatch
		select {
		case rb = <-r.out:
		case <-flushAfter.C:
			if err := w.flush(true); err != nil {
				return err
			}
			batch = 0
			continue
		}
		for i := range rb.items {
			it := &rb.items[i]
			if it.derr != nil {
				p.m.skipped.WithLabelValues("unreadable").Inc()
				p.log.Warn("skipping unreadable event", "seq", it.seq, "subject", it.subject, "err", it.derr)
			} else if err := p.fold(it.ev); err != nil {
				return err
			}
			p.cursor.Store(it.seq)
			if batch == 0 {
				flushAfter.Reset(p.cfg.FlushInterval)
			}
			batch++
			if batch >= p.cfg.BatchSize || it.pending == 0 {
				// Behind the stream, the write of a batch overlaps the folding of the
				// next; caught up, it completes before the projector waits for more.
				if err := w.flush(it.pending == 0); err != nil {
					return err
				}
				batch = 0
				flushAfter.Stop()
				if untilCaughtUp && it.pending == 0 {
					p.noteRead(it)
					p.updateGauges()
					return nil
				}
			}
		}
		if n := len(rb.items); n > 0 {
			p.noteRead(&rb.items[n-1])
			r.done(rb.items)
		}
		switch {
		case rb.err == nil:
		case ctx.Err() != nil:
			// The events are processed; only their write is pending.
			if err := w.flush(true); err != nil {
				return err
			}
			return ctx.Err()
		default:
			return fmt.Errorf("projector: next: %w", rb.err)
		}
		select {
		case <-gauges.C:
			p.updateGauges()
		default:
		}
	}
}

// noteRead exports how far the projector has read.
func (p *Deployments) noteRead(it *readItem) {
	p.m.seq.Set(float64(it.seq))
	p.m.pending.Set(float64(it.pending))
	p.pendingN.Store(it.pending)
}

// writer writes batches one at a time, each in the background of the next fold.
type writer struct {
	p        *Deployments
	ctx      context.Context
	inflight chan error
	job      writeJob // the write in flight
	scratch  []byte   // reused to encode a state
}

// flush takes the changed states, waits for the previous write, starts this one (which
// encodes them in the background) and, with sync, waits for it too.
func (w *writer) flush(sync bool) error {
	job := w.p.collect()
	if err := w.wait(); err != nil {
		return err
	}
	w.p.frozen = job.frozen
	done := make(chan error, 1)
	w.inflight, w.job = done, job
	go func() {
		ctx, cancel := context.WithTimeout(w.ctx, time.Minute)
		defer cancel()
		var err error
		w.scratch, err = w.p.write(ctx, job, w.scratch)
		done <- err
	}()
	if sync {
		return w.wait()
	}
	return nil
}

func (w *writer) wait() error {
	if w.inflight == nil {
		return nil
	}
	err := <-w.inflight
	w.inflight = nil
	w.p.frozen = nil
	if err == nil {
		w.p.cool(w.job)
	}
	w.job = writeJob{}
	return err
}

func isTimeout(err error) bool {
	return errors.Is(err, nats.ErrTimeout)
}

// fold applies one event to its model's state in memory.
func (p *Deployments) fold(ev Event) error {
	p.mu.Lock()
	e, ok := p.states[ev.ModelID]
	if !ok {
		e = &stateEntry{d: &Deployment{ModelID: ev.ModelID}}
		p.states[ev.ModelID] = e
	} else if f, ok := p.frozen[ev.ModelID]; ok && f == e.d {
		c := e.d.clone() // the write in flight is encoding e.d
		e.d = &c
	}
	d, err := e.decoded()
	if err != nil {
		p.mu.Unlock()
		return err
	}
	b := snapshot(d, ev.RequestID())
	r := apply(d, ev)
	if r != nil {
		p.dirty[ev.ModelID] = d
		e.note(d)
	}
	p.mu.Unlock()
	if r == nil {
		p.m.skipped.WithLabelValues("already_applied").Inc()
		return nil
	}
	p.m.observe(b, ev, d, r)
	if p.hooks.applied != nil {
		return p.hooks.applied(ev)
	}
	return nil
}

// load reads the stored states and cursor once.
func (p *Deployments) load(ctx context.Context) error {
	if p.loaded {
		return nil
	}
	var err error
	if p.kv, err = p.js.KeyValue(ctx, p.cfg.Bucket); err != nil {
		return fmt.Errorf("projector: bucket %s: %w", p.cfg.Bucket, err)
	}
	if p.cursors, err = p.js.KeyValue(ctx, p.cfg.CursorBucket); err != nil {
		return fmt.Errorf("projector: bucket %s: %w", p.cfg.CursorBucket, err)
	}
	all, err := loadRaw(ctx, p.kv)
	if err != nil {
		return fmt.Errorf("projector: load states: %w", err)
	}
	cursor, err := readCursor(ctx, p.cursors, p.cfg.CursorKey)
	if err != nil {
		return err
	}
	p.mu.Lock()
	for key, v := range all {
		d, err := decodeState(v)
		if err != nil {
			p.mu.Unlock()
			return fmt.Errorf("projector: load state %s: %w", key, err)
		}
		if isLegacyJSON(v) {
			v = appendState(nil, &d)
		}
		e := &stateEntry{enc: v}
		e.note(&d)
		p.states[d.ModelID] = e
		p.m.move("", d.Status)
	}
	p.mu.Unlock()
	p.cursor.Store(cursor)
	p.written.Store(cursor)
	p.loaded = true
	p.log.Info("projection loaded", "models", len(all), "cursor", cursor)
	return nil
}

func readCursor(ctx context.Context, kv jetstream.KeyValue, key string) (uint64, error) {
	e, err := kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read cursor %s: %w", key, err)
	}
	n, err := strconv.ParseUint(string(e.Value()), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("read cursor %s: %w", key, err)
	}
	return n, nil
}

// writeJob is one batch's changed states and the cursor that covers them. The states
// are frozen: nothing changes them until the job is written. The write fills in each
// state's encoding.
type writeJob struct {
	items  []writeItem
	frozen map[string]*Deployment
	cursor uint64
}

type writeItem struct {
	id  string
	d   *Deployment
	enc []byte
}

// collect takes the states changed since the last collect.
func (p *Deployments) collect() writeJob {
	job := writeJob{items: make([]writeItem, 0, len(p.dirty)), frozen: p.dirty, cursor: p.cursor.Load()}
	for id, d := range p.dirty {
		job.items = append(job.items, writeItem{id: id, d: d})
	}
	p.dirty = make(map[string]*Deployment, len(job.items))
	return job
}

// cool keeps only the encoding of the states a completed write stored and the fold has
// not changed since.
func (p *Deployments) cool(job writeJob) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, it := range job.items {
		if e, ok := p.states[it.id]; ok {
			e.cool(it.d, it.enc)
		}
	}
}

// write stores a batch's states, then its cursor. The states are published without
// waiting for each acknowledgement, so a crash mid-batch may leave any subset of them
// stored, and a crash after them leaves states ahead of the cursor: the per-state
// sequence makes both harmless, as the replay from the cursor skips what a stored state
// has already applied. The cursor is written only once every state is acknowledged.
// Each state is encoded in scratch, which is returned for the next write, and copied
// to a value of its own that the projector keeps once written.
func (p *Deployments) write(ctx context.Context, job writeJob, scratch []byte) ([]byte, error) {
	pub := newKVPublisher(ctx, p.js, p.cfg.Bucket)
	pub.sent = p.hooks.published
	for i := range job.items {
		it := &job.items[i]
		scratch = appendState(scratch[:0], it.d)
		it.enc = append(make([]byte, 0, len(scratch)), scratch...)
		if err := pub.put(StateKey(it.id), it.enc); err != nil {
			return scratch, fmt.Errorf("projector: %w", err)
		}
	}
	if err := pub.wait(); err != nil {
		return scratch, fmt.Errorf("projector: %w", err)
	}
	if p.hooks.statesWritten != nil {
		if err := p.hooks.statesWritten(); err != nil {
			return scratch, err
		}
	}
	if job.cursor == p.written.Load() {
		return scratch, nil
	}
	if _, err := p.cursors.Put(ctx, p.cfg.CursorKey, []byte(strconv.FormatUint(job.cursor, 10))); err != nil {
		return scratch, fmt.Errorf("projector: write cursor: %w", err)
	}
	p.written.Store(job.cursor)
	return scratch, nil
}

// putAll writes KV values with asynchronous publishes, a window at a time, and waits for
// every acknowledgement: one round trip per window instead of one per key.
func putAll(ctx context.Context, js jetstream.JetStream, bucket string, vals map[string][]byte) error {
	pub := newKVPublisher(ctx, js, bucket)
	for key, v := range vals {
		if err := pub.put(key, v); err != nil {
			return err
		}
	}
	return pub.wait()
}

// kvPublisher writes KV values by publishing to the bucket's stream subjects
// ($KV.<bucket>.<key>) without waiting for each acknowledgement. A value must stay
// unchanged until wait returns: the client keeps it to publish again on no responders.
type kvPublisher struct {
	ctx     context.Context
	js      jetstream.JetStream
	prefix  string
	futures []jetstream.PubAckFuture
	n       int
	sent    func(n int) error
}

// pubWindow is below the client's default of 4000 pending asynchronous publishes.
const pubWindow = 3000

func newKVPublisher(ctx context.Context, js jetstream.JetStream, bucket string) *kvPublisher {
	return &kvPublisher{ctx: ctx, js: js, prefix: "$KV." + bucket + "."}
}

func (w *kvPublisher) put(key string, val []byte) error {
	f, err := w.js.PublishAsync(w.prefix+key, val)
	if err != nil {
		return fmt.Errorf("write state %s: %w", key, err)
	}
	w.futures = append(w.futures, f)
	w.n++
	if w.sent != nil {
		if err := w.sent(w.n); err != nil {
			return err
		}
	}
	if len(w.futures) == pubWindow {
		return w.wait()
	}
	return nil
}

// wait returns once every value published so far is acknowledged.
func (w *kvPublisher) wait() error {
	for _, f := range w.futures {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return fmt.Errorf("write state %s: %w", f.Msg().Subject, err)
		case <-w.ctx.Done():
			return w.ctx.Err()
		}
	}
	w.futures = w.futures[:0]
	return nil
}

// updateGauges recomputes the gauges that need the whole state.
func (p *Deployments) updateGauges() {
	now := p.cfg.Now()
	var oldest time.Duration
	p.mu.RLock()
	for _, e := range p.states {
		if e.status == StatusSubmitted && !e.submitted.IsZero() {
			oldest = max(oldest, now.Sub(e.submitted))
		}
	}
	p.mu.RUnlock()
	p.m.oldest.Set(oldest.Seconds())
}

// Get returns a model's state as the projector holds it in memory.
func (p *Deployments) Get(_ context.Context, modelID string) (Deployment, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	e, ok := p.states[modelID]
	if !ok {
		return Deployment{}, fmt.Errorf("deployment %q: %w", modelID, ErrNotFound)
	}
	return e.copyOut()
}

// List returns a page of the states held in memory.
func (p *Deployments) List(_ context.Context, opts ListOptions) (Page, error) {
	p.mu.RLock()
	all := make([]Deployment, 0, len(p.states))
	for _, e := range p.states {
		if len(opts.Status) == 0 || slices.Contains(opts.Status, e.status) {
			d, err := e.copyOut()
			if err != nil {
				p.mu.RUnlock()
				return Page{}, err
			}
			all = append(all, d)
		}
	}
	p.mu.RUnlock()
	return paginate(all, opts)
}

// Snapshot copies every state held in memory, keyed by model id.
func (p *Deployments) Snapshot() map[string]Deployment {
	p.mu.RLock()
	defer p.mu.RUnlock()
	out := make(map[string]Deployment, len(p.states))
	for id, e := range p.states {
		if d, err := e.copyOut(); err == nil {
			out[id] = d
		}
	}
	return out
}
