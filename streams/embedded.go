package streams

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// EmbeddedConfig configures an in-process nats-server with JetStream.
type EmbeddedConfig struct {
	// DataDir holds the JetStream file store; it survives restarts. Default "./data".
	DataDir string
	// ServerName must be unique in a cluster. Default "chainrelay".
	ServerName string
	// Listen is the client listener "host:port". Empty means no listener: the server is
	// reachable in-process only (chainrelay up). Port 0 picks a free port.
	Listen string
	// WebSocketListen, when set, serves NATS over WebSocket (no TLS) for browser consumers.
	WebSocketListen string
	// Cluster, when set, joins a JetStream cluster over routes.
	Cluster *ClusterConfig
	// MaxPayload overrides the server's 1 MiB default message size limit.
	MaxPayload int32
	// StartTimeout bounds how long the server may take to be ready. Default 30 s.
	StartTimeout time.Duration
	// Logger receives the server's own notices and errors; nil keeps it silent.
	Logger *slog.Logger
}

// ClusterConfig joins an embedded server to a JetStream cluster.
type ClusterConfig struct {
	Name   string   // cluster name, the same on every node
	Listen string   // route listener "host:port"
	Routes []string // nats-route://host:port of the other nodes
}

// Check validates the configuration and fills defaults.
func (c *EmbeddedConfig) Check() error {
	if c.DataDir == "" {
		c.DataDir = "./data"
	}
	if c.ServerName == "" {
		c.ServerName = "chainrelay"
	}
	if c.StartTimeout <= 0 {
		c.StartTimeout = 30 * time.Second
	}
	if c.MaxPayload == 0 {
		// The bridge carries legacy messages byte for byte; 1 MiB payloads plus headers
		// must fit.
		c.MaxPayload = 8 << 20
	}
	if c.Cluster != nil && (c.Cluster.Name == "" || c.Cluster.Listen == "") {
		return errors.New("embedded nats: cluster needs a name and a route listener")
	}
	return nil
}

// Embedded is a running in-process nats-server.
type Embedded struct {
	srv *server.Server
	cfg EmbeddedConfig
}

// StartEmbedded starts a nats-server with JetStream and waits until it is ready.
func StartEmbedded(ctx context.Context, cfg EmbeddedConfig) (*Embedded, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	storeDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: data dir: %w", err)
	}
	if err := os.MkdirAll(storeDir, 0o750); err != nil {
		return nil, fmt.Errorf("embedded nats: data dir: %w", err)
	}
	opts := &server.Options{
		ServerName: cfg.ServerName,
		JetStream:  true,
		StoreDir:   storeDir,
		MaxPayload: cfg.MaxPayload,
		NoSigs:     true, // the process owns signal handling
		DontListen: cfg.Listen == "",
	}
	if cfg.Listen != "" {
		host, port, err := splitHostPort(cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("embedded nats: listen %q: %w", cfg.Listen, err)
		}
		opts.Host, opts.Port = host, port
		if port == 0 {
			opts.Port = server.RANDOM_PORT
		}
	}
	if cfg.WebSocketListen != "" {
		host, port, err := splitHostPort(cfg.WebSocketListen)
		if err != nil {
			return nil, fmt.Errorf("embedded nats: websocket %q: %w", cfg.WebSocketListen, err)
		}
		if port == 0 {
			port = server.RANDOM_PORT
		}
		opts.Websocket = server.WebsocketOpts{Host: host, Port: port, NoTLS: true}
	}
	if cl := cfg.Cluster; cl != nil {
		host, port, err := splitHostPort(cl.Listen)
		if err != nil {
			return nil, fmt.Errorf("embedded nats: cluster listen %q: %w", cl.Listen, err)
		}
		opts.Cluster = server.ClusterOpts{Name: cl.Name, Host: host, Port: port}
		for _, r := range cl.Routes {
			u, err := url.Parse(r)
			if err != nil {
				return nil, fmt.Errorf("embedded nats: route %q: %w", r, err)
			}
			opts.Routes = append(opts.Routes, u)
		}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("embedded nats: %w", err)
	}
	if cfg.Logger != nil {
		srv.SetLoggerV2(&serverLogger{log: cfg.Logger.With("component", "nats-server")}, false, false, false)
	}
	go srv.Start()
	deadline := cfg.StartTimeout
	if d, ok := ctx.Deadline(); ok && time.Until(d) < deadline {
		deadline = time.Until(d)
	}
	if !srv.ReadyForConnections(deadline) {
		srv.Shutdown()
		return nil, fmt.Errorf("embedded nats: not ready within %s", deadline)
	}
	return &Embedded{srv: srv, cfg: cfg}, nil
}

// Connect opens a client connection: in-process when there is no listener.
func (e *Embedded) Connect(opts ...nats.Option) (*nats.Conn, error) {
	opts = append([]nats.Option{nats.Name(e.cfg.ServerName + "-client"), nats.MaxReconnects(-1)}, opts...)
	if e.cfg.Listen == "" {
		opts = append(opts, nats.InProcessServer(e.srv))
		return nats.Connect("", opts...)
	}
	return nats.Connect(e.srv.ClientURL(), opts...)
}

// ClientURL is the nats:// URL of the client listener, empty when there is none.
func (e *Embedded) ClientURL() string {
	if e.cfg.Listen == "" {
		return ""
	}
	return e.srv.ClientURL()
}

// WebSocketURL is the ws:// URL for browser consumers, empty when WebSocket is off.
func (e *Embedded) WebSocketURL() string {
	if e.cfg.WebSocketListen == "" {
		return ""
	}
	return e.srv.WebsocketURL()
}

// Server exposes the underlying server for cluster tests and health checks.
func (e *Embedded) Server() *server.Server { return e.srv }

// Shutdown stops the server and waits for it to finish writing.
func (e *Embedded) Shutdown() {
	e.srv.Shutdown()
	e.srv.WaitForShutdown()
}

func splitHostPort(hp string) (string, int, error) {
	host, ps, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	port, err := strconv.Atoi(ps)
	if err != nil || port < 0 || port > 65535 {
		return "", 0, fmt.Errorf("bad port %q", ps)
	}
	if host == "" {
		host = "127.0.0.1"
	}
	return host, port, nil
}

// serverLogger adapts slog to the nats-server logger interface.
type serverLogger struct{ log *slog.Logger }

func (l *serverLogger) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *serverLogger) Tracef(format string, v ...any)  {}
