package telemetry

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"
)

// CheckFunc reports a dependency's health: nil is healthy.
type CheckFunc func(ctx context.Context) error

// Health keeps the named dependency checks behind /healthz and /readyz.
type Health struct {
	mu      sync.Mutex
	checks  map[string]check
	ready   bool
	timeout time.Duration
}

type check struct {
	fn CheckFunc
	// critical checks decide readiness; the others only warn (a low balance, say).
	critical bool
}

// NewHealth returns an empty registry; each check gets timeout per call.
func NewHealth(timeout time.Duration) *Health {
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	return &Health{checks: map[string]check{}, timeout: timeout}
}

// Add registers a check under name, replacing one of the same name.
func (h *Health) Add(name string, critical bool, fn CheckFunc) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.checks[name] = check{fn: fn, critical: critical}
}

// SetReady marks start-up as complete (or not).
func (h *Health) SetReady(ready bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ready = ready
}

// CheckResult is one dependency's status.
type CheckResult struct {
	Status    string `json:"status"` // ok, warn or fail
	Critical  bool   `json:"critical"`
	Error     string `json:"error,omitempty"`
	LatencyMS int64  `json:"latency_ms"`
}

// Report is the body of /healthz.
type Report struct {
	Status string                 `json:"status"` // ok or fail
	Ready  bool                   `json:"ready"`
	Checks map[string]CheckResult `json:"checks"`
}

// Run evaluates every check concurrently.
func (h *Health) Run(ctx context.Context) Report {
	h.mu.Lock()
	checks := make(map[string]check, len(h.checks))
	for k, v := range h.checks {
		checks[k] = v
	}
	ready := h.ready
	h.mu.Unlock()

	rep := Report{Status: "ok", Ready: ready, Checks: make(map[string]CheckResult, len(checks))}
	var mu sync.Mutex
	var wg sync.WaitGroup
	names := make([]string, 0, len(checks))
	for name := range checks {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c := checks[name]
		wg.Add(1)
		go func() {
			defer wg.Done()
			cctx, cancel := context.WithTimeout(ctx, h.timeout)
			defer cancel()
			start := time.Now()
			err := c.fn(cctx)
			res := CheckResult{Status: "ok", Critical: c.critical, LatencyMS: time.Since(start).Milliseconds()}
			if err != nil {
				res.Error = err.Error()
				res.Status = "warn"
				if c.critical {
					res.Status = "fail"
				}
			}
			mu.Lock()
			rep.Checks[name] = res
			if res.Status == "fail" {
				rep.Status = "fail"
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return rep
}

// ServeHealthz answers with every check's status; 503 when a critical one fails.
func (h *Health) ServeHealthz(w http.ResponseWriter, r *http.Request) {
	rep := h.Run(r.Context())
	code := http.StatusOK
	if rep.Status != "ok" {
		code = http.StatusServiceUnavailable
	}
	WriteJSON(w, code, rep)
}

// ServeReadyz answers 200 once start-up completed and every critical check passes.
func (h *Health) ServeReadyz(w http.ResponseWriter, r *http.Request) {
	rep := h.Run(r.Context())
	code := http.StatusOK
	if !rep.Ready || rep.Status != "ok" {
		code = http.StatusServiceUnavailable
	}
	WriteJSON(w, code, map[string]any{"ready": code == http.StatusOK, "status": rep.Status})
}

// WriteJSON answers with v as indented JSON and the status code.
func WriteJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
