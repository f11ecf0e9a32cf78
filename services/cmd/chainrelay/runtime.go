package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/streams"
	"github.com/chainrelay/chainrelay/streams/stage"
	"github.com/chainrelay/chainrelay/streams/telemetry"
)

// Flag names shared by every role; each also reads CHAINRELAY_<NAME> from the
// environment (upper case, '-' as '_') as its default.
const (
	flagNATSURL      = "nats-url"
	flagNATSUser     = "nats-user"
	flagNATSPassFile = "nats-password-file"
	flagNATSCreds    = "nats-creds"
	flagNATSCA       = "nats-ca"
	flagNATSCert     = "nats-cert"
	flagNATSKey      = "nats-key"
	flagDataDir      = "data-dir"
	flagNATSListen   = "nats-listen"
	flagNATSWS       = "nats-websocket"
	flagHTTP         = "http"
	flagLogFormat    = "log-format"
	flagLogLevel     = "log-level"
	flagReplicas     = "replicas"
)

// envName is the environment variable behind a flag.
func envName(flagName string) string {
	b := []byte("CHAINRELAY_" + flagName)
	for i, c := range b {
		switch {
		case c == '-':
			b[i] = '_'
		case c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func envString(name, def string) string {
	if v, ok := os.LookupEnv(envName(name)); ok {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(envName(name)); ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, ok := os.LookupEnv(envName(name)); ok {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(envName(name)); ok {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}

// stringFlag registers a string flag whose default comes from the environment.
func stringFlag(fs *flag.FlagSet, p *string, name, def, usage string) {
	fs.StringVar(p, name, envString(name, def), usage+" (env "+envName(name)+")")
}

// commonFlags are the options of every long-running role.
type commonFlags struct {
	nats      streams.ConnConfig
	dataDir   string
	listen    string
	websocket string
	http      string
	log       telemetry.LogConfig
	replicas  int
}

// register adds the shared flags; embedded says whether an empty --nats-url means an
// embedded server (chainrelay up) or the local default URL (a single role).
func (c *commonFlags) register(fs *flag.FlagSet, embedded bool, httpDefault string) {
	urlDefault := nats.DefaultURL
	if embedded {
		urlDefault = ""
	}
	stringFlag(fs, &c.nats.URLs, flagNATSURL, urlDefault, "NATS server URLs, comma-separated"+map[bool]string{true: "; empty runs an embedded server", false: ""}[embedded])
	stringFlag(fs, &c.nats.User, flagNATSUser, "", "NATS user")
	stringFlag(fs, &c.nats.PasswordFile, flagNATSPassFile, "", "file holding the NATS password")
	stringFlag(fs, &c.nats.CredsFile, flagNATSCreds, "", "NATS .creds file")
	stringFlag(fs, &c.nats.CAFile, flagNATSCA, "", "CA certificate for NATS TLS")
	stringFlag(fs, &c.nats.CertFile, flagNATSCert, "", "client certificate for NATS mutual TLS")
	stringFlag(fs, &c.nats.KeyFile, flagNATSKey, "", "client key for NATS mutual TLS")
	if embedded {
		stringFlag(fs, &c.dataDir, flagDataDir, "./data", "embedded JetStream store directory")
		stringFlag(fs, &c.listen, flagNATSListen, "", "embedded NATS client listener host:port (empty: in-process only)")
		stringFlag(fs, &c.websocket, flagNATSWS, "", "embedded NATS WebSocket listener host:port for browsers (empty: off)")
	}
	stringFlag(fs, &c.http, flagHTTP, httpDefault, "HTTP listener for /healthz, /readyz, /metrics and the API")
	stringFlag(fs, &c.log.Format, flagLogFormat, "auto", "log format: auto, text or json")
	stringFlag(fs, &c.log.Level, flagLogLevel, "info", "log level: debug, info, warn or error")
	fs.IntVar(&c.replicas, flagReplicas, envInt(flagReplicas, 1), "replicas of streams and buckets when provisioning (3 in a cluster) (env "+envName(flagReplicas)+")")
}

// process is what a role runs on: a logger, JetStream, metrics and the HTTP endpoint.
type process struct {
	log      *slog.Logger
	nc       *nats.Conn
	js       jetstream.JetStream
	embedded *streams.Embedded
	reg      *prometheus.Registry
	metrics  *stage.Metrics
	health   *telemetry.Health
	http     *telemetry.Server
}

// start connects (or starts the embedded server), provisions the topology and opens the
// HTTP listener. Close releases everything.
func (c *commonFlags) start(ctx context.Context, role string) (*process, error) {
	log, err := telemetry.NewLogger(os.Stderr, c.log)
	if err != nil {
		return nil, err
	}
	log = log.With("role", role)
	p := &process{log: log, reg: telemetry.NewRegistry(), health: telemetry.NewHealth(2 * time.Second)}
	p.metrics = stage.NewMetrics(p.reg)
	if c.nats.URLs == "" {
		p.embedded, err = streams.StartEmbedded(ctx, streams.EmbeddedConfig{
			DataDir: c.dataDir, Listen: c.listen, WebSocketListen: c.websocket, Logger: log,
		})
		if err != nil {
			return nil, err
		}
		p.nc, err = p.embedded.Connect()
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("connect embedded nats: %w", err)
		}
		log.Info("embedded NATS JetStream started", "data_dir", c.dataDir, "client_url", p.embedded.ClientURL(), "websocket_url", p.embedded.WebSocketURL())
	} else {
		c.nats.Name = "chainrelay-" + role
		p.nc, err = streams.Connect(ctx, c.nats, log)
		if err != nil {
			return nil, err
		}
	}
	p.js, err = jetstream.New(p.nc)
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("jetstream: %w", err)
	}
	topo := streams.DefaultTopology()
	topo.Replicas = c.replicas
	if err := streams.Provision(ctx, p.js, topo); err != nil {
		p.Close()
		return nil, err
	}
	p.health.Add("nats", true, func(context.Context) error {
		if !p.nc.IsConnected() {
			return errors.New("not connected: " + p.nc.Status().String())
		}
		return nil
	})
	p.health.Add("jetstream", true, func(ctx context.Context) error {
		_, err := p.js.AccountInfo(ctx)
		return err
	})
	p.http, err = telemetry.NewServer(c.http, p.health, p.reg)
	if err != nil {
		p.Close()
		return nil, err
	}
	log.Info("http listening", "addr", p.http.Addr())
	return p, nil
}

// Close drains the connection and stops the embedded server.
func (p *process) Close() {
	if p.nc != nil {
		_ = p.nc.Drain()
		for i := 0; i < 100 && !p.nc.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if p.embedded != nil {
		p.embedded.Shutdown()
	}
}
