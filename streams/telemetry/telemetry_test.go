package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHealthEndpoints asserts what each endpoint answers for each state of the checks:
// a failing critical check fails /healthz and /readyz, a failing non-critical one only
// warns, /readyz waits for start-up, and /livez answers whatever the dependencies do.
func TestHealthEndpoints(t *testing.T) {
	t.Parallel()
	boom := func(context.Context) error { return errors.New("boom") }
	ok := func(context.Context) error { return nil }
	tests := []struct {
		name                          string
		critical, warning             CheckFunc
		ready                         bool
		wantHealth, wantReady, wantLi int
		wantStatus                    string
	}{
		{"all good", ok, ok, true, 200, 200, 200, "ok"},
		{"not started", ok, ok, false, 200, 503, 200, "ok"},
		{"critical fails", boom, ok, true, 503, 503, 200, "fail"},
		{"warning only", ok, boom, true, 200, 200, 200, "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := NewHealth(0)
			h.Add("nats", true, tc.critical)
			h.Add("balance", false, tc.warning)
			h.SetReady(tc.ready)
			srv, err := NewServer("127.0.0.1:0", h, NewRegistry())
			if err != nil {
				t.Fatal(err)
			}
			get := func(path string) (int, string) {
				rec := httptest.NewRecorder()
				srv.Mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				return rec.Code, rec.Body.String()
			}
			code, body := get("/healthz")
			var rep Report
			if err := json.Unmarshal([]byte(body), &rep); err != nil {
				t.Fatal(err)
			}
			if code != tc.wantHealth || rep.Status != tc.wantStatus {
				t.Errorf("/healthz = %d %s, want %d %s", code, rep.Status, tc.wantHealth, tc.wantStatus)
			}
			if tc.warning != nil && rep.Checks["balance"].Status == "fail" {
				t.Error("a non-critical check reported fail")
			}
			if code, _ := get("/readyz"); code != tc.wantReady {
				t.Errorf("/readyz = %d, want %d", code, tc.wantReady)
			}
			if code, _ := get("/livez"); code != tc.wantLi {
				t.Errorf("/livez = %d, want %d", code, tc.wantLi)
			}
			if code, body := get("/metrics"); code != 200 || !strings.Contains(body, "go_goroutines") {
				t.Errorf("/metrics = %d", code)
			}
		})
	}
}

// TestNewLogger asserts the formats: JSON to a non-terminal writer in auto mode, and a
// clear error for an unknown format or level.
func TestNewLogger(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log, err := NewLogger(&buf, LogConfig{})
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hello", "correlation_id", "c1")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil || line["correlation_id"] != "c1" {
		t.Errorf("auto format to a buffer = %q, want JSON", buf.String())
	}
	for _, cfg := range []LogConfig{{Format: "xml"}, {Level: "loud"}} {
		if _, err := NewLogger(&buf, cfg); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}
