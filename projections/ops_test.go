package projections

import (
	"context"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"gopkg.in/yaml.v3"

	"github.com/chainrelay/chainrelay/streams/stage"
)

// repoRoot walks up from the test's directory to the directory holding go.work.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			t.Fatal("repository root not found")
		}
		dir = filepath.Dir(dir)
	}
}

// captureRegisterer records the names of the metrics registered with it.
type captureRegisterer struct{ names map[string]bool }

var descName = regexp.MustCompile(`fqName: "([^"]+)"`)

func (c *captureRegisterer) Register(col prometheus.Collector) error {
	ch := make(chan *prometheus.Desc, 16)
	go func() { col.Describe(ch); close(ch) }()
	for d := range ch {
		if m := descName.FindStringSubmatch(d.String()); m != nil {
			c.names[m[1]] = true
		}
	}
	return nil
}

func (c *captureRegisterer) MustRegister(cs ...prometheus.Collector) {
	for _, col := range cs {
		_ = c.Register(col)
	}
}

func (c *captureRegisterer) Unregister(prometheus.Collector) bool { return false }

// exportedMetrics is every metric name the projections and the stage runner register.
func exportedMetrics(t *testing.T) map[string]bool {
	t.Helper()
	reg := &captureRegisterer{names: map[string]bool{}}
	newDeployMetrics(reg)
	if _, err := NewQueues(nil, QueuesConfig{Registerer: reg}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewBalances(reg); err != nil {
		t.Fatal(err)
	}
	stage.NewMetrics(reg)
	for _, n := range MetricNames {
		if !reg.names[n] {
			t.Errorf("MetricNames lists %s, which nothing registers", n)
		}
	}
	return reg.names
}

var metricRef = regexp.MustCompile(`\bchainrelay_[a-z0-9_]+`)

// checkExpr reports metric names in a PromQL expression that the code does not export
// (histogram series are matched by their base name).
func checkExpr(t *testing.T, where, expr string, known map[string]bool) {
	t.Helper()
	for _, name := range metricRef.FindAllString(expr, -1) {
		base := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if b, ok := strings.CutSuffix(name, suf); ok && known[b] {
				base = b
			}
		}
		if !known[base] {
			t.Errorf("%s: metric %s is not exported by the code", where, name)
		}
	}
}

// TestAlertRules asserts that every Prometheus alert rule in ops/prometheus parses, has
// an expression, a for duration, a severity label, a summary and description, names
// only metrics the code exports, and that the required alerts exist.
func TestAlertRules(t *testing.T) {
	t.Parallel()
	known := exportedMetrics(t)
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "ops", "prometheus", "*.yml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files: %v", err)
	}
	type rule struct {
		Alert       string            `yaml:"alert"`
		Expr        string            `yaml:"expr"`
		For         string            `yaml:"for"`
		Labels      map[string]string `yaml:"labels"`
		Annotations map[string]string `yaml:"annotations"`
	}
	var doc struct {
		Groups []struct {
			Name  string `yaml:"name"`
			Rules []rule `yaml:"rules"`
		} `yaml:"groups"`
	}
	alerts := map[string]rule{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, g := range doc.Groups {
			for _, r := range g.Rules {
				where := filepath.Base(f) + ": " + r.Alert
				switch {
				case r.Alert == "":
					t.Errorf("%s: rule without a name", f)
				case strings.TrimSpace(r.Expr) == "":
					t.Errorf("%s: no expr", where)
				case !regexp.MustCompile(`^[0-9]+[smh]$`).MatchString(r.For):
					t.Errorf("%s: for %q is not a duration", where, r.For)
				case r.Labels["severity"] != "warning" && r.Labels["severity"] != "critical":
					t.Errorf("%s: severity %q", where, r.Labels["severity"])
				case r.Annotations["summary"] == "" || r.Annotations["description"] == "":
					t.Errorf("%s: summary and description annotations required", where)
				}
				checkExpr(t, where, r.Expr, known)
				alerts[r.Alert] = r
			}
		}
	}
	for _, name := range []string{"ChainrelayDLQGrowing", "ChainrelayDeployFailureRateHigh", "ChainrelayInboundQueueDeep",
		"ChainrelayStageBacklog", "ChainrelayDeployerBalanceLow", "ChainrelayStuckTransaction"} {
		if _, ok := alerts[name]; !ok {
			t.Errorf("alert %s missing", name)
		}
	}
}

// TestDashboard asserts that the Grafana dashboard parses, every panel has a title, a
// position and queries, and every query names only exported metrics.
func TestDashboard(t *testing.T) {
	t.Parallel()
	known := exportedMetrics(t)
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "ops", "grafana", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no dashboards: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var dash struct {
			UID    string `json:"uid"`
			Title  string `json:"title"`
			Panels []struct {
				Title   string                  `json:"title"`
				Type    string                  `json:"type"`
				GridPos map[string]int          `json:"gridPos"`
				Targets []struct{ Expr string } `json:"targets"`
			} `json:"panels"`
		}
		if err := json.Unmarshal(b, &dash); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if dash.UID == "" || dash.Title == "" || len(dash.Panels) == 0 {
			t.Errorf("%s: uid, title and panels required", f)
		}
		for _, p := range dash.Panels {
			if p.Title == "" || p.Type == "" || p.GridPos["w"] == 0 || len(p.Targets) == 0 {
				t.Errorf("%s: panel %q incomplete", f, p.Title)
			}
			for _, tg := range p.Targets {
				checkExpr(t, filepath.Base(f)+": "+p.Title, tg.Expr, known)
			}
		}
	}
}

// TestHealthHooks asserts the /healthz check helpers: a low balance warns with
// ErrLowBalance and exports the gauges, an address without code fails, a wrong chain id
// fails.
func TestHealthHooks(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	b, err := NewBalances(nil)
	if err != nil {
		t.Fatal(err)
	}
	low := bigInt(1e18)
	for _, tc := range []struct {
		bal  int64
		want error
	}{{2e18, nil}, {5e17, ErrLowBalance}} {
		check := b.Check("sepolia", "0xabc", low, func(context.Context) (*big.Int, error) { return big.NewInt(tc.bal), nil })
		if err := check(ctx); !errors.Is(err, tc.want) {
			t.Errorf("balance %d: %v, want %v", tc.bal, err, tc.want)
		}
	}
	if v := testutil.ToFloat64(b.balance.WithLabelValues("sepolia", "0xabc")); v != 5e17 {
		t.Errorf("balance gauge %v", v)
	}
	noCode := ContractCheck("0xreg", func(context.Context) ([]byte, error) { return nil, nil })
	if err := noCode(ctx); !errors.Is(err, ErrNoContract) {
		t.Errorf("no code: %v", err)
	}
	code := ContractCheck("0xreg", func(context.Context) ([]byte, error) { return []byte{0x60}, nil })
	if err := code(ctx); err != nil {
		t.Errorf("code: %v", err)
	}
	rpc := RPCCheck(func(context.Context) (*big.Int, error) { return big.NewInt(1), nil }, 11155111)
	if err := rpc(ctx); err == nil {
		t.Error("wrong chain id accepted")
	}
	rpcErr := RPCCheck(func(context.Context) (*big.Int, error) { return nil, errors.New("dial refused") }, 1)
	if err := rpcErr(ctx); err == nil || !strings.Contains(err.Error(), "dial refused") {
		t.Errorf("rpc error: %v", err)
	}
}

func bigInt(f float64) *big.Int { b, _ := big.NewFloat(f).Int(nil); return b }
