package schemas

import (
	"fmt"
	"strconv"

	"github.com/nats-io/nats.go"
)

// Header names carried by every chainrelay event.
const (
	HeaderMsgID         = nats.MsgIdHdr // "Nats-Msg-Id": JetStream de-duplicates on it
	HeaderContentType   = "Content-Type"
	HeaderEventType     = "Chainrelay-Event-Type"
	HeaderSchemaVersion = "Chainrelay-Schema-Version"
	HeaderCorrelationID = "Chainrelay-Correlation-Id"
	HeaderCausationID   = "Chainrelay-Causation-Id"

	ContentTypeMsgpack = "application/msgpack"
	ContentTypeJSON    = "application/json"
)

// Meta is what the headers of an event say about it.
type Meta struct {
	MsgID         string
	EventType     string
	SchemaVersion int
	CorrelationID string
	CausationID   string
	ContentType   string
}

// Header renders m as NATS headers.
func (m Meta) Header() nats.Header {
	h := nats.Header{}
	m.Apply(h)
	return h
}

// Apply writes m's non-empty fields into h.
func (m Meta) Apply(h nats.Header) {
	set := func(k, v string) {
		if v != "" {
			h.Set(k, v)
		}
	}
	set(HeaderMsgID, m.MsgID)
	set(HeaderEventType, m.EventType)
	if m.SchemaVersion > 0 {
		h.Set(HeaderSchemaVersion, strconv.Itoa(m.SchemaVersion))
	}
	set(HeaderCorrelationID, m.CorrelationID)
	set(HeaderCausationID, m.CausationID)
	set(HeaderContentType, m.ContentType)
}

// MetaFromHeader reads the chainrelay headers of a message.
func MetaFromHeader(h nats.Header) (Meta, error) {
	m := Meta{
		MsgID:         h.Get(HeaderMsgID),
		EventType:     h.Get(HeaderEventType),
		CorrelationID: h.Get(HeaderCorrelationID),
		CausationID:   h.Get(HeaderCausationID),
		ContentType:   h.Get(HeaderContentType),
	}
	if v := h.Get(HeaderSchemaVersion); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return m, fmt.Errorf("header %s=%q: %w", HeaderSchemaVersion, v, err)
		}
		m.SchemaVersion = n
	}
	return m, nil
}
