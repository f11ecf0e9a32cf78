package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

type versionCmd struct{ out io.Writer }

func (c *versionCmd) Usage() string {
	return "chainrelay version — print the version and build information\n"
}

func (c *versionCmd) Run(_ context.Context, _ []string) error {
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				rev = s.Value
			}
		}
	}
	fmt.Fprintf(c.out, "chainrelay %s %s %s/%s", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	if rev != "" {
		fmt.Fprintf(c.out, " %s", rev)
	}
	fmt.Fprintln(c.out)
	return nil
}
