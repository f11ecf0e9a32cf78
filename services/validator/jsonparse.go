package validator

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A small JSON parser of its own, rather than encoding/json, because the validator must:
// bound nesting while it descends (not after a recursive decoder has already built the
// tree), refuse duplicate object keys (encoding/json silently keeps the last one, so two
// readers of one message could disagree on its model id), tell Python's NaN/Infinity
// literals apart from garbage so that they are reported as non-finite numbers, and do all
// of it in one pass over the bytes. Apart from those literals it accepts exactly RFC 8259
// JSON in UTF-8.

type jkind uint8

const (
	jNull jkind = iota
	jFalse
	jTrue
	jNumber
	jString
	jObject
	jArray
)

func (k jkind) String() string {
	switch k {
	case jNull:
		return "null"
	case jFalse, jTrue:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	case jObject:
		return "object"
	case jArray:
		return "array"
	}
	return "unknown"
}

// jvalue is one parsed JSON value. text holds a string's decoded contents or a number's
// literal; members an object's members in document order; elems an array's elements.
type jvalue struct {
	kind    jkind
	text    string
	members []jmember
	elems   []jvalue
}

type jmember struct {
	key string
	val jvalue
}

// get returns the member named key of an object. Keys are unique (the parser checks).
func (v *jvalue) get(key string) (*jvalue, bool) {
	for i := range v.members {
		if v.members[i].key == key {
			return &v.members[i].val, true
		}
	}
	return nil, false
}

// jsonError is a syntax or limit error at a byte offset.
type jsonError struct {
	Offset int
	Kind   jsonErrorKind
	Msg    string
}

type jsonErrorKind uint8

const (
	errSyntax    jsonErrorKind = iota // not RFC 8259 JSON (or not UTF-8)
	errDepth                          // nested deeper than allowed
	errDuplicate                      // an object repeats a key
)

func (e *jsonError) Error() string { return fmt.Sprintf("%s at byte %d", e.Msg, e.Offset) }

type parser struct {
	data           []byte
	pos            int
	maxDepth       int
	allowNonFinite bool
}

// parseJSON parses one JSON document of at most maxDepth nested objects and arrays. With
// allowNonFinite, the bare literals NaN, Infinity and -Infinity are numbers.
func parseJSON(data []byte, maxDepth int, allowNonFinite bool) (jvalue, error) {
	p := parser{data: data, maxDepth: maxDepth, allowNonFinite: allowNonFinite}
	v, err := p.value(0)
	if err != nil {
		return jvalue{}, err
	}
	p.skipWS()
	if p.pos != len(p.data) {
		return jvalue{}, p.errf("unexpected data after the top-level value")
	}
	return v, nil
}

func (p *parser) errf(format string, args ...any) error {
	return &jsonError{Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipWS() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (jvalue, error) {
	p.skipWS()
	if p.pos >= len(p.data) {
		return jvalue{}, p.errf("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.str()
		return jvalue{kind: jString, text: s}, err
	case c == 't':
		return p.literal("true", jvalue{kind: jTrue})
	case c == 'f':
		return p.literal("false", jvalue{kind: jFalse})
	case c == 'n':
		return p.literal("null", jvalue{kind: jNull})
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	case p.allowNonFinite && c == 'N':
		return p.literal("NaN", jvalue{kind: jNumber, text: "NaN"})
	case p.allowNonFinite && c == 'I':
		return p.literal("Infinity", jvalue{kind: jNumber, text: "Infinity"})
	}
	if c := p.data[p.pos]; c >= utf8.RuneSelf {
		return jvalue{}, p.errf("unexpected byte 0x%02x", c)
	}
	return jvalue{}, p.errf("unexpected character %q", p.data[p.pos])
}

func (p *parser) literal(lit string, v jvalue) (jvalue, error) {
	if len(p.data)-p.pos < len(lit) || string(p.data[p.pos:p.pos+len(lit)]) != lit {
		return jvalue{}, p.errf("invalid literal")
	}
	p.pos += len(lit)
	return v, nil
}

func (p *parser) object(depth int) (jvalue, error) {
	if depth > p.maxDepth {
		return jvalue{}, &jsonError{Offset: p.pos, Kind: errDepth, Msg: fmt.Sprintf("nesting deeper than %d", p.maxDepth)}
	}
	p.pos++ // '{'
	v := jvalue{kind: jObject}
	var seen map[string]struct{} // only for objects too large for a linear scan
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.skipWS()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return jvalue{}, p.errf("expected an object key")
		}
		keyAt := p.pos
		key, err := p.str()
		if err != nil {
			return jvalue{}, err
		}
		p.skipWS()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return jvalue{}, p.errf("expected ':' after object key")
		}
		p.pos++
		val, err := p.value(depth)
		if err != nil {
			return jvalue{}, err
		}
		if dup(v.members, &seen, key) {
			return jvalue{}, &jsonError{Offset: keyAt, Kind: errDuplicate, Msg: fmt.Sprintf("duplicate object key %q", key)}
		}
		v.members = append(v.members, jmember{key: key, val: val})
		p.skipWS()
		if p.pos >= len(p.data) {
			return jvalue{}, p.errf("unexpected end of input in object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return jvalue{}, p.errf("expected ',' or '}' in object")
		}
	}
}

// dup reports whether key is already among ms, and records it. Objects of the Hokusai
// formats have a few dozen keys and are scanned linearly; a larger (hostile) one switches
// to a set so that the check stays linear in the input size.
func dup(ms []jmember, seen *map[string]struct{}, key string) bool {
	const linear = 32
	if len(ms) < linear {
		for i := range ms {
			if ms[i].key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(ms))
		for i := range ms {
			(*seen)[ms[i].key] = struct{}{}
		}
	}
	if _, ok := (*seen)[key]; ok {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (p *parser) array(depth int) (jvalue, error) {
	if depth > p.maxDepth {
		return jvalue{}, &jsonError{Offset: p.pos, Kind: errDepth, Msg: fmt.Sprintf("nesting deeper than %d", p.maxDepth)}
	}
	p.pos++ // '['
	v := jvalue{kind: jArray}
	p.skipWS()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		el, err := p.value(depth)
		if err != nil {
			return jvalue{}, err
		}
		v.elems = append(v.elems, el)
		p.skipWS()
		if p.pos >= len(p.data) {
			return jvalue{}, p.errf("unexpected end of input in array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return jvalue{}, p.errf("expected ',' or ']' in array")
		}
	}
}

func (p *parser) number() (jvalue, error) {
	start := p.pos
	if p.data[p.pos] == '-' {
		p.pos++
		if p.allowNonFinite && p.pos < len(p.data) && p.data[p.pos] == 'I' {
			if _, err := p.literal("Infinity", jvalue{}); err != nil {
				return jvalue{}, err
			}
			return jvalue{kind: jNumber, text: "-Infinity"}, nil
		}
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return jvalue{}, p.errf("invalid number")
	}
	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return jvalue{}, p.errf("invalid number: no digits after '.'")
		}
	}
	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return jvalue{}, p.errf("invalid number: no digits in exponent")
		}
	}
	return jvalue{kind: jNumber, text: string(p.data[start:p.pos])}, nil
}

// str reads a string starting at the opening quote. Unescaped strings (the common case)
// cost one allocation; escapes are decoded as encoding/json does, an unpaired surrogate
// becoming U+FFFD. Raw bytes that are not UTF-8 are an error.
func (p *parser) str() (string, error) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			s := string(p.data[start:p.pos])
			p.pos++
			return s, nil
		case c == '\\':
			return p.strSlow(start)
		case c < 0x20:
			return "", p.errf("control character in string")
		case c < utf8.RuneSelf:
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errf("invalid UTF-8 in string")
			}
			p.pos += size
		}
	}
	return "", p.errf("unterminated string")
}

func (p *parser) strSlow(start int) (string, error) {
	var b strings.Builder
	b.Write(p.data[start:p.pos])
	for p.pos < len(p.data) {
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), nil
		case c == '\\':
			p.pos++
			if p.pos >= len(p.data) {
				return "", p.errf("unterminated string")
			}
			e := p.data[p.pos]
			p.pos++
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.errf("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) {
					// A valid pair is two escapes; anything else is U+FFFD, and the
					// second escape (if any) is read on its own.
					save := p.pos
					if p.pos+1 < len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
						p.pos += 2
						r2, ok := p.hex4()
						if ok {
							if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
								b.WriteRune(d)
								continue
							}
						}
					}
					p.pos = save
					r = utf8.RuneError
				}
				b.WriteRune(r)
			default:
				return "", p.errf("invalid escape '\\%c'", e)
			}
		case c < 0x20:
			return "", p.errf("control character in string")
		case c < utf8.RuneSelf:
			b.WriteByte(c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errf("invalid UTF-8 in string")
			}
			b.Write(p.data[p.pos : p.pos+size])
			p.pos += size
		}
	}
	return "", p.errf("unterminated string")
}

func (p *parser) hex4() (rune, bool) {
	if len(p.data)-p.pos < 4 {
		return 0, false
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.data[p.pos+i]
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(d)
	}
	p.pos += 4
	return r, true
}
