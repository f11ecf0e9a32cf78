package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vmihailenco/msgpack/v5"
	"github.com/vmihailenco/msgpack/v5/msgpcode"
)

// StellarSchemaVersion is the schema version of Invocation. It is bumped on a change that
// old consumers cannot read.
const StellarSchemaVersion = 1

// Kinds of Soroban invocation; the fourth subject token after "stellar.<network>".
const (
	// KindCall invokes a contract function (HOST_FUNCTION_TYPE_INVOKE_CONTRACT).
	KindCall = "call"
	// KindCreate creates a contract instance (CREATE_CONTRACT and CREATE_CONTRACT_V2).
	KindCreate = "create"
	// KindUpload uploads contract Wasm (UPLOAD_CONTRACT_WASM).
	KindUpload = "upload"
	// KindRestore is a RestoreFootprint operation: it brings archived entries back.
	KindRestore = "restore"
	// KindExtend is an ExtendFootprintTTL operation: it extends the TTL of entries.
	KindExtend = "extend"
)

// StellarSubject is the subject of one invocation:
// stellar.<network>.invocation.<kind>.<contract>.<function>, each variable token passed
// through EncodeSubjectToken. An empty contract or function (uploads, restorations) is
// EncodeSubjectToken(""), a token no other string produces.
func StellarSubject(network, kind, contract, function string) string {
	return "stellar." + EncodeSubjectToken(network) + ".invocation." + EncodeSubjectToken(kind) +
		"." + EncodeSubjectToken(contract) + "." + EncodeSubjectToken(function)
}

// StellarFilter matches every invocation of one network.
func StellarFilter(network string) string {
	return "stellar." + EncodeSubjectToken(network) + ".>"
}

// StellarEventType is the Chainrelay-Event-Type header of an invocation of a kind.
func StellarEventType(kind string) string {
	return "stellar.invocation." + kind
}

// StellarMsgID is the Nats-Msg-Id of an invocation: <ledger>:<tx index>:<op index>, the
// transaction index 1-based in application order, the operation index 0-based.
func StellarMsgID(ledger, txIndex, opIndex uint32) string {
	b := make([]byte, 0, 24)
	b = strconv.AppendUint(b, uint64(ledger), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(txIndex), 10)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(opIndex), 10)
	return string(b)
}

// ParseStellarMsgID reverses StellarMsgID.
func ParseStellarMsgID(id string) (ledger, txIndex, opIndex uint32, err error) {
	parts := strings.Split(id, ":")
	if len(parts) != 3 {
		return 0, 0, 0, fmt.Errorf("parse stellar msg id %q: not <ledger>:<tx>:<op>", id)
	}
	var n [3]uint32
	for i, p := range parts {
		v, perr := strconv.ParseUint(p, 10, 32)
		if perr != nil {
			return 0, 0, 0, fmt.Errorf("parse stellar msg id %q: %w", id, perr)
		}
		n[i] = uint32(v)
	}
	return n[0], n[1], n[2], nil
}

// Invocation is one Soroban operation of a ledger: a contract call, a contract creation or
// a Wasm upload (InvokeHostFunction), or a RestoreFootprint / ExtendFootprintTTL
// operation. Subject: stellar.<network>.invocation.<kind>.<contract>.<function>.
// Published by the ledger streamer. Soroban values (ScVal) use the lossless form
// documented in services/stellar/README.md.
//
// Example (JSON form; msgpack carries the same keys):
//
//	{"network":"pubnet","ledger":53312000,"closed_at":"2024-09-02T…Z","protocol_version":21,
//	 "tx_hash":"f551d9cf…880f","tx_index":163,"op_index":0,"kind":"call","successful":true,
//	 "contract_id":"CALI2BYU…LE6M","function":"set_price","invoking_account":"GC…",
//	 "arguments":[{"type":"vec","value":[…]},{"type":"u64","value":"1725235200000"}],…}
type Invocation struct {
	Network         string    `msgpack:"network" json:"network"`
	Ledger          uint32    `msgpack:"ledger" json:"ledger"`
	ClosedAt        time.Time `msgpack:"closed_at" json:"closed_at"` // UTC
	ProtocolVersion uint32    `msgpack:"protocol_version" json:"protocol_version"`
	TxHash          string    `msgpack:"tx_hash" json:"tx_hash"` // hex
	// TxIndex is the transaction's 1-based position in application order.
	TxIndex uint32 `msgpack:"tx_index" json:"tx_index"`
	// OpIndex is the operation's 0-based position in the transaction.
	OpIndex    uint32 `msgpack:"op_index" json:"op_index"`
	Kind       string `msgpack:"kind" json:"kind"`
	Successful bool   `msgpack:"successful" json:"successful"`
	// ResultCode is the operation's result code in snake case without the operation
	// prefix ("success", "trapped", "resource_limit_exceeded", …), or the transaction's
	// ("tx_failed", "tx_bad_seq", …) when the operations did not run.
	ResultCode string `msgpack:"result_code" json:"result_code"`
	// FeeCharged is the fee the transaction paid, in stroops.
	FeeCharged int64 `msgpack:"fee_charged" json:"fee_charged"`
	// FeeBump is true when the transaction was wrapped in a fee bump.
	FeeBump bool `msgpack:"fee_bump,omitempty" json:"fee_bump,omitempty"`

	// ContractID is the called contract (call) or the created one (create); empty for
	// upload, restore and extend.
	ContractID string `msgpack:"contract_id" json:"contract_id"`
	// Function is the called function (call); empty otherwise.
	Function string `msgpack:"function" json:"function"`
	// InvokingAccount is the operation's source account, or the transaction's when the
	// operation has none (the inner transaction's for a fee bump), as a G… strkey.
	InvokingAccount string `msgpack:"invoking_account" json:"invoking_account"`
	// InvokingAccountMuxed is the M… strkey when that source is a muxed account.
	InvokingAccountMuxed string `msgpack:"invoking_account_muxed,omitempty" json:"invoking_account_muxed,omitempty"`
	// Arguments are the call's arguments, or the constructor's for a create.
	Arguments []ScVal `msgpack:"arguments" json:"arguments"`
	// ReturnValue is the host function's return value, when it succeeded.
	ReturnValue *ScVal `msgpack:"return_value,omitempty" json:"return_value,omitempty"`

	ContractEvents   []ContractEvent   `msgpack:"contract_events" json:"contract_events"`
	DiagnosticEvents []DiagnosticEvent `msgpack:"diagnostic_events" json:"diagnostic_events"`
	// TransactionEvents are the transaction-level events of TxMeta V4 (fee charge and
	// refund); empty before protocol 23.
	TransactionEvents []TransactionEvent `msgpack:"transaction_events" json:"transaction_events"`
	// AuthEntries are the operation's authorization entries, each with its root
	// invocation; SubInvocations flattens every tree below those roots.
	AuthEntries         []AuthEntry            `msgpack:"auth_entries" json:"auth_entries"`
	SubInvocations      []AuthorizedInvocation `msgpack:"sub_invocations" json:"sub_invocations"`
	StateChanges        []StateChange          `msgpack:"state_changes" json:"state_changes"`
	TTLExtensions       []TTLExtension         `msgpack:"ttl_extensions" json:"ttl_extensions"`
	ArchiveRestorations []ArchiveRestoration   `msgpack:"archive_restorations" json:"archive_restorations"`

	// Creation describes the contract created (kind create).
	Creation *ContractCreation `msgpack:"creation,omitempty" json:"creation,omitempty"`
	// Upload describes the Wasm uploaded (kind upload).
	Upload *WasmUpload `msgpack:"upload,omitempty" json:"upload,omitempty"`
}

// ContractEvent is an event emitted during an invocation.
type ContractEvent struct {
	// Type is "contract", "system" or "diagnostic".
	Type string `msgpack:"type" json:"type"`
	// ContractID is the emitting contract's C… strkey; empty for host events.
	ContractID string  `msgpack:"contract_id" json:"contract_id"`
	Topics     []ScVal `msgpack:"topics" json:"topics"`
	Data       ScVal   `msgpack:"data" json:"data"`
}

// DiagnosticEvent is a diagnostic event: not part of consensus, emitted when the node
// that produced the meta had them enabled. Before protocol 23 they include a copy of every
// contract event.
type DiagnosticEvent struct {
	InSuccessfulContractCall bool          `msgpack:"in_successful_contract_call" json:"in_successful_contract_call"`
	Event                    ContractEvent `msgpack:"event" json:"event"`
}

// TransactionEvent is a transaction-level event (TxMeta V4).
type TransactionEvent struct {
	// Stage is "before_all_txs", "after_tx" or "after_all_txs".
	Stage string        `msgpack:"stage" json:"stage"`
	Event ContractEvent `msgpack:"event" json:"event"`
}

// AuthEntry is one SorobanAuthorizationEntry of an InvokeHostFunction operation.
type AuthEntry struct {
	// Credentials is "source_account", "address", "address_v2" or
	// "address_with_delegates".
	Credentials string `msgpack:"credentials" json:"credentials"`
	// Address is the authorizing address (empty for source_account credentials).
	Address string `msgpack:"address,omitempty" json:"address,omitempty"`
	// Nonce is a decimal int64.
	Nonce                     string               `msgpack:"nonce,omitempty" json:"nonce,omitempty"`
	SignatureExpirationLedger uint32               `msgpack:"signature_expiration_ledger,omitempty" json:"signature_expiration_ledger,omitempty"`
	RootInvocation            AuthorizedInvocation `msgpack:"root_invocation" json:"root_invocation"`
}

// AuthorizedInvocation is one node of an authorization tree. In AuthEntry.RootInvocation
// it is the root (depth 0); in Invocation.SubInvocations the nodes below the roots appear
// in pre-order with their depth (1 for a root's children), so each tree can be rebuilt.
type AuthorizedInvocation struct {
	// AuthEntry is the index of the entry in Invocation.AuthEntries.
	AuthEntry int `msgpack:"auth_entry" json:"auth_entry"`
	Depth     int `msgpack:"depth" json:"depth"`
	// Type is "contract_fn", "create_contract" or "create_contract_v2".
	Type       string  `msgpack:"type" json:"type"`
	ContractID string  `msgpack:"contract_id" json:"contract_id"`
	Function   string  `msgpack:"function,omitempty" json:"function,omitempty"`
	Arguments  []ScVal `msgpack:"arguments" json:"arguments"`
	// Creation is set for the create types.
	Creation *ContractCreation `msgpack:"creation,omitempty" json:"creation,omitempty"`
}

// ContractCreation describes a contract instance being created.
type ContractCreation struct {
	// ContractID is derived from the preimage and the network id (and checked against
	// the host function's result when there is one).
	ContractID string `msgpack:"contract_id" json:"contract_id"`
	// Version is 1 for CREATE_CONTRACT, 2 for CREATE_CONTRACT_V2 (constructor arguments).
	Version int `msgpack:"version" json:"version"`
	// Preimage is "address" (a deployer and a salt) or "asset" (a Stellar asset contract).
	Preimage string `msgpack:"preimage" json:"preimage"`
	Creator  string `msgpack:"creator,omitempty" json:"creator,omitempty"` // deployer strkey
	Salt     string `msgpack:"salt,omitempty" json:"salt,omitempty"`       // hex
	// Asset is "native" or "CODE:ISSUER" for an asset preimage.
	Asset string `msgpack:"asset,omitempty" json:"asset,omitempty"`
	// Executable is "wasm", "stellar_asset" or "external_ref".
	Executable string `msgpack:"executable" json:"executable"`
	WasmHash   string `msgpack:"wasm_hash,omitempty" json:"wasm_hash,omitempty"` // hex
	// ExternalOwner and ExternalTag describe an external_ref executable.
	ExternalOwner string `msgpack:"external_owner,omitempty" json:"external_owner,omitempty"`
	ExternalTag   string `msgpack:"external_tag,omitempty" json:"external_tag,omitempty"`
}

// WasmUpload describes uploaded contract code.
type WasmUpload struct {
	WasmHash string `msgpack:"wasm_hash" json:"wasm_hash"` // hex SHA-256 of the code
	Size     int    `msgpack:"size" json:"size"`           // bytes
}

// LedgerEntryRef names a ledger entry. Contract data and code entries are named by their
// fields; any other entry type by its LedgerKey in base64 XDR.
type LedgerEntryRef struct {
	// EntryType is "contract_data", "contract_code", "account", "trustline", "ttl", ….
	EntryType  string `msgpack:"entry_type" json:"entry_type"`
	ContractID string `msgpack:"contract_id,omitempty" json:"contract_id,omitempty"`
	Key        *ScVal `msgpack:"key,omitempty" json:"key,omitempty"`
	// Durability is "persistent" or "temporary" for contract data; "persistent" for code.
	Durability string `msgpack:"durability,omitempty" json:"durability,omitempty"`
	WasmHash   string `msgpack:"wasm_hash,omitempty" json:"wasm_hash,omitempty"` // contract code, hex
	// Account is the account of an account or trustline entry.
	Account string `msgpack:"account,omitempty" json:"account,omitempty"`
	// LedgerKey is the base64 XDR LedgerKey of entries other than contract data and code.
	LedgerKey string `msgpack:"ledger_key,omitempty" json:"ledger_key,omitempty"`
}

// StateChange is a ledger entry changed by an operation (TTL entries excepted: see
// TTLExtension).
type StateChange struct {
	// Change is "created", "updated", "removed" or "restored".
	Change string `msgpack:"change" json:"change"`
	LedgerEntryRef
	// Old and New are a contract data entry's values before and after; absent when the
	// entry did not exist on that side.
	Old *ScVal `msgpack:"old,omitempty" json:"old,omitempty"`
	New *ScVal `msgpack:"new,omitempty" json:"new,omitempty"`
	// OldSize and NewSize are a contract code entry's Wasm sizes in bytes.
	OldSize int `msgpack:"old_size,omitempty" json:"old_size,omitempty"`
	NewSize int `msgpack:"new_size,omitempty" json:"new_size,omitempty"`
	// OldEntry and NewEntry are other entry types' LedgerEntry data in base64 XDR.
	OldEntry string `msgpack:"old_entry,omitempty" json:"old_entry,omitempty"`
	NewEntry string `msgpack:"new_entry,omitempty" json:"new_entry,omitempty"`
}

// TTLExtension is a change of an entry's live-until ledger.
type TTLExtension struct {
	// KeyHash is the hex SHA-256 of the LedgerKey the TTL belongs to.
	KeyHash string `msgpack:"key_hash" json:"key_hash"`
	// LedgerEntryRef names that entry when it is in the transaction's footprint.
	LedgerEntryRef
	// OldLiveUntil is 0 when the TTL entry was created.
	OldLiveUntil uint32 `msgpack:"old_live_until" json:"old_live_until"`
	NewLiveUntil uint32 `msgpack:"new_live_until" json:"new_live_until"`
}

// ArchiveRestoration is an archived entry brought back to live state.
type ArchiveRestoration struct {
	// Source is "restore_footprint" (a RestoreFootprint operation: before protocol 23 it
	// extends an expired TTL, from 23 on it emits LEDGER_ENTRY_RESTORED changes) or
	// "invoke_host_function" (protocol 23's automatic restoration by an invocation).
	Source string `msgpack:"source" json:"source"`
	LedgerEntryRef
	// LiveUntil is the entry's live-until ledger after restoration, when known.
	LiveUntil uint32 `msgpack:"live_until,omitempty" json:"live_until,omitempty"`
}

// ScVal types, as written in ScVal.Type.
const (
	ScBool                      = "bool"
	ScVoid                      = "void"
	ScError                     = "error"
	ScU32                       = "u32"
	ScI32                       = "i32"
	ScU64                       = "u64"
	ScI64                       = "i64"
	ScTimepoint                 = "timepoint"
	ScDuration                  = "duration"
	ScU128                      = "u128"
	ScI128                      = "i128"
	ScU256                      = "u256"
	ScI256                      = "i256"
	ScBytes                     = "bytes"
	ScString                    = "string"
	ScSymbol                    = "symbol"
	ScVec                       = "vec"
	ScMap                       = "map"
	ScAddress                   = "address"
	ScContractInstance          = "contract_instance"
	ScLedgerKeyContractInstance = "ledger_key_contract_instance"
	ScLedgerKeyNonce            = "ledger_key_nonce"
	ScExecutableTag             = "executable_tag"
)

// ScVal is a Soroban value in a form that loses nothing and reads the same in msgpack and
// JSON: {"type": <one of the Sc* constants>, "value": …}. The Go type of Value by Type:
//
//	bool                                   bool
//	void, ledger_key_contract_instance     nil (no "value" key)
//	error                                  ScErrorValue
//	u32, i32                               uint32, int32
//	u64, i64, timepoint, duration,
//	u128, i128, u256, i256,
//	ledger_key_nonce                       string, decimal (exact beyond 2^53)
//	bytes                                  string, lower-case hex
//	string, symbol, executable_tag         string when the bytes are UTF-8; otherwise
//	                                       Value is nil and Hex holds them
//	vec                                    []ScVal (nil Value: the XDR option is absent)
//	map                                    []ScMapEntry, in XDR order (nil: absent)
//	address                                string, strkey (G…, C…, M…, B…, L…)
//	contract_instance                      ScInstanceValue
type ScVal struct {
	Type  string `msgpack:"type" json:"type"`
	Value any    `msgpack:"value,omitempty" json:"value,omitempty"`
	// Hex carries string-like bytes that are not valid UTF-8.
	Hex string `msgpack:"hex,omitempty" json:"hex,omitempty"`
}

// ScMapEntry is one entry of a map ScVal.
type ScMapEntry struct {
	Key   ScVal `msgpack:"key" json:"key"`
	Value ScVal `msgpack:"value" json:"value"`
}

// ScErrorValue is the value of an error ScVal.
type ScErrorValue struct {
	// Type is "contract", "wasm_vm", "context", "storage", "object", "crypto", "events",
	// "budget", "value" or "auth".
	Type string `msgpack:"type" json:"type"`
	// ContractCode is the code of a contract error.
	ContractCode uint32 `msgpack:"contract_code,omitempty" json:"contract_code,omitempty"`
	// Code is the host error code of the other types: "arith_domain", "index_bounds",
	// "invalid_input", "missing_value", "existing_value", "exceeded_limit",
	// "invalid_action", "internal_error", "unexpected_type" or "unexpected_size".
	Code string `msgpack:"code,omitempty" json:"code,omitempty"`
}

// ScInstanceValue is the value of a contract_instance ScVal.
type ScInstanceValue struct {
	// Executable is "wasm", "stellar_asset" or "external_ref".
	Executable    string `msgpack:"executable" json:"executable"`
	WasmHash      string `msgpack:"wasm_hash,omitempty" json:"wasm_hash,omitempty"`
	ExternalOwner string `msgpack:"external_owner,omitempty" json:"external_owner,omitempty"`
	ExternalTag   string `msgpack:"external_tag,omitempty" json:"external_tag,omitempty"`
	// Storage is the instance storage; nil when the XDR option is absent.
	Storage *[]ScMapEntry `msgpack:"storage,omitempty" json:"storage,omitempty"`
}

// scValWire is ScVal with its value left encoded, to be decoded by type.
type scValWire[R any] struct {
	Type  string `msgpack:"type" json:"type"`
	Value R      `msgpack:"value" json:"value"`
	Hex   string `msgpack:"hex" json:"hex"`
}

// DecodeMsgpack reads an ScVal, giving Value the Go type its Type documents.
func (v *ScVal) DecodeMsgpack(dec *msgpack.Decoder) error {
	var w scValWire[msgpack.RawMessage]
	if err := dec.Decode(&w); err != nil {
		return err
	}
	return v.decodeValue(w.Type, w.Hex, len(w.Value) == 0 || (len(w.Value) == 1 && w.Value[0] == msgpcode.Nil),
		func(dst any) error { return msgpack.Unmarshal(w.Value, dst) })
}

// UnmarshalJSON reads an ScVal, giving Value the Go type its Type documents.
func (v *ScVal) UnmarshalJSON(data []byte) error {
	var w scValWire[json.RawMessage]
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	return v.decodeValue(w.Type, w.Hex, len(w.Value) == 0 || string(w.Value) == "null",
		func(dst any) error { return json.Unmarshal(w.Value, dst) })
}

func (v *ScVal) decodeValue(typ, hexBytes string, absent bool, decode func(any) error) error {
	*v = ScVal{Type: typ, Hex: hexBytes}
	if absent {
		return nil
	}
	var err error
	switch typ {
	case ScBool:
		var b bool
		err = decode(&b)
		v.Value = b
	case ScU32:
		var n uint32
		err = decode(&n)
		v.Value = n
	case ScI32:
		var n int32
		err = decode(&n)
		v.Value = n
	case ScU64, ScI64, ScTimepoint, ScDuration, ScU128, ScI128, ScU256, ScI256, ScLedgerKeyNonce,
		ScBytes, ScString, ScSymbol, ScExecutableTag, ScAddress:
		var s string
		err = decode(&s)
		v.Value = s
	case ScVec:
		var vec []ScVal
		err = decode(&vec)
		if vec == nil {
			vec = []ScVal{}
		}
		v.Value = vec
	case ScMap:
		var m []ScMapEntry
		err = decode(&m)
		if m == nil {
			m = []ScMapEntry{}
		}
		v.Value = m
	case ScError:
		var e ScErrorValue
		err = decode(&e)
		v.Value = e
	case ScContractInstance:
		var in ScInstanceValue
		err = decode(&in)
		v.Value = in
	case ScVoid, ScLedgerKeyContractInstance:
		return fmt.Errorf("decode scval: type %q takes no value", typ)
	default:
		return fmt.Errorf("decode scval: unknown type %q", typ)
	}
	if err != nil {
		return fmt.Errorf("decode scval %s: %w", typ, err)
	}
	return nil
}

// EncodeMsgpack writes an ScVal as {type, value, hex}, omitting value only when it is nil
// and hex only when it is empty (a false bool or an empty vec is still written), so that
// decoding gives back the same value.
func (v ScVal) EncodeMsgpack(enc *msgpack.Encoder) error {
	n := 1
	if v.Value != nil {
		n++
	}
	if v.Hex != "" {
		n++
	}
	if err := enc.EncodeMapLen(n); err != nil {
		return err
	}
	if err := encodeKeyString(enc, "type", v.Type); err != nil {
		return err
	}
	if v.Value != nil {
		if err := enc.EncodeString("value"); err != nil {
			return err
		}
		if err := encodeScValue(enc, v.Value); err != nil {
			return err
		}
	}
	if v.Hex != "" {
		return encodeKeyString(enc, "hex", v.Hex)
	}
	return nil
}

// EncodeMsgpack writes a map entry as {key, value}.
func (e ScMapEntry) EncodeMsgpack(enc *msgpack.Encoder) error {
	if err := enc.EncodeMapLen(2); err != nil {
		return err
	}
	if err := enc.EncodeString("key"); err != nil {
		return err
	}
	if err := e.Key.EncodeMsgpack(enc); err != nil {
		return err
	}
	if err := enc.EncodeString("value"); err != nil {
		return err
	}
	return e.Value.EncodeMsgpack(enc)
}

func encodeKeyString(enc *msgpack.Encoder, k, v string) error {
	if err := enc.EncodeString(k); err != nil {
		return err
	}
	return enc.EncodeString(v)
}

func encodeScValue(enc *msgpack.Encoder, value any) error {
	switch x := value.(type) {
	case string:
		return enc.EncodeString(x)
	case bool:
		return enc.EncodeBool(x)
	case uint32:
		return enc.EncodeUint(uint64(x))
	case int32:
		return enc.EncodeInt(int64(x))
	case []ScVal:
		if x == nil {
			return enc.EncodeNil()
		}
		if err := enc.EncodeArrayLen(len(x)); err != nil {
			return err
		}
		for i := range x {
			if err := x[i].EncodeMsgpack(enc); err != nil {
				return err
			}
		}
		return nil
	case []ScMapEntry:
		if err := enc.EncodeArrayLen(len(x)); err != nil {
			return err
		}
		for i := range x {
			if err := x[i].EncodeMsgpack(enc); err != nil {
				return err
			}
		}
		return nil
	default:
		return enc.Encode(x)
	}
}

// EncodeMsgpack writes a ContractEvent with the keys of its tags, without reflection:
// events are most of an invocation's bytes.
func (e ContractEvent) EncodeMsgpack(enc *msgpack.Encoder) error {
	if err := enc.EncodeMapLen(4); err != nil {
		return err
	}
	if err := encodeKeyString(enc, "type", e.Type); err != nil {
		return err
	}
	if err := encodeKeyString(enc, "contract_id", e.ContractID); err != nil {
		return err
	}
	if err := enc.EncodeString("topics"); err != nil {
		return err
	}
	if err := encodeScValue(enc, e.Topics); err != nil {
		return err
	}
	if err := enc.EncodeString("data"); err != nil {
		return err
	}
	return e.Data.EncodeMsgpack(enc)
}

// EncodeMsgpack writes a DiagnosticEvent with the keys of its tags, without reflection.
func (d DiagnosticEvent) EncodeMsgpack(enc *msgpack.Encoder) error {
	if err := enc.EncodeMapLen(2); err != nil {
		return err
	}
	if err := enc.EncodeString("in_successful_contract_call"); err != nil {
		return err
	}
	if err := enc.EncodeBool(d.InSuccessfulContractCall); err != nil {
		return err
	}
	if err := enc.EncodeString("event"); err != nil {
		return err
	}
	return d.Event.EncodeMsgpack(enc)
}

// InvocationEncoder encodes invocations as Marshal does, without reflection and reusing
// its buffer: a ledger streamer encodes thousands a second. One encoder serves one
// goroutine.
type InvocationEncoder struct {
	buf []byte
}

// Encode returns inv's msgpack encoding in a new slice of exactly its size.
func (e *InvocationEncoder) Encode(inv *Invocation) ([]byte, error) {
	b, err := AppendInvocation(e.buf[:0], inv)
	if err != nil {
		return nil, fmt.Errorf("msgpack encode invocation: %w", err)
	}
	e.buf = b
	return bytes.Clone(b), nil
}
