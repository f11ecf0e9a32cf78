// Command chainrelay runs the Hokusai token deploy pipeline and the Stellar
// contract-invocation stream on NATS JetStream. Each role is a subcommand; `up` runs them
// all in one process on embedded defaults.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/chainrelay/chainrelay/services/pipeline"
)

// command is one subcommand: a file of its own, tested by calling Run directly.
type command interface {
	Run(ctx context.Context, args []string) error
	Usage() string
}

// commands maps each subcommand name to a fresh instance writing to stdout.
func commands(stdout io.Writer) map[string]command {
	return map[string]command{
		"up": &upCmd{out: stdout},
		"validator": &stageRole{name: "validator", desc: "requested -> validated | rejected",
			httpAddr: "127.0.0.1:8082", concurrency: 64, build: pipeline.Validator},
		"deployer": &stageRole{name: "deployer", desc: "validated -> submitted, deployed",
			httpAddr: "127.0.0.1:8083", concurrency: 1024, chain: true, build: pipeline.Deployer},
		"registrar": &stageRole{name: "registrar", desc: "deployed -> registered",
			httpAddr: "127.0.0.1:8084", concurrency: 1024, chain: true, build: pipeline.Registrar},
		"publisher": &stageRole{name: "publisher", desc: "registered -> TokenDeployed message",
			httpAddr: "127.0.0.1:8085", concurrency: 64, build: pipeline.Publisher},
		"ledger-streamer": &ledgerStreamerCmd{},
		"bridge":          &bridgeCmd{},
		"projector":       &projectorCmd{},
		"status":          &statusCmd{out: stdout},
		"queues":          &queuesCmd{out: stdout},
		"rebuild":         &rebuildCmd{out: stdout},
		"dlq":             &dlqCmd{out: stdout},
		"stellar":         &stellarCmd{out: stdout},
		"provision":       &provisionCmd{out: stdout},
		"contracts":       &contractsCmd{out: stdout},
		"version":         &versionCmd{out: stdout},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmds := commands(stdout)
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage(cmds))
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "chainrelay: unknown command %q\n\n%s", args[0], usage(cmds))
		return 2
	}
	err := cmd.Run(ctx, args[1:])
	switch {
	case err == nil, errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, cmd.Usage())
		return 0
	case errors.Is(err, errNotBuilt):
		fmt.Fprintf(stderr, "chainrelay %s: %v\n", args[0], err)
		return 3
	default:
		fmt.Fprintf(stderr, "chainrelay %s: %v\n", args[0], err)
		return 1
	}
}

func usage(cmds map[string]command) string {
	var b strings.Builder
	b.WriteString("Usage: chainrelay <command> [flags]\n\nCommands:\n")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		first, _, _ := strings.Cut(cmds[n].Usage(), "\n")
		fmt.Fprintf(&b, "  %-16s %s\n", n, strings.TrimPrefix(first, "chainrelay "+n+" — "))
	}
	b.WriteString("\nRun 'chainrelay <command> -h' for a command's flags.\n")
	return b.String()
}

// errNotBuilt is returned by roles that exist in the command set but not yet in code.
var errNotBuilt = errors.New("not built yet in this version of chainrelay")
