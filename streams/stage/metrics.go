package stage

import "github.com/prometheus/client_golang/prometheus"

// Metrics are the per-stage Prometheus series. One Metrics serves every runner of a
// process; the stage label tells them apart.
type Metrics struct {
	processed   *prometheus.CounterVec
	failed      *prometheus.CounterVec
	retried     *prometheus.CounterVec
	redelivered *prometheus.CounterVec
	inFlight    *prometheus.GaugeVec
	latency     *prometheus.HistogramVec
}

// NewMetrics creates the series and registers them with reg; a nil reg keeps them
// unregistered, which is the no-op choice for tests and benchmarks.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		processed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "stage", Name: "processed_total",
			Help: "Inputs finished by a stage, by outcome (ok: outputs published and acked; failed: dead-lettered).",
		}, []string{"stage", "outcome"}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "stage", Name: "failed_total",
			Help: "Inputs a stage gave up on, by error class.",
		}, []string{"stage", "class"}),
		retried: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "stage", Name: "retried_total",
			Help: "Transient failures handed back for redelivery, by error class.",
		}, []string{"stage", "class"}),
		redelivered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "stage", Name: "redelivered_total",
			Help: "Inputs delivered more than once.",
		}, []string{"stage"}),
		inFlight: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: "chainrelay", Subsystem: "stage", Name: "in_flight",
			Help: "Inputs being handled now.",
		}, []string{"stage"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "chainrelay", Subsystem: "stage", Name: "handler_seconds",
			Help:    "Handler latency.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2.5, 14),
		}, []string{"stage"}),
	}
	if reg != nil {
		reg.MustRegister(m.processed, m.failed, m.retried, m.redelivered, m.inFlight, m.latency)
	}
	return m
}
