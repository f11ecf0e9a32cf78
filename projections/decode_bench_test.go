package projections

import (
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/projections/projtest"
)

// BenchmarkDecode compares the projector's decoder with the full one (the baseline) on
// the known log's events.
func BenchmarkDecode(b *testing.B) {
	msgs := projtest.Scenario().Msgs
	at := time.Now()
	var full, lean time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		for j, m := range msgs {
			if _, err := DecodeRaw(uint64(j+1), at, m.Subject, m.Header, m.Data); err != nil {
				b.Fatal(err)
			}
		}
		full += time.Since(start)
		start = time.Now()
		for j, m := range msgs {
			if _, err := decodeForFold(nil, uint64(j+1), at, m.Subject, m.Header, m.Data); err != nil {
				b.Fatal(err)
			}
		}
		lean += time.Since(start)
	}
	n := float64(b.N * len(msgs))
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(float64(full.Nanoseconds())/n, "full_ns/event")
	b.ReportMetric(float64(lean.Nanoseconds())/n, "lean_ns/event")
	b.ReportMetric(float64(full)/float64(lean), "speedup")
}
