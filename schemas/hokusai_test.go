package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
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

// schemaBase is the $id prefix of the documents in jsonschema/; they are loaded from
// disk under these URLs, so that their relative $refs resolve without a network.
const schemaBase = "https://chainrelay.dev/schemas/hokusai/"

var schemaNames = []string{"model_ready_flat", "model_ready_envelope", "token_deployed"}

func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	for _, name := range schemaNames {
		f, err := os.Open(filepath.Join("jsonschema", name+".schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := c.AddResource(schemaBase+name+".schema.json", doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range schemaNames {
		sch, err := c.Compile(schemaBase + name + ".schema.json")
		if err != nil {
			t.Fatalf("compile %s: %v", name, err)
		}
		out[name] = sch
	}
	return out
}

func validateJSON(sch *jsonschema.Schema, b []byte) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(doc)
}

// TestJSONSchemaExamples asserts that every example in jsonschema/examples/<schema>/ is
// valid against its schema and every one in .../invalid/ is not, and that each schema has
// examples of both kinds.
func TestJSONSchemaExamples(t *testing.T) {
	t.Parallel()
	schemas := compileSchemas(t)
	for _, name := range schemaNames {
		for _, wantValid := range []bool{true, false} {
			dir := filepath.Join("jsonschema", "examples", name)
			if !wantValid {
				dir = filepath.Join(dir, "invalid")
			}
			files, err := filepath.Glob(filepath.Join(dir, "*.json"))
			if err != nil || len(files) == 0 {
				t.Fatalf("no examples in %s (%v)", dir, err)
			}
			for _, file := range files {
				b, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				err = validateJSON(schemas[name], b)
				if wantValid && err != nil {
					t.Errorf("%s: %v", file, err)
				}
				if !wantValid && err == nil {
					t.Errorf("%s: valid, want invalid", file)
				}
			}
		}
	}
}

// TestTokenDeployedExamplesRoundTrip asserts that each valid TokenDeployed example reads
// into schemas.TokenDeployed without losing or inventing a field, and that what the type
// writes is valid against the schema.
func TestTokenDeployedExamplesRoundTrip(t *testing.T) {
	t.Parallel()
	sch := compileSchemas(t)["token_deployed"]
	files, err := filepath.Glob(filepath.Join("jsonschema", "examples", "token_deployed", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples (%v)", err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var td TokenDeployed
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&td); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out, err := json.Marshal(td)
		if err != nil {
			t.Fatal(err)
		}
		var want, got map[string]any
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: round trip\n got %v\nwant %v", file, got, want)
		}
		if err := validateJSON(sch, out); err != nil {
			t.Errorf("%s: re-encoded: %v", file, err)
		}
	}
}

// TestInboundTypesMatchSchemas asserts that what the Go inbound types write is valid
// against the JSON Schemas of the same shapes.
func TestInboundTypesMatchSchemas(t *testing.T) {
	t.Parallel()
	schemas := compileSchemas(t)
	imp, run := 9.33, "abc"
	env := ModelReadyEnvelope{
		MessageID: "m-1", MessageType: MessageTypeModelReady, Timestamp: "2025-01-27T15:30:00.123456",
		Payload: ModelReadyPayload{
			ModelID: "model-name/1/msg-ai", TokenSymbol: "msg-ai", MetricName: "reply_rate",
			BaselineValue: 0.75, CurrentValue: 0.82, ModelName: "msg-model", ModelVersion: "1",
			ImprovementPercentage: &imp, MLflowRunID: &run, Status: "registered",
		},
	}
	flat := ModelReadyFlat{
		ModelID: "m", TokenSymbol: "M-1", MetricName: "acc", BaselineValue: 1, CurrentValue: 2,
		ModelName: "M", ModelVersion: "1", MLflowRunID: "r", ImprovementPercentage: 100,
		Timestamp: "2024-01-15T10:30:00Z", MessageVersion: "1.0",
	}
	for name, v := range map[string]any{"model_ready_envelope": env, "model_ready_flat": flat} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateJSON(schemas[name], b); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
