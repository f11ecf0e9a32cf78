package validator

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"

	"github.com/chainrelay/chainrelay/schemas"
)

// FuzzValidate asserts that Validate never panics and always returns exactly one of a
// request and a rejection, and that whatever it accepts keeps the output invariants.
// Seeds: every table case.
func FuzzValidate(f *testing.F) {
	for _, c := range validateCases(f) {
		if len(c.raw) <= 4096 {
			f.Add(c.raw)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		req, rej := Validate(raw, Options{})
		if rej != nil {
			if !reflect.DeepEqual(req, schemas.DeployRequest{}) {
				t.Fatalf("both a request and a rejection: %+v %+v", req, rej)
			}
			if rej.Class == "" || len(rej.Violations) == 0 {
				t.Fatalf("empty rejection %+v", rej)
			}
			for _, v := range rej.Violations {
				if v.Class == "" || v.Msg == "" {
					t.Fatalf("empty violation in %+v", rej)
				}
			}
			return
		}
		checkAccepted(t, req)
	})
}

// checkAccepted holds an accepted request to the output rules of README.md.
func checkAccepted(t *testing.T, r schemas.DeployRequest) {
	t.Helper()
	switch {
	case r.ModelID == "" || len(r.ModelID) > MaxModelIDBytes:
		t.Fatalf("model id %q", r.ModelID)
	case !(r.Improvement > 0) || math.IsInf(r.Improvement, 0):
		t.Fatalf("improvement %v", r.Improvement)
	case math.IsNaN(r.BaselineValue) || math.IsInf(r.BaselineValue, 0) || math.IsNaN(r.CurrentValue) || math.IsInf(r.CurrentValue, 0):
		t.Fatalf("values %v %v", r.BaselineValue, r.CurrentValue)
	case r.TokenSymbol == "" || len(r.TokenSymbol) > MaxEnvelopeSymbol || strings.Trim(r.TokenSymbol, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != "":
		t.Fatalf("symbol %q", r.TokenSymbol)
	case r.TokenName != r.ModelName+TokenNameSuffix || len(r.TokenName) > MaxModelNameBytes+len(TokenNameSuffix):
		t.Fatalf("token name %q", r.TokenName)
	case r.Timestamp.IsZero() || r.Timestamp.Location() != time.UTC:
		t.Fatalf("timestamp %v", r.Timestamp)
	case r.Format != FormatFlat && r.Format != FormatEnvelope:
		t.Fatalf("format %q", r.Format)
	case r.MessageVersion != "1" && !strings.HasPrefix(r.MessageVersion, "1."):
		t.Fatalf("version %q", r.MessageVersion)
	case len(r.Tags) > MaxTags:
		t.Fatalf("tags %d", len(r.Tags))
	}
	if r.ContributorAddress != "" {
		if sum, err := schemas.ChecksumAddress(r.ContributorAddress); err != nil || sum != r.ContributorAddress {
			t.Fatalf("address %q not in EIP-55 form", r.ContributorAddress)
		}
	}
}

// FuzzParse asserts that the parser agrees with encoding/json on valid UTF-8 input: it
// accepts what json.Valid accepts (unless a key repeats or nesting passes the limit),
// rejects what it rejects, and decodes the same values.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `""`, `0`, `-0.5e+3`, `{"a":[1,"x",null,true,false,{"b":{}}]}`,
		`"\u00e9\ud83d\ude00\ud800x\\\/\b\f\n\r\t"`, `{"a":1,"a":2}`, `01`, `1.`, `.5`, `[1,]`,
		`{"a" 1}`, ` [ 1 , 2 ] `, `"\u12"`, `"\x"`, "\"\x01\"", `NaN`, `-Infinity`, `[[[[[[]]]]]]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseJSON(data, 10000, false)
		valid := json.Valid(data)
		if err == nil && !valid {
			t.Fatalf("parser accepted what encoding/json rejects: %q", data)
		}
		if !utf8.Valid(data) {
			return
		}
		if err != nil {
			var je *jsonError
			if !errors.As(err, &je) {
				t.Fatalf("error of type %T", err)
			}
			if valid && je.Kind == errSyntax {
				t.Fatalf("parser rejected valid JSON %q: %v", data, err)
			}
			return
		}
		var want any
		if json.Unmarshal(data, &want) != nil {
			return // a number out of float64 range: encoding/json refuses it, the parser keeps the literal
		}
		if got := toAny(v); !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %#v, encoding/json %#v", got, want)
		}
	})
}

// FuzzChecksum asserts that ChecksumAddress agrees with go-ethereum's EIP-55 encoding.
func FuzzChecksum(f *testing.F) {
	f.Add([]byte("\x74\x2d\x35\xcc\x66\x34\xc0\x53\x29\x25\xa3\xb8\x44\xbc\x9e\x75\x95\xf8\x2b\x3d"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) != 20 {
			return
		}
		a := common.BytesToAddress(b)
		got, err := schemas.ChecksumAddress(strings.ToLower(a.Hex()))
		if err != nil || got != a.Hex() {
			t.Fatalf("ChecksumAddress = %s, %v; go-ethereum %s", got, err, a.Hex())
		}
	})
}

func toAny(v jvalue) any {
	switch v.kind {
	case jNull:
		return nil
	case jTrue:
		return true
	case jFalse:
		return false
	case jString:
		return v.text
	case jNumber:
		x, _ := strconv.ParseFloat(v.text, 64)
		return x
	case jArray:
		out := make([]any, len(v.elems))
		for i, e := range v.elems {
			out[i] = toAny(e)
		}
		return out
	case jObject:
		out := make(map[string]any, len(v.members))
		for _, m := range v.members {
			out[m.key] = toAny(m.val)
		}
		return out
	}
	return nil
}

// TestParseAgreesWithEncodingJSON runs the FuzzParse property over hand-picked inputs
// and asserts the parser's own errors: duplicate keys, depth, non-finite literals.
func TestParseAgreesWithEncodingJSON(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		ok   bool
		kind jsonErrorKind
	}{
		{`{"a":{"b":[1,2.5e-3,"s"]}}`, true, 0},
		{`"\ud83d\ude00 \ud800 \udc00x"`, true, 0},
		{`{"a":1,"b":2,"a":3}`, false, errDuplicate},
		{`[[[[]]]]`, false, errDepth},
		{`[[[]]]`, true, 0},
		{`NaN`, false, errSyntax},
		{`01`, false, errSyntax},
		{`1.e5`, false, errSyntax},
		{`"a` + "\t" + `"`, false, errSyntax},
		{`{"a":1,}`, false, errSyntax},
		{`tru`, false, errSyntax},
	}
	for _, c := range cases {
		v, err := parseJSON([]byte(c.in), 3, false)
		if c.ok != (err == nil) {
			t.Errorf("%s: err = %v", c.in, err)
			continue
		}
		if err != nil {
			var je *jsonError
			if !errors.As(err, &je) || je.Kind != c.kind {
				t.Errorf("%s: err = %v, want kind %d", c.in, err, c.kind)
			}
			continue
		}
		var want any
		if err := json.Unmarshal([]byte(c.in), &want); err != nil {
			t.Fatal(err)
		}
		if got := toAny(v); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %#v, want %#v", c.in, got, want)
		}
	}
	// Many distinct keys take the set path of the duplicate check; one repeat is found.
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < 5000; i++ {
		b.WriteString(`"k` + strconv.Itoa(i) + `":0,`)
	}
	if _, err := parseJSON([]byte(b.String()+`"k0":1}`), 3, false); err == nil || !strings.Contains(err.Error(), `"k0"`) {
		t.Errorf("repeat among many keys: %v", err)
	}
	if _, err := parseJSON([]byte(b.String()+`"k":1}`), 3, false); err != nil {
		t.Errorf("many distinct keys: %v", err)
	}
}
