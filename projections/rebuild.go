package projections

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// Progress reports a replay under way.
type Progress struct {
	// Seq is the last sequence read; Events counts the events read so far out of Total.
	Seq    uint64
	Events uint64
	Total  uint64
	// Rate is events per second since the start.
	Rate    float64
	Elapsed time.Duration
	Done    bool
}

// RebuildOptions configure Rebuild.
type RebuildOptions struct {
	Stream       string // default HOKUSAI
	Bucket       string // default streams.BucketDeployments
	CursorBucket string // default streams.BucketCursors
	CursorKey    string // default CursorDeployments
	// Replace writes the rebuilt states (and deletes states of models the log does not
	// know) when they differ from the stored ones, and moves the cursor to the end of the
	// replay. Without it Rebuild only compares.
	Replace bool
	// Progress, when set, is called every ProgressEvery (default 250 ms) and once at the
	// end.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// PullMaxMessages is the ordered consumer's read-ahead. Default 2048.
	PullMaxMessages int
}

func (o *RebuildOptions) check() {
	if o.Stream == "" {
		o.Stream = schemas.StreamHokusai
	}
	if o.Bucket == "" {
		o.Bucket = streams.BucketDeployments
	}
	if o.CursorBucket == "" {
		o.CursorBucket = streams.BucketCursors
	}
	if o.CursorKey == "" {
		o.CursorKey = CursorDeployments
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 250 * time.Millisecond
	}
	if o.PullMaxMessages <= 0 {
		o.PullMaxMessages = 2048
	}
}

// Diff is one model whose stored state is not what the log says.
type Diff struct {
	ModelID string `json:"model_id"`
	// Kind is "changed", "missing" (in the log, not stored) or "extra" (stored, not in
	// the log).
	Kind string `json:"kind"`
	// Fields lists the top-level fields that differ (changed only).
	Fields []string `json:"fields,omitempty"`
}

// RebuildResult is what a rebuild found.
type RebuildResult struct {
	Events  uint64        `json:"events"`
	LastSeq uint64        `json:"last_seq"`
	Models  int           `json:"models"`
	Elapsed time.Duration `json:"elapsed"`
	Rate    float64       `json:"rate"`
	// Ahead counts stored states newer than the replay (a projector kept running): they
	// are not compared.
	Ahead    int    `json:"ahead,omitempty"`
	Diffs    []Diff `json:"diffs,omitempty"`
	Replaced bool   `json:"replaced"`
	// States is the rebuilt state, keyed by model id.
	States map[string]Deployment `json:"-"`
}

// Rebuild replays the deploy flow from sequence 1 into a fresh state, compares it with
// the stored one and, with Replace, writes it over.
func Rebuild(ctx context.Context, js jetstream.JetStream, opts RebuildOptions) (RebuildResult, error) {
	opts.check()
	states := map[string]*Deployment{}
	res, err := replay(ctx, js, opts, func(ev Event) {
		d, ok := states[ev.ModelID]
		if !ok {
			d = &Deployment{ModelID: ev.ModelID}
			states[ev.ModelID] = d
		}
		apply(d, ev)
	})
	if err != nil {
		return res, err
	}
	res.Models = len(states)
	res.States = make(map[string]Deployment, len(states))
	rebuilt := make(map[string][]byte, len(states))
	byKey := make(map[string]*Deployment, len(states))
	for id, d := range states {
		res.States[id] = *d
		rebuilt[StateKey(id)] = appendState(nil, d)
		byKey[StateKey(id)] = d
	}

	kv, err := js.KeyValue(ctx, opts.Bucket)
	if err != nil {
		return res, fmt.Errorf("rebuild: bucket %s: %w", opts.Bucket, err)
	}
	stored, err := loadRaw(ctx, kv)
	if err != nil {
		return res, fmt.Errorf("rebuild: load stored states: %w", err)
	}
	var extra []string
	for key, have := range stored {
		hd, err := decodeState(have)
		if err != nil {
			res.Diffs = append(res.Diffs, Diff{ModelID: key, Kind: "changed", Fields: []string{"(unreadable)"}})
			continue
		}
		if isLegacyJSON(have) {
			// Stored as JSON by an earlier version: compared by content.
			have = appendState(nil, &hd)
		}
		want, ok := rebuilt[key]
		switch {
		case hd.Seq > res.LastSeq:
			res.Ahead++
		case !ok:
			res.Diffs = append(res.Diffs, Diff{ModelID: hd.ModelID, Kind: "extra"})
			extra = append(extra, key)
		case !bytes.Equal(have, want):
			res.Diffs = append(res.Diffs, Diff{ModelID: hd.ModelID, Kind: "changed", Fields: diffFields(hd, *byKey[key])})
		}
	}
	for key, d := range res.States {
		if _, ok := stored[StateKey(key)]; !ok {
			res.Diffs = append(res.Diffs, Diff{ModelID: d.ModelID, Kind: "missing"})
		}
	}
	slices.SortFunc(res.Diffs, func(a, b Diff) int { return strings.Compare(a.ModelID, b.ModelID) })
	if !opts.Replace {
		return res, nil
	}
	changed := make(map[string][]byte)
	for _, df := range res.Diffs {
		if df.Kind != "extra" {
			k := StateKey(df.ModelID)
			if v, ok := rebuilt[k]; ok {
				changed[k] = v
			}
		}
	}
	if err := putAll(ctx, js, opts.Bucket, changed); err != nil {
		return res, fmt.Errorf("rebuild: %w", err)
	}
	for _, key := range extra {
		if err := kv.Delete(ctx, key); err != nil {
			return res, fmt.Errorf("rebuild: delete state %s: %w", key, err)
		}
	}
	cursors, err := js.KeyValue(ctx, opts.CursorBucket)
	if err != nil {
		return res, fmt.Errorf("rebuild: bucket %s: %w", opts.CursorBucket, err)
	}
	cur, err := readCursor(ctx, cursors, opts.CursorKey)
	if err != nil {
		return res, err
	}
	if cur < res.LastSeq {
		if _, err := cursors.Put(ctx, opts.CursorKey, []byte(strconv.FormatUint(res.LastSeq, 10))); err != nil {
			return res, fmt.Errorf("rebuild: write cursor: %w", err)
		}
	}
	res.Replaced = true
	return res, nil
}

// replay reads every deploy-flow event stored when it starts, from sequence 1, and hands
// each readable one to fn.
func replay(ctx context.Context, js jetstream.JetStream, opts RebuildOptions, fn func(Event)) (RebuildResult, error) {
	var res RebuildResult
	start := time.Now()
	cons, err := js.OrderedConsumer(ctx, opts.Stream, jetstream.OrderedConsumerConfig{FilterSubjects: []string{DeploySubjects}})
	if err != nil {
		return res, fmt.Errorf("replay: ordered consumer: %w", err)
	}
	total := cons.CachedInfo().NumPending
	report := func(done bool) {
		if opts.Progress == nil {
			return
		}
		el := time.Since(start)
		p := Progress{Seq: res.LastSeq, Events: res.Events, Total: total, Elapsed: el, Done: done}
		if el > 0 {
			p.Rate = float64(res.Events) / el.Seconds()
		}
		opts.Progress(p)
	}
	if total > 0 {
		it, err := cons.Messages(jetstream.PullMaxMessages(opts.PullMaxMessages))
		if err != nil {
			return res, fmt.Errorf("replay: consume: %w", err)
		}
		stop := context.AfterFunc(ctx, it.Stop)
		defer stop()
		r := startReadAhead(it)
		defer r.stop()
		next := time.Now().Add(opts.ProgressEvery)
	read:
		for res.Events < total {
			rb := <-r.out
			for i := range rb.items {
				it := &rb.items[i]
				res.Events++
				res.LastSeq = it.seq
				if it.derr == nil {
					fn(it.ev)
				} else if !errors.As(it.derr, new(*DecodeError)) {
					return res, it.derr
				}
				if it.pending == 0 {
					break read
				}
			}
			r.done(rb.items)
			if rb.err != nil {
				if ctx.Err() != nil {
					return res, ctx.Err()
				}
				return res, fmt.Errorf("replay: next: %w", rb.err)
			}
			if time.Now().After(next) {
				report(false)
				next = time.Now().Add(opts.ProgressEvery)
			}
		}
	}
	res.Elapsed = time.Since(start)
	if res.Elapsed > 0 {
		res.Rate = float64(res.Events) / res.Elapsed.Seconds()
	}
	report(true)
	return res, nil
}

// loadRaw reads every stored value by key.
func loadRaw(ctx context.Context, kv jetstream.KeyValue) (map[string][]byte, error) {
	w, err := kv.WatchAll(ctx, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("watch bucket: %w", err)
	}
	defer func() { _ = w.Stop() }()
	out := map[string][]byte{}
	for {
		select {
		case e, ok := <-w.Updates():
			if !ok {
				return nil, errors.New("watch bucket: closed")
			}
			if e == nil {
				return out, nil
			}
			out[e.Key()] = e.Value()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// diffFields names the top-level JSON fields that differ between two states.
func diffFields(da, db Deployment) []string {
	var ma, mb map[string]json.RawMessage
	a, erra := json.Marshal(da)
	b, errb := json.Marshal(db)
	if erra != nil || errb != nil || json.Unmarshal(a, &ma) != nil || json.Unmarshal(b, &mb) != nil {
		return []string{"(unreadable)"}
	}
	var out []string
	for k, va := range ma {
		if vb, ok := mb[k]; !ok || !bytes.Equal(va, vb) {
			out = append(out, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
