package projections

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams"
)

// ListLengther is the one Redis command the queue view uses.
type ListLengther interface {
	LLen(ctx context.Context, key string) (int64, error)
}

// GoRedis adapts a go-redis client to ListLengther.
func GoRedis(c redis.Cmdable) ListLengther { return goRedis{c} }

type goRedis struct{ c redis.Cmdable }

func (g goRedis) LLen(ctx context.Context, key string) (int64, error) {
	return g.c.LLen(ctx, key).Result()
}

var _ ListLengther = goRedis{}

// NamedList is a Redis list shown under a role name.
type NamedList struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// DefaultLists are the legacy lists: inbound, processing, outbound and dead letters.
func DefaultLists() []NamedList {
	return []NamedList{
		{Name: "inbound", Key: schemas.QueueModelReady},
		{Name: "processing", Key: schemas.QueueProcessing},
		{Name: "outbound", Key: schemas.QueueTokenDeployed},
		{Name: "dlq", Key: schemas.QueueDeadLetter},
	}
}

// DefaultStages are the deploy stages' durable consumers on HOKUSAI.
func DefaultStages() []string {
	return []string{streams.ConsumerValidator, streams.ConsumerDeployer, streams.ConsumerRegistrar, streams.ConsumerPublisher}
}

// ListDepth is one Redis list's length.
type ListDepth struct {
	Name   string `json:"name"`
	Key    string `json:"key"`
	Length int64  `json:"length"`
	Error  string `json:"error,omitempty"`
}

// StageDepth is one stage consumer's backlog.
type StageDepth struct {
	Stage string `json:"stage"`
	// Pending: stored, not yet delivered. AckPending: delivered, not yet acknowledged.
	// Redelivered: delivered more than once and still unacknowledged.
	Pending     uint64 `json:"pending"`
	AckPending  int    `json:"ack_pending"`
	Redelivered int    `json:"redelivered"`
	Waiting     int    `json:"waiting"`
	Error       string `json:"error,omitempty"`
}

// QueueSample is the depth of every queue at one moment.
type QueueSample struct {
	At     time.Time    `json:"at"`
	Lists  []ListDepth  `json:"lists"`
	Stages []StageDepth `json:"stages"`
}

// QueuesConfig configures the queue view.
type QueuesConfig struct {
	// Redis, when set, is asked for the length of each of Lists.
	Redis ListLengther
	// Lists default to DefaultLists.
	Lists []NamedList
	// Stream and Stages name the consumers to read; defaults HOKUSAI and DefaultStages.
	Stream string
	Stages []string
	// Period between samples (default 10 s) and History, the samples kept (default 360:
	// an hour at the default period).
	Period  time.Duration
	History int
	// Timeout bounds one sample. Default 5 s.
	Timeout    time.Duration
	Logger     *slog.Logger
	Registerer prometheus.Registerer
	Now        func() time.Time
}

// Check validates the configuration and fills defaults.
func (c *QueuesConfig) Check() error {
	if c.Lists == nil {
		c.Lists = DefaultLists()
	}
	if c.Stream == "" {
		c.Stream = schemas.StreamHokusai
	}
	if c.Stages == nil {
		c.Stages = DefaultStages()
	}
	if c.Period == 0 {
		c.Period = 10 * time.Second
	}
	if c.History == 0 {
		c.History = 360
	}
	if c.Period < 0 || c.History < 0 {
		return errors.New("queues: period and history must be positive")
	}
	if c.Timeout <= 0 {
		c.Timeout = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// Queues samples Redis list lengths and stage consumer backlogs, keeps a ring of recent
// samples for dashboards and exports them as gauges.
type Queues struct {
	js  jetstream.JetStream
	cfg QueuesConfig

	listLen   *prometheus.GaugeVec
	pending   *prometheus.GaugeVec
	ackPend   *prometheus.GaugeVec
	redeliv   *prometheus.GaugeVec
	sampleErr *prometheus.CounterVec

	mu   sync.Mutex
	ring []QueueSample
	next int
	full bool
}

// NewQueues builds the queue view; js may be nil to sample Redis only.
func NewQueues(js jetstream.JetStream, cfg QueuesConfig) (*Queues, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	q := &Queues{
		js: js, cfg: cfg, ring: make([]QueueSample, cfg.History),
		listLen: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricListLength,
			Help: "Length of a legacy Redis list, by role (inbound, processing, outbound, dlq)."}, []string{"list", "key"}),
		pending: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricConsumerPend,
			Help: "Events stored for a stage and not yet delivered."}, []string{"stage"}),
		ackPend: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricConsumerAck,
			Help: "Events delivered to a stage and not yet acknowledged."}, []string{"stage"}),
		redeliv: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricConsumerRedel,
			Help: "Events delivered to a stage more than once and not yet acknowledged."}, []string{"stage"}),
		sampleErr: prometheus.NewCounterVec(prometheus.CounterOpts{Name: MetricSampleErrors,
			Help: "Failed reads of a queue depth, by source (redis, jetstream)."}, []string{"source"}),
	}
	if cfg.Registerer != nil {
		if err := registerAll(cfg.Registerer, q.listLen, q.pending, q.ackPend, q.redeliv, q.sampleErr); err != nil {
			return nil, err
		}
	}
	return q, nil
}

func registerAll(reg prometheus.Registerer, cs ...prometheus.Collector) error {
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("register metrics: %w", err)
		}
	}
	return nil
}

// Sample reads every depth now, records it in the history and the gauges. A source that
// cannot be read is reported in its row, not as an error: the other rows still count.
func (q *Queues) Sample(ctx context.Context) QueueSample {
	ctx, cancel := context.WithTimeout(ctx, q.cfg.Timeout)
	defer cancel()
	s := QueueSample{At: q.cfg.Now().UTC(), Lists: []ListDepth{}, Stages: []StageDepth{}}
	if q.cfg.Redis != nil {
		for _, l := range q.cfg.Lists {
			d := ListDepth{Name: l.Name, Key: l.Key}
			n, err := q.cfg.Redis.LLen(ctx, l.Key)
			if err != nil {
				d.Error = err.Error()
				q.sampleErr.WithLabelValues("redis").Inc()
			} else {
				d.Length = n
				q.listLen.WithLabelValues(l.Name, l.Key).Set(float64(n))
			}
			s.Lists = append(s.Lists, d)
		}
	}
	if q.js != nil {
		for _, name := range q.cfg.Stages {
			d := StageDepth{Stage: name}
			info, err := q.consumerInfo(ctx, name)
			if err != nil {
				d.Error = err.Error()
				q.sampleErr.WithLabelValues("jetstream").Inc()
			} else {
				d.Pending, d.AckPending, d.Redelivered, d.Waiting = info.NumPending, info.NumAckPending, info.NumRedelivered, info.NumWaiting
				q.pending.WithLabelValues(name).Set(float64(d.Pending))
				q.ackPend.WithLabelValues(name).Set(float64(d.AckPending))
				q.redeliv.WithLabelValues(name).Set(float64(d.Redelivered))
			}
			s.Stages = append(s.Stages, d)
		}
	}
	q.mu.Lock()
	if len(q.ring) > 0 {
		q.ring[q.next] = s
		q.next = (q.next + 1) % len(q.ring)
		q.full = q.full || q.next == 0
	}
	q.mu.Unlock()
	return s
}

func (q *Queues) consumerInfo(ctx context.Context, name string) (*jetstream.ConsumerInfo, error) {
	c, err := q.js.Consumer(ctx, q.cfg.Stream, name)
	if err != nil {
		return nil, fmt.Errorf("consumer %s: %w", name, err)
	}
	info, err := c.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("consumer %s info: %w", name, err)
	}
	return info, nil
}

// Run samples every Period until ctx is cancelled.
func (q *Queues) Run(ctx context.Context) error {
	t := time.NewTicker(q.cfg.Period)
	defer t.Stop()
	for {
		q.Sample(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Latest is the most recent sample, false when there is none yet.
func (q *Queues) Latest() (QueueSample, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.ring) == 0 || (!q.full && q.next == 0) {
		return QueueSample{}, false
	}
	return q.ring[(q.next-1+len(q.ring))%len(q.ring)], true
}

// History is the kept samples, oldest first.
func (q *Queues) History() []QueueSample {
	q.mu.Lock()
	defer q.mu.Unlock()
	if !q.full {
		return append([]QueueSample(nil), q.ring[:q.next]...)
	}
	return append(append([]QueueSample(nil), q.ring[q.next:]...), q.ring[:q.next]...)
}

// RedisHealth is a /healthz check that reads the inbound list's length.
func (q *Queues) RedisHealth(ctx context.Context) error {
	if q.cfg.Redis == nil {
		return errors.New("redis not configured")
	}
	key := schemas.QueueModelReady
	if len(q.cfg.Lists) > 0 {
		key = q.cfg.Lists[0].Key
	}
	if _, err := q.cfg.Redis.LLen(ctx, key); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	return nil
}
