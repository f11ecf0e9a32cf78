package ledgerstreamer

import (
	"github.com/prometheus/client_golang/prometheus"
)

// metrics of one streamer. Built on a Registerer when one is given; unregistered (and so
// never scraped, but safe to update) otherwise.
type metrics struct {
	ledgers     prometheus.Counter
	invocations *prometheus.CounterVec
	skipped     prometheus.Counter
	duplicates  prometheus.Counter
	failures    *prometheus.CounterVec
	cursor      prometheus.Gauge
	ledgerTime  prometheus.Histogram
	inFlight    prometheus.Gauge
}

func newMetrics(reg prometheus.Registerer, network string) (*metrics, error) {
	labels := prometheus.Labels{"network": network}
	m := &metrics{
		ledgers: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chainrelay_stellar_ledgers_published_total", ConstLabels: labels,
			Help: "Ledgers whose invocations are all acknowledged by JetStream and whose cursor advanced.",
		}),
		invocations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chainrelay_stellar_invocations_published_total", ConstLabels: labels,
			Help: "Invocations published and acknowledged, by kind.",
		}, []string{"kind"}),
		skipped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chainrelay_stellar_invocations_skipped_total", ConstLabels: labels,
			Help: "Invocations not published on resume because the stream already held them.",
		}),
		duplicates: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "chainrelay_stellar_invocations_duplicate_total", ConstLabels: labels,
			Help: "Publishes JetStream acknowledged as duplicates of a message it held.",
		}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "chainrelay_stellar_streamer_failures_total", ConstLabels: labels,
			Help: "Failures that stopped the streamer, by class (bad_xdr, source, publish, cursor).",
		}, []string{"class"}),
		cursor: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chainrelay_stellar_cursor_ledger", ConstLabels: labels,
			Help: "Last ledger fully published.",
		}),
		ledgerTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "chainrelay_stellar_ledger_publish_seconds", ConstLabels: labels,
			Help:    "Time from a ledger's turn to publish to its cursor update.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "chainrelay_stellar_ledgers_in_flight", ConstLabels: labels,
			Help: "Ledgers fetched and being decoded, extracted or published.",
		}),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.ledgers, m.invocations, m.skipped, m.duplicates, m.failures,
			m.cursor, m.ledgerTime, m.inFlight} {
			if err := reg.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}
