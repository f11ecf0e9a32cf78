package projections

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/vmihailenco/msgpack/v5/msgpcode"

	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// A model's state is stored in KV as a msgpack map keyed by the JSON field names, with
// the fields JSON would leave out (and zero numbers, strings and times) left out too and
// times as msgpack timestamps. A replay writes one state per model, and JSON through
// reflection was the largest cost of writing them; this encoding is written by hand,
// about three quarters of the JSON's size, and reads back into the same Deployment, so
// `chainrelay status` and the HTTP API answer the same JSON. States stored as JSON by earlier versions are still
// read (decodeState tells the two apart by the first byte: '{' is not a msgpack map).

// appendState appends d's stored encoding to b.
func appendState(b []byte, d *Deployment) []byte {
	n := 0
	count := func(present bool) {
		if present {
			n++
		}
	}
	count(d.ModelID != "")
	count(d.Status != "")
	count(d.RequestID != "")
	count(d.CorrelationID != "")
	count(!d.Steps.zero())
	count(d.TokenSymbol != "")
	count(d.TokenName != "")
	count(d.Network != "")
	count(d.ChainID != 0)
	count(d.TokenAddress != "")
	count(d.PredictedAddress != "")
	count(d.Deployer != "")
	count(d.DeployTx != "")
	count(d.DeployBlock != 0)
	count(d.Registry != "")
	count(d.RegistryTx != "")
	count(len(d.Transactions) > 0)
	count(d.GasUsed != 0)
	count(d.GasCostWei != "")
	count(d.Attempts != 0)
	count(d.Duplicates != 0)
	count(d.LastError != nil)
	count(d.LastDuplicate != nil)
	count(d.Requests != nil)
	count(d.Events != 0)
	count(d.Seq != 0)
	count(!d.UpdatedAt.IsZero())

	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "model_id", d.ModelID)
	b = mpKeyStr(b, "status", string(d.Status))
	b = mpKeyStr(b, "request_id", d.RequestID)
	b = mpKeyStr(b, "correlation_id", d.CorrelationID)
	if !d.Steps.zero() {
		b = appendSteps(mpappend.Str(b, "steps"), &d.Steps)
	}
	b = mpKeyStr(b, "token_symbol", d.TokenSymbol)
	b = mpKeyStr(b, "token_name", d.TokenName)
	b = mpKeyStr(b, "network", d.Network)
	b = mpKeyUint(b, "chain_id", d.ChainID)
	b = mpKeyStr(b, "token_address", d.TokenAddress)
	b = mpKeyStr(b, "predicted_address", d.PredictedAddress)
	b = mpKeyStr(b, "deployer", d.Deployer)
	b = mpKeyStr(b, "deploy_tx", d.DeployTx)
	b = mpKeyUint(b, "deploy_block", d.DeployBlock)
	b = mpKeyStr(b, "registry", d.Registry)
	b = mpKeyStr(b, "registry_tx", d.RegistryTx)
	if len(d.Transactions) > 0 {
		b = mpappend.ArrayLen(mpappend.Str(b, "transactions"), len(d.Transactions))
		for i := range d.Transactions {
			b = appendTx(b, &d.Transactions[i])
		}
	}
	b = mpKeyUint(b, "gas_used", d.GasUsed)
	b = mpKeyStr(b, "gas_cost_wei", d.GasCostWei)
	b = mpKeyInt(b, "attempts", d.Attempts)
	b = mpKeyInt(b, "duplicates", d.Duplicates)
	if d.LastError != nil {
		b = appendErrorInfo(mpappend.Str(b, "last_error"), d.LastError)
	}
	if d.LastDuplicate != nil {
		b = appendErrorInfo(mpappend.Str(b, "last_duplicate"), d.LastDuplicate)
	}
	if d.Requests != nil {
		b = mpappend.ArrayLen(mpappend.Str(b, "requests"), len(d.Requests))
		for i := range d.Requests {
			b = appendRequest(b, &d.Requests[i])
		}
	}
	b = mpKeyInt(b, "events", d.Events)
	b = mpKeyUint(b, "seq", d.Seq)
	return mpKeyTime(b, "updated_at", d.UpdatedAt)
}

func (s *Steps) zero() bool { return *s == Steps{} }

func appendSteps(b []byte, s *Steps) []byte {
	ts := [...]time.Time{s.Requested, s.Validated, s.Rejected, s.Submitted, s.Deployed, s.Registered, s.Published, s.Failed, s.Dropped}
	n := 0
	for _, t := range ts {
		if !t.IsZero() {
			n++
		}
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyTime(b, "requested", s.Requested)
	b = mpKeyTime(b, "validated", s.Validated)
	b = mpKeyTime(b, "rejected", s.Rejected)
	b = mpKeyTime(b, "submitted", s.Submitted)
	b = mpKeyTime(b, "deployed", s.Deployed)
	b = mpKeyTime(b, "registered", s.Registered)
	b = mpKeyTime(b, "published", s.Published)
	b = mpKeyTime(b, "failed", s.Failed)
	return mpKeyTime(b, "dropped", s.Dropped)
}

func appendTx(b []byte, t *TxRecord) []byte {
	n := 0
	for _, present := range [...]bool{t.RequestID != "", t.Hash != "", t.Nonce != 0, t.GasLimit != 0, t.GasFeeCap != "",
		t.GasTipCap != "", t.GasPrice != "", !t.SentAt.IsZero(), t.Seq != 0} {
		if present {
			n++
		}
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "request_id", t.RequestID)
	b = mpKeyStr(b, "hash", t.Hash)
	b = mpKeyUint(b, "nonce", t.Nonce)
	b = mpKeyUint(b, "gas_limit", t.GasLimit)
	b = mpKeyStr(b, "gas_fee_cap", t.GasFeeCap)
	b = mpKeyStr(b, "gas_tip_cap", t.GasTipCap)
	b = mpKeyStr(b, "gas_price", t.GasPrice)
	b = mpKeyTime(b, "sent_at", t.SentAt)
	return mpKeyUint(b, "seq", t.Seq)
}

func appendErrorInfo(b []byte, e *ErrorInfo) []byte {
	n := 0
	for _, present := range [...]bool{e.RequestID != "", e.Stage != "", e.Class != "", e.Reason != "", !e.At.IsZero(), e.Seq != 0} {
		if present {
			n++
		}
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "request_id", e.RequestID)
	b = mpKeyStr(b, "stage", e.Stage)
	b = mpKeyStr(b, "class", e.Class)
	b = mpKeyStr(b, "reason", e.Reason)
	b = mpKeyTime(b, "at", e.At)
	return mpKeyUint(b, "seq", e.Seq)
}

func appendRequest(b []byte, r *Request) []byte {
	n := 0
	for _, present := range [...]bool{r.RequestID != "", r.CorrelationID != "", r.Retry != 0, r.Status != "", !r.Steps.zero(),
		r.Duplicate, r.Stage != "", r.Class != "", r.Error != "", r.Deliveries != 0, r.Queue != "", r.DroppedBy != "",
		r.DropReason != "", r.FirstSeq != 0, r.LastSeq != 0} {
		if present {
			n++
		}
	}
	b = mpappend.MapLen(b, n)
	b = mpKeyStr(b, "request_id", r.RequestID)
	b = mpKeyStr(b, "correlation_id", r.CorrelationID)
	b = mpKeyInt(b, "retry", r.Retry)
	b = mpKeyStr(b, "status", string(r.Status))
	if !r.Steps.zero() {
		b = appendSteps(mpappend.Str(b, "steps"), &r.Steps)
	}
	if r.Duplicate {
		b = append(mpappend.Str(b, "duplicate"), msgpcode.True)
	}
	b = mpKeyStr(b, "stage", r.Stage)
	b = mpKeyStr(b, "class", r.Class)
	b = mpKeyStr(b, "error", r.Error)
	b = mpKeyInt(b, "deliveries", r.Deliveries)
	b = mpKeyStr(b, "queue", r.Queue)
	b = mpKeyStr(b, "dropped_by", r.DroppedBy)
	b = mpKeyStr(b, "drop_reason", r.DropReason)
	b = mpKeyUint(b, "first_seq", r.FirstSeq)
	return mpKeyUint(b, "last_seq", r.LastSeq)
}

// mpKey* write a field unless its value is zero.

func mpKeyStr(b []byte, k, v string) []byte {
	if v == "" {
		return b
	}
	return mpappend.Str(mpappend.Str(b, k), v)
}

func mpKeyUint(b []byte, k string, v uint64) []byte {
	if v == 0 {
		return b
	}
	return mpappend.Uint(mpappend.Str(b, k), v)
}

func mpKeyInt(b []byte, k string, v int) []byte {
	if v == 0 {
		return b
	}
	return mpappend.Int(mpappend.Str(b, k), int64(v))
}

func mpKeyTime(b []byte, k string, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	return mpappend.Time(mpappend.Str(b, k), t)
}

// decodeState reads a stored state: msgpack, or JSON as stored before.
func decodeState(b []byte) (Deployment, error) {
	var d Deployment
	if isLegacyJSON(b) {
		if err := json.Unmarshal(b, &d); err != nil {
			return d, fmt.Errorf("decode deployment state (json): %w", err)
		}
		return d, nil
	}
	if err := decodeDeployment(&mpReader{b: b}, &d); err != nil {
		return d, fmt.Errorf("decode deployment state: %w", err)
	}
	return d, nil
}

func isLegacyJSON(b []byte) bool { return len(b) > 0 && b[0] == '{' }

func decodeDeployment(dec *mpReader, d *Deployment) (err error) {
	return dec.fields(func(k []byte) error {
		switch string(k) {
		case "model_id":
			d.ModelID, err = dec.str()
		case "status":
			d.Status, err = decodeStatus(dec)
		case "request_id":
			d.RequestID, err = dec.str()
		case "correlation_id":
			d.CorrelationID, err = dec.str()
		case "steps":
			err = decodeSteps(dec, &d.Steps)
		case "token_symbol":
			d.TokenSymbol, err = dec.str()
		case "token_name":
			d.TokenName, err = dec.str()
		case "network":
			d.Network, err = dec.str()
		case "chain_id":
			d.ChainID, err = dec.uint64()
		case "token_address":
			d.TokenAddress, err = dec.str()
		case "predicted_address":
			d.PredictedAddress, err = dec.str()
		case "deployer":
			d.Deployer, err = dec.str()
		case "deploy_tx":
			d.DeployTx, err = dec.str()
		case "deploy_block":
			d.DeployBlock, err = dec.uint64()
		case "registry":
			d.Registry, err = dec.str()
		case "registry_tx":
			d.RegistryTx, err = dec.str()
		case "transactions":
			d.Transactions, err = decodeArray(dec, decodeTx)
			if len(d.Transactions) == 0 {
				d.Transactions = nil // as JSON's omitempty reads back
			}
		case "gas_used":
			d.GasUsed, err = dec.uint64()
		case "gas_cost_wei":
			d.GasCostWei, err = dec.str()
		case "attempts":
			d.Attempts, err = dec.int()
		case "duplicates":
			d.Duplicates, err = dec.int()
		case "last_error":
			d.LastError, err = decodeErrorInfo(dec)
		case "last_duplicate":
			d.LastDuplicate, err = decodeErrorInfo(dec)
		case "requests":
			d.Requests, err = decodeArray(dec, decodeRequest)
		case "events":
			d.Events, err = dec.int()
		case "seq":
			d.Seq, err = dec.uint64()
		case "updated_at":
			d.UpdatedAt, err = decodeTime(dec)
		default:
			err = dec.skip()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		return nil
	})
}

func decodeStatus(dec *mpReader) (Status, error) {
	s, err := dec.str()
	return Status(s), err
}

// decodeTime reads a timestamp as UTC, as the fold writes them.
func decodeTime(dec *mpReader) (time.Time, error) { return dec.time() }

// decodeArray reads an array (nil for msgpack nil) with one element decoder.
func decodeArray[T any](dec *mpReader, elem func(*mpReader, *T) error) ([]T, error) {
	n, err := dec.arrayLen()
	if err != nil || n < 0 {
		return nil, err
	}
	out := make([]T, n)
	for i := range out {
		if err := elem(dec, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeSteps(dec *mpReader, s *Steps) (err error) {
	return dec.fields(func(k []byte) error {
		var t *time.Time
		switch string(k) {
		case "requested":
			t = &s.Requested
		case "validated":
			t = &s.Validated
		case "rejected":
			t = &s.Rejected
		case "submitted":
			t = &s.Submitted
		case "deployed":
			t = &s.Deployed
		case "registered":
			t = &s.Registered
		case "published":
			t = &s.Published
		case "failed":
			t = &s.Failed
		case "dropped":
			t = &s.Dropped
		default:
			return dec.skip()
		}
		*t, err = decodeTime(dec)
		return err
	})
}

func decodeTx(dec *mpReader, t *TxRecord) (err error) {
	return dec.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			t.RequestID, err = dec.str()
		case "hash":
			t.Hash, err = dec.str()
		case "nonce":
			t.Nonce, err = dec.uint64()
		case "gas_limit":
			t.GasLimit, err = dec.uint64()
		case "gas_fee_cap":
			t.GasFeeCap, err = dec.str()
		case "gas_tip_cap":
			t.GasTipCap, err = dec.str()
		case "gas_price":
			t.GasPrice, err = dec.str()
		case "sent_at":
			t.SentAt, err = decodeTime(dec)
		case "seq":
			t.Seq, err = dec.uint64()
		default:
			err = dec.skip()
		}
		return err
	})
}

func decodeErrorInfo(dec *mpReader) (*ErrorInfo, error) {
	if dec.i < len(dec.b) && dec.b[dec.i] == msgpcode.Nil {
		dec.i++
		return nil, nil
	}
	e := &ErrorInfo{}
	var err error
	return e, dec.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			e.RequestID, err = dec.str()
		case "stage":
			e.Stage, err = dec.str()
		case "class":
			e.Class, err = dec.str()
		case "reason":
			e.Reason, err = dec.str()
		case "at":
			e.At, err = decodeTime(dec)
		case "seq":
			e.Seq, err = dec.uint64()
		default:
			err = dec.skip()
		}
		return err
	})
}

func decodeRequest(dec *mpReader, r *Request) (err error) {
	return dec.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			r.RequestID, err = dec.str()
		case "correlation_id":
			r.CorrelationID, err = dec.str()
		case "retry":
			r.Retry, err = dec.int()
		case "status":
			r.Status, err = decodeStatus(dec)
		case "steps":
			err = decodeSteps(dec, &r.Steps)
		case "duplicate":
			r.Duplicate, err = dec.bool()
		case "stage":
			r.Stage, err = dec.str()
		case "class":
			r.Class, err = dec.str()
		case "error":
			r.Error, err = dec.str()
		case "deliveries":
			r.Deliveries, err = dec.int()
		case "queue":
			r.Queue, err = dec.str()
		case "dropped_by":
			r.DroppedBy, err = dec.str()
		case "drop_reason":
			r.DropReason, err = dec.str()
		case "first_seq":
			r.FirstSeq, err = dec.uint64()
		case "last_seq":
			r.LastSeq, err = dec.uint64()
		default:
			err = dec.skip()
		}
		return err
	})
}
