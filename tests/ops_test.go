package tests

// Deployment artefacts checked without a container engine: the Dockerfile,
// docker-compose.yml, the Kubernetes manifests under ops/k8s and the runbook are parsed
// and compared with what the chainrelay binary accepts (`chainrelay <command> -h`).
// Every check is a function returning the problems it finds; each test runs it on the
// committed files and on copies broken on purpose, which must be reported.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"gopkg.in/yaml.v3"
)

// opsRoles are the long-running roles, each with its own container and HTTP endpoint.
var opsRoles = []string{"bridge", "validator", "deployer", "registrar", "publisher", "projector", "ledger-streamer"}

// opsSigningRoles send transactions from one key, so they reserve nonces through KV.
var opsSigningRoles = []string{"deployer", "registrar"}

// opsRoot is the repository root, from this file's directory.
func opsRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Dir(filepath.Dir(file))
}

// opsRead returns a file of the repository as text.
func opsRead(t testing.TB, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(opsRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// opsFiles maps each path relative to the root to its text.
type opsFiles map[string]string

// with returns a copy with one file's text replaced.
func (f opsFiles) with(path, text string) opsFiles {
	out := make(opsFiles, len(f))
	for k, v := range f {
		out[k] = v
	}
	out[path] = text
	return out
}

// opsLoad reads the artefacts every check looks at.
func opsLoad(t testing.TB) opsFiles {
	t.Helper()
	root := opsRoot(t)
	f := opsFiles{}
	for _, rel := range []string{"go.work", "ops/docker/Dockerfile", ".dockerignore", "docker-compose.yml",
		"ops/docker/nats.conf", "ops/docker/dev/signing.key", "ops/docker/deploy-contracts.sh", "ops/runbook.md"} {
		f[rel] = opsRead(t, rel)
	}
	for _, pattern := range []string{"ops/k8s/*.yaml", "ops/prometheus/*.yml", "ops/prometheus/*.yaml"} {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			rel, _ := filepath.Rel(root, m)
			f[filepath.ToSlash(rel)] = opsRead(t, rel)
		}
	}
	return f
}

// opsMutation breaks one file of the committed artefacts; want is a fragment of the
// problem the check must report.
type opsMutation struct {
	name      string
	file      string
	old, new  string
	all       bool // replace every occurrence instead of the first
	want      string
	skipCheck bool // the committed case: no mutation, no problem expected
}

// apply returns the mutated files, failing the test when old is not in the file (a
// mutation that changes nothing would prove nothing).
func (m opsMutation) apply(t *testing.T, f opsFiles) opsFiles {
	t.Helper()
	if m.skipCheck {
		return f
	}
	text, ok := f[m.file]
	if !ok {
		t.Fatalf("mutation of unknown file %s", m.file)
	}
	if !strings.Contains(text, m.old) {
		t.Fatalf("mutation %q: %q not in %s", m.name, m.old, m.file)
	}
	n := 1
	if m.all {
		n = -1
	}
	return f.with(m.file, strings.Replace(text, m.old, m.new, n))
}

// opsExpect asserts that problems is empty when want is, and otherwise that one problem
// contains want.
func opsExpect(t *testing.T, problems []error, want string) {
	t.Helper()
	if want == "" {
		for _, p := range problems {
			t.Error(p)
		}
		return
	}
	for _, p := range problems {
		if strings.Contains(p.Error(), want) {
			return
		}
	}
	t.Errorf("no problem mentions %q; got %d problems: %v", want, len(problems), problems)
}

// ---------------------------------------------------------------------------------
// The binary: which commands exist, which flags and environment variables they read.

// opsHelp is what `chainrelay <command> -h` says.
type opsHelp struct {
	flags map[string]bool
	env   map[string]bool
}

// opsCLI runs a built chainrelay binary and caches each command's help.
type opsCLI struct {
	bin   string
	mu    sync.Mutex
	cache map[string]*opsHelp
	errs  map[string]error
}

func newOpsCLI(bin string) *opsCLI {
	return &opsCLI{bin: bin, cache: map[string]*opsHelp{}, errs: map[string]error{}}
}

var (
	opsFlagLine = regexp.MustCompile(`(?m)^\s+-{1,2}([a-zA-Z0-9][a-zA-Z0-9-]*)`)
	opsEnvName  = regexp.MustCompile(`CHAINRELAY_[A-Z0-9_]+`)
)

// help runs `chainrelay <path...> -h`, which must exit 0, and collects the flags it
// lists and every CHAINRELAY_* variable it names (flag defaults and usage text).
func (c *opsCLI) help(path []string) (*opsHelp, error) {
	key := strings.Join(path, " ")
	c.mu.Lock()
	defer c.mu.Unlock()
	if h, ok := c.cache[key]; ok {
		return h, nil
	}
	if err, ok := c.errs[key]; ok {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.bin, append(slices.Clone(path), "-h")...)
	// The help must not depend on the environment of the machine running the tests.
	cmd.Env = []string{"HOME=" + os.TempDir()}
	out, err := cmd.CombinedOutput()
	if err != nil {
		err = fmt.Errorf("chainrelay %s -h: %v\n%s", key, err, out)
		c.errs[key] = err
		return nil, err
	}
	h := &opsHelp{flags: map[string]bool{}, env: map[string]bool{}}
	for _, m := range opsFlagLine.FindAllStringSubmatch(string(out), -1) {
		h.flags[m[1]] = true
	}
	for _, e := range opsEnvName.FindAllString(string(out), -1) {
		h.env[e] = true
	}
	c.cache[key] = h
	return h, nil
}

// opsInvocation is one way the artefacts run the binary.
type opsInvocation struct {
	where string   // for messages: file and object
	args  []string // command line after the binary's name
	env   []string // CHAINRELAY_* variables set for it
}

// commandPath is the part of args that names the command: dlq and stellar have
// subcommands of their own.
func commandPath(args []string) []string {
	if len(args) == 0 {
		return nil
	}
	n := 1
	if (args[0] == "dlq" || args[0] == "stellar") && len(args) > 1 && !strings.HasPrefix(args[1], "-") {
		n = 2
	}
	return args[:n]
}

// checkInvocation reports a command the binary does not have, a flag the command does
// not list and an environment variable the command does not read.
func checkInvocation(c *opsCLI, inv opsInvocation) []error {
	var problems []error
	if len(inv.args) == 0 {
		return []error{fmt.Errorf("%s: runs chainrelay without a command", inv.where)}
	}
	path := commandPath(inv.args)
	h, err := c.help(path)
	if err != nil {
		return []error{fmt.Errorf("%s: command %q is not a chainrelay command: %v", inv.where, strings.Join(path, " "), err)}
	}
	for _, a := range inv.args[len(path):] {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !h.flags[name] {
			problems = append(problems, fmt.Errorf("%s: flag --%s is not a flag of chainrelay %s", inv.where, name, strings.Join(path, " ")))
		}
	}
	for _, e := range inv.env {
		if strings.HasPrefix(e, "CHAINRELAY_") && !h.env[e] {
			problems = append(problems, fmt.Errorf("%s: environment variable %s is not read by chainrelay %s", inv.where, e, strings.Join(path, " ")))
		}
	}
	return problems
}

// opsPrivateKey matches a raw secp256k1 private key written as hex.
var opsPrivateKey = regexp.MustCompile(`^(0x)?[0-9a-fA-F]{64}$`)

// checkEnvSecret reports a secret given as an environment value instead of a file.
func checkEnvSecret(where, name, value string) error {
	upper := strings.ToUpper(name)
	secretName := strings.HasSuffix(upper, "_KEY") || strings.HasSuffix(upper, "PASSWORD") ||
		strings.HasSuffix(upper, "_SECRET") || strings.HasSuffix(upper, "_TOKEN")
	switch {
	case opsPrivateKey.MatchString(strings.TrimSpace(value)):
		return fmt.Errorf("%s: %s holds a private key literally; mount it as a file", where, name)
	case secretName && value != "" && !strings.HasPrefix(value, "/"):
		return fmt.Errorf("%s: %s holds a secret literally; use a file", where, name)
	}
	return nil
}

// checkHTTPAddr reports a role HTTP listener a probe or another container cannot reach,
// and returns its port.
func checkHTTPAddr(where, addr string) (int, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, fmt.Errorf("%s: CHAINRELAY_HTTP %q: %v", where, addr, err)
	}
	if host != "0.0.0.0" && host != "" {
		return 0, fmt.Errorf("%s: CHAINRELAY_HTTP %q listens on %s only; probes and scrapes need 0.0.0.0", where, addr, host)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p <= 0 {
		return 0, fmt.Errorf("%s: CHAINRELAY_HTTP %q: no port", where, addr)
	}
	return p, nil
}

// ---------------------------------------------------------------------------------
// Dockerfile

// checkDockerfile reports a Dockerfile that does not build the binary in a Go builder
// stage, does not run it as a non-root user in a separate runtime stage, or misses a
// module of the workspace.
func checkDockerfile(f opsFiles) []error {
	var problems []error
	bad := func(format string, a ...any) { problems = append(problems, fmt.Errorf("Dockerfile: "+format, a...)) }
	type stage struct {
		image, name string
		lines       []string
	}
	var stages []*stage
	args := map[string]string{}
	fromRe := regexp.MustCompile(`(?i)^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$`)
	lines := strings.Split(strings.ReplaceAll(f["ops/docker/Dockerfile"], "\\\n", " "), "\n")
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if m := fromRe.FindStringSubmatch(line); m != nil {
			image := m[1]
			for k, v := range args {
				image = strings.ReplaceAll(image, "${"+k+"}", v)
			}
			stages = append(stages, &stage{image: image, name: m[2]})
			continue
		}
		if len(stages) == 0 {
			if k, v, ok := strings.Cut(strings.TrimPrefix(line, "ARG "), "="); ok && strings.HasPrefix(line, "ARG ") {
				args[k] = v
			}
			continue
		}
		st := stages[len(stages)-1]
		st.lines = append(st.lines, line)
	}
	if len(stages) < 2 {
		bad("%d stage(s); want a builder and a runtime stage", len(stages))
		return problems
	}
	builder, final := stages[0], stages[len(stages)-1]
	if !strings.HasPrefix(builder.image, "golang:1.26") {
		bad("builder stage image %q, want golang:1.26", builder.image)
	}
	if builder.name == "" {
		bad("builder stage has no name (FROM … AS builder)")
	}
	if !strings.Contains(final.image, "distroless") && !strings.Contains(final.image, "slim") {
		bad("runtime stage image %q is neither distroless nor a slim Debian", final.image)
	}
	var build string
	for _, l := range builder.lines {
		if strings.HasPrefix(l, "RUN") && strings.Contains(l, "go build") {
			build = l
		}
	}
	switch {
	case build == "":
		bad("the builder stage runs no go build")
	case !strings.Contains(build, "./services/cmd/chainrelay"):
		bad("go build does not build ./services/cmd/chainrelay: %s", build)
	case !strings.Contains(build, "-X main.version="):
		bad("go build does not set main.version with -ldflags -X")
	}
	copied := strings.Join(builder.lines, "\n")
	for _, mod := range opsWorkspaceModules(f["go.work"]) {
		if !strings.Contains(copied, mod+"/go.mod") {
			bad("module %s of go.work: its go.mod is not copied before go mod download", mod)
		}
	}
	user, fromBuilder, entry := "", false, false
	for _, l := range final.lines {
		switch {
		case strings.HasPrefix(l, "USER "):
			user = strings.TrimSpace(strings.TrimPrefix(l, "USER "))
		case strings.HasPrefix(l, "COPY") && strings.Contains(l, "--from="+builder.name) && strings.Contains(l, "chainrelay"):
			fromBuilder = true
		case strings.HasPrefix(l, "ENTRYPOINT") && strings.Contains(l, "chainrelay"):
			entry = true
		}
	}
	name, _, _ := strings.Cut(user, ":")
	switch {
	case user == "" && strings.HasSuffix(final.image, ":nonroot"):
		// distroless :nonroot runs as 65532 without USER, but say it anyway.
		bad("runtime stage has no USER line")
	case user == "":
		bad("runtime stage has no USER: the container would run as root")
	case name == "root" || name == "0":
		bad("runtime stage runs as USER %s", user)
	}
	if !fromBuilder {
		bad("runtime stage does not copy chainrelay from the %s stage", builder.name)
	}
	if !entry {
		bad("runtime stage's ENTRYPOINT is not chainrelay")
	}
	problems = append(problems, checkDockerignore(f)...)
	return problems
}

// opsWorkspaceModules lists the directories go.work uses.
func opsWorkspaceModules(goWork string) []string {
	var mods []string
	for _, m := range regexp.MustCompile(`(?m)^\s*(?:use\s+)?\./([A-Za-z0-9_./-]+)\s*$`).FindAllStringSubmatch(goWork, -1) {
		mods = append(mods, strings.TrimSuffix(m[1], "/"))
	}
	return mods
}

// checkDockerignore reports a .dockerignore pattern that keeps a file the build needs
// out of the context.
func checkDockerignore(f opsFiles) []error {
	needed := []string{"go.work", "go.work.sum", "services/cmd/chainrelay/main.go"}
	for _, mod := range opsWorkspaceModules(f["go.work"]) {
		needed = append(needed, mod+"/go.mod", mod+"/go.sum")
	}
	var problems []error
	for _, line := range strings.Split(f[".dockerignore"], "\n") {
		p := strings.TrimPrefix(strings.TrimSpace(line), "/")
		if p == "" || strings.HasPrefix(p, "#") || strings.HasPrefix(p, "!") {
			continue
		}
		for _, n := range needed {
			if opsIgnoreMatches(p, n) {
				problems = append(problems, fmt.Errorf(".dockerignore: %q leaves %s out of the build context", line, n))
			}
		}
	}
	return problems
}

// opsIgnoreMatches approximates Docker's matching: the pattern matches the path or one
// of its parent directories, with ** for any number of directories.
func opsIgnoreMatches(pattern, path string) bool {
	parts := strings.Split(path, "/")
	for i := 1; i <= len(parts); i++ {
		prefix := strings.Join(parts[:i], "/")
		if ok, _ := filepath.Match(pattern, prefix); ok {
			return true
		}
		if rest, ok := strings.CutPrefix(pattern, "**/"); ok {
			for j := 0; j < i; j++ {
				if m, _ := filepath.Match(rest, strings.Join(parts[j:i], "/")); m {
					return true
				}
			}
		}
	}
	return false
}

// TestDockerfile asserts that the Dockerfile builds ./services/cmd/chainrelay in a
// golang:1.26 builder stage with the version baked in, copies every workspace module,
// and runs the binary as a non-root user in a separate runtime stage; and that each of
// those rules catches a Dockerfile that breaks it.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	files := opsLoad(t)
	const df = "ops/docker/Dockerfile"
	for _, m := range []opsMutation{
		{name: "committed", skipCheck: true},
		{name: "user root", file: df, old: "USER 65532:65532", new: "USER root", want: "runs as USER root"},
		{name: "no user", file: df, old: "USER 65532:65532\n", new: "", want: "no USER"},
		{name: "one stage", file: df, old: "FROM gcr.io/distroless/static-debian12:nonroot AS runtime\n", new: "", want: "want a builder and a runtime stage"},
		{name: "other package", file: df, old: "./services/cmd/chainrelay \\", new: "./services/cmd/other \\", want: "does not build ./services/cmd/chainrelay"},
		{name: "no version", file: df, old: "-X main.version=${VERSION}", new: "", want: "main.version"},
		{name: "module missing", file: df, old: "COPY tests/go.mod tests/go.sum tests/\n", new: "", want: "module tests of go.work"},
		{name: "old go", file: df, old: "ARG GO_VERSION=1.26", new: "ARG GO_VERSION=1.22", want: "want golang:1.26"},
		{name: "ignored module", file: ".dockerignore", old: "bin\n", new: "bin\nservices\n", want: "leaves services/go.mod out"},
	} {
		t.Run(m.name, func(t *testing.T) {
			opsExpect(t, checkDockerfile(m.apply(t, files)), m.want)
		})
	}
}

// ---------------------------------------------------------------------------------
// YAML

// opsYAMLDocs decodes every document of a YAML stream into generic values.
func opsYAMLDocs(text string) ([]map[string]any, error) {
	dec := yaml.NewDecoder(strings.NewReader(text))
	var docs []map[string]any
	for i := 0; ; i++ {
		var doc map[string]any
		err := dec.Decode(&doc)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return docs, nil
			}
			return docs, fmt.Errorf("document %d: %w", i+1, err)
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

// TestYAMLParses asserts that every YAML document of docker-compose.yml and
// ops/k8s/*.yaml parses and is a non-empty mapping, and that a broken document is
// reported.
func TestYAMLParses(t *testing.T) {
	t.Parallel()
	files := opsLoad(t)
	var names []string
	for name := range files {
		if name == "docker-compose.yml" || strings.HasPrefix(name, "ops/k8s/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) < 3 {
		t.Fatalf("found only %v", names)
	}
	type tc struct {
		name, text string
		wantErr    bool
	}
	var cases []tc
	for _, n := range names {
		cases = append(cases, tc{name: n, text: files[n]})
	}
	cases = append(cases, tc{name: "broken indentation", text: "a: 1\n b: 2\n", wantErr: true},
		tc{name: "broken second document", text: "a: 1\n---\nb: [1, 2\n", wantErr: true})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			docs, err := opsYAMLDocs(c.text)
			if c.wantErr {
				if err == nil {
					t.Fatal("parsed a broken document")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) == 0 {
				t.Fatal("no documents")
			}
			for i, d := range docs {
				if len(d) == 0 {
					t.Errorf("document %d is empty", i+1)
				}
			}
		})
	}
}

// ---------------------------------------------------------------------------------
// docker-compose.yml

type composeFile struct {
	Name     string                    `yaml:"name"`
	Services map[string]composeService `yaml:"services"`
	Secrets  map[string]composeSecret  `yaml:"secrets"`
	Volumes  map[string]any            `yaml:"volumes"`
	X        map[string]any            `yaml:",inline"` // x- extension fields
}

type composeSecret struct {
	File string `yaml:"file"`
}

type composeService struct {
	Image       string                       `yaml:"image"`
	Build       *composeBuild                `yaml:"build"`
	Command     []string                     `yaml:"command"`
	Entrypoint  []string                     `yaml:"entrypoint"`
	Environment map[string]string            `yaml:"environment"`
	DependsOn   map[string]composeDependency `yaml:"depends_on"`
	Healthcheck *struct {
		Test     []string `yaml:"test"`
		Interval string   `yaml:"interval"`
		Timeout  string   `yaml:"timeout"`
		Retries  int      `yaml:"retries"`
	} `yaml:"healthcheck"`
	Secrets     []string `yaml:"secrets"`
	Volumes     []string `yaml:"volumes"`
	Ports       []string `yaml:"ports"`
	Profiles    []string `yaml:"profiles"`
	Restart     string   `yaml:"restart"`
	ReadOnly    bool     `yaml:"read_only"`
	Tmpfs       []string `yaml:"tmpfs"`
	SecurityOpt []string `yaml:"security_opt"`
}

type composeBuild struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

type composeDependency struct {
	Condition string `yaml:"condition"`
}

// runsChainrelay tells the services running the project's image.
func (s composeService) runsChainrelay() bool {
	return s.Build != nil || strings.HasPrefix(s.Image, "chainrelay")
}

// checkCompose reports what in docker-compose.yml would not start or not work: a service
// neither health-checked nor depending on one, a dependency on a service that does not
// exist, a chainrelay command, flag or variable the binary does not have, a role not
// reachable on 0.0.0.0, a secret not given as a file, the signing roles without shared
// nonces, contract addresses that are not where the contracts job deploys them, and NATS
// without JetStream or WebSocket.
func checkCompose(c *opsCLI, f opsFiles) []error {
	var problems []error
	bad := func(format string, a ...any) {
		problems = append(problems, fmt.Errorf("docker-compose.yml: "+format, a...))
	}
	var cf composeFile
	dec := yaml.NewDecoder(strings.NewReader(f["docker-compose.yml"]))
	dec.KnownFields(true)
	if err := dec.Decode(&cf); err != nil {
		return []error{fmt.Errorf("docker-compose.yml: %w", err)}
	}
	if len(cf.Services) == 0 {
		bad("no services")
	}
	names := make([]string, 0, len(cf.Services))
	for n := range cf.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	running := map[string]bool{}
	for _, name := range names {
		s := cf.Services[name]
		where := "service " + name
		if s.Healthcheck == nil && len(s.DependsOn) == 0 {
			bad("%s has neither a healthcheck nor depends_on", where)
		}
		if s.Healthcheck != nil && len(s.Healthcheck.Test) == 0 {
			bad("%s has an empty healthcheck", where)
		}
		if s.Image == "" && s.Build == nil {
			bad("%s has no image and no build", where)
		}
		for dep, d := range s.DependsOn {
			target, ok := cf.Services[dep]
			switch {
			case !ok:
				bad("%s depends on %s, which is not a service", where, dep)
			case d.Condition == "service_healthy" && target.Healthcheck == nil:
				bad("%s waits for %s to be healthy, which has no healthcheck", where, dep)
			case d.Condition != "service_healthy" && d.Condition != "service_started" && d.Condition != "service_completed_successfully":
				bad("%s: depends_on %s: condition %q", where, dep, d.Condition)
			}
		}
		for k, v := range s.Environment {
			if err := checkEnvSecret("docker-compose.yml "+where, k, v); err != nil {
				problems = append(problems, err)
			}
		}
		for _, sec := range s.Secrets {
			if _, ok := cf.Secrets[sec]; !ok {
				bad("%s mounts secret %s, which is not declared", where, sec)
			}
		}
		if !s.runsChainrelay() {
			continue
		}
		if s.Build != nil && filepath.ToSlash(filepath.Clean(filepath.Join(s.Build.Context, s.Build.Dockerfile))) != "ops/docker/Dockerfile" {
			bad("%s builds %s/%s, not ops/docker/Dockerfile", where, s.Build.Context, s.Build.Dockerfile)
		}
		inv := opsInvocation{where: "docker-compose.yml " + where, args: s.Command}
		for k := range s.Environment {
			inv.env = append(inv.env, k)
		}
		sort.Strings(inv.env)
		problems = append(problems, checkInvocation(c, inv)...)
		if len(s.Command) == 0 {
			continue
		}
		role := s.Command[0]
		running[role] = true
		if slices.Contains(opsRoles, role) {
			if addr, ok := s.Environment["CHAINRELAY_HTTP"]; !ok {
				bad("%s: role %s without CHAINRELAY_HTTP listens on loopback only", where, role)
			} else if _, err := checkHTTPAddr("docker-compose.yml "+where, addr); err != nil {
				problems = append(problems, err)
			}
		}
		if slices.Contains(opsSigningRoles, role) {
			if !slices.Contains(s.Command, "--shared-nonces") {
				bad("%s: %s signs with the key the other signing role uses and needs --shared-nonces", where, role)
			}
			problems = append(problems, checkComposeKey(cf, f, name)...)
		}
	}
	for _, role := range append(slices.Clone(opsRoles), "provision") {
		if !running[role] {
			bad("no service runs chainrelay %s", role)
		}
	}
	problems = append(problems, checkComposeNATS(cf, f)...)
	if geth, ok := cf.Services["geth"]; !ok || !slices.Contains(geth.Command, "--dev") {
		bad("no geth --dev service")
	}
	return problems
}

// checkComposeKey reports a signing role whose key is not a mounted secret file, or
// whose contract addresses differ from those the key deploys at nonces 0 and 1.
func checkComposeKey(cf composeFile, f opsFiles, name string) []error {
	s := cf.Services[name]
	keyFile := s.Environment["CHAINRELAY_KEY_FILE"]
	secret, ok := strings.CutPrefix(keyFile, "/run/secrets/")
	if !ok || !slices.Contains(s.Secrets, secret) {
		return []error{fmt.Errorf("docker-compose.yml service %s: CHAINRELAY_KEY_FILE %q is not a secret the service mounts", name, keyFile)}
	}
	decl := cf.Secrets[secret]
	text, ok := f[filepath.ToSlash(filepath.Clean(decl.File))]
	if !ok {
		return []error{fmt.Errorf("docker-compose.yml secret %s: file %q is not ops/docker/dev/signing.key", secret, decl.File)}
	}
	key, err := crypto.HexToECDSA(strings.TrimPrefix(strings.TrimSpace(text), "0x"))
	if err != nil {
		return []error{fmt.Errorf("docker-compose.yml secret %s: not a hex private key", secret)}
	}
	owner := crypto.PubkeyToAddress(key.PublicKey)
	var problems []error
	for nonce, env := range []string{"CHAINRELAY_TOKEN_MANAGER", "CHAINRELAY_MODEL_REGISTRY"} {
		want := crypto.CreateAddress(owner, uint64(nonce))
		got := s.Environment[env]
		if !common.IsHexAddress(got) || common.HexToAddress(got) != want {
			problems = append(problems, fmt.Errorf("docker-compose.yml service %s: %s %q is not %s, where deploy-contracts.sh deploys it (nonce %d of %s)", name, env, got, want.Hex(), nonce, owner.Hex()))
		}
	}
	return problems
}

// checkComposeNATS reports a NATS service whose configuration does not enable
// JetStream and WebSocket.
func checkComposeNATS(cf composeFile, f opsFiles) []error {
	s, ok := cf.Services["nats"]
	if !ok {
		return []error{fmt.Errorf("docker-compose.yml: no nats service")}
	}
	i := slices.Index(s.Command, "-c")
	if i < 0 || i+1 >= len(s.Command) {
		return []error{fmt.Errorf("docker-compose.yml service nats: no -c <config>")}
	}
	conf := s.Command[i+1]
	mounted := ""
	for _, v := range s.Volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && parts[1] == conf {
			mounted = filepath.ToSlash(filepath.Clean(parts[0]))
		}
	}
	text, ok := f[mounted]
	if !ok {
		return []error{fmt.Errorf("docker-compose.yml service nats: config %s is not mounted from ops/docker/nats.conf", conf)}
	}
	var problems []error
	for _, block := range []string{"jetstream", "websocket"} {
		if !regexp.MustCompile(`(?m)^\s*` + block + `\s*[:=]?\s*\{`).MatchString(text) {
			problems = append(problems, fmt.Errorf("%s: no %s block", mounted, block))
		}
	}
	return problems
}

// ---------------------------------------------------------------------------------
// Kubernetes

type k8sObject struct {
	APIVersion string `yaml:"apiVersion"`
	Kind       string `yaml:"kind"`
	Metadata   struct {
		Name   string            `yaml:"name"`
		Labels map[string]string `yaml:"labels"`
	} `yaml:"metadata"`
	Data       map[string]string `yaml:"data"`
	StringData map[string]string `yaml:"stringData"`
	Spec       struct {
		Replicas *int `yaml:"replicas"`
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata struct {
				Labels map[string]string `yaml:"labels"`
			} `yaml:"metadata"`
			Spec k8sPodSpec `yaml:"spec"`
		} `yaml:"template"`
		// Service
		ServiceSelector map[string]string `yaml:"-"`
		Ports           []struct {
			Name       string `yaml:"name"`
			Port       int    `yaml:"port"`
			TargetPort any    `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
	file string
}

type k8sPodSpec struct {
	SecurityContext *k8sSecurityContext `yaml:"securityContext"`
	Containers      []k8sContainer      `yaml:"containers"`
	Volumes         []struct {
		Name   string `yaml:"name"`
		Secret *struct {
			SecretName string `yaml:"secretName"`
		} `yaml:"secret"`
	} `yaml:"volumes"`
}

type k8sSecurityContext struct {
	RunAsNonRoot             *bool `yaml:"runAsNonRoot"`
	RunAsUser                *int  `yaml:"runAsUser"`
	ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
	AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
}

type k8sProbe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
}

type k8sContainer struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Env     []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom any    `yaml:"valueFrom"`
	} `yaml:"env"`
	EnvFrom []struct {
		ConfigMapRef *struct {
			Name string `yaml:"name"`
		} `yaml:"configMapRef"`
		SecretRef *struct {
			Name string `yaml:"name"`
		} `yaml:"secretRef"`
	} `yaml:"envFrom"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	LivenessProbe   *k8sProbe           `yaml:"livenessProbe"`
	ReadinessProbe  *k8sProbe           `yaml:"readinessProbe"`
	SecurityContext *k8sSecurityContext `yaml:"securityContext"`
	Resources       struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
	} `yaml:"volumeMounts"`
}

// k8sObjects decodes every manifest under ops/k8s except the kustomization.
func k8sObjects(f opsFiles) ([]*k8sObject, []error) {
	var objs []*k8sObject
	var problems []error
	var names []string
	for name := range f {
		if strings.HasPrefix(name, "ops/k8s/") && name != "ops/k8s/kustomization.yaml" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		dec := yaml.NewDecoder(strings.NewReader(f[name]))
		for {
			o := &k8sObject{file: name}
			if err := dec.Decode(o); err != nil {
				if !errors.Is(err, io.EOF) {
					problems = append(problems, fmt.Errorf("%s: %w", name, err))
				}
				break
			}
			if o.APIVersion == "" || o.Kind == "" || o.Metadata.Name == "" {
				problems = append(problems, fmt.Errorf("%s: an object without apiVersion, kind or metadata.name", name))
				continue
			}
			objs = append(objs, o)
		}
	}
	return objs, problems
}

// k8sServiceSelector reads a Service's spec.selector, which shares its key with the
// Deployment's differently shaped selector.
func k8sServiceSelector(f opsFiles, o *k8sObject) map[string]string {
	dec := yaml.NewDecoder(strings.NewReader(f[o.file]))
	for {
		var doc struct {
			Kind     string `yaml:"kind"`
			Metadata struct {
				Name string `yaml:"name"`
			} `yaml:"metadata"`
			Spec struct {
				Selector map[string]any `yaml:"selector"`
			} `yaml:"spec"`
		}
		if err := dec.Decode(&doc); err != nil {
			return nil
		}
		if doc.Kind == "Service" && doc.Metadata.Name == o.Metadata.Name {
			out := map[string]string{}
			for k, v := range doc.Spec.Selector {
				if s, ok := v.(string); ok {
					out[k] = s
				}
			}
			return out
		}
	}
}

// checkK8s reports manifests that would not run or not be safe: a workload without an
// image, running a command, flag or variable the binary does not have, without
// /livez and /readyz probes on its CHAINRELAY_HTTP port, able to run as root or write
// its root filesystem, without resource requests and limits, with another replica
// count than the cluster's, a signing role without shared nonces or without its key as
// a Secret file, a role without a Service, and a Secret with key material in the
// repository.
func checkK8s(c *opsCLI, f opsFiles) []error {
	objs, problems := k8sObjects(f)
	bad := func(o *k8sObject, format string, a ...any) {
		problems = append(problems, fmt.Errorf("%s %s/%s: "+format, append([]any{o.file, o.Kind, o.Metadata.Name}, a...)...))
	}
	configMaps := map[string]map[string]string{}
	var services []*k8sObject
	for _, o := range objs {
		switch o.Kind {
		case "ConfigMap":
			configMaps[o.Metadata.Name] = o.Data
			for k, v := range o.Data {
				if err := checkEnvSecret(o.file+" ConfigMap/"+o.Metadata.Name, k, v); err != nil {
					problems = append(problems, err)
				}
			}
		case "Secret":
			if len(o.Data) > 0 || len(o.StringData) > 0 {
				bad(o, "key material committed; create the Secret out of the repository")
			}
		case "Service":
			o.Spec.ServiceSelector = k8sServiceSelector(f, o)
			services = append(services, o)
		}
	}
	roles := map[string]bool{}
	for _, o := range objs {
		if o.Kind != "Deployment" && o.Kind != "Job" {
			continue
		}
		pod := o.Spec.Template.Spec
		if len(pod.Containers) == 0 {
			bad(o, "no containers")
			continue
		}
		if o.Kind == "Deployment" {
			for k, v := range o.Spec.Selector.MatchLabels {
				if o.Spec.Template.Metadata.Labels[k] != v {
					bad(o, "selector %s=%s does not match the pod labels", k, v)
				}
			}
		}
		for _, ct := range pod.Containers {
			env := map[string]string{}
			for _, ef := range ct.EnvFrom {
				if ef.ConfigMapRef != nil {
					data, ok := configMaps[ef.ConfigMapRef.Name]
					if !ok {
						bad(o, "container %s: ConfigMap %s is not in the manifests", ct.Name, ef.ConfigMapRef.Name)
					}
					for k, v := range data {
						env[k] = v
					}
				}
			}
			for _, e := range ct.Env {
				env[e.Name] = e.Value
				if e.ValueFrom == nil {
					if err := checkEnvSecret(fmt.Sprintf("%s %s/%s", o.file, o.Kind, o.Metadata.Name), e.Name, e.Value); err != nil {
						problems = append(problems, err)
					}
				}
			}
			problems = append(problems, checkK8sContainer(c, o, ct, env)...)
			if len(ct.Args) == 0 {
				continue
			}
			role := ct.Args[0]
			roles[role] = true
			if o.Kind == "Deployment" && slices.Contains(opsRoles, role) {
				problems = append(problems, checkK8sRole(o, ct, env, services)...)
			}
			if slices.Contains(opsSigningRoles, role) {
				problems = append(problems, checkK8sKey(o, pod, ct, env)...)
			}
		}
		sc := pod.SecurityContext
		if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
			bad(o, "pod securityContext.runAsNonRoot is not true")
		}
		if sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			bad(o, "pod runs as user 0")
		}
	}
	for _, role := range opsRoles {
		if !roles[role] {
			problems = append(problems, fmt.Errorf("ops/k8s: no Deployment runs chainrelay %s", role))
		}
	}
	return problems
}

// checkK8sContainer checks one container of a Deployment or Job.
func checkK8sContainer(c *opsCLI, o *k8sObject, ct k8sContainer, env map[string]string) []error {
	var problems []error
	bad := func(format string, a ...any) {
		problems = append(problems, fmt.Errorf("%s %s/%s container %s: "+format, append([]any{o.file, o.Kind, o.Metadata.Name, ct.Name}, a...)...))
	}
	if ct.Image == "" {
		bad("no image")
	}
	if len(ct.Command) > 0 {
		bad("command %v replaces the image's chainrelay entrypoint; use args", ct.Command)
	}
	inv := opsInvocation{where: fmt.Sprintf("%s %s/%s", o.file, o.Kind, o.Metadata.Name), args: ct.Args}
	for k := range env {
		inv.env = append(inv.env, k)
	}
	sort.Strings(inv.env)
	problems = append(problems, checkInvocation(c, inv)...)
	if got := env["CHAINRELAY_REPLICAS"]; got != "3" {
		bad("CHAINRELAY_REPLICAS is %q; every process provisions the topology and must use the cluster's 3 replicas", got)
	}
	sc := ct.SecurityContext
	switch {
	case sc == nil:
		bad("no securityContext")
	default:
		if sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot {
			bad("securityContext.runAsNonRoot is not true")
		}
		if sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			bad("runs as user 0")
		}
		if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			bad("securityContext.readOnlyRootFilesystem is not true")
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			bad("securityContext.allowPrivilegeEscalation is not false")
		}
	}
	for _, r := range []string{"cpu", "memory"} {
		if ct.Resources.Requests[r] == "" {
			bad("no %s request", r)
		}
		if ct.Resources.Limits[r] == "" {
			bad("no %s limit", r)
		}
	}
	return problems
}

// checkK8sRole checks the HTTP side of a long-running role: listener, probes, Service.
func checkK8sRole(o *k8sObject, ct k8sContainer, env map[string]string, services []*k8sObject) []error {
	var problems []error
	where := fmt.Sprintf("%s Deployment/%s", o.file, o.Metadata.Name)
	bad := func(format string, a ...any) { problems = append(problems, fmt.Errorf(where+": "+format, a...)) }
	addr, ok := env["CHAINRELAY_HTTP"]
	if !ok {
		bad("no CHAINRELAY_HTTP: the role listens on loopback only")
		return problems
	}
	port, err := checkHTTPAddr(where, addr)
	if err != nil {
		return append(problems, err)
	}
	portName := ""
	for _, p := range ct.Ports {
		if p.ContainerPort == port {
			portName = p.Name
		}
	}
	if portName == "" && len(ct.Ports) > 0 {
		bad("no containerPort %d (CHAINRELAY_HTTP)", port)
	}
	resolves := func(v any) bool {
		switch v := v.(type) {
		case int:
			return v == port
		case string:
			return v != "" && (v == portName || v == strconv.Itoa(port))
		}
		return false
	}
	for _, p := range []struct {
		kind, path string
		probe      *k8sProbe
	}{{"liveness", "/livez", ct.LivenessProbe}, {"readiness", "/readyz", ct.ReadinessProbe}} {
		switch {
		case p.probe == nil || p.probe.HTTPGet == nil:
			bad("no %s httpGet probe", p.kind)
		case p.probe.HTTPGet.Path != p.path:
			bad("%s probe on %q, want %s", p.kind, p.probe.HTTPGet.Path, p.path)
		case !resolves(p.probe.HTTPGet.Port):
			bad("%s probe port %v is not the CHAINRELAY_HTTP port %d", p.kind, p.probe.HTTPGet.Port, port)
		}
	}
	exposed := false
	for _, s := range services {
		if len(s.Spec.ServiceSelector) == 0 {
			continue
		}
		selects := true
		for k, v := range s.Spec.ServiceSelector {
			if o.Spec.Template.Metadata.Labels[k] != v {
				selects = false
			}
		}
		if !selects {
			continue
		}
		for _, sp := range s.Spec.Ports {
			if resolves(sp.TargetPort) || (sp.TargetPort == nil && sp.Port == port) {
				exposed = true
			}
		}
	}
	if !exposed {
		bad("no Service exposes port %d (metrics) of its pods", port)
	}
	return problems
}

// checkK8sKey checks that a signing role reserves nonces through KV and reads its key
// from a file mounted from a Secret.
func checkK8sKey(o *k8sObject, pod k8sPodSpec, ct k8sContainer, env map[string]string) []error {
	var problems []error
	where := fmt.Sprintf("%s Deployment/%s", o.file, o.Metadata.Name)
	if !slices.Contains(ct.Args, "--shared-nonces") {
		problems = append(problems, fmt.Errorf("%s: %s shares its key with the other signing role (and its replicas): needs --shared-nonces", where, ct.Args[0]))
	}
	keyFile := env["CHAINRELAY_KEY_FILE"]
	if keyFile == "" {
		return append(problems, fmt.Errorf("%s: no CHAINRELAY_KEY_FILE", where))
	}
	secretVolumes := map[string]bool{}
	for _, v := range pod.Volumes {
		if v.Secret != nil && v.Secret.SecretName != "" {
			secretVolumes[v.Name] = true
		}
	}
	for _, m := range ct.VolumeMounts {
		if secretVolumes[m.Name] && strings.HasPrefix(keyFile, strings.TrimSuffix(m.MountPath, "/")+"/") {
			return problems
		}
	}
	return append(problems, fmt.Errorf("%s: CHAINRELAY_KEY_FILE %s is not in a volume mounted from a Secret", where, keyFile))
}

// checkKustomization reports a manifest under ops/k8s that kustomization.yaml does not
// list, a listed file that does not exist, and a namespace other than the Namespace's.
func checkKustomization(f opsFiles) []error {
	var k struct {
		Namespace string   `yaml:"namespace"`
		Resources []string `yaml:"resources"`
	}
	if err := yaml.Unmarshal([]byte(f["ops/k8s/kustomization.yaml"]), &k); err != nil {
		return []error{fmt.Errorf("ops/k8s/kustomization.yaml: %w", err)}
	}
	var problems []error
	listed := map[string]bool{}
	for _, r := range k.Resources {
		p := "ops/k8s/" + filepath.ToSlash(filepath.Clean(r))
		listed[p] = true
		if _, ok := f[p]; !ok {
			problems = append(problems, fmt.Errorf("ops/k8s/kustomization.yaml: resource %s does not exist", r))
		}
	}
	for name := range f {
		if strings.HasPrefix(name, "ops/k8s/") && name != "ops/k8s/kustomization.yaml" && !listed[name] {
			problems = append(problems, fmt.Errorf("ops/k8s/kustomization.yaml: %s is not listed in resources", name))
		}
	}
	objs, errs := k8sObjects(f)
	problems = append(problems, errs...)
	for _, o := range objs {
		if o.Kind == "Namespace" && o.Metadata.Name != k.Namespace {
			problems = append(problems, fmt.Errorf("ops/k8s/kustomization.yaml: namespace %q, but the Namespace is %q", k.Namespace, o.Metadata.Name))
		}
	}
	return problems
}

// TestKustomization asserts that kustomization.yaml lists every manifest of ops/k8s,
// and only existing ones, in the Namespace the manifests define.
func TestKustomization(t *testing.T) {
	t.Parallel()
	files := opsLoad(t)
	const k = "ops/k8s/kustomization.yaml"
	for _, m := range []opsMutation{
		{name: "committed", skipCheck: true},
		{name: "manifest not listed", file: k, old: "  - publisher.yaml\n", new: "", want: "publisher.yaml is not listed"},
		{name: "missing file", file: k, old: "  - publisher.yaml\n", new: "  - publisher.yaml\n  - worker.yaml\n", want: "worker.yaml does not exist"},
		{name: "other namespace", file: k, old: "namespace: chainrelay", new: "namespace: default", want: "namespace \"default\""},
	} {
		t.Run(m.name, func(t *testing.T) {
			opsExpect(t, checkKustomization(m.apply(t, files)), m.want)
		})
	}
}

// ---------------------------------------------------------------------------------
// Runbook

// checkRunbook reports a runbook without a section an operator needs, without an
// entry for an alert of ops/prometheus, or with a chainrelay command line the binary
// would refuse.
func checkRunbook(c *opsCLI, f opsFiles) []error {
	text := f["ops/runbook.md"]
	var problems []error
	lower := strings.ToLower(text)
	for _, topic := range []string{"start", "provision", "scale", "rotate", "stuck transaction", "dlq", "rebuild",
		"nats node", "redis restart", "stellar cursor", "alerts"} {
		if !regexp.MustCompile(`(?m)^#+ .*` + regexp.QuoteMeta(topic)).MatchString(lower) {
			problems = append(problems, fmt.Errorf("ops/runbook.md: no section heading mentions %q", topic))
		}
	}
	var ruleFiles []string
	for name := range f {
		if strings.HasPrefix(name, "ops/prometheus/") {
			ruleFiles = append(ruleFiles, name)
		}
	}
	sort.Strings(ruleFiles)
	for _, name := range ruleFiles {
		for _, m := range regexp.MustCompile(`(?m)^\s*-?\s*alert:\s*"?([A-Za-z0-9_]+)`).FindAllStringSubmatch(f[name], -1) {
			if !regexp.MustCompile(`(?m)^#+ .*\b` + m[1] + `\b`).MatchString(text) {
				problems = append(problems, fmt.Errorf("ops/runbook.md: no section for alert %s of %s", m[1], name))
			}
		}
	}
	// Command lines in code blocks: `chainrelay <command> [flags]`, placeholders in <>.
	inCode := false
	for i, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inCode = !inCode
			continue
		}
		if !inCode {
			continue
		}
		for _, cmdline := range strings.Split(line, "&&") {
			fields := strings.Fields(strings.TrimSpace(cmdline))
			for j, fld := range fields {
				if fld != "chainrelay" || j+1 >= len(fields) {
					continue
				}
				if j > 0 && !strings.HasPrefix(fields[j-1], "CHAINRELAY_") && fields[j-1] != "--" && fields[j-1] != "$" {
					continue
				}
				args := fields[j+1:]
				if k := slices.IndexFunc(args, func(a string) bool { return a == "#" || a == "|" || a == ">" || a == "2>&1" }); k >= 0 {
					args = args[:k]
				}
				var env []string
				for _, e := range fields[:j] {
					if name, _, ok := strings.Cut(e, "="); ok && strings.HasPrefix(name, "CHAINRELAY_") {
						env = append(env, name)
					}
				}
				problems = append(problems, checkInvocation(c, opsInvocation{where: fmt.Sprintf("ops/runbook.md:%d", i+1), args: args, env: env})...)
			}
		}
	}
	return problems
}

// ---------------------------------------------------------------------------------
// Against the binary

// TestOpsAgainstBinary builds chainrelay once and asserts that every command the
// artefacts name exists and that the compose file, the Kubernetes manifests and the
// runbook use only commands, flags and variables the binary has, with the rules of
// checkCompose, checkK8s and checkRunbook; broken copies of each must be reported.
func TestOpsAgainstBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	c := newOpsCLI(buildBinary(t))
	files := opsLoad(t)
	t.Run("help", func(t *testing.T) { testOpsHelp(t, c) })
	t.Run("compose", func(t *testing.T) { testOpsCompose(t, c, files) })
	t.Run("k8s", func(t *testing.T) { testOpsK8s(t, c, files) })
	t.Run("runbook", func(t *testing.T) { testOpsRunbook(t, c, files) })
}

// testOpsHelp asserts that `chainrelay <command> -h` exits 0 and lists flags for every
// command the artefacts may run, and that an unknown command is refused (so a typo in
// a manifest's command cannot pass as a command without flags).
func testOpsHelp(t *testing.T, c *opsCLI) {
	for _, tc := range []struct {
		path      []string
		wantFlags []string
		wantErr   bool
	}{
		{path: []string{"up"}, wantFlags: []string{"nats-url", "data-dir", "nats-websocket", "redis-url", "network", "demo"}},
		{path: []string{"bridge"}, wantFlags: []string{"nats-url", "http", "redis-url", "redis-password-file", "queue-inbound"}},
		{path: []string{"validator"}, wantFlags: []string{"nats-url", "http", "concurrency", "replicas"}},
		{path: []string{"deployer"}, wantFlags: []string{"key-file", "shared-nonces", "network", "rpc-url", "token-manager"}},
		{path: []string{"registrar"}, wantFlags: []string{"key-file", "shared-nonces", "model-registry"}},
		{path: []string{"publisher"}, wantFlags: []string{"nats-url", "http", "concurrency"}},
		{path: []string{"projector"}, wantFlags: []string{"redis-url", "no-redis", "max-lag"}},
		{path: []string{"ledger-streamer"}, wantFlags: []string{"rpc-url", "passphrase", "start", "datastore-type"}},
		{path: []string{"provision"}, wantFlags: []string{"replicas", "nats-url"}},
		{path: []string{"status"}, wantFlags: []string{"status", "json"}},
		{path: []string{"queues"}, wantFlags: []string{"no-redis", "json"}},
		{path: []string{"rebuild"}, wantFlags: []string{"compare-only"}},
		{path: []string{"dlq", "list"}, wantFlags: []string{"all", "json"}},
		{path: []string{"dlq", "show"}, wantFlags: []string{"json"}},
		{path: []string{"dlq", "retry"}, wantFlags: []string{"json"}},
		{path: []string{"dlq", "drop"}, wantFlags: []string{"reason", "operator"}},
		{path: []string{"stellar"}},
		{path: []string{"stellar", "extract"}},
		{path: []string{"version"}},
		{path: []string{"valdiator"}, wantErr: true},
		{path: []string{"dlq", "purge"}, wantErr: true},
	} {
		t.Run(strings.Join(tc.path, "_"), func(t *testing.T) {
			h, err := c.help(tc.path)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("chainrelay %s -h succeeded", strings.Join(tc.path, " "))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range tc.wantFlags {
				if !h.flags[f] {
					t.Errorf("no flag --%s in the help", f)
				}
			}
		})
	}
}

// testOpsCompose asserts that docker-compose.yml passes checkCompose, and that each
// kind of mistake it looks for is reported.
func testOpsCompose(t *testing.T, c *opsCLI, files opsFiles) {
	const dc = "docker-compose.yml"
	for _, m := range []opsMutation{
		{name: "committed", skipCheck: true},
		{name: "flag typo", file: dc, old: `["deployer", "--shared-nonces"]`, new: `["deployer", "--shared-nonce"]`, want: "flag --shared-nonce is not a flag of chainrelay deployer"},
		{name: "unknown command", file: dc, old: `command: ["validator"]`, new: `command: ["validater"]`, want: `command "validater" is not a chainrelay command`},
		{name: "env typo", file: dc, old: "CHAINRELAY_REDIS_URL: redis", new: "CHAINRELAY_REDIS_URI: redis", want: "CHAINRELAY_REDIS_URI is not read by chainrelay"},
		{name: "env of another command", file: dc, old: "      CHAINRELAY_HTTP: 0.0.0.0:8082\n", new: "      CHAINRELAY_HTTP: 0.0.0.0:8082\n      CHAINRELAY_KEY_FILE: /run/secrets/signing_key\n", want: "CHAINRELAY_KEY_FILE is not read by chainrelay validator"},
		{name: "key in env", file: dc, old: "CHAINRELAY_KEY_FILE: /run/secrets/signing_key\n", new: "CHAINRELAY_KEY_ENV: DEPLOY_KEY\n      DEPLOY_KEY: \"ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\"\n", want: "holds a private key literally"},
		{name: "password in env", file: dc, old: "CHAINRELAY_REDIS_URL: redis://redis:6379/0", new: "CHAINRELAY_REDIS_URL: redis://redis:6379/0\n  CHAINRELAY_REDIS_PASSWORD: hunter2", want: "CHAINRELAY_REDIS_PASSWORD holds a secret literally"},
		{name: "loopback http", file: dc, old: "CHAINRELAY_HTTP: 0.0.0.0:8085", new: "CHAINRELAY_HTTP: 127.0.0.1:8085", want: "need 0.0.0.0"},
		{name: "no shared nonces", file: dc, old: `["registrar", "--shared-nonces"]`, new: `["registrar"]`, want: "registrar signs with the key the other signing role uses"},
		{name: "wrong contract address", file: dc, old: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", new: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", want: "CHAINRELAY_MODEL_REGISTRY"},
		{name: "no healthcheck or depends_on", file: dc, old: "    depends_on:\n      geth:\n        condition: service_healthy\n", new: "", want: "service contracts has neither a healthcheck nor depends_on"},
		{name: "unknown dependency", file: dc, old: "      nats:\n        condition: service_healthy\n    restart: \"no\"", new: "      natsd:\n        condition: service_healthy\n    restart: \"no\"", want: "depends on natsd, which is not a service"},
		{name: "unknown key", file: dc, old: "    depends_on:\n      geth:", new: "    depend_on:\n      geth:", want: "depend_on"},
		{name: "missing role", file: dc, old: `command: ["publisher"]`, new: `command: ["validator"]`, want: "no service runs chainrelay publisher"},
		{name: "no websocket", file: "ops/docker/nats.conf", old: "websocket {", new: "leafnodes {", want: "no websocket block"},
		{name: "no jetstream", file: "ops/docker/nats.conf", old: "jetstream {", new: "accounts {", want: "no jetstream block"},
		{name: "undeclared secret", file: dc, old: "    secrets: [signing_key]\n    depends_on:\n      geth:", new: "    secrets: [signing_keys]\n    depends_on:\n      geth:", want: "mounts secret signing_keys, which is not declared"},
	} {
		t.Run(m.name, func(t *testing.T) {
			opsExpect(t, checkCompose(c, m.apply(t, files)), m.want)
		})
	}
}

// testOpsK8s asserts that the manifests under ops/k8s pass checkK8s, and that each kind
// of mistake it looks for is reported.
func testOpsK8s(t *testing.T, c *opsCLI, files opsFiles) {
	const dep, cm = "ops/k8s/deployer.yaml", "ops/k8s/configmap.yaml"
	for _, m := range []opsMutation{
		{name: "committed", skipCheck: true},
		{name: "flag typo", file: dep, old: `"--shared-nonces"`, new: `"--shared-nonce"`, want: "flag --shared-nonce is not a flag of chainrelay deployer"},
		{name: "unknown command", file: "ops/k8s/publisher.yaml", old: `args: ["publisher"]`, new: `args: ["publish"]`, want: `command "publish" is not a chainrelay command`},
		{name: "env typo in ConfigMap", file: cm, old: "CHAINRELAY_LOG_LEVEL", new: "CHAINRELAY_LOGLEVEL", want: "CHAINRELAY_LOGLEVEL is not read"},
		{name: "stellar setting read by the chain roles", file: cm, old: "  CHAINRELAY_NETWORK: sepolia\n", new: "  CHAINRELAY_NETWORK: sepolia\n  CHAINRELAY_PASSPHRASE: x\n", want: "CHAINRELAY_PASSPHRASE is not read by chainrelay deployer"},
		{name: "readiness path", file: dep, old: "path: /readyz", new: "path: /ready", want: "readiness probe on \"/ready\""},
		{name: "liveness missing", file: "ops/k8s/validator.yaml", old: "          livenessProbe:\n            httpGet:\n              path: /livez\n              port: http\n", new: "", want: "no liveness httpGet probe"},
		{name: "probe port", file: "ops/k8s/bridge.yaml", old: "              path: /readyz\n              port: http", new: "              path: /readyz\n              port: 9090", want: "readiness probe port 9090"},
		{name: "loopback http", file: "ops/k8s/projector.yaml", old: `value: "0.0.0.0:8086"`, new: `value: "127.0.0.1:8086"`, want: "need 0.0.0.0"},
		{name: "root", file: "ops/k8s/registrar.yaml", old: "runAsNonRoot: true", new: "runAsNonRoot: false", all: true, want: "runAsNonRoot is not true"},
		{name: "writable root", file: "ops/k8s/publisher.yaml", old: "readOnlyRootFilesystem: true", new: "readOnlyRootFilesystem: false", want: "readOnlyRootFilesystem is not true"},
		{name: "no limits", file: "ops/k8s/ledger-streamer.yaml", old: "            limits:\n              cpu: \"2\"\n              memory: 2Gi\n", new: "", want: "no cpu limit"},
		{name: "no image", file: "ops/k8s/validator.yaml", old: "image: chainrelay", new: "image: \"\"", want: "no image"},
		{name: "no shared nonces", file: dep, old: `["deployer", "--shared-nonces"]`, new: `["deployer"]`, want: "needs --shared-nonces"},
		{name: "one replica in the cluster", file: cm, old: `CHAINRELAY_REPLICAS: "3"`, new: `CHAINRELAY_REPLICAS: "1"`, want: "CHAINRELAY_REPLICAS is \"1\""},
		{name: "key not from a Secret", file: dep, old: "value: /var/run/secrets/chainrelay/signing/key", new: "value: /etc/key", want: "not in a volume mounted from a Secret"},
		{name: "key in env", file: dep, old: "value: /var/run/secrets/chainrelay/signing/key", new: "value: \"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\"", want: "holds a private key literally"},
		{name: "committed Secret", file: "ops/k8s/namespace.yaml", old: "    pod-security.kubernetes.io/warn: restricted\n", new: "    pod-security.kubernetes.io/warn: restricted\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: chainrelay-signing-key\nstringData:\n  key: x\n", want: "key material committed"},
		{name: "no Service", file: "ops/k8s/publisher.yaml", old: "      targetPort: http", new: "      targetPort: 9999", want: "no Service exposes port 8085"},
		{name: "missing ConfigMap", file: "ops/k8s/bridge.yaml", old: "name: chainrelay-redis", new: "name: chainrelay-rediss", want: "ConfigMap chainrelay-rediss is not in the manifests"},
	} {
		t.Run(m.name, func(t *testing.T) {
			opsExpect(t, checkK8s(c, m.apply(t, files)), m.want)
		})
	}
}

// testOpsRunbook asserts that the runbook passes checkRunbook: a section per operator
// task and per alert, and command lines the binary accepts.
func testOpsRunbook(t *testing.T, c *opsCLI, files opsFiles) {
	const rb = "ops/runbook.md"
	for _, m := range []opsMutation{
		{name: "committed", skipCheck: true},
		{name: "command typo", file: rb, old: "chainrelay dlq list", new: "chainrelay dlq lst", want: `command "dlq lst" is not a chainrelay command`},
		{name: "flag typo", file: rb, old: "chainrelay rebuild deployments --compare-only", new: "chainrelay rebuild deployments --compare", want: "flag --compare is not a flag of chainrelay rebuild"},
		{name: "alert without section", file: rb, old: "ChainrelayStuckTransaction", new: "StuckTransaction", all: true, want: "no section for alert ChainrelayStuckTransaction"},
		{name: "topic missing", file: rb, old: "Redis restart", new: "Redis", all: true, want: `"redis restart"`},
	} {
		t.Run(m.name, func(t *testing.T) {
			if m.name == "alert without section" && !strings.Contains(files["ops/prometheus/chainrelay-alerts.yml"], "ChainrelayStuckTransaction") {
				t.Skip("the alert rules no longer name ChainrelayStuckTransaction")
			}
			opsExpect(t, checkRunbook(c, m.apply(t, files)), m.want)
		})
	}
}
