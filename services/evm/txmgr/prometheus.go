package txmgr

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/services/evm"
)

// PrometheusMetrics exports the manager's observations as chainrelay_tx_* series.
type PrometheusMetrics struct {
	attempts  *prometheus.CounterVec
	mined     prometheus.Counter
	confirmed prometheus.Histogram
	reorged   prometheus.Counter
	gapFilled prometheus.Counter
	failed    *prometheus.CounterVec
}

var _ Metrics = (*PrometheusMetrics)(nil)

// NewPrometheusMetrics creates the series and registers them with reg (nil: unregistered).
func NewPrometheusMetrics(reg prometheus.Registerer) *PrometheusMetrics {
	m := &PrometheusMetrics{
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "tx", Name: "attempts_total",
			Help: "Transactions broadcast, by attempt number (1 is the first, higher ones are fee bumps).",
		}, []string{"attempt"}),
		mined: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "tx", Name: "mined_total", Help: "Receipts seen.",
		}),
		confirmed: prometheus.NewHistogram(prometheus.HistogramOpts{
			Namespace: "chainrelay", Subsystem: "tx", Name: "confirmation_seconds",
			Help:    "Time from first broadcast to confirmation.",
			Buckets: prometheus.ExponentialBuckets(0.25, 2, 12),
		}),
		reorged: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "tx", Name: "reorged_total", Help: "Receipts that left the canonical chain.",
		}),
		gapFilled: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "tx", Name: "gap_fills_total", Help: "Filler transactions sent into nonce gaps.",
		}),
		failed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "chainrelay", Subsystem: "tx", Name: "failed_total", Help: "Sends that ended in an error, by class.",
		}, []string{"class"}),
	}
	if reg != nil {
		reg.MustRegister(m.attempts, m.mined, m.confirmed, m.reorged, m.gapFilled, m.failed)
	}
	return m
}

// AttemptSent counts a broadcast; attempts past the fifth share one label.
func (m *PrometheusMetrics) AttemptSent(number int) {
	label := strconv.Itoa(number)
	if number > 5 {
		label = "6+"
	}
	m.attempts.WithLabelValues(label).Inc()
}

// Mined counts a receipt.
func (m *PrometheusMetrics) Mined() { m.mined.Inc() }

// Confirmed observes a confirmation time.
func (m *PrometheusMetrics) Confirmed(d time.Duration) { m.confirmed.Observe(d.Seconds()) }

// Reorged counts a reorged receipt.
func (m *PrometheusMetrics) Reorged() { m.reorged.Inc() }

// GapFilled counts a gap filler.
func (m *PrometheusMetrics) GapFilled() { m.gapFilled.Inc() }

// Failed counts a failed send.
func (m *PrometheusMetrics) Failed(class evm.Class) { m.failed.WithLabelValues(string(class)).Inc() }
