package schemas

import (
	"errors"
	"fmt"

	"golang.org/x/crypto/sha3"
)

// The two shapes of ModelReadyToDeploy that arrive on hokusai:model_ready_queue. They
// document the wire format and let tests and tools produce it; the validator decodes raw
// bytes itself so that it can report every violation and resist hostile input.

// MessageTypeModelReady is the envelope's message_type.
const MessageTypeModelReady = "model_ready_to_deploy"

// ModelReadyFlat is the TypeScript service's flat message (message_version "1.0").
type ModelReadyFlat struct {
	ModelID               string            `json:"model_id"`
	TokenSymbol           string            `json:"token_symbol"` // ^[A-Z0-9-]{1,10}$
	MetricName            string            `json:"metric_name"`
	BaselineValue         float64           `json:"baseline_value"`
	CurrentValue          float64           `json:"current_value"`
	ModelName             string            `json:"model_name"`
	ModelVersion          string            `json:"model_version"`
	MLflowRunID           string            `json:"mlflow_run_id"`
	ImprovementPercentage float64           `json:"improvement_percentage"`
	ContributorAddress    string            `json:"contributor_address,omitempty"`
	ExperimentName        string            `json:"experiment_name,omitempty"`
	Tags                  map[string]string `json:"tags,omitempty"`
	Timestamp             string            `json:"timestamp"` // ISO-8601
	MessageVersion        string            `json:"message_version"`
	RetryCount            *int              `json:"_retryCount,omitempty"`
}

// ModelReadyEnvelope is the Python producer's envelope.
type ModelReadyEnvelope struct {
	MessageID   string            `json:"message_id"`
	MessageType string            `json:"message_type"` // MessageTypeModelReady
	Payload     ModelReadyPayload `json:"payload"`
	Timestamp   string            `json:"timestamp"` // Python isoformat(), zone optional
	RetryCount  int               `json:"retry_count"`
	MaxRetries  int               `json:"max_retries"`
}

// ModelReadyPayload is the envelope's payload. Pointer fields may be null or absent.
type ModelReadyPayload struct {
	ModelID               string             `json:"model_id"`
	TokenSymbol           string             `json:"token_symbol"` // ^[a-z0-9-]{1,64}$
	MetricName            string             `json:"metric_name"`
	BaselineValue         float64            `json:"baseline_value"`
	CurrentValue          float64            `json:"current_value"`
	ModelName             string             `json:"model_name"`
	ModelVersion          string             `json:"model_version"`
	MLflowRunID           *string            `json:"mlflow_run_id"`
	ImprovementPercentage *float64           `json:"improvement_percentage"`
	ContributorAddress    *string            `json:"contributor_address"`
	ExperimentName        *string            `json:"experiment_name"`
	Tags                  *map[string]string `json:"tags"`
	Status                string             `json:"status,omitempty"` // "registered"
	ProposalIdentifier    *string            `json:"proposal_identifier,omitempty"`
	APISchema             any                `json:"api_schema,omitempty"`
	EvalSpec              any                `json:"eval_spec,omitempty"`
	ScorerRef             any                `json:"scorer_ref,omitempty"`
	PrimaryMetric         any                `json:"primary_metric,omitempty"`
	BenchmarkSpecID       any                `json:"benchmark_spec_id,omitempty"`
}

// Address errors.
var (
	// ErrNotHexAddress: the string is not "0x" followed by 40 hex digits.
	ErrNotHexAddress = errors.New("not a hex address")
	// ErrBadChecksum: a mixed-case address whose case does not match its EIP-55 checksum.
	ErrBadChecksum = errors.New("EIP-55 checksum mismatch")
)

// IsHexAddress reports whether s is "0x" followed by exactly 40 hex digits of any case.
func IsHexAddress(s string) bool {
	if len(s) != 42 || s[0] != '0' || s[1] != 'x' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if _, ok := hexVal(s[i]); !ok {
			return false
		}
	}
	return true
}

// ChecksumAddress returns the EIP-55 form of a hex address, whatever the case it was
// written in. It does not verify an existing checksum: see VerifyAddress.
func ChecksumAddress(addr string) (string, error) {
	if !IsHexAddress(addr) {
		return "", fmt.Errorf("checksum %q: %w", addr, ErrNotHexAddress)
	}
	var lower [40]byte
	for i := 0; i < 40; i++ {
		c := addr[2+i]
		if c >= 'A' && c <= 'F' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	// EIP-55 hashes the lower-case hex text (not the 20 bytes) with legacy Keccak-256.
	h := sha3.NewLegacyKeccak256()
	h.Write(lower[:])
	sum := h.Sum(nil)
	out := make([]byte, 42)
	out[0], out[1] = '0', 'x'
	for i := 0; i < 40; i++ {
		c := lower[i]
		nibble := sum[i/2]
		if i%2 == 0 {
			nibble >>= 4
		}
		if c >= 'a' && nibble&0x0f >= 8 {
			c -= 'a' - 'A'
		}
		out[2+i] = c
	}
	return string(out), nil
}

// VerifyAddress applies the EIP-55 rule to an address as received: all-lower-case and
// all-upper-case hex carry no checksum and are accepted; a mixed-case address must match
// its checksum exactly. It returns the EIP-55 form.
func VerifyAddress(addr string) (string, error) {
	sum, err := ChecksumAddress(addr)
	if err != nil {
		return "", err
	}
	var lower, upper bool
	for i := 2; i < len(addr); i++ {
		switch c := addr[i]; {
		case c >= 'a' && c <= 'f':
			lower = true
		case c >= 'A' && c <= 'F':
			upper = true
		}
	}
	if lower && upper && addr != sum {
		return "", fmt.Errorf("address %s (expected %s): %w", addr, sum, ErrBadChecksum)
	}
	return sum, nil
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
