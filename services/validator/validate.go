// Package validator is the deploy flow's first stage: it turns a raw ModelReadyToDeploy
// message, in either shape Hokusai producers send, into one normalised
// schemas.DeployRequest, or rejects it with a machine-readable class and every violation
// found. Validate is the pure decision; Service is the stage handler around it, which
// also refuses a model that already has a token. README.md lists every rule.
package validator

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/chainrelay/chainrelay/schemas"
)

// Class is the machine-readable reason a message was rejected (schemas.Rejected.Class).
type Class string

// Rejection classes. When one message breaks several rules, the rejection's class is the
// first of these in order of severity (the order below) among its violations.
const (
	ClassTooLarge               Class = "too_large"
	ClassMalformedJSON          Class = "malformed_json"
	ClassUnsupportedVersion     Class = "unsupported_version"
	ClassSchema                 Class = "schema"
	ClassBadChecksum            Class = "bad_checksum"
	ClassNonPositiveImprovement Class = "non_positive_improvement"
	ClassAlreadyDeployed        Class = "already_deployed"
)

var severity = [...]Class{
	ClassTooLarge, ClassMalformedJSON, ClassUnsupportedVersion, ClassSchema,
	ClassBadChecksum, ClassNonPositiveImprovement, ClassAlreadyDeployed,
}

// Formats of DeployRequest.Format.
const (
	FormatFlat     = "flat"     // the TypeScript service's schema, message_version 1.x
	FormatEnvelope = "envelope" // the Python producer's envelope
)

// Bounds on fields, in bytes of UTF-8. They are generous for real producers and keep
// hostile values out of subjects, logs and the chain.
const (
	MaxModelIDBytes     = 256
	MaxModelNameBytes   = 100 // the token name is "<model_name> Token": at most 106 bytes
	MaxTextBytes        = 256 // metric_name, model_version, mlflow_run_id, experiment_name, ids
	MaxTags             = 64
	MaxTagKeyBytes      = 128
	MaxTagValueBytes    = 1024
	MaxFlatSymbolLen    = 10 // ^[A-Z0-9-]{1,10}$, the TypeScript rule
	MaxEnvelopeSymbol   = 64 // ^[a-z0-9-]{1,64}$, the Python rule
	TokenNameSuffix     = " Token"
	DefaultMaxBytes     = 1 << 20
	DefaultMaxDepth     = 32
	maxConfigurableSize = 64 << 20
	maxConfigurableDeep = 1000
)

// Options bounds the input. Zero fields take the defaults.
type Options struct {
	// MaxBytes is the largest message accepted (default 1 MiB; the Python payload may
	// carry an api_schema or eval_spec, real messages are a few KiB).
	MaxBytes int
	// MaxDepth is the deepest nesting of objects and arrays accepted (default 32; the
	// formats themselves need 3).
	MaxDepth int
}

// Check reports options that cannot be used.
func (o Options) Check() error {
	if o.MaxBytes < 0 || o.MaxBytes > maxConfigurableSize {
		return fmt.Errorf("validator options: MaxBytes %d outside [0, %d]", o.MaxBytes, maxConfigurableSize)
	}
	if o.MaxDepth < 0 || o.MaxDepth > maxConfigurableDeep {
		return fmt.Errorf("validator options: MaxDepth %d outside [0, %d]", o.MaxDepth, maxConfigurableDeep)
	}
	return nil
}

func (o Options) withDefaults() Options {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxDepth > maxConfigurableDeep {
		o.MaxDepth = maxConfigurableDeep
	}
	return o
}

// Violation is one broken rule.
type Violation struct {
	Class Class
	// Field is the JSON path of the offending value ("payload.token_symbol"); empty when
	// the violation concerns the whole message.
	Field string
	Msg   string
}

func (v Violation) String() string {
	if v.Field == "" {
		return v.Msg
	}
	return v.Field + ": " + v.Msg
}

// Rejection says why a message will not be deployed. It is an error, so that a caller
// may wrap or return it; ErrRejected matches any Rejection with errors.Is.
type Rejection struct {
	Class      Class
	Violations []Violation
	// ModelID is the message's model_id when it could be read as a string, else empty.
	ModelID string
	// ExistingToken is the token already deployed for the model (ClassAlreadyDeployed).
	ExistingToken string
}

// ErrRejected matches every *Rejection with errors.Is.
var ErrRejected = errors.New("deploy request rejected")

func (r *Rejection) Error() string {
	return fmt.Sprintf("%s: %s: %s", ErrRejected, r.Class, strings.Join(r.Reasons(), "; "))
}

// Is makes errors.Is(r, ErrRejected) hold.
func (r *Rejection) Is(target error) bool { return target == ErrRejected }

// Reasons renders every violation, in the order they were found.
func (r *Rejection) Reasons() []string {
	out := make([]string, len(r.Violations))
	for i, v := range r.Violations {
		out[i] = v.String()
	}
	return out
}

func newRejection(modelID string, vs []Violation) *Rejection {
	r := &Rejection{Violations: vs, ModelID: modelID}
	for _, c := range severity {
		for _, v := range vs {
			if v.Class == c {
				r.Class = c
				return r
			}
		}
	}
	r.Class = vs[0].Class
	return r
}

// Validate decides one raw ModelReadyToDeploy message. It returns exactly one of a
// normalised request (RequestID left empty for the caller) and a rejection listing every
// violation. It never panics, whatever the bytes (FuzzValidate holds it to that).
//
// Whole-message failures stop early with a single violation: too_large (checked before
// any parsing), malformed_json (syntax, nesting beyond MaxDepth, duplicate keys, invalid
// UTF-8) and unsupported_version (a major other than 1: the rules of another major are
// unknown, so the fields are not judged by those of 1.x). Otherwise every field is
// checked and every violation reported.
func Validate(raw []byte, opts Options) (schemas.DeployRequest, *Rejection) {
	opts = opts.withDefaults()
	if len(raw) > opts.MaxBytes {
		return schemas.DeployRequest{}, newRejection("", []Violation{{
			Class: ClassTooLarge,
			Msg:   fmt.Sprintf("message is %d bytes, more than the limit of %d", len(raw), opts.MaxBytes),
		}})
	}
	root, err := parseJSON(raw, opts.MaxDepth, true)
	if err != nil {
		return schemas.DeployRequest{}, newRejection("", []Violation{{
			Class: ClassMalformedJSON,
			Msg:   "malformed JSON: " + err.Error(),
		}})
	}
	if root.kind != jObject {
		return schemas.DeployRequest{}, newRejection("", []Violation{{
			Class: ClassSchema,
			Msg:   "message must be a JSON object, got " + root.kind.String(),
		}})
	}
	c := checker{}
	var req schemas.DeployRequest
	if isEnvelope(&root) {
		req = c.envelope(&root)
	} else {
		req = c.flat(&root)
	}
	if len(c.vs) > 0 {
		return schemas.DeployRequest{}, newRejection(c.modelID, c.vs)
	}
	return req, nil
}

// isEnvelope tells the Python envelope from the flat message: only the envelope has
// message_type or payload at the top.
func isEnvelope(root *jvalue) bool {
	_, hasType := root.get("message_type")
	_, hasPayload := root.get("payload")
	return hasType || hasPayload
}

// checker collects violations while fields are read.
type checker struct {
	vs      []Violation
	modelID string
	// stop is set by an unsupported version: nothing else is judged.
	stop bool
}

func (c *checker) add(class Class, field, format string, args ...any) {
	c.vs = append(c.vs, Violation{Class: class, Field: field, Msg: fmt.Sprintf(format, args...)})
}

func path(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// presence of an optional or nullable field.
type presence uint8

const (
	required presence = iota // must be present and not null
	optional                 // may be absent or null
)

// field returns obj[name] when it is present and not null; it reports a missing
// required field.
func (c *checker) field(obj *jvalue, prefix, name string, p presence) (*jvalue, bool) {
	v, ok := obj.get(name)
	if !ok || v.kind == jNull {
		if p == required {
			if ok {
				c.add(ClassSchema, path(prefix, name), "is required and must not be null")
			} else {
				c.add(ClassSchema, path(prefix, name), "is required")
			}
		}
		return nil, false
	}
	return v, true
}

// text is a string field of 1..maxBytes bytes without control characters.
func (c *checker) text(obj *jvalue, prefix, name string, p presence, maxBytes int) (string, bool) {
	v, ok := c.field(obj, prefix, name, p)
	if !ok {
		return "", false
	}
	f := path(prefix, name)
	if v.kind != jString {
		c.add(ClassSchema, f, "must be a string, got %s", v.kind)
		return "", false
	}
	s := v.text
	switch {
	case strings.TrimSpace(s) == "":
		c.add(ClassSchema, f, "must not be empty")
	case len(s) > maxBytes:
		c.add(ClassSchema, f, "is %d bytes, more than %d", len(s), maxBytes)
	case hasControl(s):
		c.add(ClassSchema, f, "must not contain control characters")
	default:
		return s, true
	}
	return "", false
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			return true
		}
	}
	return false
}

// number is a finite JSON number.
func (c *checker) number(obj *jvalue, prefix, name string, p presence) (float64, bool) {
	v, ok := c.field(obj, prefix, name, p)
	if !ok {
		return 0, false
	}
	f := path(prefix, name)
	if v.kind != jNumber {
		c.add(ClassSchema, f, "must be a number, got %s", v.kind)
		return 0, false
	}
	x, err := strconv.ParseFloat(v.text, 64)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		// ParseFloat's range error is exactly overflow to ±Inf; underflow to 0 is fine.
		c.add(ClassSchema, f, "must be a finite number, got %s", v.text)
		return 0, false
	}
	if err != nil {
		c.add(ClassSchema, f, "invalid number %s", v.text)
		return 0, false
	}
	return x, true
}

// count is a non-negative integer (retry counters).
func (c *checker) count(obj *jvalue, prefix, name string) {
	x, ok := c.number(obj, prefix, name, optional)
	if ok && (x < 0 || x != math.Trunc(x) || x > math.MaxInt32) {
		c.add(ClassSchema, path(prefix, name), "must be a non-negative integer, got %v", x)
	}
}

func (c *checker) symbol(obj *jvalue, prefix string, envelope bool) (string, bool) {
	v, ok := c.field(obj, prefix, "token_symbol", required)
	if !ok {
		return "", false
	}
	f := path(prefix, "token_symbol")
	if v.kind != jString {
		c.add(ClassSchema, f, "must be a string, got %s", v.kind)
		return "", false
	}
	s := v.text
	maxLen, rule := MaxFlatSymbolLen, "^[A-Z0-9-]{1,10}$"
	if envelope {
		maxLen, rule = MaxEnvelopeSymbol, "^[a-z0-9-]{1,64}$"
	}
	good := len(s) >= 1 && len(s) <= maxLen
	for i := 0; good && i < len(s); i++ {
		ch := s[i]
		letter := ch >= 'A' && ch <= 'Z'
		if envelope {
			letter = ch >= 'a' && ch <= 'z'
		}
		good = letter || ch >= '0' && ch <= '9' || ch == '-'
	}
	if !good {
		c.add(ClassSchema, f, "%q does not match %s", truncate(s, 80), rule)
		return "", false
	}
	return s, true
}

func (c *checker) address(obj *jvalue, prefix string) string {
	v, ok := c.field(obj, prefix, "contributor_address", optional)
	if !ok {
		return ""
	}
	f := path(prefix, "contributor_address")
	if v.kind != jString {
		c.add(ClassSchema, f, "must be a string, got %s", v.kind)
		return ""
	}
	if v.text == "" { // some producers write "" for "no contributor"
		return ""
	}
	sum, err := schemas.VerifyAddress(v.text)
	switch {
	case errors.Is(err, schemas.ErrBadChecksum):
		c.add(ClassBadChecksum, f, "%s is mixed-case but fails the EIP-55 checksum (expected %s)", v.text, mustChecksum(v.text))
		return ""
	case err != nil:
		c.add(ClassSchema, f, "%q is not 0x followed by 40 hex digits", truncate(v.text, 80))
		return ""
	case sum == "0x0000000000000000000000000000000000000000":
		c.add(ClassSchema, f, "must not be the zero address")
		return ""
	}
	return sum
}

func mustChecksum(addr string) string {
	s, _ := schemas.ChecksumAddress(addr)
	return s
}

func (c *checker) tags(obj *jvalue, prefix string) map[string]string {
	v, ok := c.field(obj, prefix, "tags", optional)
	if !ok {
		return nil
	}
	f := path(prefix, "tags")
	if v.kind != jObject {
		c.add(ClassSchema, f, "must be an object of strings, got %s", v.kind)
		return nil
	}
	if len(v.members) > MaxTags {
		c.add(ClassSchema, f, "has %d entries, more than %d", len(v.members), MaxTags)
		return nil
	}
	if len(v.members) == 0 {
		return nil
	}
	out := make(map[string]string, len(v.members))
	bad := false
	for _, m := range v.members {
		switch {
		case m.key == "" || len(m.key) > MaxTagKeyBytes:
			c.add(ClassSchema, f, "key %q must be 1 to %d bytes", truncate(m.key, 80), MaxTagKeyBytes)
			bad = true
		case m.val.kind != jString:
			c.add(ClassSchema, path(f, m.key), "must be a string, got %s", m.val.kind)
			bad = true
		case len(m.val.text) > MaxTagValueBytes:
			c.add(ClassSchema, path(f, m.key), "is %d bytes, more than %d", len(m.val.text), MaxTagValueBytes)
			bad = true
		default:
			out[m.key] = m.val.text
		}
	}
	if bad {
		return nil
	}
	return out
}

func (c *checker) timestamp(obj *jvalue, prefix, name string, p presence) (time.Time, bool) {
	s, ok := c.text(obj, prefix, name, p, 64)
	if !ok {
		return time.Time{}, false
	}
	t, err := parseTimestamp(s)
	if err != nil {
		c.add(ClassSchema, path(prefix, name), "%q is %v", s, err)
		return time.Time{}, false
	}
	return t, true
}

// version checks message_version; an unusable one stops all further checks.
func (c *checker) version(obj *jvalue, prefix string, p presence) string {
	v, ok := c.field(obj, prefix, "message_version", p)
	if !ok {
		return ""
	}
	f := path(prefix, "message_version")
	if v.kind != jString {
		c.add(ClassSchema, f, "must be a string, got %s", v.kind)
		return ""
	}
	major, ok := versionMajor(v.text)
	switch {
	case !ok:
		c.vs = []Violation{{Class: ClassUnsupportedVersion, Field: f,
			Msg: fmt.Sprintf("%q is not a MAJOR.MINOR version; this validator reads 1.x", truncate(v.text, 80))}}
		c.stop = true
	case major != 1:
		c.vs = []Violation{{Class: ClassUnsupportedVersion, Field: f,
			Msg: fmt.Sprintf("major version %d is not supported; this validator reads 1.x", major)}}
		c.stop = true
	}
	return v.text
}

// versionMajor parses "MAJOR[.MINOR[.PATCH]]" and returns MAJOR.
func versionMajor(s string) (int, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return 0, false
	}
	for _, p := range parts {
		if p == "" || len(p) > 9 {
			return 0, false
		}
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return 0, false
			}
		}
	}
	major, _ := strconv.Atoi(parts[0])
	return major, true
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
