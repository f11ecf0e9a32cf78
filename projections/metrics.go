package projections

import (
	"math/big"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/schemas"
)

// Metric names used by the alert rules and the dashboard in ops/.
const (
	MetricRequests       = "chainrelay_deploy_requests_total"
	MetricOutcomes       = "chainrelay_deploy_outcomes_total"
	MetricGasUsed        = "chainrelay_deploy_gas_used_total"
	MetricGasCost        = "chainrelay_deploy_gas_cost_wei_total"
	MetricStageSeconds   = "chainrelay_deploy_stage_seconds"
	MetricEndToEnd       = "chainrelay_deploy_end_to_end_seconds"
	MetricModels         = "chainrelay_deploy_models"
	MetricOldestSubmit   = "chainrelay_deploy_oldest_submitted_seconds"
	MetricApplied        = "chainrelay_projection_applied_total"
	MetricSkipped        = "chainrelay_projection_skipped_total"
	MetricProjectionSeq  = "chainrelay_projection_seq"
	MetricProjectionLag  = "chainrelay_projection_pending"
	MetricListLength     = "chainrelay_queue_list_length"
	MetricConsumerPend   = "chainrelay_queue_consumer_pending"
	MetricConsumerAck    = "chainrelay_queue_consumer_ack_pending"
	MetricConsumerRedel  = "chainrelay_queue_consumer_redelivered"
	MetricSampleErrors   = "chainrelay_queue_sample_errors_total"
	MetricBalance        = "chainrelay_deployer_balance_wei"
	MetricBalanceLow     = "chainrelay_deployer_balance_low_wei"
	projectionDeployment = "deployments"
)

// MetricNames lists every metric this package defines (histograms by their base name).
var MetricNames = []string{
	MetricRequests, MetricOutcomes, MetricGasUsed, MetricGasCost, MetricStageSeconds, MetricEndToEnd,
	MetricModels, MetricOldestSubmit, MetricApplied, MetricSkipped, MetricProjectionSeq, MetricProjectionLag,
	MetricListLength, MetricConsumerPend, MetricConsumerAck, MetricConsumerRedel, MetricSampleErrors,
	MetricBalance, MetricBalanceLow,
}

// deployMetrics are the series the deployment projection derives from the log. Times
// come from the events, so a replay yields the same histograms as live traffic.
type deployMetrics struct {
	requests  prometheus.Counter
	outcomes  *prometheus.CounterVec
	gasUsed   *prometheus.CounterVec
	gasCost   *prometheus.CounterVec
	stage     *prometheus.HistogramVec
	endToEnd  prometheus.Histogram
	models    *prometheus.GaugeVec
	oldest    prometheus.Gauge
	applied   prometheus.Counter
	skipped   *prometheus.CounterVec
	seq       prometheus.Gauge
	pending   prometheus.Gauge
	perStatus map[Status]int
	// Series by label, looked up once: the fold moves a model's status on most events.
	modelSeries map[Status]prometheus.Gauge
	stageSeries map[string]prometheus.Observer
}

// newDeployMetrics creates the series and registers them with reg; nil keeps them
// unregistered (the no-op choice for tests and benchmarks).
func newDeployMetrics(reg prometheus.Registerer) *deployMetrics {
	latency := prometheus.ExponentialBuckets(0.05, 2, 16) // 50 ms .. ~27 min
	m := &deployMetrics{
		requests: prometheus.NewCounter(prometheus.CounterOpts{Name: MetricRequests,
			Help: "Deploy requests seen on the log (first tries, operator retries and duplicates)."}),
		outcomes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: MetricOutcomes,
			Help: "Requests that reached an end: published, rejected, failed or dropped, by error class."}, []string{"status", "class"}),
		gasUsed: prometheus.NewCounterVec(prometheus.CounterOpts{Name: MetricGasUsed,
			Help: "Gas used by mined transactions, by kind (deploy, register)."}, []string{"kind"}),
		gasCost: prometheus.NewCounterVec(prometheus.CounterOpts{Name: MetricGasCost,
			Help: "Gas cost in wei (gas used × effective gas price), by kind."}, []string{"kind"}),
		stage: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: MetricStageSeconds,
			Help: "Time a request spent in a stage, from the event timestamps (validate, deploy, register, publish).", Buckets: latency}, []string{"stage"}),
		endToEnd: prometheus.NewHistogram(prometheus.HistogramOpts{Name: MetricEndToEnd,
			Help: "Time from requested to published, from the event timestamps.", Buckets: latency}),
		models: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: MetricModels,
			Help: "Models by the status of their current request."}, []string{"status"}),
		oldest: prometheus.NewGauge(prometheus.GaugeOpts{Name: MetricOldestSubmit,
			Help: "Age of the oldest deployment whose transaction is submitted but not yet mined (0 when none)."}),
		applied: prometheus.NewCounter(prometheus.CounterOpts{Name: MetricApplied, ConstLabels: prometheus.Labels{"projection": projectionDeployment},
			Help: "Events applied to the projection."}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: MetricSkipped, ConstLabels: prometheus.Labels{"projection": projectionDeployment},
			Help: "Events skipped: already applied, or unreadable."}, []string{"reason"}),
		seq: prometheus.NewGauge(prometheus.GaugeOpts{Name: MetricProjectionSeq, ConstLabels: prometheus.Labels{"projection": projectionDeployment},
			Help: "Last stream sequence the projection has processed."}),
		pending: prometheus.NewGauge(prometheus.GaugeOpts{Name: MetricProjectionLag, ConstLabels: prometheus.Labels{"projection": projectionDeployment},
			Help: "Events on the stream the projection has not processed yet."}),
		perStatus:   map[Status]int{},
		modelSeries: map[Status]prometheus.Gauge{},
		stageSeries: map[string]prometheus.Observer{},
	}
	if reg != nil {
		reg.MustRegister(m.requests, m.outcomes, m.gasUsed, m.gasCost, m.stage, m.endToEnd, m.models, m.oldest,
			m.applied, m.skipped, m.seq, m.pending)
	}
	return m
}

// before is what observe needs to know of a state before an event.
type before struct {
	status     Status // the model's
	reqStatus  Status // the event's request's
	deployTx   string
	registryTx string
}

func snapshot(d *Deployment, requestID string) before {
	b := before{status: d.Status, deployTx: d.DeployTx, registryTx: d.RegistryTx}
	for i := range d.Requests {
		if d.Requests[i].RequestID == requestID {
			b.reqStatus = d.Requests[i].Status
			break
		}
	}
	return b
}

// observe records what applying ev to d changed.
func (m *deployMetrics) observe(b before, ev Event, d *Deployment, r *Request) {
	m.applied.Inc()
	if b.status != d.Status {
		m.move(b.status, d.Status)
	}
	if r == nil {
		return
	}
	switch body := ev.Body.(type) {
	case schemas.Requested:
		if b.reqStatus == "" {
			m.requests.Inc()
		}
	case schemas.Deployed:
		m.gas("deploy", body.Token.Deploy, b.deployTx)
	case schemas.Registered:
		if !body.Registration.AlreadyRegistered {
			m.gas("register", body.Registration.Receipt, b.registryTx)
		}
	}
	if r.Status != b.reqStatus {
		s := r.Steps
		switch r.Status {
		case StatusValidated:
			m.span("validate", s.Requested, s.Validated)
		case StatusDeployed:
			m.span("deploy", s.Validated, s.Deployed)
		case StatusRegistered:
			m.span("register", s.Deployed, s.Registered)
		case StatusPublished:
			m.span("publish", s.Registered, s.Published)
			if !s.Requested.IsZero() && !s.Published.Before(s.Requested) {
				m.endToEnd.Observe(s.Published.Sub(s.Requested).Seconds())
			}
			m.outcomes.WithLabelValues(string(StatusPublished), "").Inc()
		case StatusRejected, StatusFailed, StatusDropped:
			m.outcomes.WithLabelValues(string(r.Status), r.Class).Inc()
		}
	}
}

func (m *deployMetrics) span(stage string, from, to time.Time) {
	if from.IsZero() || to.Before(from) {
		return
	}
	o, ok := m.stageSeries[stage]
	if !ok {
		o = m.stage.WithLabelValues(stage)
		m.stageSeries[stage] = o
	}
	o.Observe(to.Sub(from).Seconds())
}

func (m *deployMetrics) gas(kind string, rc schemas.Receipt, counted string) {
	if rc.TxHash == "" || rc.TxHash == counted || rc.GasUsed == 0 {
		return
	}
	m.gasUsed.WithLabelValues(kind).Add(float64(rc.GasUsed))
	if cost, ok := smallCost(rc); ok {
		m.gasCost.WithLabelValues(kind).Add(float64(cost))
	} else if cost := receiptCost(rc); cost != nil {
		f, _ := new(big.Float).SetInt(cost).Float64()
		m.gasCost.WithLabelValues(kind).Add(f)
	}
}

// move keeps the per-status model counts.
func (m *deployMetrics) move(from, to Status) {
	if from != "" {
		m.perStatus[from]--
		m.modelGauge(from).Set(float64(m.perStatus[from]))
	}
	if to != "" {
		m.perStatus[to]++
		m.modelGauge(to).Set(float64(m.perStatus[to]))
	}
}

func (m *deployMetrics) modelGauge(s Status) prometheus.Gauge {
	g, ok := m.modelSeries[s]
	if !ok {
		g = m.models.WithLabelValues(string(s))
		m.modelSeries[s] = g
	}
	return g
}
