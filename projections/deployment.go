package projections

import (
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
)

// Status is where a model's deployment stands.
type Status string

// Statuses, in pipeline order; rejected, failed and dropped end a request early.
const (
	StatusRequested  Status = "requested"
	StatusValidated  Status = "validated"
	StatusSubmitted  Status = "submitted"
	StatusDeployed   Status = "deployed"
	StatusRegistered Status = "registered"
	StatusPublished  Status = "published"
	StatusRejected   Status = "rejected"
	StatusFailed     Status = "failed"
	StatusDropped    Status = "dropped"
)

// Statuses lists every status, for filters and gauges.
var Statuses = []Status{
	StatusRequested, StatusValidated, StatusSubmitted, StatusDeployed, StatusRegistered,
	StatusPublished, StatusRejected, StatusFailed, StatusDropped,
}

// ParseStatus checks s names a status.
func ParseStatus(s string) (Status, bool) {
	st := Status(s)
	return st, slices.Contains(Statuses, st)
}

// Dead reports whether a request in this status sits in the dead-letter list.
func (s Status) Dead() bool { return s == StatusRejected || s == StatusFailed }

// rank orders the statuses of one request: an event never moves a request to a lower
// rank. A stage gives up (rejected, failed) only after the steps before it, so a failure
// outranks them; published outranks a failure because the token was delivered whatever a
// stray dead letter says; dropped is the operator's final word on a dead letter.
func (s Status) rank() int {
	switch s {
	case StatusRequested:
		return 1
	case StatusValidated:
		return 2
	case StatusSubmitted:
		return 3
	case StatusDeployed:
		return 4
	case StatusRegistered:
		return 5
	case StatusRejected, StatusFailed:
		return 6
	case StatusPublished:
		return 7
	case StatusDropped:
		return 8
	}
	return 0
}

// ClassAlreadyDeployed is the rejection class of a request for a model that already has a
// token.
const ClassAlreadyDeployed = "already_deployed"

// maxRequests bounds the per-model request history kept in the state; older requests
// other than the current one are forgotten (the log keeps them all).
const maxRequests = 32

// Steps holds when each step of a request happened (zero when it has not).
type Steps struct {
	Requested  time.Time `json:"requested,omitzero"`
	Validated  time.Time `json:"validated,omitzero"`
	Rejected   time.Time `json:"rejected,omitzero"`
	Submitted  time.Time `json:"submitted,omitzero"` // first attempt
	Deployed   time.Time `json:"deployed,omitzero"`
	Registered time.Time `json:"registered,omitzero"`
	Published  time.Time `json:"published,omitzero"`
	Failed     time.Time `json:"failed,omitzero"`
	Dropped    time.Time `json:"dropped,omitzero"`
}

// Request is one request for a model: the first, an operator retry or a duplicate.
type Request struct {
	RequestID     string `json:"request_id"`
	CorrelationID string `json:"correlation_id,omitempty"`
	// Retry counts operator re-injections (0 for the first try).
	Retry  int    `json:"retry,omitempty"`
	Status Status `json:"status"`
	Steps  Steps  `json:"steps"`
	// Duplicate marks a request rejected because the model already had a token.
	Duplicate bool `json:"duplicate,omitempty"`
	// Stage, Class and Error describe the rejection or failure.
	Stage string `json:"stage,omitempty"`
	Class string `json:"class,omitempty"`
	Error string `json:"error,omitempty"`
	// Deliveries is how many times the stage that gave up tried.
	Deliveries int    `json:"deliveries,omitempty"`
	Queue      string `json:"queue,omitempty"`
	DroppedBy  string `json:"dropped_by,omitempty"`
	DropReason string `json:"drop_reason,omitempty"`
	FirstSeq   uint64 `json:"first_seq"`
	LastSeq    uint64 `json:"last_seq"`
}

// TxRecord is one submitted transaction attempt.
type TxRecord struct {
	RequestID string    `json:"request_id"`
	Hash      string    `json:"hash"`
	Nonce     uint64    `json:"nonce"`
	GasLimit  uint64    `json:"gas_limit,omitempty"`
	GasFeeCap string    `json:"gas_fee_cap,omitempty"`
	GasTipCap string    `json:"gas_tip_cap,omitempty"`
	GasPrice  string    `json:"gas_price,omitempty"`
	SentAt    time.Time `json:"sent_at,omitzero"`
	Seq       uint64    `json:"seq"`
}

// ErrorInfo is a rejection or failure.
type ErrorInfo struct {
	RequestID string    `json:"request_id"`
	Stage     string    `json:"stage,omitempty"`
	Class     string    `json:"class,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	At        time.Time `json:"at,omitzero"`
	Seq       uint64    `json:"seq"`
}

// Deployment is the state of one model's deployment, folded from its events.
type Deployment struct {
	ModelID string `json:"model_id"`
	// Status, RequestID, CorrelationID and Steps describe the current request: the latest
	// published one if any, else the latest that is not a duplicate, else the latest.
	Status        Status `json:"status"`
	RequestID     string `json:"request_id"`
	CorrelationID string `json:"correlation_id,omitempty"`
	Steps         Steps  `json:"steps"`

	TokenSymbol string `json:"token_symbol,omitempty"`
	TokenName   string `json:"token_name,omitempty"`
	Network     string `json:"network,omitempty"`
	ChainID     uint64 `json:"chain_id,omitempty"`
	// TokenAddress, once known, is never cleared: a later duplicate or failed request
	// does not lose the token.
	TokenAddress     string `json:"token_address,omitempty"`
	PredictedAddress string `json:"predicted_address,omitempty"`
	Deployer         string `json:"deployer,omitempty"`
	DeployTx         string `json:"deploy_tx,omitempty"`
	DeployBlock      uint64 `json:"deploy_block,omitempty"`
	Registry         string `json:"registry,omitempty"`
	RegistryTx       string `json:"registry_tx,omitempty"`
	// Transactions lists every submitted attempt of every request (fee bumps included).
	Transactions []TxRecord `json:"transactions,omitempty"`
	// GasUsed and GasCostWei sum the deploy and registry transactions (decimal wei).
	GasUsed    uint64 `json:"gas_used,omitempty"`
	GasCostWei string `json:"gas_cost_wei,omitempty"`

	// Attempts counts the requests that tried to deploy the model: the first plus every
	// operator retry; duplicates are counted in Duplicates instead.
	Attempts      int        `json:"attempts"`
	Duplicates    int        `json:"duplicates,omitempty"`
	LastError     *ErrorInfo `json:"last_error,omitempty"`
	LastDuplicate *ErrorInfo `json:"last_duplicate,omitempty"`
	Requests      []Request  `json:"requests"`

	// Events counts the events applied; Seq is the stream sequence of the last one.
	Events    int       `json:"events"`
	Seq       uint64    `json:"seq"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Event is one deploy-flow event read from HOKUSAI.
type Event struct {
	Seq           uint64
	Subject       string
	Type          schemas.EventType
	ModelID       string
	MsgID         string
	CorrelationID string
	// Time is when the stream stored the event; steps use the event's own time when it
	// carries one.
	Time time.Time
	// Body is one of schemas.Requested, Validated, Rejected, Submitted, Deployed,
	// Registered, Published, Failed or Dropped (values, not pointers).
	Body any
}

// RequestID is the request the event belongs to.
func (ev Event) RequestID() string {
	switch b := ev.Body.(type) {
	case schemas.Requested:
		return b.RequestID
	case schemas.Validated:
		return b.Request.RequestID
	case schemas.Rejected:
		return b.RequestID
	case schemas.Submitted:
		return b.Request.RequestID
	case schemas.Deployed:
		return b.Request.RequestID
	case schemas.Registered:
		return b.Request.RequestID
	case schemas.Published:
		return b.RequestID
	case schemas.Failed:
		return b.RequestID
	case schemas.Dropped:
		return b.RequestID
	}
	return ""
}

// At is when the event's step happened: its own timestamp, else the stream's.
func (ev Event) At() time.Time {
	var t time.Time
	switch b := ev.Body.(type) {
	case schemas.Requested:
		t = b.ReceivedAt
	case schemas.Rejected:
		t = b.RejectedAt
	case schemas.Submitted:
		t = b.Attempt.SentAt
	case schemas.Deployed:
		t = b.Token.At
	case schemas.Registered:
		t = b.Registration.At
	case schemas.Published:
		t = b.PublishedAt
	case schemas.Failed:
		t = b.FailedAt
	case schemas.Dropped:
		t = b.At
	}
	if t.IsZero() {
		return ev.Time.UTC()
	}
	return t.UTC()
}

// Apply folds one event into a model's state and returns the new state; d is not
// modified. An event whose sequence is not above d.Seq was applied before and is skipped,
// so replaying a stretch of the log twice changes nothing.
func Apply(d Deployment, ev Event) Deployment {
	d = d.clone()
	apply(&d, ev)
	return d
}

// clone copies the slices and pointers a later apply would modify in place.
func (d Deployment) clone() Deployment {
	d.Transactions = slices.Clone(d.Transactions)
	d.Requests = slices.Clone(d.Requests)
	if d.LastError != nil {
		e := *d.LastError
		d.LastError = &e
	}
	if d.LastDuplicate != nil {
		e := *d.LastDuplicate
		d.LastDuplicate = &e
	}
	return d
}

// apply folds ev into d in place and returns the request it touched (nil when skipped).
func apply(d *Deployment, ev Event) *Request {
	if ev.Seq != 0 && ev.Seq <= d.Seq {
		return nil
	}
	if d.ModelID == "" {
		d.ModelID = ev.ModelID
	}
	at := ev.At()
	r := d.request(ev.RequestID(), ev)
	switch b := ev.Body.(type) {
	case schemas.Requested:
		r.Retry = b.Retry
		r.Queue = b.Queue
		setOnce(&r.Steps.Requested, at)
		r.advance(StatusRequested)
	case schemas.Validated:
		d.fromRequest(b.Request)
		setOnce(&r.Steps.Validated, at)
		r.advance(StatusValidated)
	case schemas.Rejected:
		setOnce(&r.Steps.Rejected, at)
		r.Stage, r.Class, r.Error, r.Deliveries = b.Stage, b.Class, joinReasons(b.Reasons), b.Attempts
		if r.Queue == "" {
			r.Queue = b.Queue
		}
		info := &ErrorInfo{RequestID: r.RequestID, Stage: b.Stage, Class: b.Class, Reason: r.Error, At: at, Seq: ev.Seq}
		if b.Class == ClassAlreadyDeployed {
			r.Duplicate = true
			d.LastDuplicate = info
			if d.TokenAddress == "" {
				d.TokenAddress = b.ExistingToken
			}
		} else {
			d.LastError = info
		}
		r.advance(StatusRejected)
	case schemas.Submitted:
		d.fromRequest(b.Request)
		d.Network, d.ChainID = b.Network, b.ChainID
		d.PredictedAddress = b.PredictedAddress
		d.Deployer = b.From
		setOnce(&r.Steps.Submitted, at)
		d.Transactions = append(d.Transactions, TxRecord{
			RequestID: r.RequestID, Hash: b.Attempt.Hash, Nonce: b.Attempt.Nonce, GasLimit: b.Attempt.GasLimit,
			GasFeeCap: b.Attempt.GasFeeCap, GasTipCap: b.Attempt.GasTipCap, GasPrice: b.Attempt.GasPrice,
			SentAt: b.Attempt.SentAt.UTC(), Seq: ev.Seq,
		})
		r.advance(StatusSubmitted)
	case schemas.Deployed:
		d.fromRequest(b.Request)
		d.addGas(b.Token.Deploy, d.DeployTx)
		d.fromToken(b.Token)
		setOnce(&r.Steps.Deployed, at)
		r.advance(StatusDeployed)
	case schemas.Registered:
		d.fromRequest(b.Request)
		d.addGas(b.Token.Deploy, d.DeployTx)
		d.fromToken(b.Token)
		d.Registry = b.Registration.Registry
		if !b.Registration.AlreadyRegistered {
			d.addGas(b.Registration.Receipt, d.RegistryTx)
			d.RegistryTx = b.Registration.Receipt.TxHash
		}
		setOnce(&r.Steps.Registered, at)
		r.advance(StatusRegistered)
	case schemas.Published:
		if b.Token != "" {
			d.TokenAddress = b.Token
		}
		setOnce(&r.Steps.Published, at)
		r.advance(StatusPublished)
	case schemas.Failed:
		setOnce(&r.Steps.Failed, at)
		r.Stage, r.Class, r.Error, r.Deliveries = b.Stage, b.Class, b.Reason, b.Attempts
		d.LastError = &ErrorInfo{RequestID: r.RequestID, Stage: b.Stage, Class: b.Class, Reason: b.Reason, At: at, Seq: ev.Seq}
		r.advance(StatusFailed)
	case schemas.Dropped:
		r.DroppedBy, r.DropReason = b.Operator, b.Reason
		setOnce(&r.Steps.Dropped, at)
		// Only a dead letter can be dropped; a drop recorded against a live or
		// published request is kept as a note and changes nothing else.
		if r.Status.Dead() {
			r.advance(StatusDropped)
		}
	}
	r.LastSeq = ev.Seq
	d.Events++
	d.Seq = ev.Seq
	d.UpdatedAt = at
	d.settle()
	return r
}

// request finds or adds the request with id.
func (d *Deployment) request(id string, ev Event) *Request {
	for i := range d.Requests {
		if d.Requests[i].RequestID == id {
			return &d.Requests[i]
		}
	}
	if len(d.Requests) >= maxRequests {
		cur := d.current()
		for i := range d.Requests {
			if i != cur {
				d.Requests = slices.Delete(d.Requests, i, i+1)
				break
			}
		}
	}
	d.Requests = append(d.Requests, Request{RequestID: id, CorrelationID: ev.CorrelationID, FirstSeq: ev.Seq})
	return &d.Requests[len(d.Requests)-1]
}

// advance moves the request to s unless it already stands at a higher rank.
func (r *Request) advance(s Status) {
	if s.rank() >= r.Status.rank() {
		r.Status = s
	}
}

// current picks the request the model's status describes: the latest published one,
// else the latest that is not a duplicate, else the latest. A duplicate rejected after a
// publication therefore never hides the token, and an operator retry after a rejection
// moves the model forward again.
func (d *Deployment) current() int {
	pick := -1
	for i := len(d.Requests) - 1; i >= 0; i-- {
		r := &d.Requests[i]
		if r.Status == StatusPublished {
			return i
		}
		if pick < 0 && !r.Duplicate {
			pick = i
		}
	}
	if pick < 0 {
		pick = len(d.Requests) - 1
	}
	return pick
}

// settle recomputes the fields derived from the requests.
func (d *Deployment) settle() {
	d.Attempts, d.Duplicates = 0, 0
	for i := range d.Requests {
		if d.Requests[i].Duplicate {
			d.Duplicates++
		} else {
			d.Attempts++
		}
	}
	if i := d.current(); i >= 0 {
		r := &d.Requests[i]
		d.Status, d.RequestID, d.CorrelationID, d.Steps = r.Status, r.RequestID, r.CorrelationID, r.Steps
	}
}

func (d *Deployment) fromRequest(req schemas.DeployRequest) {
	if req.TokenSymbol != "" {
		d.TokenSymbol = req.TokenSymbol
	}
	if req.TokenName != "" {
		d.TokenName = req.TokenName
	}
}

func (d *Deployment) fromToken(t schemas.Token) {
	if t.Address != "" {
		d.TokenAddress = t.Address
	}
	if t.Network != "" {
		d.Network, d.ChainID = t.Network, t.ChainID
	}
	if t.Deployer != "" {
		d.Deployer = t.Deployer
	}
	if t.Deploy.TxHash != "" {
		d.DeployTx, d.DeployBlock = t.Deploy.TxHash, t.Deploy.BlockNumber
	}
}

// addGas adds a receipt's gas and cost unless it is the receipt counted last time
// (counted): the deploy receipt arrives in deployed and again in registered.
func (d *Deployment) addGas(rc schemas.Receipt, counted string) {
	if rc.TxHash == "" || rc.GasUsed == 0 || rc.TxHash == counted {
		return
	}
	d.GasUsed += rc.GasUsed
	if sum, ok := addCost(d.GasCostWei, rc); ok {
		d.GasCostWei = sum
	}
}

// receiptCost is gas used × effective price, nil when the price does not parse.
func receiptCost(rc schemas.Receipt) *big.Int {
	price, ok := new(big.Int).SetString(rc.EffectiveGasPrice, 10)
	if !ok {
		return nil
	}
	return price.Mul(price, new(big.Int).SetUint64(rc.GasUsed))
}

// smallCost is receiptCost when the price and the product fit in 64 bits, as they do
// for any real fee below 18 ether: a replay adds up a million of them, and big numbers
// cost more than the rest of the fold.
func smallCost(rc schemas.Receipt) (uint64, bool) {
	price, err := strconv.ParseUint(rc.EffectiveGasPrice, 10, 64)
	if err != nil {
		return 0, false
	}
	hi, lo := bits.Mul64(price, rc.GasUsed)
	return lo, hi == 0
}

// addCost adds a receipt's cost to a decimal sum; ok is false when the price does not
// parse, leaving the sum as it is.
func addCost(sum string, rc schemas.Receipt) (string, bool) {
	if cost, ok := smallCost(rc); ok {
		var total uint64
		var err error
		if sum != "" {
			total, err = strconv.ParseUint(sum, 10, 64)
		}
		if err == nil && total+cost >= total {
			return strconv.FormatUint(total+cost, 10), true
		}
	}
	cost := receiptCost(rc)
	if cost == nil {
		return sum, false
	}
	total, ok := new(big.Int).SetString(sum, 10)
	if !ok {
		total = new(big.Int)
	}
	return total.Add(total, cost).String(), true
}

func setOnce(t *time.Time, at time.Time) {
	if t.IsZero() {
		*t = at
	}
}

func joinReasons(rs []string) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return rs[0]
	}
	out := rs[0]
	for _, r := range rs[1:] {
		out += "; " + r
	}
	return out
}
