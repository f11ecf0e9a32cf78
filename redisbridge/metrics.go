package redisbridge

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Directions, as metric labels.
const (
	dirIn  = "in"  // inbound list -> JetStream
	dirOut = "out" // JetStream -> outbound list
	dirDLQ = "dlq" // JetStream (or an unpublishable message) -> dead-letter list
)

// metrics are the bridge's Prometheus collectors.
type metrics struct {
	depth      *prometheus.GaugeVec
	messages   *prometheus.CounterVec
	duplicates prometheus.Counter
	recovered  prometheus.Counter
	batch      *prometheus.HistogramVec
	errors     *prometheus.CounterVec
	checkpoint prometheus.Gauge
	redisUp    prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		depth: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "chainrelay", Subsystem: "redis", Name: "queue_depth",
			Help: "Length of a bridged Redis list, sampled periodically.",
		}, []string{"queue", "role"}),
		messages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "messages_total",
			Help: "Messages bridged: in (Redis to JetStream), out (to the outbound list), dlq (to the dead-letter list).",
		}, []string{"direction"}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "duplicates_total",
			Help: "Inbound publishes JetStream dropped as duplicates (a message published again after a crash).",
		}),
		recovered: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "recovered_total",
			Help: "Entries found in the processing list at start-up or after an error and published again.",
		}),
		batch: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "batch_size",
			Help:    "Messages per claim (in) or per mirror script call (out).",
			Buckets: prometheus.ExponentialBuckets(1, 4, 7),
		}, []string{"direction"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "errors_total",
			Help: "Bridge errors by direction and class (redis, publish, consume, decode, other).",
		}, []string{"direction", "class"}),
		checkpoint: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "outbound_checkpoint",
			Help: "Last HOKUSAI stream sequence mirrored to Redis.",
		}),
		redisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: "chainrelay", Subsystem: "bridge", Name: "redis_up",
			Help: "1 while the bridge reaches Redis, 0 during an outage.",
		}),
	}
	m.redisUp.Set(1)
	if reg == nil {
		return m, nil
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.depth, m.messages, m.duplicates, m.recovered, m.batch, m.errors, m.checkpoint, m.redisUp} {
		errs = append(errs, reg.Register(c))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}
