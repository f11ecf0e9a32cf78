package schemas

import (
	"fmt"

	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// AppendInvocation appends inv's msgpack encoding to b: byte for byte what Marshal writes
// (keys in field order, omitempty fields left out, compact integers), without reflection.
// A ledger of the protocol 23 load test is 3 MB of invocations; reflection costs as much
// as decoding it. The error is only for a ScVal whose Value has a Go type not documented
// on ScVal that msgpack cannot encode either.
func AppendInvocation(b []byte, inv *Invocation) ([]byte, error) {
	return appendInvocation(b, inv, nil)
}

// EncodedSections are sections of an invocation already in msgpack: each the whole
// value of its key (an array), as AppendInvocation would write the field of the same
// name. A nil section is written from the Invocation.
type EncodedSections struct {
	Arguments                                           []byte
	ContractEvents, DiagnosticEvents, TransactionEvents []byte
	AuthEntries, SubInvocations                         []byte
	StateChanges                                        []byte
	TTLExtensions                                       []byte
}

// AppendInvocationSections is AppendInvocation with the sections set in sec taken from
// there instead of from inv's fields, which are then ignored: a producer that has them in
// another form (a ledger's XDR) writes them once, straight to msgpack, and shares a
// transaction's diagnostic events between its operations. Each section must be one
// msgpack value.
func AppendInvocationSections(b []byte, inv *Invocation, sec *EncodedSections) ([]byte, error) {
	return appendInvocation(b, inv, sec)
}

func appendInvocation(b []byte, inv *Invocation, sec *EncodedSections) ([]byte, error) {
	n := 28
	if !inv.FeeBump {
		n--
	}
	if inv.InvokingAccountMuxed == "" {
		n--
	}
	if inv.ReturnValue == nil {
		n--
	}
	if inv.Creation == nil {
		n--
	}
	if inv.Upload == nil {
		n--
	}
	var err error
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "network", inv.Network)
	b = mpappend.Uint(mpappend.Str(b, "ledger"), uint64(inv.Ledger))
	b = mpappend.Time(mpappend.Str(b, "closed_at"), inv.ClosedAt)
	b = mpappend.Uint(mpappend.Str(b, "protocol_version"), uint64(inv.ProtocolVersion))
	b = mpKeyStr(b, "tx_hash", inv.TxHash)
	b = mpappend.Uint(mpappend.Str(b, "tx_index"), uint64(inv.TxIndex))
	b = mpappend.Uint(mpappend.Str(b, "op_index"), uint64(inv.OpIndex))
	b = mpKeyStr(b, "kind", inv.Kind)
	b = mpappend.Bool(mpappend.Str(b, "successful"), inv.Successful)
	b = mpKeyStr(b, "result_code", inv.ResultCode)
	b = mpappend.Int(mpappend.Str(b, "fee_charged"), inv.FeeCharged)
	if inv.FeeBump {
		b = mpappend.Bool(mpappend.Str(b, "fee_bump"), true)
	}
	b = mpKeyStr(b, "contract_id", inv.ContractID)
	b = mpKeyStr(b, "function", inv.Function)
	b = mpKeyStr(b, "invoking_account", inv.InvokingAccount)
	if inv.InvokingAccountMuxed != "" {
		b = mpKeyStr(b, "invoking_account_muxed", inv.InvokingAccountMuxed)
	}
	if sec == nil {
		sec = &EncodedSections{}
	}
	if sec.Arguments != nil {
		b = append(mpappend.Str(b, "arguments"), sec.Arguments...)
	} else if b, err = appendScVals(mpappend.Str(b, "arguments"), inv.Arguments); err != nil {
		return b, err
	}
	if inv.ReturnValue != nil {
		if b, err = appendScVal(mpappend.Str(b, "return_value"), inv.ReturnValue); err != nil {
			return b, err
		}
	}

	if b, err = appendEvents(b, inv, sec); err != nil {
		return b, err
	}
	b = mpappend.Str(b, "auth_entries")
	if sec.AuthEntries != nil {
		b = append(b, sec.AuthEntries...)
	} else if inv.AuthEntries == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.AuthEntries))
		for i := range inv.AuthEntries {
			if b, err = appendAuthEntry(b, &inv.AuthEntries[i]); err != nil {
				return b, err
			}
		}
	}
	b = mpappend.Str(b, "sub_invocations")
	if sec.SubInvocations != nil {
		b = append(b, sec.SubInvocations...)
	} else if inv.SubInvocations == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.SubInvocations))
		for i := range inv.SubInvocations {
			if b, err = appendAuthorized(b, &inv.SubInvocations[i]); err != nil {
				return b, err
			}
		}
	}
	b = mpappend.Str(b, "state_changes")
	if sec.StateChanges != nil {
		b = append(b, sec.StateChanges...)
	} else if inv.StateChanges == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.StateChanges))
		for i := range inv.StateChanges {
			if b, err = appendStateChange(b, &inv.StateChanges[i]); err != nil {
				return b, err
			}
		}
	}
	b = mpappend.Str(b, "ttl_extensions")
	if sec.TTLExtensions != nil {
		b = append(b, sec.TTLExtensions...)
	} else if inv.TTLExtensions == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.TTLExtensions))
		for i := range inv.TTLExtensions {
			t := &inv.TTLExtensions[i]
			b = mpappend.MapLen(b, 3+refFields(&t.LedgerEntryRef))
			b = mpKeyStr(b, "key_hash", t.KeyHash)
			if b, err = appendRef(b, &t.LedgerEntryRef); err != nil {
				return b, err
			}
			b = mpappend.Uint(mpappend.Str(b, "old_live_until"), uint64(t.OldLiveUntil))
			b = mpappend.Uint(mpappend.Str(b, "new_live_until"), uint64(t.NewLiveUntil))
		}
	}
	b = mpappend.Str(b, "archive_restorations")
	if inv.ArchiveRestorations == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.ArchiveRestorations))
		for i := range inv.ArchiveRestorations {
			r := &inv.ArchiveRestorations[i]
			n := 1 + refFields(&r.LedgerEntryRef)
			if r.LiveUntil != 0 {
				n++
			}
			b = mpappend.MapLen(b, n)
			b = mpKeyStr(b, "source", r.Source)
			if b, err = appendRef(b, &r.LedgerEntryRef); err != nil {
				return b, err
			}
			if r.LiveUntil != 0 {
				b = mpappend.Uint(mpappend.Str(b, "live_until"), uint64(r.LiveUntil))
			}
		}
	}
	if inv.Creation != nil {
		b = appendCreation(mpappend.Str(b, "creation"), inv.Creation)
	}
	if inv.Upload != nil {
		b = mpappend.MapLen(mpappend.Str(b, "upload"), 2)
		b = mpKeyStr(b, "wasm_hash", inv.Upload.WasmHash)
		b = mpappend.Int(mpappend.Str(b, "size"), int64(inv.Upload.Size))
	}
	return b, nil
}

// appendEvents writes the event sections of inv, or of sec where it has them.
func appendEvents(b []byte, inv *Invocation, sec *EncodedSections) ([]byte, error) {
	var err error
	b = mpappend.Str(b, "contract_events")
	if sec.ContractEvents != nil {
		b = append(b, sec.ContractEvents...)
	} else if inv.ContractEvents == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.ContractEvents))
		for i := range inv.ContractEvents {
			if b, err = appendContractEvent(b, &inv.ContractEvents[i]); err != nil {
				return b, err
			}
		}
	}
	b = mpappend.Str(b, "diagnostic_events")
	if sec.DiagnosticEvents != nil {
		b = append(b, sec.DiagnosticEvents...)
	} else if inv.DiagnosticEvents == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.DiagnosticEvents))
		for i := range inv.DiagnosticEvents {
			d := &inv.DiagnosticEvents[i]
			b = mpappend.MapLen(b, 2)
			b = mpappend.Bool(mpappend.Str(b, "in_successful_contract_call"), d.InSuccessfulContractCall)
			if b, err = appendContractEvent(mpappend.Str(b, "event"), &d.Event); err != nil {
				return b, err
			}
		}
	}
	b = mpappend.Str(b, "transaction_events")
	if sec.TransactionEvents != nil {
		b = append(b, sec.TransactionEvents...)
	} else if inv.TransactionEvents == nil {
		b = mpappend.Nil(b)
	} else {
		b = mpappend.ArrayLen(b, len(inv.TransactionEvents))
		for i := range inv.TransactionEvents {
			t := &inv.TransactionEvents[i]
			b = mpappend.MapLen(b, 2)
			b = mpKeyStr(b, "stage", t.Stage)
			if b, err = appendContractEvent(mpappend.Str(b, "event"), &t.Event); err != nil {
				return b, err
			}
		}
	}
	return b, nil
}

func appendContractEvent(b []byte, e *ContractEvent) ([]byte, error) {
	b = mpappend.MapLen(b, 4)
	b = mpKeyStr(b, "type", e.Type)
	b = mpKeyStr(b, "contract_id", e.ContractID)
	b, err := appendScVals(mpappend.Str(b, "topics"), e.Topics)
	if err != nil {
		return b, err
	}
	return appendScVal(mpappend.Str(b, "data"), &e.Data)
}

func appendAuthEntry(b []byte, a *AuthEntry) ([]byte, error) {
	n := 2
	if a.Address != "" {
		n++
	}
	if a.Nonce != "" {
		n++
	}
	if a.SignatureExpirationLedger != 0 {
		n++
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "credentials", a.Credentials)
	if a.Address != "" {
		b = mpKeyStr(b, "address", a.Address)
	}
	if a.Nonce != "" {
		b = mpKeyStr(b, "nonce", a.Nonce)
	}
	if a.SignatureExpirationLedger != 0 {
		b = mpappend.Uint(mpappend.Str(b, "signature_expiration_ledger"), uint64(a.SignatureExpirationLedger))
	}
	return appendAuthorized(mpappend.Str(b, "root_invocation"), &a.RootInvocation)
}

func appendAuthorized(b []byte, a *AuthorizedInvocation) ([]byte, error) {
	n := 5
	if a.Function != "" {
		n++
	}
	if a.Creation != nil {
		n++
	}
	b = mpappend.MapLen(b, n)
	b = mpappend.Int(mpappend.Str(b, "auth_entry"), int64(a.AuthEntry))
	b = mpappend.Int(mpappend.Str(b, "depth"), int64(a.Depth))
	b = mpKeyStr(b, "type", a.Type)
	b = mpKeyStr(b, "contract_id", a.ContractID)
	if a.Function != "" {
		b = mpKeyStr(b, "function", a.Function)
	}
	b, err := appendScVals(mpappend.Str(b, "arguments"), a.Arguments)
	if err != nil {
		return b, err
	}
	if a.Creation != nil {
		b = appendCreation(mpappend.Str(b, "creation"), a.Creation)
	}
	return b, nil
}

func appendCreation(b []byte, c *ContractCreation) []byte {
	n := 4
	for _, s := range [...]string{c.Creator, c.Salt, c.Asset, c.WasmHash, c.ExternalOwner, c.ExternalTag} {
		if s != "" {
			n++
		}
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "contract_id", c.ContractID)
	b = mpappend.Int(mpappend.Str(b, "version"), int64(c.Version))
	b = mpKeyStr(b, "preimage", c.Preimage)
	b = mpKeyStrOmit(b, "creator", c.Creator)
	b = mpKeyStrOmit(b, "salt", c.Salt)
	b = mpKeyStrOmit(b, "asset", c.Asset)
	b = mpKeyStr(b, "executable", c.Executable)
	b = mpKeyStrOmit(b, "wasm_hash", c.WasmHash)
	b = mpKeyStrOmit(b, "external_owner", c.ExternalOwner)
	return mpKeyStrOmit(b, "external_tag", c.ExternalTag)
}

// refFields counts the keys a LedgerEntryRef adds to the struct it is embedded in.
func refFields(r *LedgerEntryRef) int {
	n := 1
	for _, s := range [...]string{r.ContractID, r.Durability, r.WasmHash, r.Account, r.LedgerKey} {
		if s != "" {
			n++
		}
	}
	if r.Key != nil {
		n++
	}
	return n
}

func appendRef(b []byte, r *LedgerEntryRef) ([]byte, error) {
	b = mpKeyStr(b, "entry_type", r.EntryType)
	b = mpKeyStrOmit(b, "contract_id", r.ContractID)
	if r.Key != nil {
		var err error
		if b, err = appendScVal(mpappend.Str(b, "key"), r.Key); err != nil {
			return b, err
		}
	}
	b = mpKeyStrOmit(b, "durability", r.Durability)
	b = mpKeyStrOmit(b, "wasm_hash", r.WasmHash)
	b = mpKeyStrOmit(b, "account", r.Account)
	return mpKeyStrOmit(b, "ledger_key", r.LedgerKey), nil
}

func appendStateChange(b []byte, s *StateChange) ([]byte, error) {
	n := 1 + refFields(&s.LedgerEntryRef)
	for _, set := range [...]bool{s.Old != nil, s.New != nil, s.OldSize != 0, s.NewSize != 0, s.OldEntry != "", s.NewEntry != ""} {
		if set {
			n++
		}
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "change", s.Change)
	b, err := appendRef(b, &s.LedgerEntryRef)
	if err != nil {
		return b, err
	}
	if s.Old != nil {
		if b, err = appendScVal(mpappend.Str(b, "old"), s.Old); err != nil {
			return b, err
		}
	}
	if s.New != nil {
		if b, err = appendScVal(mpappend.Str(b, "new"), s.New); err != nil {
			return b, err
		}
	}
	if s.OldSize != 0 {
		b = mpappend.Int(mpappend.Str(b, "old_size"), int64(s.OldSize))
	}
	if s.NewSize != 0 {
		b = mpappend.Int(mpappend.Str(b, "new_size"), int64(s.NewSize))
	}
	b = mpKeyStrOmit(b, "old_entry", s.OldEntry)
	return mpKeyStrOmit(b, "new_entry", s.NewEntry), nil
}

// appendScVals writes a []ScVal as ScVal.EncodeMsgpack's callers do: nil is msgpack nil.
func appendScVals(b []byte, vs []ScVal) ([]byte, error) {
	if vs == nil {
		return mpappend.Nil(b), nil
	}
	b = mpappend.ArrayLen(b, len(vs))
	var err error
	for i := range vs {
		if b, err = appendScVal(b, &vs[i]); err != nil {
			return b, err
		}
	}
	return b, nil
}

func appendMapEntries(b []byte, es []ScMapEntry) ([]byte, error) {
	b = mpappend.ArrayLen(b, len(es))
	var err error
	for i := range es {
		b = mpappend.MapLen(b, 2)
		if b, err = appendScVal(mpappend.Str(b, "key"), &es[i].Key); err != nil {
			return b, err
		}
		if b, err = appendScVal(mpappend.Str(b, "value"), &es[i].Value); err != nil {
			return b, err
		}
	}
	return b, nil
}

// appendScVal writes what ScVal.EncodeMsgpack writes.
func appendScVal(b []byte, v *ScVal) ([]byte, error) {
	n := 1
	if v.Value != nil {
		n++
	}
	if v.Hex != "" {
		n++
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "type", v.Type)
	if v.Value != nil {
		var err error
		b = mpappend.Str(b, "value")
		switch x := v.Value.(type) {
		case string:
			b = mpappend.Str(b, x)
		case bool:
			b = mpappend.Bool(b, x)
		case uint32:
			b = mpappend.Uint(b, uint64(x))
		case int32:
			b = mpappend.Int(b, int64(x))
		case []ScVal:
			b, err = appendScVals(b, x)
		case []ScMapEntry:
			b, err = appendMapEntries(b, x)
		case ScErrorValue:
			b = AppendScErrorValue(b, &x)
		case ScInstanceValue:
			n := 1
			for _, s := range [...]string{x.WasmHash, x.ExternalOwner, x.ExternalTag} {
				if s != "" {
					n++
				}
			}
			if x.Storage != nil {
				n++
			}
			b = mpappend.MapLen(b, n)
			b = mpKeyStr(b, "executable", x.Executable)
			b = mpKeyStrOmit(b, "wasm_hash", x.WasmHash)
			b = mpKeyStrOmit(b, "external_owner", x.ExternalOwner)
			b = mpKeyStrOmit(b, "external_tag", x.ExternalTag)
			if x.Storage != nil {
				b = mpappend.Str(b, "storage")
				if *x.Storage == nil {
					b = mpappend.Nil(b) // a nil slice behind the pointer, as reflection writes it
				} else {
					b, err = appendMapEntries(b, *x.Storage)
				}
			}
		default:
			// Not a documented Value type: leave it to msgpack, as EncodeMsgpack does.
			var raw []byte
			if raw, err = Marshal(x); err == nil {
				b = append(b, raw...)
			}
		}
		if err != nil {
			return b, fmt.Errorf("scval %s: %w", v.Type, err)
		}
	}
	if v.Hex != "" {
		b = mpKeyStr(b, "hex", v.Hex)
	}
	return b, nil
}

// AppendScErrorValue appends x to b as msgpack, as the codec and AppendInvocation write
// the error value of an ScVal: for encoders that write an ScVal's parts themselves.
func AppendScErrorValue(b []byte, x *ScErrorValue) []byte {
	n := 1
	if x.ContractCode != 0 {
		n++
	}
	if x.Code != "" {
		n++
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "type", x.Type)
	if x.ContractCode != 0 {
		b = mpappend.Uint(mpappend.Str(b, "contract_code"), uint64(x.ContractCode))
	}
	return mpKeyStrOmit(b, "code", x.Code)
}

// The msgpack primitives below write what msgpack.Encoder writes with UseCompactInts.

func mpKeyStr(b []byte, k, v string) []byte { return mpappend.Str(mpappend.Str(b, k), v) }

// mpKeyStrOmit writes an omitempty string field.
func mpKeyStrOmit(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return mpappend.Str(mpappend.Str(b, k), v)
}
