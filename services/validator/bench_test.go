package validator

import (
	"encoding/json"
	"testing"
	"time"
)

// BenchmarkValidate measures validations per second of a typical message of each shape
// beside json.Unmarshal of the same bytes into map[string]any, measured in the same run;
// "speed-vs-unmarshal" above 1 means Validate is faster than that bare decode.
func BenchmarkValidate(b *testing.B) {
	for _, c := range []struct {
		name string
		raw  []byte
	}{
		{"flat", flat(b, nil)},
		{"envelope", env(b, nil)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			b.ReportAllocs()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				var m map[string]any
				if err := json.Unmarshal(c.raw, &m); err != nil {
					b.Fatal(err)
				}
			}
			baseline := time.Since(start)
			b.ResetTimer()
			start = time.Now()
			for i := 0; i < b.N; i++ {
				if _, rej := Validate(c.raw, Options{}); rej != nil {
					b.Fatal(rej)
				}
			}
			took := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/took.Seconds(), "validations/s")
			b.ReportMetric(float64(b.N)/baseline.Seconds(), "unmarshals/s")
			b.ReportMetric(baseline.Seconds()/took.Seconds(), "speed-vs-unmarshal")
		})
	}
}
