// Package ledgerstreamer publishes every Soroban invocation of a Stellar ledger source
// onto JetStream, in ledger order, exactly once.
//
// Ledgers are decoded and extracted by a bounded pool of workers, on all cores, while
// one publisher sends their invocations in ledger order: each ledger's messages go out
// asynchronously, all their PubAcks are awaited (while the next ledger's messages already
// go out), then the network's cursor moves to the ledger by compare-and-set in a KV
// bucket. A restart resumes after the cursor and first
// asks the stream which invocations of the next ledgers it already holds, so nothing is
// published twice even after JetStream's de-duplication window, and nothing is skipped.
package ledgerstreamer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/stellar"
)

// ErrBadConfig marks a Config that cannot work.
var ErrBadConfig = errors.New("ledger streamer config")

// Config is what a Streamer needs; every dependency is passed in.
type Config struct {
	// JS publishes; the stream (Stream, default STELLAR) must capture stellar.>.
	JS     jetstream.JetStream
	Stream string
	// Cursors is the KV bucket holding the cursor (key CursorKey(network)).
	Cursors jetstream.KeyValue
	// Source serves ledgers. A stellar.RawLedgerBackend is decoded on the workers; a
	// stellar.LedgerLister (a file) is walked over its ledgers instead of counting up.
	Source ledgerbackend.LedgerBackend
	// SourceName names the source in errors (a file, a URL).
	SourceName string
	// Extractor decides the network (its name keys the cursor and the subjects).
	Extractor *stellar.Extractor
	// Start is the first ledger when the network has no cursor yet; 0 means the
	// source's first ledger (a LedgerLister). A source that cannot list its ledgers
	// (Stellar RPC, a datastore) needs it until the network has a cursor; after that
	// the streamer resumes from the cursor alone.
	Start uint32
	// End is the last ledger to publish; 0 streams without end.
	End uint32
	// Workers decode and extract ledgers in parallel (default GOMAXPROCS); Window is how
	// many ledgers may be in flight ahead of the publisher (default 2×Workers).
	Workers int
	Window  int
	// AckTimeout bounds the wait for one ledger's PubAcks (default 30 s).
	AckTimeout time.Duration
	// Registerer receives the metrics; nil leaves them unregistered.
	Registerer prometheus.Registerer
	// Logger defaults to discarding.
	Logger *slog.Logger
}

// Check reports a Config that cannot work.
func (c Config) Check() error {
	switch {
	case c.JS == nil:
		return fmt.Errorf("%w: no JetStream", ErrBadConfig)
	case c.Cursors == nil:
		return fmt.Errorf("%w: no cursor bucket", ErrBadConfig)
	case c.Source == nil:
		return fmt.Errorf("%w: no ledger source", ErrBadConfig)
	case c.Extractor == nil:
		return fmt.Errorf("%w: no extractor", ErrBadConfig)
	case c.Workers < 0 || c.Window < 0 || c.AckTimeout < 0:
		return fmt.Errorf("%w: negative workers, window or ack timeout", ErrBadConfig)
	case c.End != 0 && c.Start > c.End:
		return fmt.Errorf("%w: start %d after end %d", ErrBadConfig, c.Start, c.End)
	}
	return nil
}

// Streamer publishes a source's invocations. Run it once.
type Streamer struct {
	cfg     Config
	network string
	log     *slog.Logger
	m       *metrics

	// crashAfter, set by tests, makes the publisher stop as if killed in the middle of a
	// ledger once that many of its messages are published and acknowledged, or, at -1,
	// after publishing a whole ledger but before moving the cursor.
	crashAfter int
}

// errCrashed is the simulated kill of crashAfter.
var errCrashed = errors.New("simulated crash")

// New checks cfg and builds a Streamer.
func New(cfg Config) (*Streamer, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.Stream == "" {
		cfg.Stream = schemas.StreamStellar
	}
	if cfg.Workers == 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Window == 0 {
		cfg.Window = 2 * cfg.Workers
	}
	if cfg.AckTimeout == 0 {
		cfg.AckTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.SourceName == "" {
		if n, ok := cfg.Source.(interface{ Name() string }); ok {
			cfg.SourceName = n.Name()
		}
	}
	network := cfg.Extractor.Network()
	m, err := newMetrics(cfg.Registerer, network)
	if err != nil {
		return nil, fmt.Errorf("ledger streamer metrics: %w", err)
	}
	return &Streamer{cfg: cfg, network: network, m: m,
		log: cfg.Logger.With("network", network, "source", cfg.SourceName)}, nil
}

// job is one ledger on its way through the pipeline.
type job struct {
	seq  uint32
	raw  []byte
	lcm  *xdr.LedgerCloseMeta
	err  error // set by the fetcher or a worker
	msgs []outMsg
	done chan struct{}
	// buf is the array holding the messages' data; once their PubAcks are in, it goes
	// back to free (shared by a run's jobs; nil: none) for a worker to write a later
	// ledger over.
	buf  []byte
	free chan []byte
}

// outMsg is one invocation ready to publish.
type outMsg struct {
	subject string
	id      string
	kind    string
	header  nats.Header
	data    []byte
}

// Run publishes until the end of a bounded range (returning nil), a failure, or ctx's
// end. The cursor never moves past a ledger that was not fully published, so running
// again after any error resumes exactly where this run stopped.
func (s *Streamer) Run(ctx context.Context) error {
	err := s.run(ctx)
	if err != nil && ctx.Err() == nil {
		s.m.failures.WithLabelValues(failureClass(err)).Inc()
	}
	return err
}

func failureClass(err error) string {
	var pe *publishError
	switch {
	case stellar.IsPermanent(err):
		return "bad_xdr"
	case errors.As(err, &pe):
		return pe.class
	default:
		return "source"
	}
}

type publishError struct {
	class string
	err   error
}

func (e *publishError) Error() string { return e.err.Error() }
func (e *publishError) Unwrap() error { return e.err }

func (s *Streamer) run(ctx context.Context) error {
	cur, err := loadCursor(ctx, s.cfg.Cursors, s.network)
	if err != nil {
		return &publishError{"cursor", err}
	}
	s.m.cursor.Set(float64(cur.ledger))
	first := s.cfg.Start
	if cur.revision != 0 {
		first = cur.ledger + 1
	}
	lister, isLister := s.cfg.Source.(stellar.LedgerLister)
	if first == 0 && isLister {
		if seqs := lister.Sequences(); len(seqs) > 0 {
			first = seqs[0]
		}
	}
	if first == 0 && !isLister {
		// A source that cannot list its ledgers (Stellar RPC, a datastore) has no first
		// ledger to fall back on: only a cursor or Start says where to begin.
		return fmt.Errorf("%w: network %s has no cursor yet: a start ledger is needed for this source", ErrBadConfig, s.network)
	}
	if s.cfg.End != 0 && first > s.cfg.End {
		s.log.Info("nothing to publish", "cursor", cur.ledger, "end", s.cfg.End)
		return nil
	}
	stream, err := s.cfg.JS.Stream(ctx, s.cfg.Stream)
	if err != nil {
		return &publishError{"publish", fmt.Errorf("stream %s: %w", s.cfg.Stream, err)}
	}
	have, err := published(ctx, stream, s.network, first-1)
	if err != nil {
		return &publishError{"publish", err}
	}
	s.log.Info("streaming", "cursor", cur.ledger, "first", first, "end", s.cfg.End, "already_in_stream", len(have))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := make(chan *job, s.cfg.Window)
	work := make(chan *job, s.cfg.Window)
	go s.fetch(ctx, first, order, work)
	for i := 0; i < s.cfg.Workers; i++ {
		go s.work(work)
	}

	// One ledger's PubAcks are awaited after the next ledger's messages are sent, so
	// that the server always has work while the publisher waits; the cursor still moves
	// one ledger at a time, and only past ledgers whose every message was acknowledged.
	var prev *sent
	finish := func(p *sent) error {
		if err := s.await(ctx, p); err != nil {
			return err
		}
		if err := cur.advance(ctx, p.j.seq); err != nil {
			return &publishError{"cursor", err}
		}
		s.m.cursor.Set(float64(p.j.seq))
		s.m.ledgers.Inc()
		s.m.ledgerTime.Observe(time.Since(p.start).Seconds())
		p.j.msgs = nil
		return nil
	}
	for j := range order {
		select {
		case <-j.done:
		default:
			// The workers are behind: settle the previous ledger meanwhile, so that
			// the cursor does not lag while the source is slow.
			if prev != nil {
				if err := finish(prev); err != nil {
					return err
				}
				prev = nil
			}
			select {
			case <-j.done:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		s.m.inFlight.Dec()
		if j.err != nil {
			// The ledgers before a bad one are published and the cursor moved past them.
			if prev != nil {
				if err := finish(prev); err != nil {
					return err
				}
			}
			return j.err
		}
		p, err := s.send(j, have)
		if err != nil {
			if prev != nil {
				if ferr := finish(prev); ferr != nil {
					return errors.Join(err, ferr)
				}
			}
			return err
		}
		if prev != nil {
			if err := finish(prev); err != nil {
				return err
			}
		}
		prev = p
		if s.crashAfter > 0 && len(p.futures) == s.crashAfter {
			if err := s.await(ctx, p); err != nil {
				return err
			}
			return errCrashed
		}
		if s.crashAfter == -1 && len(j.msgs) > 0 {
			if err := s.await(ctx, p); err != nil {
				return err
			}
			return errCrashed
		}
	}
	if prev != nil {
		if err := finish(prev); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// fetch reads ledgers in order and hands each to the publisher's queue (first, so that
// order is kept) and to the workers. It closes both when the range ends or fails.
func (s *Streamer) fetch(ctx context.Context, first uint32, order, work chan<- *job) {
	defer close(order)
	defer close(work)
	// Message arrays of acknowledged ledgers, for the workers to reuse.
	free := make(chan []byte, s.cfg.Window)
	src := s.cfg.Source
	raw, isRaw := src.(stellar.RawLedgerBackend)
	emit := func(j *job) bool {
		s.m.inFlight.Inc()
		select {
		case order <- j:
		case <-ctx.Done():
			return false
		}
		if j.err != nil {
			close(j.done)
			return false
		}
		select {
		case work <- j:
			return true
		case <-ctx.Done():
			return false
		}
	}
	fail := func(seq uint32, err error) {
		emit(&job{seq: seq, err: s.sourceErr(seq, err), done: make(chan struct{})})
	}

	r := ledgerbackend.UnboundedRange(first)
	if s.cfg.End != 0 {
		r = ledgerbackend.BoundedRange(first, s.cfg.End)
	}
	var seqs []uint32
	if lister, ok := src.(stellar.LedgerLister); ok {
		for _, seq := range lister.Sequences() {
			if seq >= first && (s.cfg.End == 0 || seq <= s.cfg.End) {
				seqs = append(seqs, seq)
			}
		}
		if len(seqs) == 0 {
			if err := lister.TailErr(); err != nil {
				fail(first, err)
			}
			return
		}
		r = ledgerbackend.BoundedRange(seqs[0], seqs[len(seqs)-1])
	}
	if err := src.PrepareRange(ctx, r); err != nil {
		fail(first, err)
		return
	}
	next := func(i int) (uint32, bool) {
		if seqs != nil {
			if i >= len(seqs) {
				return 0, false
			}
			return seqs[i], true
		}
		seq := first + uint32(i)
		return seq, s.cfg.End == 0 || seq <= s.cfg.End
	}
	for i := 0; ; i++ {
		seq, ok := next(i)
		if !ok {
			break
		}
		j := &job{seq: seq, done: make(chan struct{}), free: free}
		var err error
		if isRaw {
			j.raw, err = raw.GetRawLedger(ctx, seq)
		} else {
			var lcm xdr.LedgerCloseMeta
			lcm, err = src.GetLedger(ctx, seq)
			j.lcm = &lcm
		}
		if err != nil {
			fail(seq, err)
			return
		}
		if !emit(j) {
			return
		}
	}
	if lister, ok := src.(stellar.LedgerLister); ok && lister.TailErr() != nil {
		// Damage after the last readable ledger of a file: reported in its turn, after the
		// good ledgers are published.
		if s.cfg.End == 0 || seqs[len(seqs)-1] < s.cfg.End {
			fail(0, lister.TailErr())
		}
	}
}

// sourceErr makes sure a source failure names the source and the ledger.
func (s *Streamer) sourceErr(seq uint32, err error) error {
	var le *stellar.LedgerError
	if errors.As(err, &le) {
		if le.Source == "" {
			le.Source = s.cfg.SourceName
		}
		return err
	}
	return &stellar.LedgerError{Source: s.cfg.SourceName, Ledger: seq, Err: err}
}

// work decodes and extracts ledgers and encodes their invocations.
func (s *Streamer) work(in <-chan *job) {
	var w worker
	for j := range in {
		j.msgs, j.err = s.prepare(j, &w)
		j.raw, j.lcm = nil, nil
		close(j.done)
	}
}

// worker is the state one worker goroutine keeps between ledgers.
type worker struct {
	// enc keeps its caches and buffers between ledgers.
	enc *stellar.LedgerEncoder
	// subjects caches the subject of each kind, contract and function (they repeat
	// from ledger to ledger); headers the headers every message of a kind carries,
	// whose values the messages' headers share (nothing writes into them).
	subjects map[subjectKey]string
	headers  map[string]nats.Header
}

type subjectKey struct{ kind, contract, function string }

// maxSubjects bounds the subject cache: it starts over when full.
const maxSubjects = 1 << 14

func (w *worker) subject(network string, inv *stellar.EncodedInvocation) string {
	k := subjectKey{inv.Kind, inv.ContractID, inv.Function}
	if s, ok := w.subjects[k]; ok {
		return s
	}
	if w.subjects == nil || len(w.subjects) >= maxSubjects {
		w.subjects = make(map[subjectKey]string, 64)
	}
	s := schemas.StellarSubject(network, inv.Kind, inv.ContractID, inv.Function)
	w.subjects[k] = s
	return s
}

// header is schemas.Meta's header of an invocation's message.
func (w *worker) header(kind, id, txHash string) nats.Header {
	common, ok := w.headers[kind]
	if !ok {
		if w.headers == nil {
			w.headers = map[string]nats.Header{}
		}
		common = schemas.Meta{
			EventType:     schemas.StellarEventType(kind),
			SchemaVersion: schemas.StellarSchemaVersion,
			ContentType:   schemas.ContentTypeMsgpack,
		}.Header()
		w.headers[kind] = common
	}
	h := make(nats.Header, len(common)+2)
	for k, v := range common {
		h[k] = v
	}
	schemas.Meta{MsgID: id, CorrelationID: txHash}.Apply(h)
	return h
}

func (s *Streamer) prepare(j *job, w *worker) ([]outMsg, error) {
	if w.enc == nil {
		w.enc = s.cfg.Extractor.NewLedgerEncoder()
	}
	var (
		got  uint32
		invs []stellar.EncodedInvocation
		err  error
	)
	select {
	case b := <-j.free:
		w.enc.Reuse(b)
	default:
	}
	if j.lcm == nil {
		// Undecoded: the encoder decodes only what it needs (see LedgerEncoder).
		got, invs, err = w.enc.EncodeRawLedger(j.raw)
	} else {
		got = j.lcm.LedgerSequence()
		invs, err = w.enc.EncodeLedger(*j.lcm)
	}
	if err != nil {
		var le *stellar.LedgerError
		if errors.As(err, &le) && le.Ledger == 0 {
			le.Ledger = j.seq
		}
		return nil, s.sourceErr(j.seq, err)
	}
	if got != j.seq {
		return nil, &stellar.LedgerError{Source: s.cfg.SourceName, Ledger: j.seq,
			Err: fmt.Errorf("%w: source returned ledger %d", stellar.ErrBadXDR, got)}
	}
	j.buf = w.enc.Buffer()
	msgs := make([]outMsg, len(invs))
	for i := range invs {
		inv := &invs[i]
		id := schemas.StellarMsgID(inv.Ledger, inv.TxIndex, inv.OpIndex)
		msgs[i] = outMsg{
			subject: w.subject(s.network, inv),
			id:      id,
			kind:    inv.Kind,
			data:    inv.Data,
			header:  w.header(inv.Kind, id, inv.TxHash),
		}
	}
	return msgs, nil
}

// sent is a ledger whose messages are sent and whose PubAcks are awaited later.
type sent struct {
	j       *job
	start   time.Time
	futures []jetstream.PubAckFuture
	kinds   []string
}

// send publishes a ledger's invocations asynchronously, skipping those the stream holds.
func (s *Streamer) send(j *job, have map[string]struct{}) (*sent, error) {
	p := &sent{j: j, start: time.Now(), futures: make([]jetstream.PubAckFuture, 0, len(j.msgs)), kinds: make([]string, 0, len(j.msgs))}
	for i := range j.msgs {
		m := &j.msgs[i]
		if _, ok := have[m.id]; ok {
			s.m.skipped.Inc()
			delete(have, m.id)
			continue
		}
		f, err := s.cfg.JS.PublishMsgAsync(&nats.Msg{Subject: m.subject, Header: m.header, Data: m.data},
			jetstream.WithExpectStream(s.cfg.Stream))
		if err != nil {
			return nil, &publishError{"publish", fmt.Errorf("publish %s (ledger %d): %w", m.id, j.seq, err)}
		}
		p.futures = append(p.futures, f)
		p.kinds = append(p.kinds, m.kind)
		if s.crashAfter > 0 && len(p.futures) == s.crashAfter {
			break
		}
	}
	return p, nil
}

// await waits for every PubAck of a sent ledger.
func (s *Streamer) await(ctx context.Context, p *sent) error {
	timeout := time.NewTimer(s.cfg.AckTimeout)
	defer timeout.Stop()
	for i, f := range p.futures {
		select {
		case ack := <-f.Ok():
			if ack.Duplicate {
				s.m.duplicates.Inc()
			} else {
				s.m.invocations.WithLabelValues(p.kinds[i]).Inc()
			}
		case err := <-f.Err():
			return &publishError{"publish", fmt.Errorf("publish %s (ledger %d): %w", f.Msg().Header.Get(schemas.HeaderMsgID), p.j.seq, err)}
		case <-timeout.C:
			return &publishError{"publish", fmt.Errorf("ledger %d: %d PubAcks not received in %s", p.j.seq, len(p.futures)-i, s.cfg.AckTimeout)}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	// Every message is acknowledged: nothing reads their data any more.
	if p.j.buf != nil {
		select {
		case p.j.free <- p.j.buf:
		default:
		}
		p.j.buf = nil
	}
	return nil
}
