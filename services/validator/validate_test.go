package validator

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
)

const (
	badChecksum  = "0x742d35Cc6634C0532925a3b844Bc9e7595f82b3d" // fixture README: fails EIP-55
	goodChecksum = "0x742D35cC6634C0532925a3b844BC9E7595f82b3d"
)

// flatFields is a typical message of the TypeScript schema.
func flatFields() map[string]any {
	return map[string]any{
		"model_id":               "sentiment-v2",
		"token_symbol":           "SENT-2",
		"metric_name":            "accuracy",
		"baseline_value":         0.8,
		"current_value":          0.88,
		"model_name":             "Sentiment",
		"model_version":          "2.0.1",
		"mlflow_run_id":          "run-abc123",
		"improvement_percentage": 10.0,
		"contributor_address":    goodChecksum,
		"experiment_name":        "exp-1",
		"tags":                   map[string]any{"team": "nlp"},
		"timestamp":              "2024-01-15T10:30:00.000Z",
		"message_version":        "1.0",
	}
}

// envFields is a typical envelope of the Python producer, extras and nulls included.
func envFields() (env, payload map[string]any) {
	payload = map[string]any{
		"model_id":               "model-name/1/msg-ai",
		"token_symbol":           "msg-ai",
		"metric_name":            "reply_rate",
		"baseline_value":         0.75,
		"current_value":          0.82,
		"improvement_percentage": nil,
		"model_name":             "msg-model",
		"model_version":          "1",
		"mlflow_run_id":          nil,
		"contributor_address":    nil,
		"experiment_name":        nil,
		"tags":                   nil,
		"status":                 "registered",
		"api_schema":             map[string]any{"type": "object", "properties": map[string]any{"text": map[string]any{"type": "string"}}},
		"eval_spec":              map[string]any{"dataset": "ds-1", "splits": []any{"test"}},
		"scorer_ref":             "scorer/accuracy@1",
		"primary_metric":         map[string]any{"name": "reply_rate", "direction": "max"},
		"benchmark_spec_id":      nil,
	}
	env = map[string]any{
		"message_id":   "550e8400-e29b-41d4-a716-446655440000",
		"message_type": "model_ready_to_deploy",
		"payload":      payload,
		"timestamp":    "2025-01-27T15:30:00.123456",
		"retry_count":  0,
		"max_retries":  3,
	}
	return env, payload
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return rawMark.ReplaceAll(b, []byte("$1"))
}

func flat(t testing.TB, mut func(m map[string]any)) []byte {
	m := flatFields()
	if mut != nil {
		mut(m)
	}
	return mustJSON(t, m)
}

func env(t testing.TB, mut func(env, payload map[string]any)) []byte {
	e, p := envFields()
	if mut != nil {
		mut(e, p)
	}
	return mustJSON(t, e)
}

// rawNum puts a literal that encoding/json refuses to write (NaN, Infinity, 1e999) into a
// marshalled message: it is written as a marked string and unquoted afterwards.
func rawNum(lit string) string { return "@raw@" + lit }

var rawMark = regexp.MustCompile(`"@raw@([^"]*)"`)

type validateCase struct {
	name  string
	raw   []byte
	class Class    // empty: accepted
	want  []string // substrings that must each appear in some reason
	check func(t *testing.T, r schemas.DeployRequest)
}

func validateCases(t testing.TB) []validateCase {
	ts := func(s string) func(m map[string]any) { return func(m map[string]any) { m["timestamp"] = s } }
	set := func(k string, v any) func(m map[string]any) { return func(m map[string]any) { m[k] = v } }
	del := func(k string) func(m map[string]any) { return func(m map[string]any) { delete(m, k) } }
	pset := func(k string, v any) func(e, p map[string]any) { return func(_, p map[string]any) { p[k] = v } }
	at := func(want time.Time) func(t *testing.T, r schemas.DeployRequest) {
		return func(t *testing.T, r schemas.DeployRequest) {
			if !r.Timestamp.Equal(want) || r.Timestamp.Location() != time.UTC {
				t.Errorf("timestamp = %v, want %v in UTC", r.Timestamp, want)
			}
		}
	}
	deep := strings.Repeat("[", 100) + strings.Repeat("]", 100)
	base, cur := 0.75, 0.82 // variables: the producer's rule in float64, not exact constants
	return []validateCase{
		// Flat, accepted.
		{name: "flat typical", raw: flat(t, nil), check: func(t *testing.T, r schemas.DeployRequest) {
			want := schemas.DeployRequest{
				ModelID: "sentiment-v2", TokenSymbol: "SENT-2", TokenName: "Sentiment Token",
				MetricName: "accuracy", BaselineValue: 0.8, CurrentValue: 0.88, Improvement: 10,
				ModelName: "Sentiment", ModelVersion: "2.0.1", MLflowRunID: "run-abc123",
				ContributorAddress: goodChecksum, ExperimentName: "exp-1",
				Tags:      map[string]string{"team": "nlp"},
				Timestamp: time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC), MessageVersion: "1.0",
				Format: FormatFlat,
			}
			if !equalRequest(r, want) {
				t.Errorf("got  %+v\nwant %+v", r, want)
			}
		}},
		{name: "flat lower-case address normalised", raw: flat(t, set("contributor_address", strings.ToLower(goodChecksum))),
			check: func(t *testing.T, r schemas.DeployRequest) {
				if r.ContributorAddress != goodChecksum {
					t.Errorf("address = %s", r.ContributorAddress)
				}
			}},
		{name: "flat upper-case address normalised", raw: flat(t, set("contributor_address", "0x"+strings.ToUpper(goodChecksum[2:]))),
			check: func(t *testing.T, r schemas.DeployRequest) {
				if r.ContributorAddress != goodChecksum {
					t.Errorf("address = %s", r.ContributorAddress)
				}
			}},
		{name: "flat optional fields absent", raw: flat(t, func(m map[string]any) {
			delete(m, "contributor_address")
			delete(m, "experiment_name")
			delete(m, "tags")
		}), check: func(t *testing.T, r schemas.DeployRequest) {
			if r.ContributorAddress != "" || r.ExperimentName != "" || r.Tags != nil {
				t.Errorf("optional fields = %q %q %v", r.ContributorAddress, r.ExperimentName, r.Tags)
			}
		}},
		{name: "flat optional fields null", raw: flat(t, func(m map[string]any) {
			m["contributor_address"], m["experiment_name"], m["tags"] = nil, nil, nil
		})},
		{name: "flat empty address means none", raw: flat(t, set("contributor_address", ""))},
		{name: "flat minor version with unknown fields", raw: flat(t, func(m map[string]any) {
			m["message_version"] = "1.7"
			m["future_field"] = map[string]any{"x": []any{1, 2}}
		}), check: func(t *testing.T, r schemas.DeployRequest) {
			if r.MessageVersion != "1.7" {
				t.Errorf("version = %s", r.MessageVersion)
			}
		}},
		{name: "flat version 1", raw: flat(t, set("message_version", "1"))},
		{name: "flat version 1.0.3", raw: flat(t, set("message_version", "1.0.3"))},
		{name: "flat retry count", raw: flat(t, set("_retryCount", 2))},
		{name: "flat symbol limits", raw: flat(t, set("token_symbol", "ABCDEFGH-0"))},
		{name: "python naive microseconds", raw: flat(t, ts("2024-01-15T10:30:00.123456")),
			check: at(time.Date(2024, 1, 15, 10, 30, 0, 123456000, time.UTC))},
		{name: "python +00:00", raw: flat(t, ts("2024-01-15T10:30:00+00:00")),
			check: at(time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC))},
		{name: "zulu", raw: flat(t, ts("2024-01-15T10:30:00Z")),
			check: at(time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC))},
		{name: "offset converted to UTC", raw: flat(t, ts("2024-01-15T16:00:00.5+05:30")),
			check: at(time.Date(2024, 1, 15, 10, 30, 0, 500000000, time.UTC))},
		{name: "python str() space and negative offset", raw: flat(t, ts("2024-01-15 05:30:00-0500")),
			check: at(time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC))},
		{name: "nesting in extras within limit", raw: flat(t, set("extra", json.RawMessage(strings.Repeat("[", 20)+strings.Repeat("]", 20))))},
		{name: "non-finite number in an ignored field", raw: flat(t, set("extra", rawNum("NaN")))},
		{name: "escaped strings decoded", raw: flat(t, set("model_name", "Caf\u00e9 \"quoted\"")),
			check: func(t *testing.T, r schemas.DeployRequest) {
				if r.TokenName != "Café \"quoted\" Token" {
					t.Errorf("token name = %q", r.TokenName)
				}
			}},

		// Flat, rejected.
		{name: "fixture README checksum example", raw: flat(t, set("contributor_address", badChecksum)),
			class: ClassBadChecksum, want: []string{"contributor_address", "EIP-55", goodChecksum}},
		{name: "address not hex", raw: flat(t, set("contributor_address", "0x1234")),
			class: ClassSchema, want: []string{"contributor_address", "40 hex"}},
		{name: "address without 0x", raw: flat(t, set("contributor_address", strings.ToLower(goodChecksum[2:])+"00")),
			class: ClassSchema, want: []string{"contributor_address"}},
		{name: "address zero", raw: flat(t, set("contributor_address", "0x0000000000000000000000000000000000000000")),
			class: ClassSchema, want: []string{"zero address"}},
		{name: "address not a string", raw: flat(t, set("contributor_address", 12)),
			class: ClassSchema, want: []string{"contributor_address: must be a string, got number"}},
		{name: "improvement zero", raw: flat(t, set("improvement_percentage", 0)),
			class: ClassNonPositiveImprovement, want: []string{"improvement_percentage: must be > 0"}},
		{name: "improvement negative", raw: flat(t, set("improvement_percentage", -3.5)),
			class: ClassNonPositiveImprovement, want: []string{"-3.5"}},
		{name: "improvement missing", raw: flat(t, del("improvement_percentage")),
			class: ClassSchema, want: []string{"improvement_percentage: is required"}},
		{name: "improvement null in flat", raw: flat(t, set("improvement_percentage", nil)),
			class: ClassSchema, want: []string{"improvement_percentage: is required and must not be null"}},
		{name: "improvement as string", raw: flat(t, set("improvement_percentage", "10")),
			class: ClassSchema, want: []string{"must be a number, got string"}},
		{name: "NaN", raw: flat(t, set("baseline_value", rawNum("NaN"))),
			class: ClassSchema, want: []string{"baseline_value: must be a finite number"}},
		{name: "Infinity", raw: flat(t, set("current_value", rawNum("Infinity"))),
			class: ClassSchema, want: []string{"current_value: must be a finite number"}},
		{name: "-Infinity", raw: flat(t, set("improvement_percentage", rawNum("-Infinity"))),
			class: ClassSchema, want: []string{"improvement_percentage: must be a finite number"}},
		{name: "overflow", raw: flat(t, set("improvement_percentage", rawNum("1e999"))),
			class: ClassSchema, want: []string{"must be a finite number, got 1e999"}},
		{name: "baseline zero", raw: flat(t, set("baseline_value", 0)),
			class: ClassSchema, want: []string{"baseline_value: must be > 0"}},
		{name: "current negative", raw: flat(t, set("current_value", -1)),
			class: ClassSchema, want: []string{"current_value: must be > 0"}},
		{name: "symbol lower-case in flat", raw: flat(t, set("token_symbol", "sent-2")),
			class: ClassSchema, want: []string{"token_symbol", "^[A-Z0-9-]{1,10}$"}},
		{name: "symbol too long", raw: flat(t, set("token_symbol", "ABCDEFGHIJK")),
			class: ClassSchema, want: []string{"token_symbol"}},
		{name: "symbol empty", raw: flat(t, set("token_symbol", "")), class: ClassSchema, want: []string{"token_symbol"}},
		{name: "symbol underscore", raw: flat(t, set("token_symbol", "A_B")), class: ClassSchema, want: []string{"token_symbol"}},
		{name: "model_id missing", raw: flat(t, del("model_id")), class: ClassSchema, want: []string{"model_id: is required"}},
		{name: "model_id empty", raw: flat(t, set("model_id", " ")), class: ClassSchema, want: []string{"model_id: must not be empty"}},
		{name: "model_id too long", raw: flat(t, set("model_id", strings.Repeat("m", MaxModelIDBytes+1))),
			class: ClassSchema, want: []string{"model_id: is 257 bytes"}},
		{name: "model_id control character", raw: flat(t, set("model_id", "a\nb")),
			class: ClassSchema, want: []string{"control characters"}},
		{name: "model_id a number", raw: flat(t, set("model_id", 42)), class: ClassSchema, want: []string{"model_id: must be a string"}},
		{name: "model_name too long", raw: flat(t, set("model_name", strings.Repeat("n", MaxModelNameBytes+1))),
			class: ClassSchema, want: []string{"model_name: is 101 bytes"}},
		{name: "required strings missing", raw: flat(t, func(m map[string]any) {
			for _, k := range []string{"metric_name", "model_name", "model_version", "mlflow_run_id", "timestamp"} {
				delete(m, k)
			}
		}), class: ClassSchema, want: []string{"metric_name: is required", "model_name: is required",
			"model_version: is required", "mlflow_run_id: is required", "timestamp: is required"}},
		{name: "version 2", raw: flat(t, func(m map[string]any) {
			m["message_version"] = "2.0"
			m["improvement_percentage"] = -1
		}), class: ClassUnsupportedVersion, want: []string{"major version 2"}},
		{name: "version garbage", raw: flat(t, set("message_version", "v1")), class: ClassUnsupportedVersion, want: []string{"MAJOR.MINOR"}},
		{name: "version missing", raw: flat(t, del("message_version")), class: ClassSchema, want: []string{"message_version: is required"}},
		{name: "version a number", raw: flat(t, set("message_version", 1.0)), class: ClassSchema, want: []string{"message_version: must be a string"}},
		{name: "timestamp month 13", raw: flat(t, ts("2024-13-01T00:00:00Z")), class: ClassSchema, want: []string{"timestamp"}},
		{name: "timestamp February 30", raw: flat(t, ts("2024-02-30T00:00:00Z")), class: ClassSchema, want: []string{"timestamp"}},
		{name: "timestamp words", raw: flat(t, ts("yesterday")), class: ClassSchema, want: []string{"ISO-8601"}},
		{name: "timestamp date only", raw: flat(t, ts("2024-01-15")), class: ClassSchema, want: []string{"timestamp"}},
		{name: "timestamp ten fraction digits", raw: flat(t, ts("2024-01-15T10:30:00.1234567891Z")), class: ClassSchema, want: []string{"timestamp"}},
		{name: "timestamp bad zone", raw: flat(t, ts("2024-01-15T10:30:00+25:00")), class: ClassSchema, want: []string{"timestamp"}},
		{name: "tags not strings", raw: flat(t, set("tags", map[string]any{"a": 1, "b": "x"})),
			class: ClassSchema, want: []string{"tags.a: must be a string, got number"}},
		{name: "tags too many", raw: flat(t, func(m map[string]any) {
			tags := map[string]any{}
			for i := 0; i <= MaxTags; i++ {
				tags[strings.Repeat("k", i+1)] = "v"
			}
			m["tags"] = tags
		}), class: ClassSchema, want: []string{"tags: has 65 entries"}},
		{name: "tags an array", raw: flat(t, set("tags", []any{"a"})), class: ClassSchema, want: []string{"tags: must be an object"}},
		{name: "retry count negative", raw: flat(t, set("_retryCount", -1)), class: ClassSchema, want: []string{"_retryCount"}},
		{name: "retry count fractional", raw: flat(t, set("_retryCount", 1.5)), class: ClassSchema, want: []string{"_retryCount"}},
		{name: "every violation listed, schema first", raw: flat(t, func(m map[string]any) {
			m["contributor_address"] = badChecksum
			m["improvement_percentage"] = -1
			m["token_symbol"] = "bad symbol"
		}), class: ClassSchema, want: []string{"token_symbol", "contributor_address", "improvement_percentage"}},
		{name: "checksum outranks improvement", raw: flat(t, func(m map[string]any) {
			m["contributor_address"] = badChecksum
			m["improvement_percentage"] = 0
		}), class: ClassBadChecksum, want: []string{"contributor_address", "improvement_percentage"}},

		// Envelope, accepted.
		{name: "envelope typical, null improvement computed", raw: env(t, nil), check: func(t *testing.T, r schemas.DeployRequest) {
			want := schemas.DeployRequest{
				ModelID: "model-name/1/msg-ai", TokenSymbol: "MSG-AI", TokenName: "msg-model Token",
				MetricName: "reply_rate", BaselineValue: 0.75, CurrentValue: 0.82,
				Improvement: (cur - base) / base * 100, ModelName: "msg-model", ModelVersion: "1",
				Timestamp:      time.Date(2025, 1, 27, 15, 30, 0, 123456000, time.UTC),
				MessageVersion: "1.0", Format: FormatEnvelope,
				SourceMessageID:    "550e8400-e29b-41d4-a716-446655440000",
				ProposalIdentifier: "msg-ai",
			}
			if !equalRequest(r, want) {
				t.Errorf("got  %+v\nwant %+v", r, want)
			}
			if math.Abs(r.Improvement-9.333333) > 1e-5 {
				t.Errorf("improvement = %v", r.Improvement)
			}
		}},
		{name: "envelope improvement absent", raw: env(t, func(_, p map[string]any) { delete(p, "improvement_percentage") }),
			check: func(t *testing.T, r schemas.DeployRequest) {
				if r.Improvement <= 9.3 || r.Improvement >= 9.34 {
					t.Errorf("improvement = %v", r.Improvement)
				}
			}},
		{name: "envelope all optional fields given", raw: env(t, func(e, p map[string]any) {
			p["improvement_percentage"] = 9.33
			p["mlflow_run_id"] = "abc123def456"
			p["contributor_address"] = strings.ToLower(goodChecksum)
			p["experiment_name"] = "baseline-improvements"
			p["tags"] = map[string]any{"custom_key": "custom_value"}
			p["proposal_identifier"] = "HOK-7"
			e["timestamp"] = "2025-01-27T15:30:00+00:00"
		}), check: func(t *testing.T, r schemas.DeployRequest) {
			if r.Improvement != 9.33 || r.MLflowRunID != "abc123def456" || r.ContributorAddress != goodChecksum ||
				r.ExperimentName != "baseline-improvements" || r.Tags["custom_key"] != "custom_value" ||
				r.ProposalIdentifier != "HOK-7" {
				t.Errorf("got %+v", r)
			}
		}},
		{name: "envelope minimal (no status, no extras)", raw: mustJSON(t, map[string]any{
			"message_id": "m1", "message_type": "model_ready_to_deploy", "timestamp": "2025-01-27T15:30:00Z",
			"payload": map[string]any{"model_id": "m", "token_symbol": "m1", "metric_name": "acc",
				"baseline_value": 1, "current_value": 2, "model_name": "M", "model_version": "1"},
		}), check: func(t *testing.T, r schemas.DeployRequest) {
			if r.Improvement != 100 || r.TokenSymbol != "M1" {
				t.Errorf("got %+v", r)
			}
		}},
		{name: "envelope symbol 64 long", raw: env(t, pset("token_symbol", strings.Repeat("a", 64)))},
		{name: "envelope version given", raw: env(t, func(e, _ map[string]any) { e["message_version"] = "1.2" }),
			check: func(t *testing.T, r schemas.DeployRequest) {
				if r.MessageVersion != "1.2" {
					t.Errorf("version = %s", r.MessageVersion)
				}
			}},
		{name: "envelope payload timestamp readable", raw: env(t, pset("timestamp", "2025-01-27T15:29:59.999999"))},

		// Envelope, rejected.
		{name: "envelope status not registered", raw: env(t, pset("status", "pending")),
			class: ClassSchema, want: []string{`payload.status: must be "registered"`}},
		{name: "envelope wrong message_type", raw: env(t, func(e, _ map[string]any) { e["message_type"] = "model_registered" }),
			class: ClassSchema, want: []string{"message_type"}},
		{name: "envelope message_type missing", raw: env(t, func(e, _ map[string]any) { delete(e, "message_type") }),
			class: ClassSchema, want: []string{"message_type: is required"}},
		{name: "envelope message_id missing", raw: env(t, func(e, _ map[string]any) { delete(e, "message_id") }),
			class: ClassSchema, want: []string{"message_id: is required"}},
		{name: "envelope upper-case symbol", raw: env(t, pset("token_symbol", "MSG-AI")),
			class: ClassSchema, want: []string{"payload.token_symbol", "^[a-z0-9-]{1,64}$"}},
		{name: "envelope symbol 65 long", raw: env(t, pset("token_symbol", strings.Repeat("a", 65))),
			class: ClassSchema, want: []string{"payload.token_symbol"}},
		{name: "envelope null improvement, zero baseline", raw: env(t, pset("baseline_value", 0)),
			class: ClassSchema, want: []string{"payload.improvement_percentage: is null and cannot be computed"}},
		{name: "envelope null improvement, no gain", raw: env(t, pset("current_value", 0.7)),
			class: ClassNonPositiveImprovement, want: []string{"payload.improvement_percentage: is null and", "must be > 0"}},
		{name: "envelope given improvement negative", raw: env(t, pset("improvement_percentage", -2)),
			class: ClassNonPositiveImprovement, want: []string{"payload.improvement_percentage: must be > 0"}},
		{name: "envelope bad checksum", raw: env(t, pset("contributor_address", badChecksum)),
			class: ClassBadChecksum, want: []string{"payload.contributor_address", goodChecksum}},
		{name: "envelope payload not an object", raw: env(t, func(e, _ map[string]any) { e["payload"] = "x" }),
			class: ClassSchema, want: []string{"payload: must be an object, got string"}},
		{name: "envelope payload missing", raw: env(t, func(e, _ map[string]any) { delete(e, "payload") }),
			class: ClassSchema, want: []string{"payload: is required"}},
		{name: "envelope payload version 2", raw: env(t, pset("message_version", "2.1")),
			class: ClassUnsupportedVersion, want: []string{"payload.message_version", "major version 2"}},
		{name: "envelope timestamp bad", raw: env(t, func(e, _ map[string]any) { e["timestamp"] = "2025-01-27" }),
			class: ClassSchema, want: []string{"timestamp"}},
		{name: "envelope retry_count negative", raw: env(t, func(e, _ map[string]any) { e["retry_count"] = -1 }),
			class: ClassSchema, want: []string{"retry_count"}},
		{name: "envelope baseline null", raw: env(t, pset("baseline_value", nil)),
			class: ClassSchema, want: []string{"payload.baseline_value: is required and must not be null"}},

		// Hostile or broken JSON.
		{name: "10 MB", raw: append(append([]byte(`{"model_id":"`), bytes.Repeat([]byte("a"), 10<<20)...), `"}`...),
			class: ClassTooLarge, want: []string{"more than the limit"}},
		{name: "deep nesting", raw: flat(t, set("extra", json.RawMessage(deep))),
			class: ClassMalformedJSON, want: []string{"nesting deeper than 32"}},
		{name: "deep nesting at top", raw: []byte(strings.Repeat(`{"a":`, 100000)),
			class: ClassMalformedJSON, want: []string{"nesting deeper than 32"}},
		{name: "duplicate key", raw: []byte(`{"model_id":"a","model_id":"b"}`),
			class: ClassMalformedJSON, want: []string{`duplicate object key "model_id"`}},
		{name: "duplicate key through an escape", raw: []byte(`{"model_id":"a","model\u005fid":"b"}`),
			class: ClassMalformedJSON, want: []string{`duplicate object key "model_id"`}},
		{name: "duplicate key in payload", raw: []byte(`{"message_type":"model_ready_to_deploy","payload":{"token_symbol":"a","token_symbol":"b"}}`),
			class: ClassMalformedJSON, want: []string{"duplicate"}},
		{name: "empty", raw: []byte(""), class: ClassMalformedJSON, want: []string{"end of input"}},
		{name: "truncated", raw: flat(t, nil)[:40], class: ClassMalformedJSON},
		{name: "trailing data", raw: append(flat(t, nil), `{}`...), class: ClassMalformedJSON, want: []string{"after the top-level value"}},
		{name: "invalid UTF-8", raw: []byte("{\"model_id\":\"\xff\"}"), class: ClassMalformedJSON, want: []string{"UTF-8"}},
		{name: "byte order mark", raw: append([]byte("\xef\xbb\xbf"), flat(t, nil)...), class: ClassMalformedJSON},
		{name: "single quotes", raw: []byte(`{'model_id': 'a'}`), class: ClassMalformedJSON},
		{name: "array", raw: []byte(`[]`), class: ClassSchema, want: []string{"must be a JSON object, got array"}},
		{name: "null", raw: []byte(`null`), class: ClassSchema, want: []string{"got null"}},
		{name: "empty object", raw: []byte(`{}`), class: ClassSchema, want: []string{"model_id: is required", "message_version: is required"}},
	}
}

// equalRequest compares requests, the timestamp by instant.
func equalRequest(a, b schemas.DeployRequest) bool {
	if !a.Timestamp.Equal(b.Timestamp) {
		return false
	}
	a.Timestamp, b.Timestamp = time.Time{}, time.Time{}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// TestValidate asserts, for every rule and both shapes, that a message is accepted and
// normalised, or rejected with the expected class and a reason for each violation.
func TestValidate(t *testing.T) {
	t.Parallel()
	for _, c := range validateCases(t) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req, rej := Validate(c.raw, Options{})
			if c.class == "" {
				if rej != nil {
					t.Fatalf("rejected %s: %v", rej.Class, rej.Reasons())
				}
				if req.ModelID == "" || req.Improvement <= 0 {
					t.Fatalf("accepted an incomplete request %+v", req)
				}
				if c.check != nil {
					c.check(t, req)
				}
				return
			}
			if rej == nil {
				t.Fatalf("accepted %+v; want class %s", req, c.class)
			}
			if rej.Class != c.class {
				t.Errorf("class = %s, want %s (reasons %q)", rej.Class, c.class, rej.Reasons())
			}
			all := strings.Join(rej.Reasons(), "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("no reason mentions %q; reasons:\n%s", w, all)
				}
			}
			if c.class == ClassUnsupportedVersion && len(rej.Violations) != 1 {
				t.Errorf("unsupported version reported with %d violations: %q", len(rej.Violations), rej.Reasons())
			}
		})
	}
}

// TestRejectionModelID asserts that a rejection carries the message's model_id when it
// was readable, so that a rejection lands on the model's subject.
func TestRejectionModelID(t *testing.T) {
	t.Parallel()
	_, rej := Validate(flat(t, func(m map[string]any) { m["improvement_percentage"] = -1 }), Options{})
	if rej == nil || rej.ModelID != "sentiment-v2" {
		t.Fatalf("rejection = %+v", rej)
	}
	_, rej = Validate(env(t, func(_, p map[string]any) { p["status"] = "draft" }), Options{})
	if rej == nil || rej.ModelID != "model-name/1/msg-ai" {
		t.Fatalf("rejection = %+v", rej)
	}
	_, rej = Validate([]byte(`{"model_id":`), Options{})
	if rej == nil || rej.ModelID != "" {
		t.Fatalf("rejection = %+v", rej)
	}
}

// TestOptions asserts that limits are configurable and checked.
func TestOptions(t *testing.T) {
	t.Parallel()
	raw := flat(t, nil)
	if _, rej := Validate(raw, Options{MaxBytes: len(raw) - 1}); rej == nil || rej.Class != ClassTooLarge {
		t.Errorf("MaxBytes below the message: %+v", rej)
	}
	if _, rej := Validate(flat(t, func(m map[string]any) { m["tags"] = map[string]any{"a": "b"} }), Options{MaxDepth: 1}); rej == nil || rej.Class != ClassMalformedJSON {
		t.Errorf("MaxDepth 1 with tags: %+v", rej)
	}
	for _, o := range []Options{{MaxBytes: -1}, {MaxDepth: -1}, {MaxBytes: 1 << 30}, {MaxDepth: 5000}} {
		if o.Check() == nil {
			t.Errorf("%+v passed Check", o)
		}
	}
	if err := (Options{}).Check(); err != nil {
		t.Error(err)
	}
}

// TestRejectionIsError asserts that a rejection works as an error.
func TestRejectionIsError(t *testing.T) {
	t.Parallel()
	_, rej := Validate([]byte(`[]`), Options{})
	var err error = rej
	if !strings.Contains(err.Error(), "schema") || !errorsIs(err, ErrRejected) {
		t.Errorf("error = %v", err)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

// TestJSONSchemaExamplesAgree asserts that the validator accepts every valid inbound
// example of schemas/jsonschema and rejects every invalid one, so that the documents and
// the code say the same thing.
func TestJSONSchemaExamplesAgree(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{"model_ready_flat", "model_ready_envelope"} {
		dir := filepath.Join("..", "..", "schemas", "jsonschema", "examples", shape)
		for _, wantValid := range []bool{true, false} {
			pattern := filepath.Join(dir, "*.json")
			if !wantValid {
				pattern = filepath.Join(dir, "invalid", "*.json")
			}
			files, err := filepath.Glob(pattern)
			if err != nil || len(files) == 0 {
				t.Fatalf("no examples match %s (%v)", pattern, err)
			}
			for _, file := range files {
				raw, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				req, rej := Validate(raw, Options{})
				if wantValid && rej != nil {
					t.Errorf("%s: rejected %s %q", file, rej.Class, rej.Reasons())
				}
				if !wantValid && rej == nil {
					t.Errorf("%s: accepted %+v", file, req)
				}
			}
		}
	}
}
