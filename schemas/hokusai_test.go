package schemas

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestChecksumAddress asserts the EIP-55 vectors of the specification and the fixture
// README's example, from every case they can be written in.
func TestChecksumAddress(t *testing.T) {
	t.Parallel()
	vectors := []string{
		// EIP-55 specification: all caps, all lower, normal.
		"0x52908400098527886E0F7030069857D2E4169EE7",
		"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
		"0xde709f2102306220921060314715629080e2fb77",
		"0x27b1fdb04752bbc536007a920d24acb045561c26",
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
		"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
		"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
		// Fixture README: the correct form of the example that fails.
		"0x742D35cC6634C0532925a3b844BC9E7595f82b3d",
	}
	for _, want := range vectors {
		for _, in := range []string{want, strings.ToLower(want), "0x" + strings.ToUpper(want[2:])} {
			got, err := ChecksumAddress(in)
			if err != nil || got != want {
				t.Errorf("ChecksumAddress(%s) = %s, %v; want %s", in, got, err, want)
			}
			got, err = VerifyAddress(in)
			if err != nil || got != want {
				t.Errorf("VerifyAddress(%s) = %s, %v; want %s", in, got, err, want)
			}
		}
	}
}

// TestVerifyAddressRejects asserts that a mixed-case address with a wrong checksum (the
// fixture README's example) and non-addresses are refused with the right sentinel.
func TestVerifyAddressRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want error
	}{
		{"0x742d35Cc6634C0532925a3b844Bc9e7595f82b3d", ErrBadChecksum},
		{"0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ErrBadChecksum},
		{"", ErrNotHexAddress},
		{"0x", ErrNotHexAddress},
		{"742d35cc6634c0532925a3b844bc9e7595f82b3d", ErrNotHexAddress},
		{"0X742d35cc6634c0532925a3b844bc9e7595f82b3d", ErrNotHexAddress},
		{"0x742d35cc6634c0532925a3b844bc9e7595f82b3", ErrNotHexAddress},
		{"0x742d35cc6634c0532925a3b844bc9e7595f82b3d0", ErrNotHexAddress},
		{"0x742d35cc6634c0532925a3b844bc9e7595f82b3g", ErrNotHexAddress},
	}
	for _, c := range cases {
		if _, err := VerifyAddress(c.in); !errors.Is(err, c.want) {
			t.Errorf("VerifyAddress(%q) = %v; want %v", c.in, err, c.want)
		}
		if c.want == ErrNotHexAddress && IsHexAddress(c.in) {
			t.Errorf("IsHexAddress(%q) = true", c.in)
		}
	}
}

// TestInboundTypesWireNames asserts that the Go types of the inbound shapes marshal to
// the Hokusai field names, nulls included where the Python producer sends them.
func TestInboundTypesWireNames(t *testing.T) {
	t.Parallel()
	env := ModelReadyEnvelope{
		MessageID:   "550e8400-e29b-41d4-a716-446655440000",
		MessageType: MessageTypeModelReady,
		Payload: ModelReadyPayload{
			ModelID: "model-name/1/msg-ai", TokenSymbol: "msg-ai", MetricName: "reply_rate",
			BaselineValue: 0.75, CurrentValue: 0.82, ModelName: "msg-model", ModelVersion: "1",
			Status: "registered",
		},
		Timestamp: "2025-01-27T15:30:00.123456",
	}
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	p := m["payload"].(map[string]any)
	for _, k := range []string{"improvement_percentage", "mlflow_run_id", "contributor_address", "experiment_name", "tags"} {
		if v, ok := p[k]; !ok || v != nil {
			t.Errorf("payload[%s] = %v, %v; want null", k, v, ok)
		}
	}
	if m["message_type"] != "model_ready_to_deploy" {
		t.Errorf("message_type = %v", m["message_type"])
	}
}
