package schemas

import (
	"bytes"
	"fmt"

	"github.com/vmihailenco/msgpack/v5"
)

// Marshal encodes an event as msgpack, fields keyed by their msgpack tag names so that
// consumers in other languages read them by name.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := msgpack.NewEncoder(&buf)
	enc.SetCustomStructTag("msgpack")
	enc.UseCompactInts(true)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("msgpack encode %T: %w", v, err)
	}
	return buf.Bytes(), nil
}

// Unmarshal decodes msgpack produced by Marshal into v.
func Unmarshal(data []byte, v any) error {
	if err := msgpack.Unmarshal(data, v); err != nil {
		return fmt.Errorf("msgpack decode %T: %w", v, err)
	}
	return nil
}
