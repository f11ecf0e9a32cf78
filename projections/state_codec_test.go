package projections

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chainrelay/chainrelay/projections/projtest"
	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// fillAll sets every field reachable from v to a non-zero value (slices get two
// elements, pointers a value), so that a field the stored encoding forgets shows up.
func fillAll(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + strings.Repeat("x", *n%40))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n) * 1000)
	case reflect.Uint64:
		v.SetUint(uint64(*n) << 33)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillAll(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fillAll(v.Index(i), n)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(projtest.Base.Add(time.Duration(*n)*time.Hour + time.Duration(*n))))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fillAll(v.Field(i), n)
		}
	default:
		panic("fillAll: unhandled kind " + v.Kind().String())
	}
}

// TestStateCodecRoundTrip asserts that every state (a fully populated one, a zero one,
// one with an empty request list, the known scenario's and dates outside the 34-bit
// timestamp range) reads back from its stored encoding equal to what was written and
// renders the same JSON, that the encoding is smaller than JSON, and that states stored
// as JSON before are still read.
func TestStateCodecRoundTrip(t *testing.T) {
	t.Parallel()
	var full Deployment
	n := 0
	fillAll(reflect.ValueOf(&full).Elem(), &n)
	cases := map[string]Deployment{
		"full":           full,
		"zero":           {},
		"empty requests": {ModelID: "m", Requests: []Request{}},
		"old and far dates": {ModelID: "m", UpdatedAt: time.Date(1960, 1, 2, 3, 4, 5, 6, time.UTC),
			Steps: Steps{Requested: time.Date(2600, 1, 1, 0, 0, 0, 1, time.UTC)}},
	}
	evs := events(t, projtest.Scenario())
	for _, ev := range evs {
		cases["scenario "+ev.ModelID] = fold(evs, ev.ModelID)
	}
	for name, d := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := appendState(nil, &d)
			got, err := decodeState(b)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(got, d) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, d)
			}
			if jsonOf(t, got) != jsonOf(t, d) {
				t.Errorf("json:\n got %s\nwant %s", jsonOf(t, got), jsonOf(t, d))
			}
			if !reflect.DeepEqual(appendState(nil, &got), b) {
				t.Error("re-encoding the decoded state changes it")
			}
			if js := jsonOf(t, d); d.ModelID != "" && len(b) >= len(js) {
				t.Errorf("stored %d bytes, JSON %d", len(b), len(js))
			}
			legacy, err := decodeState([]byte(jsonOf(t, d)))
			if err != nil {
				t.Fatalf("decode JSON: %v", err)
			}
			if jsonOf(t, legacy) != jsonOf(t, d) {
				t.Errorf("legacy json:\n got %s\nwant %s", jsonOf(t, legacy), jsonOf(t, d))
			}
		})
	}
}

// TestStateCodecBadInput asserts that a truncated or foreign value is an error, not a
// state.
func TestStateCodecBadInput(t *testing.T) {
	t.Parallel()
	d := fold(events(t, projtest.Scenario()), "model-a")
	b := appendState(nil, &d)
	for name, v := range map[string][]byte{
		"truncated":   b[:len(b)/2],
		"not a map":   {0x93, 1, 2, 3},
		"wrong type":  append([]byte{0x81}, mpappend.Uint(mpappend.Str(nil, "model_id"), 7)...),
		"broken json": []byte(`{"model_id":`),
	} {
		if _, err := decodeState(v); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
}
