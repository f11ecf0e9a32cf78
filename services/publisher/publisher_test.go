package publisher

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/stage"
)

func registered() schemas.Registered {
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	return schemas.Registered{
		Request: schemas.DeployRequest{
			RequestID: "r-1", ModelID: "model.42", TokenSymbol: "M42", TokenName: "Model 42 Token",
			MetricName: "accuracy", Improvement: 4.5, ModelName: "Model 42", ModelVersion: "3",
			MLflowRunID: "run-9", ContributorAddress: "0x742D35cC6634C0532925a3b844BC9E7595f82b3d",
		},
		Token: schemas.Token{
			Address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", Network: "simulated", ChainID: 1337,
			Deployer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", At: at,
			Deploy: schemas.Receipt{TxHash: "0x" + repeat("ab", 32), BlockNumber: 7, BlockHash: "0x" + repeat("cd", 32), GasUsed: 120000, EffectiveGasPrice: "1000000007"},
		},
		Registration: schemas.Registration{Registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
			Receipt: schemas.Receipt{TxHash: "0x" + repeat("ef", 32), BlockNumber: 8, GasUsed: 90000}, At: at.Add(time.Second)},
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// TestHandleBuildsTokenDeployed asserts that the published event carries a TokenDeployed
// message with exactly the legacy field names and the values of the deployment.
func TestHandleBuildsTokenDeployed(t *testing.T) {
	t.Parallel()
	data, err := schemas.Marshal(registered())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 24, 12, 0, 5, 0, time.UTC)
	s := &Service{Source: "chainrelay-test", Now: func() time.Time { return at }}
	outs, err := s.Handle(context.Background(), &stage.Message{Data: data, Meta: schemas.Meta{CorrelationID: "r-1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 1 || outs[0].Subject != "hokusai.deploy.published.model=2E42" || outs[0].MsgID != "published:model=2E42:r-1" {
		t.Fatalf("outputs = %+v", outs)
	}
	pub := outs[0].Value.(schemas.Published)
	var got map[string]any
	if err := json.Unmarshal(pub.Message, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"event_type": "token_deployed", "model_id": "model.42", "token_address": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
		"token_symbol": "M42", "token_name": "Model 42 Token", "mlflow_run_id": "run-9", "model_name": "Model 42",
		"model_version": "3", "deployment_timestamp": "2026-11-24T12:00:00Z", "deployer_address": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
		"network": "simulated", "block_number": float64(7), "gas_used": "120000", "gas_price": "1000000007",
		"contributor_address": "0x742D35cC6634C0532925a3b844BC9E7595f82b3d", "performance_metric": "accuracy",
		"performance_improvement": 4.5, "message_version": "1.0",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	hash := regexp.MustCompile(`^0x[0-9a-f]{64}$`)
	for _, k := range []string{"transaction_hash", "registry_transaction_hash"} {
		if s, _ := got[k].(string); !hash.MatchString(s) {
			t.Errorf("%s = %v, want a 0x hash", k, got[k])
		}
	}
	meta, _ := got["_metadata"].(map[string]any)
	if meta["correlationId"] != "r-1" || meta["source"] != "chainrelay-test" || meta["publishedAt"] != "2026-11-24T12:00:05Z" {
		t.Errorf("_metadata = %v", meta)
	}
	if len(got) != len(want)+3 {
		t.Errorf("message has %d fields, want %d: %v", len(got), len(want)+3, got)
	}
}

// TestHandleBadInput asserts that an undecodable input is a permanent decode error.
func TestHandleBadInput(t *testing.T) {
	t.Parallel()
	_, err := (&Service{}).Handle(context.Background(), &stage.Message{Data: []byte{0xc1}})
	var se *stage.Error
	if !errors.As(err, &se) || !se.Permanent || se.Class != stage.ClassDecode {
		t.Fatalf("err = %v, want permanent decode", err)
	}
}
