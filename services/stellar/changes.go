package stellar

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/stellar/go-stellar-sdk/ingest"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// Sources of an ArchiveRestoration.
const (
	restoreByOperation  = "restore_footprint"
	restoreByInvocation = "invoke_host_function"
)

// changes fills the operation's state changes, TTL extensions and archive restorations
// from its ledger entry changes (the SDK pairs each update and removal with the state
// before it).
func (x *ledgerExtraction) changes(tx *ingest.LedgerTransaction, opIndex uint32, opType xdr.OperationType, inv *schemas.Invocation) error {
	var lec *xdr.LedgerEntryChanges
	if x.transcode && x.raw != nil && tx.UnsafeMeta.V == 4 && x.raw[tx.Index-1].changes != nil {
		// The changes were left in XDR (see LedgerEncoder).
		te := &x.raw[tx.Index-1]
		if int(opIndex) >= len(te.changes) {
			return nil
		}
		b, err := x.mpRawChanges(x.chBuf[:0], tx, te.changes[opIndex], opType, inv)
		if err == nil {
			x.chBuf, x.ev.StateChanges = b, b
			return nil
		}
		if !errors.Is(err, errRawUnsupported) {
			return fmt.Errorf("%w: operation changes: %v", ErrBadXDR, err)
		}
		lec = new(xdr.LedgerEntryChanges)
		if err := xdr.SafeUnmarshal(te.changes[opIndex], lec); err != nil {
			return fmt.Errorf("%w: operation changes: %v", ErrBadXDR, err)
		}
	}
	changes, err := x.operationChanges(tx, opIndex, lec)
	if err != nil {
		return fmt.Errorf("%w: operation changes: %v", ErrBadXDR, err)
	}
	if len(changes) == 0 {
		return nil
	}
	restoreSource := restoreByInvocation
	if opType == xdr.OperationTypeRestoreFootprint {
		restoreSource = restoreByOperation
	}
	var (
		ttls []int // indices in changes
		// restorations still waiting for the live-until ledger of their TTL entry
		restored []pendingRestoration
	)
	inv.StateChanges = make([]schemas.StateChange, 0, len(changes))
	for i := range changes {
		c := &changes[i]
		if c.Type == xdr.LedgerEntryTypeTtl {
			ttls = append(ttls, i)
			continue
		}
		sc, err := x.stateChange(c)
		if err != nil {
			return fmt.Errorf("%w: state change %d: %v", ErrBadXDR, i, err)
		}
		inv.StateChanges = append(inv.StateChanges, sc)
		if c.ChangeType == xdr.LedgerEntryChangeTypeLedgerEntryRestored &&
			(c.Type == xdr.LedgerEntryTypeContractData || c.Type == xdr.LedgerEntryTypeContractCode) {
			h, err := x.changeKeyHash(c)
			if err != nil {
				return fmt.Errorf("%w: restored entry %d: %v", ErrBadXDR, i, err)
			}
			restored = append(restored, pendingRestoration{len(inv.ArchiveRestorations), h})
			inv.ArchiveRestorations = append(inv.ArchiveRestorations,
				schemas.ArchiveRestoration{Source: restoreSource, LedgerEntryRef: sc.LedgerEntryRef})
		}
	}
	if len(ttls) == 0 {
		return nil
	}

	footprint, err := x.footprintIndex(tx)
	if err != nil {
		return err
	}
	restoredTTL := map[xdr.Hash]uint32{}
	inv.TTLExtensions = make([]schemas.TTLExtension, 0, len(ttls))
	for i, ci := range ttls {
		c := &changes[ci]
		var pre, post *xdr.TtlEntry
		if c.Pre != nil {
			pre = c.Pre.Data.Ttl
		}
		if c.Post != nil {
			post = c.Post.Data.Ttl
		}
		if (c.Pre != nil && pre == nil) || (c.Post != nil && post == nil) {
			return fmt.Errorf("%w: ttl change %d without ttl entry", ErrBadXDR, i)
		}
		switch c.ChangeType {
		case xdr.LedgerEntryChangeTypeLedgerEntryRestored:
			restoredTTL[post.KeyHash] = uint32(post.LiveUntilLedgerSeq)
		case xdr.LedgerEntryChangeTypeLedgerEntryCreated, xdr.LedgerEntryChangeTypeLedgerEntryUpdated:
			ext := schemas.TTLExtension{
				KeyHash:        hex.EncodeToString(post.KeyHash[:]),
				LedgerEntryRef: footprint[post.KeyHash],
				NewLiveUntil:   uint32(post.LiveUntilLedgerSeq),
			}
			if pre != nil {
				ext.OldLiveUntil = uint32(pre.LiveUntilLedgerSeq)
			}
			inv.TTLExtensions = append(inv.TTLExtensions, ext)
			// Before protocol 23 an archived persistent entry stays in the live state with
			// an expired TTL, and RestoreFootprint restores it by extending that TTL.
			if pre != nil && ext.OldLiveUntil < x.seq && opType == xdr.OperationTypeRestoreFootprint {
				inv.ArchiveRestorations = append(inv.ArchiveRestorations, schemas.ArchiveRestoration{
					Source: restoreByOperation, LedgerEntryRef: ext.LedgerEntryRef, LiveUntil: ext.NewLiveUntil,
				})
			}
		}
	}
	// Protocol 23 restores the TTL entry beside the data or code entry: give each
	// restored entry its live-until ledger.
	for _, r := range restored {
		inv.ArchiveRestorations[r.index].LiveUntil = restoredTTL[r.keyHash]
	}
	return nil
}

type pendingRestoration struct {
	index   int
	keyHash xdr.Hash
}

// entryChange is a ledger entry change paired with the state before it, as
// ingest.Change pairs them, with the LedgerKey XDR it is sorted by.
type entryChange struct {
	Type       xdr.LedgerEntryType
	Pre, Post  *xdr.LedgerEntry
	ChangeType xdr.LedgerEntryChangeType
	key        []byte // nil when not computed
}

// operationChanges is ingest.LedgerTransaction.GetOperationChanges for TxMeta V3 and V4
// without its allocations (a Change is 200 bytes, and sorting marshals every key anew):
// the same changes in the same order, sorted stably by their LedgerKey XDR. Other
// metas go through the SDK.
func (x *ledgerExtraction) operationChanges(tx *ingest.LedgerTransaction, opIndex uint32, decoded *xdr.LedgerEntryChanges) ([]entryChange, error) {
	var lec xdr.LedgerEntryChanges
	switch {
	case decoded != nil:
		lec = *decoded
	case tx.UnsafeMeta.V == 3:
		ops := tx.UnsafeMeta.MustV3().Operations
		if int(opIndex) >= len(ops) {
			return nil, nil
		}
		lec = ops[opIndex].Changes
	case tx.UnsafeMeta.V == 4:
		ops := tx.UnsafeMeta.MustV4().Operations
		if int(opIndex) >= len(ops) {
			return nil, nil
		}
		lec = ops[opIndex].Changes
	default:
		changes, err := tx.GetOperationChanges(opIndex)
		if err != nil {
			return nil, err
		}
		out := make([]entryChange, len(changes))
		for i, c := range changes {
			out[i] = entryChange{Type: c.Type, Pre: c.Pre, Post: c.Post, ChangeType: c.ChangeType}
		}
		return out, nil
	}
	out := x.pairs[:0]
	keys := x.keys[:0]
	for i := range lec {
		ch := &lec[i]
		c := entryChange{ChangeType: ch.Type}
		switch ch.Type {
		case xdr.LedgerEntryChangeTypeLedgerEntryCreated:
			c.Post = ch.Created
		case xdr.LedgerEntryChangeTypeLedgerEntryUpdated, xdr.LedgerEntryChangeTypeLedgerEntryRemoved:
			// Paired with the state before it, or with its restoration in the same
			// transaction (CAP-62).
			if i == 0 {
				return nil, fmt.Errorf("change %d: %v without a state before it", i, ch.Type)
			}
			prev := &lec[i-1]
			switch prev.Type {
			case xdr.LedgerEntryChangeTypeLedgerEntryState:
				c.Pre = prev.State
			case xdr.LedgerEntryChangeTypeLedgerEntryRestored:
				c.Pre = prev.Restored
			default:
				return nil, fmt.Errorf("change %d: %v after %v", i, ch.Type, prev.Type)
			}
			if ch.Type == xdr.LedgerEntryChangeTypeLedgerEntryUpdated {
				c.Post = ch.Updated
			}
		case xdr.LedgerEntryChangeTypeLedgerEntryRestored:
			c.Post = ch.Restored
		case xdr.LedgerEntryChangeTypeLedgerEntryState:
			continue
		default:
			return nil, fmt.Errorf("change %d: unknown type %d", i, ch.Type)
		}
		e := c.Pre
		if e == nil {
			e = c.Post
		}
		if e == nil {
			return nil, fmt.Errorf("change %d: %v without its entry", i, ch.Type)
		}
		c.Type = e.Data.Type
		key, err := e.LedgerKey()
		if err != nil {
			return nil, fmt.Errorf("change %d: %v", i, err)
		}
		kb, err := x.xdrBuf().UnsafeMarshalBinary(&key)
		if err != nil {
			return nil, fmt.Errorf("change %d: %v", i, err)
		}
		start := len(keys)
		keys = append(keys, kb...)
		c.key = keys[start:len(keys):len(keys)]
		out = append(out, c)
	}
	// The arena may have moved while keys were cut from it: cut them from where it is.
	at := 0
	for i := range out {
		n := len(out[i].key)
		out[i].key = keys[at : at+n : at+n]
		at += n
	}
	x.pairs, x.keys = out, keys
	slices.SortStableFunc(out, func(a, b entryChange) int { return bytes.Compare(a.key, b.key) })
	return out, nil
}

// changeKeyHash is keyHash of a change's entry.
func (x *ledgerExtraction) changeKeyHash(c *entryChange) (xdr.Hash, error) {
	if c.key != nil {
		return sha256.Sum256(c.key), nil
	}
	e := c.Pre
	if e == nil {
		e = c.Post
	}
	key, err := e.LedgerKey()
	if err != nil {
		return xdr.Hash{}, err
	}
	return x.keyHash(&key)
}

// keyHash is the SHA-256 of a key's XDR: what a TTL entry names its entry by.
func (x *ledgerExtraction) keyHash(k *xdr.LedgerKey) (xdr.Hash, error) {
	b, err := x.xdrBuf().UnsafeMarshalBinary(k)
	if err != nil {
		return xdr.Hash{}, err
	}
	return sha256.Sum256(b), nil
}

// xdrBuf is the extraction's reusable XDR encoder.
func (x *ledgerExtraction) xdrBuf() *xdr.EncodingBuffer {
	if x.enc == nil {
		x.enc = xdr.NewEncodingBuffer()
	}
	return x.enc
}

// footprintIndex names the entries of the transaction's footprint by the hash their TTL
// entries carry.
func (x *ledgerExtraction) footprintIndex(tx *ingest.LedgerTransaction) (map[xdr.Hash]schemas.LedgerEntryRef, error) {
	var fp xdr.LedgerFootprint
	if x.env != nil && x.env.footprint != nil {
		// Left in XDR (see LedgerEncoder).
		if err := xdr.SafeUnmarshal(x.env.footprint, &fp); err != nil {
			return nil, fmt.Errorf("%w: footprint: %v", ErrBadXDR, err)
		}
	} else {
		data, ok := tx.GetSorobanData()
		if !ok {
			return nil, nil
		}
		fp = data.Resources.Footprint
	}
	idx := make(map[xdr.Hash]schemas.LedgerEntryRef, len(fp.ReadOnly)+len(fp.ReadWrite))
	for _, keys := range [][]xdr.LedgerKey{fp.ReadOnly, fp.ReadWrite} {
		for i := range keys {
			k := &keys[i]
			if k.Type != xdr.LedgerEntryTypeContractData && k.Type != xdr.LedgerEntryTypeContractCode {
				continue // only these have TTLs
			}
			h, err := x.keyHash(k)
			if err != nil {
				return nil, fmt.Errorf("%w: footprint key: %v", ErrBadXDR, err)
			}
			ref, err := x.keyRef(k)
			if err != nil {
				return nil, fmt.Errorf("%w: footprint key: %v", ErrBadXDR, err)
			}
			idx[h] = ref
		}
	}
	return idx, nil
}

func (x *ledgerExtraction) stateChange(c *entryChange) (schemas.StateChange, error) {
	sc := schemas.StateChange{Change: changeName(c.ChangeType)}
	entry := c.Post
	if entry == nil {
		entry = c.Pre
	}
	if entry == nil {
		return sc, fmt.Errorf("change without entry")
	}
	key, err := entry.LedgerKey()
	if err != nil {
		return sc, err
	}
	if sc.LedgerEntryRef, err = x.keyRef(&key); err != nil {
		return sc, err
	}
	switch entry.Data.Type {
	case xdr.LedgerEntryTypeContractData:
		for _, side := range []struct {
			e   *xdr.LedgerEntry
			dst **schemas.ScVal
		}{{c.Pre, &sc.Old}, {c.Post, &sc.New}} {
			if side.e == nil {
				continue
			}
			d, ok := side.e.Data.GetContractData()
			if !ok {
				return sc, fmt.Errorf("contract data entry without data")
			}
			v, err := x.conv.scVal(d.Val)
			if err != nil {
				return sc, err
			}
			*side.dst = &v
		}
	case xdr.LedgerEntryTypeContractCode:
		if c.Pre != nil && c.Pre.Data.ContractCode != nil {
			sc.OldSize = len(c.Pre.Data.ContractCode.Code)
		}
		if c.Post != nil && c.Post.Data.ContractCode != nil {
			sc.NewSize = len(c.Post.Data.ContractCode.Code)
		}
	default:
		if c.Pre != nil {
			if sc.OldEntry, err = x.xdrBuf().MarshalBase64(c.Pre); err != nil {
				return sc, err
			}
		}
		if c.Post != nil {
			if sc.NewEntry, err = x.xdrBuf().MarshalBase64(c.Post); err != nil {
				return sc, err
			}
		}
	}
	return sc, nil
}

// keyRef names a ledger entry by its key.
func (x *ledgerExtraction) keyRef(k *xdr.LedgerKey) (schemas.LedgerEntryRef, error) {
	ref := schemas.LedgerEntryRef{EntryType: entryTypeName(k.Type)}
	var err error
	switch k.Type {
	case xdr.LedgerEntryTypeContractData:
		d := k.ContractData
		if d == nil {
			return ref, fmt.Errorf("contract data key missing")
		}
		if ref.ContractID, err = x.conv.address(d.Contract); err != nil {
			return ref, err
		}
		v, err := x.conv.scVal(d.Key)
		if err != nil {
			return ref, err
		}
		ref.Key = &v
		ref.Durability = durabilityName(d.Durability)
	case xdr.LedgerEntryTypeContractCode:
		if k.ContractCode == nil {
			return ref, fmt.Errorf("contract code key missing")
		}
		ref.WasmHash = hex.EncodeToString(k.ContractCode.Hash[:])
		ref.Durability = "persistent"
	default:
		switch {
		case k.Account != nil:
			ref.Account, err = x.conv.accountID(k.Account.AccountId)
		case k.TrustLine != nil:
			ref.Account, err = x.conv.accountID(k.TrustLine.AccountId)
		}
		if err != nil {
			return ref, err
		}
		if ref.LedgerKey, err = x.xdrBuf().MarshalBase64(k); err != nil {
			return ref, err
		}
	}
	return ref, nil
}

func changeName(t xdr.LedgerEntryChangeType) string {
	switch t {
	case xdr.LedgerEntryChangeTypeLedgerEntryCreated:
		return "created"
	case xdr.LedgerEntryChangeTypeLedgerEntryUpdated:
		return "updated"
	case xdr.LedgerEntryChangeTypeLedgerEntryRemoved:
		return "removed"
	case xdr.LedgerEntryChangeTypeLedgerEntryRestored:
		return "restored"
	}
	return "state"
}

func durabilityName(d xdr.ContractDataDurability) string {
	if d == xdr.ContractDataDurabilityTemporary {
		return "temporary"
	}
	return "persistent"
}

func entryTypeName(t xdr.LedgerEntryType) string {
	switch t {
	case xdr.LedgerEntryTypeContractData:
		return "contract_data"
	case xdr.LedgerEntryTypeContractCode:
		return "contract_code"
	case xdr.LedgerEntryTypeAccount:
		return "account"
	case xdr.LedgerEntryTypeTrustline:
		return "trustline"
	case xdr.LedgerEntryTypeTtl:
		return "ttl"
	}
	return snakeEnum(t.String(), "LedgerEntryType")
}
