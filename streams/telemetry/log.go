// Package telemetry holds what every chainrelay process exposes about itself: structured
// logs, Prometheus metrics and the /healthz, /readyz and /metrics endpoints.
package telemetry

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/lmittmann/tint"
	"golang.org/x/term"
)

// LogConfig selects the log format and level.
type LogConfig struct {
	// Format is "auto" (tint on a terminal, JSON otherwise), "text" or "json".
	Format string
	// Level is debug, info, warn or error.
	Level string
}

// NewLogger builds the process logger writing to w.
func NewLogger(w io.Writer, cfg LogConfig) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cmpOr(cfg.Level, "info"))); err != nil {
		return nil, fmt.Errorf("log level %q: %w", cfg.Level, err)
	}
	format := strings.ToLower(cmpOr(cfg.Format, "auto"))
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "text"
		}
	}
	switch format {
	case "text":
		return slog.New(tint.NewTextHandler(w, &tint.Options{Level: level, TimeFormat: time.TimeOnly})), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})), nil
	}
	return nil, fmt.Errorf("log format %q: want auto, text or json", cfg.Format)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
