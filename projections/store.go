package projections

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// StateKey is a model's key in the deployments bucket: its subject token, which is also
// a valid KV key.
func StateKey(modelID string) string {
	return schemas.EncodeSubjectToken(modelID)
}

// Reader is what the HTTP API and the CLI read deployment state through. Both the KV
// bucket (Store) and a running projector (Deployments) provide it.
type Reader interface {
	Get(ctx context.Context, modelID string) (Deployment, error)
	List(ctx context.Context, opts ListOptions) (Page, error)
}

var (
	_ Reader = (*Store)(nil)
	_ Reader = (*Deployments)(nil)
)

// ListOptions select a page of models, in model id order.
type ListOptions struct {
	// Status keeps only models in these statuses (all when empty).
	Status []Status
	// Limit bounds the page: default 50, at most 1000.
	Limit int
	// Cursor is Page.Next of the previous page; empty starts at the beginning.
	Cursor string
}

// Page is one page of models.
type Page struct {
	Items []Deployment `json:"items"`
	// Next continues the listing; empty on the last page.
	Next string `json:"next,omitempty"`
}

// Store reads the deployment state from the KV bucket.
type Store struct {
	kv jetstream.KeyValue
}

// OpenStore opens the deployments bucket (it must be provisioned).
func OpenStore(ctx context.Context, js jetstream.JetStream) (*Store, error) {
	kv, err := js.KeyValue(ctx, streams.BucketDeployments)
	if err != nil {
		return nil, fmt.Errorf("open bucket %s: %w", streams.BucketDeployments, err)
	}
	return &Store{kv: kv}, nil
}

// Get reads one model's state; ErrNotFound when the model has no events yet.
func (s *Store) Get(ctx context.Context, modelID string) (Deployment, error) {
	e, err := s.kv.Get(ctx, StateKey(modelID))
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Deployment{}, fmt.Errorf("deployment %q: %w", modelID, ErrNotFound)
	}
	if err != nil {
		return Deployment{}, fmt.Errorf("get deployment %q: %w", modelID, err)
	}
	return decodeState(e.Value())
}

// All reads every model's state in one pass over the bucket.
func (s *Store) All(ctx context.Context) ([]Deployment, error) {
	return loadAll(ctx, s.kv)
}

// List reads a page of models.
func (s *Store) List(ctx context.Context, opts ListOptions) (Page, error) {
	all, err := s.All(ctx)
	if err != nil {
		return Page{}, err
	}
	return paginate(all, opts)
}

func loadAll(ctx context.Context, kv jetstream.KeyValue) ([]Deployment, error) {
	w, err := kv.WatchAll(ctx, jetstream.IgnoreDeletes())
	if err != nil {
		return nil, fmt.Errorf("watch bucket: %w", err)
	}
	defer func() { _ = w.Stop() }()
	var out []Deployment
	for {
		select {
		case e, ok := <-w.Updates():
			if !ok {
				return nil, errors.New("watch bucket: closed")
			}
			if e == nil { // initial values done
				return out, nil
			}
			d, err := decodeState(e.Value())
			if err != nil {
				return nil, fmt.Errorf("key %s: %w", e.Key(), err)
			}
			out = append(out, d)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// paginate sorts by model id, filters and cuts a page.
func paginate(all []Deployment, opts ListOptions) (Page, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 1000)
	after := ""
	if opts.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(opts.Cursor)
		if err != nil {
			return Page{}, fmt.Errorf("%w: %v", ErrBadCursor, err)
		}
		after = string(b)
	}
	slices.SortFunc(all, func(a, b Deployment) int { return strings.Compare(a.ModelID, b.ModelID) })
	page := Page{Items: []Deployment{}}
	for _, d := range all {
		if opts.Cursor != "" && d.ModelID <= after {
			continue
		}
		if len(opts.Status) > 0 && !slices.Contains(opts.Status, d.Status) {
			continue
		}
		if len(page.Items) == limit {
			page.Next = base64.RawURLEncoding.EncodeToString([]byte(page.Items[limit-1].ModelID))
			break
		}
		page.Items = append(page.Items, d)
	}
	return page, nil
}
