package projections

import (
	"fmt"
	"time"
)

// stateEntry is a model's state held by the projector: decoded (d) while the fold may
// change it, else only in its stored encoding (enc), once written. A replay of a million
// events leaves some 180,000 states in memory; as structs they were most of what the
// garbage collector marked on every cycle, as encodings they are byte slices it does not
// scan. status and submitted are kept beside for the gauges and
// the status filter, which then decode nothing.
type stateEntry struct {
	d         *Deployment
	enc       []byte
	status    Status
	submitted time.Time // Steps.Submitted
}

func (e *stateEntry) note(d *Deployment) {
	e.status, e.submitted = d.Status, d.Steps.Submitted
}

// decoded returns the state for the fold to change, decoding it if it is cold.
func (e *stateEntry) decoded() (*Deployment, error) {
	if e.d == nil {
		d, err := decodeState(e.enc)
		if err != nil {
			return nil, fmt.Errorf("projector: state in memory: %w", err)
		}
		e.d, e.enc = &d, nil
	}
	return e.d, nil
}

// copyOut returns a copy of the state for a reader.
func (e *stateEntry) copyOut() (Deployment, error) {
	if e.d != nil {
		return e.d.clone(), nil
	}
	return decodeState(e.enc)
}

// cool drops the decoded state in favour of its written encoding, unless the fold has
// changed it since it was encoded (it then holds a copy, not d).
func (e *stateEntry) cool(d *Deployment, enc []byte) {
	if e.d == d && enc != nil {
		e.d, e.enc = nil, enc
	}
}
