// Package redistest runs a real redis-server for tests: one process per call to Start,
// on a free loopback port, with its files in the test's temp dir, stopped when the test
// ends.
//
//	srv := redistest.Start(t)                        // no persistence
//	srv := redistest.Start(t, redistest.Durable())   // appendonly yes, appendfsync always
//	rdb := srv.Client(t)                             // go-redis client, closed at cleanup
//	srv.Kill(t); srv.Restart(t)                      // crash and come back on the same port
//
// The binary is looked up as redis-server in PATH (or REDISTEST_SERVER). When it is
// missing the test fails with a message saying how to install it: tests here run against
// the real server, never a fake.
package redistest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// EnvServer names an environment variable that overrides the redis-server binary path.
const EnvServer = "REDISTEST_SERVER"

// Option configures a server.
type Option func(*options)

type options struct {
	durable bool
	pass    string
	args    []string
}

// Durable turns on the append-only file with an fsync per write, so that a killed server
// restarts with every acknowledged write (what a restart test needs).
func Durable() Option { return func(o *options) { o.durable = true } }

// Password makes the server require a password (requirepass).
func Password(pw string) Option { return func(o *options) { o.pass = pw } }

// Args appends raw redis-server arguments, e.g. Args("--user", "app", "on", ">pw", "~*", "&*", "+@all").
func Args(args ...string) Option { return func(o *options) { o.args = append(o.args, args...) } }

// Server is a running redis-server.
type Server struct {
	bin  string
	dir  string
	port int
	opts options

	mu  sync.Mutex
	cmd *exec.Cmd
	log *bytes.Buffer
	// done is closed when the current process has exited.
	done chan struct{}
}

// Start launches redis-server and waits until it answers PING. It is stopped at the end
// of the test.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	bin := os.Getenv(EnvServer)
	if bin == "" {
		var err error
		bin, err = exec.LookPath("redis-server")
		if err != nil {
			t.Fatalf("redistest: redis-server is not installed (not in PATH): install it with `apt-get install -y redis-server` or set %s", EnvServer)
		}
	}
	s := &Server{bin: bin, dir: t.TempDir()}
	for _, o := range opts {
		o(&s.opts)
	}
	t.Cleanup(func() { s.stop() })
	// A free port can be taken between probing and binding; try a few.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		s.port = freePort(t)
		if err = s.launch(); err == nil {
			return s
		}
	}
	t.Fatalf("redistest: %v", err)
	return nil
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// URL is a redis:// URL for the server (with the password, when there is one).
func (s *Server) URL() string {
	if s.opts.pass != "" {
		return fmt.Sprintf("redis://:%s@%s/0", s.opts.pass, s.Addr())
	}
	return fmt.Sprintf("redis://%s/0", s.Addr())
}

// Dir is the server's working directory (where the append-only file lives).
func (s *Server) Dir() string { return s.dir }

// Client returns a go-redis client for the server, closed at the end of the test.
func (s *Server) Client(t testing.TB) *redis.Client {
	t.Helper()
	c := redis.NewClient(s.clientOptions())
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func (s *Server) clientOptions() *redis.Options {
	return &redis.Options{
		Addr:                     s.Addr(),
		Password:                 s.opts.pass,
		DisableIdentity:          true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	}
}

// Kill stops the server with SIGKILL, as a crash would, and waits for it to exit. Clients
// see connection errors until Restart.
func (s *Server) Kill(t testing.TB) {
	t.Helper()
	s.stop()
}

// Restart kills the server if it is running and starts it again on the same port and
// directory. Without Durable the data set starts empty.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.stop()
	var err error
	// The port was ours a moment ago; retry briefly in case the kernel is slow to free it.
	for attempt := 0; attempt < 20; attempt++ {
		if err = s.launch(); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("redistest: restart: %v", err)
}

func (s *Server) launch() error {
	args := []string{
		"--port", strconv.Itoa(s.port),
		"--bind", "127.0.0.1",
		"--dir", s.dir,
		"--save", "",
		"--daemonize", "no",
		"--protected-mode", "no",
		"--loglevel", "warning",
		"--logfile", "",
	}
	if s.opts.durable {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		args = append(args, "--appendonly", "no")
	}
	if s.opts.pass != "" {
		args = append(args, "--requirepass", s.opts.pass)
	}
	args = append(args, s.opts.args...)
	cmd := exec.Command(s.bin, args...)
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = log, log
	cmd.Dir = s.dir
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", s.bin, err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	s.mu.Lock()
	s.cmd, s.log, s.done = cmd, log, done
	s.mu.Unlock()

	c := redis.NewClient(s.clientOptions())
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-done:
			return fmt.Errorf("redis-server on port %d exited at start-up: %s", s.port, bytes.TrimSpace(log.Bytes()))
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			s.stop()
			return errors.Join(fmt.Errorf("redis-server on port %d not ready within 10s", s.port), err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (s *Server) stop() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("redistest: free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
