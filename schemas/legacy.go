package schemas

// Legacy Redis list names (defaults; every one is configurable).
const (
	QueueModelReady    = "hokusai:model_ready_queue"
	QueueProcessing    = "hokusai:processing_queue"
	QueueTokenDeployed = "hokusai:token_deployed_queue"
	QueueDeadLetter    = "hokusai:dlq"
)

// TokenDeployed is the legacy JSON message legacy consumers read from
// hokusai:token_deployed_queue. Field names and types are exactly the Hokusai ones.
type TokenDeployed struct {
	EventType               string           `json:"event_type"` // "token_deployed"
	ModelID                 string           `json:"model_id"`
	TokenAddress            string           `json:"token_address"`
	TokenSymbol             string           `json:"token_symbol"`
	TokenName               string           `json:"token_name"`
	TransactionHash         string           `json:"transaction_hash"`
	RegistryTransactionHash string           `json:"registry_transaction_hash"`
	MLflowRunID             string           `json:"mlflow_run_id"`
	ModelName               string           `json:"model_name"`
	ModelVersion            string           `json:"model_version"`
	DeploymentTimestamp     string           `json:"deployment_timestamp"` // ISO-8601
	DeployerAddress         string           `json:"deployer_address"`
	Network                 string           `json:"network"`
	BlockNumber             uint64           `json:"block_number"`
	GasUsed                 string           `json:"gas_used"`  // decimal
	GasPrice                string           `json:"gas_price"` // wei, decimal
	ContributorAddress      string           `json:"contributor_address,omitempty"`
	PerformanceMetric       string           `json:"performance_metric"`
	PerformanceImprovement  float64          `json:"performance_improvement"`
	MessageVersion          string           `json:"message_version"` // "1.0"
	Metadata                *PublishMetadata `json:"_metadata,omitempty"`
}

// PublishMetadata is TokenDeployed's optional _metadata.
type PublishMetadata struct {
	CorrelationID string `json:"correlationId,omitempty"`
	Source        string `json:"source,omitempty"`
	PublishedAt   string `json:"publishedAt,omitempty"`
}

// DeadLetter is the legacy dead-letter entry on hokusai:dlq, plus chainrelay's
// machine-readable class and stage.
type DeadLetter struct {
	OriginalMessage string `json:"originalMessage"` // the raw string as received
	Error           string `json:"error"`
	Timestamp       string `json:"timestamp"` // ISO-8601
	Queue           string `json:"queue"`
	ErrorClass      string `json:"error_class"`
	Stage           string `json:"stage"`
	// ModelID and RequestID let an operator find the request's history in the log.
	ModelID   string `json:"model_id,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}
