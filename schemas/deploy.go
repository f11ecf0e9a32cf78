package schemas

import (
	"time"
)

// EventType names a step of the deploy flow; it is the third subject token and the value
// of the Chainrelay-Event-Type header.
type EventType string

// The deploy flow, in order. Rejected and Failed end a request early.
const (
	EventRequested  EventType = "requested"
	EventValidated  EventType = "validated"
	EventRejected   EventType = "rejected"
	EventSubmitted  EventType = "submitted"
	EventDeployed   EventType = "deployed"
	EventRegistered EventType = "registered"
	EventPublished  EventType = "published"
	EventFailed     EventType = "failed"
	// EventDropped records an operator's decision to give up on a dead letter.
	EventDropped EventType = "dropped"
)

// DeploySchemaVersion is the schema version of every deploy-flow event type below. It is
// bumped on a change that old consumers cannot read.
const DeploySchemaVersion = 1

// DeployMsgID is the deterministic Nats-Msg-Id of a deploy-flow event: the same input
// always yields the same id, so a redelivered input's output is dropped by JetStream.
// Step distinguishes several events of one type for one request (a submitted attempt, a
// failing stage); it is empty otherwise.
func DeployMsgID(ev EventType, modelID, requestID, step string) string {
	id := string(ev) + ":" + EncodeSubjectToken(modelID) + ":" + requestID
	if step != "" {
		id += ":" + step
	}
	return id
}

// Requested is a message taken from the legacy inbound Redis list, carried byte for byte.
// Subject: hokusai.deploy.requested.<model>. Published by the bridge.
//
// Example: {request_id: "r-01J9…", model_id: "model-42", raw: `{"model_id":"model-42",…}`,
// queue: "hokusai:model_ready_queue", received_at: 2026-11-24T12:00:00Z}
type Requested struct {
	// RequestID is assigned by the bridge when it claims the message and stored with it in
	// Redis, so that a crash and a re-claim yield the same id.
	RequestID string `msgpack:"request_id"`
	// ModelID is read from the payload when it parses; empty when it does not.
	ModelID    string    `msgpack:"model_id"`
	Raw        []byte    `msgpack:"raw"`
	Queue      string    `msgpack:"queue"`
	ReceivedAt time.Time `msgpack:"received_at"`
	// Retry counts operator re-injections from the dead-letter list (0 for the first try).
	Retry int `msgpack:"retry,omitempty"`
}

// DeployRequest is a validated, normalised ModelReadyToDeploy, whichever shape it came in.
type DeployRequest struct {
	RequestID          string            `msgpack:"request_id"`
	ModelID            string            `msgpack:"model_id"`
	TokenSymbol        string            `msgpack:"token_symbol"`
	TokenName          string            `msgpack:"token_name"`
	MetricName         string            `msgpack:"metric_name"`
	BaselineValue      float64           `msgpack:"baseline_value"`
	CurrentValue       float64           `msgpack:"current_value"`
	Improvement        float64           `msgpack:"improvement_percentage"`
	ModelName          string            `msgpack:"model_name"`
	ModelVersion       string            `msgpack:"model_version"`
	MLflowRunID        string            `msgpack:"mlflow_run_id,omitempty"`
	ContributorAddress string            `msgpack:"contributor_address,omitempty"` // EIP-55 form
	ExperimentName     string            `msgpack:"experiment_name,omitempty"`
	Tags               map[string]string `msgpack:"tags,omitempty"`
	Timestamp          time.Time         `msgpack:"timestamp"` // UTC
	MessageVersion     string            `msgpack:"message_version"`
	// Format is "flat" (TypeScript schema) or "envelope" (Python producer).
	Format string `msgpack:"format"`
	// SourceMessageID is the envelope's message_id, when there was one.
	SourceMessageID    string `msgpack:"source_message_id,omitempty"`
	ProposalIdentifier string `msgpack:"proposal_identifier,omitempty"`
}

// Validated carries a request that passed every rule.
// Subject: hokusai.deploy.validated.<model>. Published by the validator.
type Validated struct {
	Request DeployRequest `msgpack:"request"`
}

// Rejected ends a request that will never be deployed as sent.
// Subject: hokusai.deploy.rejected.<model>. Published by the validator (or by the runner
// for a stage whose input cannot be processed).
type Rejected struct {
	RequestID string `msgpack:"request_id"`
	ModelID   string `msgpack:"model_id"`
	Stage     string `msgpack:"stage"`
	// Class is machine-readable: malformed_json, schema, bad_checksum,
	// non_positive_improvement, unsupported_version, already_deployed, …
	Class string `msgpack:"class"`
	// Reasons lists every violation found, not just the first.
	Reasons []string `msgpack:"reasons"`
	// Raw is the message exactly as it arrived on Redis.
	Raw   []byte `msgpack:"raw"`
	Queue string `msgpack:"queue"`
	// ExistingToken is the token already deployed for the model (class already_deployed).
	ExistingToken string    `msgpack:"existing_token,omitempty"`
	Attempts      int       `msgpack:"attempts"`
	RejectedAt    time.Time `msgpack:"rejected_at"`
}

// TxAttempt is one signed transaction sent for a deployment; a replacement (fee bump)
// is a further attempt with the same nonce.
type TxAttempt struct {
	Hash      string    `msgpack:"hash"`
	Nonce     uint64    `msgpack:"nonce"`
	GasLimit  uint64    `msgpack:"gas_limit"`
	GasFeeCap string    `msgpack:"gas_fee_cap,omitempty"` // wei, decimal; EIP-1559
	GasTipCap string    `msgpack:"gas_tip_cap,omitempty"` // wei, decimal; EIP-1559
	GasPrice  string    `msgpack:"gas_price,omitempty"`   // wei, decimal; legacy
	SentAt    time.Time `msgpack:"sent_at"`
	// Raw is the signed transaction (public once broadcast), so that a restarted deployer
	// can rebroadcast an attempt a node forgot.
	Raw []byte `msgpack:"raw,omitempty"`
}

// Submitted journals a transaction before it is broadcast, so that a deployer restarted
// after a crash knows every hash that might be mined.
// Subject: hokusai.deploy.submitted.<model>. Published by the deployer.
type Submitted struct {
	Request          DeployRequest `msgpack:"request"`
	Network          string        `msgpack:"network"`
	ChainID          uint64        `msgpack:"chain_id"`
	From             string        `msgpack:"from"`
	Manager          string        `msgpack:"manager"`
	PredictedAddress string        `msgpack:"predicted_address"`
	Attempt          TxAttempt     `msgpack:"attempt"`
}

// Receipt is what the chain said about a mined transaction.
type Receipt struct {
	TxHash            string `msgpack:"tx_hash"`
	BlockNumber       uint64 `msgpack:"block_number"`
	BlockHash         string `msgpack:"block_hash"`
	GasUsed           uint64 `msgpack:"gas_used"`
	EffectiveGasPrice string `msgpack:"effective_gas_price"` // wei, decimal
}

// Token is a deployed model token.
type Token struct {
	Address  string    `msgpack:"address"`
	Network  string    `msgpack:"network"`
	ChainID  uint64    `msgpack:"chain_id"`
	Deployer string    `msgpack:"deployer"`
	Deploy   Receipt   `msgpack:"deploy"`
	At       time.Time `msgpack:"at"`
	// Recovered is true when the token was found on chain after a restart rather than
	// seen mined by this deployer run.
	Recovered bool `msgpack:"recovered,omitempty"`
}

// Deployed carries a confirmed token deployment.
// Subject: hokusai.deploy.deployed.<model>. Published by the deployer.
type Deployed struct {
	Request DeployRequest `msgpack:"request"`
	Token   Token         `msgpack:"token"`
}

// Registration is the model registry's record of a token.
type Registration struct {
	Registry string  `msgpack:"registry"`
	Receipt  Receipt `msgpack:"receipt"`
	// AlreadyRegistered is true when the registry already held this token for the model
	// and no transaction was sent.
	AlreadyRegistered bool      `msgpack:"already_registered,omitempty"`
	At                time.Time `msgpack:"at"`
}

// Registered carries a token registered in the model registry.
// Subject: hokusai.deploy.registered.<model>. Published by the registrar.
type Registered struct {
	Request      DeployRequest `msgpack:"request"`
	Token        Token         `msgpack:"token"`
	Registration Registration  `msgpack:"registration"`
}

// Published carries the legacy TokenDeployed message exactly as it is pushed to Redis.
// Subject: hokusai.deploy.published.<model>. Published by the publisher.
type Published struct {
	RequestID string `msgpack:"request_id"`
	ModelID   string `msgpack:"model_id"`
	// Message is the TokenDeployed JSON, byte for byte what the bridge pushes.
	Message     []byte    `msgpack:"message"`
	Token       string    `msgpack:"token"`
	PublishedAt time.Time `msgpack:"published_at"`
}

// Failed ends a request that a stage could not complete.
// Subject: hokusai.deploy.failed.<model>. Published by the runner of the failing stage.
type Failed struct {
	RequestID string `msgpack:"request_id"`
	ModelID   string `msgpack:"model_id"`
	Stage     string `msgpack:"stage"`
	Class     string `msgpack:"class"`
	Reason    string `msgpack:"reason"`
	Attempts  int    `msgpack:"attempts"`
	// Input is the event the stage failed on, as it was in the stream.
	InputSubject string    `msgpack:"input_subject"`
	InputSeq     uint64    `msgpack:"input_seq"`
	Input        []byte    `msgpack:"input"`
	FailedAt     time.Time `msgpack:"failed_at"`
}

// Dropped records an operator's decision to give up on a dead letter.
// Subject: hokusai.deploy.dropped.<model>.
type Dropped struct {
	RequestID string    `msgpack:"request_id"`
	ModelID   string    `msgpack:"model_id"`
	Operator  string    `msgpack:"operator"`
	Reason    string    `msgpack:"reason"`
	At        time.Time `msgpack:"at"`
}
