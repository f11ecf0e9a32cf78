package stellar

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/stellar/go-stellar-sdk/ingest"
	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// The functions below write an operation's state changes straight from its
// LedgerEntryChanges XDR to msgpack, as changes and schemas.AppendInvocation would write
// them, for the entries a Soroban operation mostly changes: contract data, TTL and
// account entries. Anything else (other entry types, restorations, RestoreFootprint
// operations) is left to changes on the decoded entries: errRawUnsupported.

var errRawUnsupported = errors.New("changes not transcoded")

// rawChange is one LedgerEntryChange in XDR.
type rawChange struct {
	changeType xdr.LedgerEntryChangeType
	entryType  xdr.LedgerEntryType
	entry      rawEntry // the entry (STATE, CREATED, UPDATED), or its key (REMOVED)
}

// rawPair is a change paired with the state before it, as in operationChanges: small,
// for sorting.
type rawPair struct {
	changeType xdr.LedgerEntryChangeType
	entryType  xdr.LedgerEntryType
	pre, post  *rawEntry
	key        []byte // the LedgerKey XDR the SDK sorts by: the entry before's, else this one's
}

// rawEntry is a LedgerEntry's XDR with what a state change shows of it.
type rawEntry struct {
	xdr   []byte
	key   []byte // LedgerKey XDR
	keyAt span   // the key's place in the extraction's keys while they are written
	// owner is a contract data entry's contract, or an account entry's account, as a
	// strkey.
	owner      string
	durability xdr.ContractDataDurability
	// keyMP and valMP are a contract data entry's key and value in msgpack, in the
	// extraction's scratch.
	keyMP     span
	valMP     span
	ttlHash   xdr.Hash
	liveUntil uint32
}

type span struct{ start, end int }

// mpRawChanges writes the state_changes section of an operation from its changes' XDR
// and sets inv's TTL extensions, or returns errRawUnsupported before writing anything.
func (x *ledgerExtraction) mpRawChanges(b []byte, tx *ingest.LedgerTransaction, lec []byte, opType xdr.OperationType, inv *schemas.Invocation) ([]byte, error) {
	if opType == xdr.OperationTypeRestoreFootprint {
		return b, errRawUnsupported
	}
	r := xdrReader{b: lec}
	n := r.count(8)
	if r.err != nil {
		return b, r.err
	}
	all := x.rawChanges[:0]
	keys := x.keys[:0]
	x.scratch = x.scratch[:0]
	for i := 0; i < n; i++ {
		c := rawChange{changeType: xdr.LedgerEntryChangeType(r.u32())}
		if r.err != nil {
			return b, r.err
		}
		var err error
		c.entry.keyAt.start = len(keys)
		switch c.changeType {
		case xdr.LedgerEntryChangeTypeLedgerEntryCreated, xdr.LedgerEntryChangeTypeLedgerEntryUpdated,
			xdr.LedgerEntryChangeTypeLedgerEntryState:
			c.entryType, keys, err = x.scanEntry(&r, &c.entry, keys)
		case xdr.LedgerEntryChangeTypeLedgerEntryRemoved:
			keys, err = x.scanKey(&r, keys)
		case xdr.LedgerEntryChangeTypeLedgerEntryRestored:
			return b, errRawUnsupported
		default:
			return b, fmt.Errorf("change %d: unknown type %d", i, c.changeType)
		}
		if err == nil {
			err = r.err
		}
		if err != nil {
			return b, err
		}
		c.entry.keyAt.end = len(keys)
		all = append(all, c)
	}
	if err := r.end(); err != nil {
		return b, err
	}
	x.rawChanges, x.keys = all, keys
	for i := range all {
		e := &all[i].entry
		e.key = keys[e.keyAt.start:e.keyAt.end:e.keyAt.end]
	}
	// Pair as operationChanges does.
	out := x.rawPairs[:0]
	for i := range all {
		c := rawPair{changeType: all[i].changeType, entryType: all[i].entryType}
		switch c.changeType {
		case xdr.LedgerEntryChangeTypeLedgerEntryState:
			continue
		case xdr.LedgerEntryChangeTypeLedgerEntryCreated:
			c.post = &all[i].entry
		case xdr.LedgerEntryChangeTypeLedgerEntryUpdated, xdr.LedgerEntryChangeTypeLedgerEntryRemoved:
			if i == 0 || all[i-1].changeType != xdr.LedgerEntryChangeTypeLedgerEntryState {
				return b, fmt.Errorf("change %d: %v without a state before it", i, c.changeType)
			}
			c.pre = &all[i-1].entry
			if c.changeType == xdr.LedgerEntryChangeTypeLedgerEntryUpdated {
				if c.entryType != all[i-1].entryType {
					return b, errRawUnsupported // inconsistent: left to the decoded path
				}
				c.post = &all[i].entry
			}
			c.entryType = all[i-1].entryType
		}
		if c.pre != nil {
			c.key = c.pre.key
		} else {
			c.key = c.post.key
		}
		out = append(out, c)
	}
	x.rawPairs = out
	slices.SortStableFunc(out, func(a, b rawPair) int { return bytes.Compare(a.key, b.key) })

	nState, nTTL := 0, 0
	for i := range out {
		if out[i].entryType == xdr.LedgerEntryTypeTtl {
			nTTL++
		} else {
			nState++
		}
	}
	if nTTL > 0 && x.env != nil && x.env.footprint != nil {
		ttl, err := x.mpTTLExtensions(x.ttlBuf[:0], tx.Index, out)
		if err != nil {
			return b, err
		}
		x.ttlBuf, x.ev.TTLExtensions = ttl, ttl
	} else if nTTL > 0 {
		footprint, err := x.footprintIndex(tx)
		if err != nil {
			return b, err
		}
		inv.TTLExtensions = make([]schemas.TTLExtension, 0, nTTL)
		for i := range out {
			c := &out[i]
			if c.entryType != xdr.LedgerEntryTypeTtl || c.post == nil {
				continue // a removed TTL entry is not an extension
			}
			ext := schemas.TTLExtension{
				KeyHash:        hex.EncodeToString(c.post.ttlHash[:]),
				LedgerEntryRef: footprint[c.post.ttlHash],
				NewLiveUntil:   c.post.liveUntil,
			}
			if c.pre != nil {
				ext.OldLiveUntil = c.pre.liveUntil
			}
			inv.TTLExtensions = append(inv.TTLExtensions, ext)
		}
	}
	b = mpappend.ArrayLen(b, nState)
	for i := range out {
		c := &out[i]
		if c.entryType == xdr.LedgerEntryTypeTtl {
			continue
		}
		b = x.mpStateChange(b, c)
	}
	return b, nil
}

func (x *ledgerExtraction) mpStateChange(b []byte, c *rawPair) []byte {
	side := c.post
	if side == nil {
		side = c.pre
	}
	switch c.entryType {
	case xdr.LedgerEntryTypeContractData:
		b = mpChangeHead(b, c, 5, "contract_data")
		b = mpKeyStr(b, "contract_id", side.owner)
		b = append(mpappend.Str(b, "key"), x.scratch[side.keyMP.start:side.keyMP.end]...)
		b = mpKeyStr(b, "durability", durabilityName(side.durability))
		if c.pre != nil {
			b = append(mpappend.Str(b, "old"), x.scratch[c.pre.valMP.start:c.pre.valMP.end]...)
		}
		if c.post != nil {
			b = append(mpappend.Str(b, "new"), x.scratch[c.post.valMP.start:c.post.valMP.end]...)
		}
		return b
	default: // account: scanEntry lets no other type through
		b = mpChangeHead(b, c, 4, "account")
		b = mpKeyStr(b, "account", side.owner)
		b = mpBase64(mpappend.Str(b, "ledger_key"), side.key)
		if c.pre != nil {
			b = mpBase64(mpappend.Str(b, "old_entry"), c.pre.xdr)
		}
		if c.post != nil {
			b = mpBase64(mpappend.Str(b, "new_entry"), c.post.xdr)
		}
		return b
	}
}

// mpChangeHead starts the map of state change c: its length (fields, and c's old and
// new sides where it has them), then its change and entry type.
func mpChangeHead(b []byte, c *rawPair, fields int, entryType string) []byte {
	if c.pre != nil {
		fields++
	}
	if c.post != nil {
		fields++
	}
	b = mpappend.MapLen(b, fields)
	b = mpKeyStr(b, "change", changeName(c.changeType))
	return mpKeyStr(b, "entry_type", entryType)
}

func mpBase64(b, v []byte) []byte {
	return base64.StdEncoding.AppendEncode(mpappend.StrLen(b, base64.StdEncoding.EncodedLen(len(v))), v)
}

// scanEntry reads a LedgerEntry, refusing what decoding refuses, and appends its
// LedgerKey XDR to keys; errRawUnsupported for types it leaves to
// the SDK.
func (x *ledgerExtraction) scanEntry(r *xdrReader, e *rawEntry, keys []byte) (xdr.LedgerEntryType, []byte, error) {
	start := r.off
	r.u32() // lastModifiedLedgerSeq
	t := xdr.LedgerEntryType(r.u32())
	if r.err != nil {
		return t, keys, r.err
	}
	var err error
	switch t {
	case xdr.LedgerEntryTypeAccount:
		keys, err = x.scanAccount(r, e, keys)
	case xdr.LedgerEntryTypeContractData:
		if ext := r.u32(); ext != 0 && r.err == nil {
			return t, keys, fmt.Errorf("contract data extension %d", ext)
		}
		keys, err = x.scanDataKey(r, e, keys)
		if err == nil {
			e.valMP.start = len(x.scratch)
			x.scratch, err = x.conv.mpScVal(x.scratch, r, 1)
			e.valMP.end = len(x.scratch)
		}
	case xdr.LedgerEntryTypeTtl:
		copy(e.ttlHash[:], r.fixed(32))
		e.liveUntil = r.u32()
		keys = binary.BigEndian.AppendUint32(keys, uint32(t))
		keys = append(keys, e.ttlHash[:]...)
	default:
		return t, keys, errRawUnsupported
	}
	if err != nil {
		return t, keys, err
	}
	// LedgerEntry ext: v0, or v1 with an optional sponsor and an empty extension.
	switch v := r.u32(); {
	case r.err != nil:
	case v == 1:
		if r.bool() {
			r.accountID()
		}
		if v := r.u32(); v != 0 && r.err == nil {
			return t, keys, fmt.Errorf("ledger entry extension v1 extension %d", v)
		}
	case v != 0:
		return t, keys, fmt.Errorf("ledger entry extension %d", v)
	}
	if r.err != nil {
		return t, keys, r.err
	}
	e.xdr = r.b[start:r.off:r.off]
	return t, keys, nil
}

// scanDataKey reads a contract data entry's or key's contract, key and durability, and
// appends the LedgerKey.
func (x *ledgerExtraction) scanDataKey(r *xdrReader, e *rawEntry, keys []byte) ([]byte, error) {
	from := r.off
	a, err := x.conv.rawAddress(r)
	if err != nil {
		return keys, err
	}
	e.owner = a.s
	e.keyMP.start = len(x.scratch)
	if x.scratch, err = x.conv.mpScVal(x.scratch, r, 1); err != nil {
		return keys, err
	}
	e.keyMP.end = len(x.scratch)
	e.durability = xdr.ContractDataDurability(r.u32())
	if r.err != nil {
		return keys, r.err
	}
	if e.durability != xdr.ContractDataDurabilityTemporary && e.durability != xdr.ContractDataDurabilityPersistent {
		return keys, fmt.Errorf("contract data durability %d", e.durability)
	}
	keys = binary.BigEndian.AppendUint32(keys, uint32(xdr.LedgerEntryTypeContractData))
	return append(keys, r.b[from:r.off]...), nil
}

// scanKey reads a LedgerKey (of a removed entry) and appends it.
func (x *ledgerExtraction) scanKey(r *xdrReader, keys []byte) ([]byte, error) {
	var e rawEntry
	switch t := xdr.LedgerEntryType(r.u32()); {
	case r.err != nil:
		return keys, r.err
	case t == xdr.LedgerEntryTypeAccount:
		from := r.off
		r.accountID()
		keys = binary.BigEndian.AppendUint32(keys, uint32(t))
		return append(keys, r.b[from:r.off]...), r.err
	case t == xdr.LedgerEntryTypeContractData:
		return x.scanDataKey(r, &e, keys)
	case t == xdr.LedgerEntryTypeTtl:
		h := r.fixed(32)
		keys = binary.BigEndian.AppendUint32(keys, uint32(t))
		return append(keys, h...), r.err
	}
	return keys, errRawUnsupported
}

// accountID reads an AccountID (an Ed25519 PublicKey) and returns its key.
func (r *xdrReader) accountID() [32]byte {
	if t := r.u32(); t != uint32(xdr.PublicKeyTypePublicKeyTypeEd25519) && r.err == nil {
		r.fail(fmt.Errorf("public key type %d", t))
	}
	return r.hash()
}

// scanAccount reads an AccountEntry and appends its LedgerKey.
func (x *ledgerExtraction) scanAccount(r *xdrReader, e *rawEntry, keys []byte) ([]byte, error) {
	from := r.off
	id := r.accountID()
	if r.err != nil {
		return keys, r.err
	}
	keys = binary.BigEndian.AppendUint32(keys, uint32(xdr.LedgerEntryTypeAccount))
	keys = append(keys, r.b[from:r.off]...)
	var err error
	if e.owner, err = x.conv.strkey(strkey.VersionByteAccountID, id); err != nil {
		return keys, err
	}
	r.u64() // balance
	r.u64() // seqNum
	r.u32() // numSubEntries
	if r.bool() {
		r.accountID() // inflationDest
	}
	r.u32()      // flags
	r.opaque(32) // homeDomain
	r.fixed(4)   // thresholds
	n := r.u32() // signers
	if n > 20 && r.err == nil {
		return keys, fmt.Errorf("%d signers", n)
	}
	for i := uint32(0); i < n && r.err == nil; i++ {
		switch t := xdr.SignerKeyType(r.u32()); t {
		case xdr.SignerKeyTypeSignerKeyTypeEd25519, xdr.SignerKeyTypeSignerKeyTypePreAuthTx, xdr.SignerKeyTypeSignerKeyTypeHashX:
			r.fixed(32)
		case xdr.SignerKeyTypeSignerKeyTypeEd25519SignedPayload:
			r.fixed(32)
			r.opaque(64)
		default:
			if r.err == nil {
				return keys, fmt.Errorf("signer key type %d", t)
			}
		}
		r.u32() // weight
	}
	// Extensions: v1 (liabilities), within it v2 (sponsorships), within it v3.
	switch v := r.u32(); {
	case r.err != nil || v == 0:
		return keys, r.err
	case v != 1:
		return keys, fmt.Errorf("account extension %d", v)
	}
	r.u64() // buying liabilities
	r.u64() // selling liabilities
	switch v := r.u32(); {
	case r.err != nil || v == 0:
		return keys, r.err
	case v != 2:
		return keys, fmt.Errorf("account extension v1 extension %d", v)
	}
	r.u32() // numSponsored
	r.u32() // numSponsoring
	n = r.u32()
	if n > 20 && r.err == nil {
		return keys, fmt.Errorf("%d signer sponsoring ids", n)
	}
	for i := uint32(0); i < n && r.err == nil; i++ {
		if r.bool() {
			r.accountID()
		}
	}
	switch v := r.u32(); {
	case r.err != nil || v == 0:
		return keys, r.err
	case v != 3:
		return keys, fmt.Errorf("account extension v2 extension %d", v)
	}
	if v := r.u32(); v != 0 && r.err == nil { // ExtensionPoint
		return keys, fmt.Errorf("account extension v3 extension %d", v)
	}
	r.u32() // seqLedger
	r.u64() // seqTime
	return keys, r.err
}

// footprintKey is a contract data or code key of a transaction's footprint kept in
// XDR: its place there and, once computed (hashed), the hash a TTL entry names it by.
type footprintKey struct {
	hash     xdr.Hash
	hashed   bool
	from, to int // in rawEnvelope.footprint
}

// mpTTLExtensions writes the ttl_extensions section of an operation's paired changes,
// naming each entry through the transaction's footprint in XDR as changes does through
// footprintIndex.
func (x *ledgerExtraction) mpTTLExtensions(b []byte, txIndex uint32, out []rawPair) ([]byte, error) {
	if x.fpTx != txIndex {
		if err := x.indexFootprint(); err != nil {
			return b, err
		}
		x.fpTx = txIndex
	}
	n := 0
	for i := range out {
		if out[i].entryType == xdr.LedgerEntryTypeTtl && out[i].post != nil {
			n++
		}
	}
	b = mpappend.ArrayLen(b, n)
	for i := range out {
		c := &out[i]
		if c.entryType != xdr.LedgerEntryTypeTtl || c.post == nil {
			continue // a removed TTL entry is not an extension
		}
		key := x.footprintKey(c.post.ttlHash)
		var err error
		switch {
		case key == nil:
			b = mpappend.MapLen(b, 4)
			b = mpHex(mpappend.Str(b, "key_hash"), c.post.ttlHash[:])
			b = mpKeyStr(b, "entry_type", "")
		case binary.BigEndian.Uint32(key) == uint32(xdr.LedgerEntryTypeContractCode):
			b = mpappend.MapLen(b, 6)
			b = mpHex(mpappend.Str(b, "key_hash"), c.post.ttlHash[:])
			b = mpKeyStr(b, "entry_type", "contract_code")
			b = mpKeyStr(b, "durability", "persistent")
			b = mpHex(mpappend.Str(b, "wasm_hash"), key[4:])
		default: // contract data
			r := xdrReader{b: key, off: 4}
			a, aerr := x.conv.rawAddress(&r)
			if aerr != nil {
				return b, fmt.Errorf("footprint key: %v", aerr)
			}
			b = mpappend.MapLen(b, 7)
			b = mpHex(mpappend.Str(b, "key_hash"), c.post.ttlHash[:])
			b = mpKeyStr(b, "entry_type", "contract_data")
			b = mpKeyStr(b, "contract_id", a.s)
			if b, err = x.conv.mpScVal(mpappend.Str(b, "key"), &r, 1); err != nil {
				return b, fmt.Errorf("footprint key: %v", err)
			}
			b = mpKeyStr(b, "durability", durabilityName(xdr.ContractDataDurability(r.u32())))
			if err := r.end(); err != nil {
				return b, fmt.Errorf("footprint key: %v", err)
			}
		}
		var old uint32
		if c.pre != nil {
			old = c.pre.liveUntil
		}
		b = mpappend.Uint(mpappend.Str(b, "old_live_until"), uint64(old))
		b = mpappend.Uint(mpappend.Str(b, "new_live_until"), uint64(c.post.liveUntil))
	}
	return b, nil
}

// footprintKey is the key of the current transaction's footprint whose hash is h, nil
// when none is. Keys are hashed in footprint order as far as lookups need.
func (x *ledgerExtraction) footprintKey(h xdr.Hash) []byte {
	fp := x.env.footprint
	for i := range x.fpKeys {
		k := &x.fpKeys[i]
		if !k.hashed {
			k.hash, k.hashed = sha256.Sum256(fp[k.from:k.to]), true
		}
		if k.hash == h {
			return fp[k.from:k.to]
		}
	}
	return nil
}

// indexFootprint locates the contract data and code keys of the current transaction's
// footprint (validated when it was located).
func (x *ledgerExtraction) indexFootprint() error {
	keys := x.fpKeys[:0]
	fp := x.env.footprint
	off := 0
	for _, arr := range [2][]byte{x.env.readOnly, x.env.readWrite} {
		r := xdrReader{b: arr}
		n := r.count(4)
		if r.err != nil {
			return r.err
		}
		off += 4
		for i := 0; i < n; i++ {
			k, err := xdr.LedgerKeyView(fp[off:]).Raw()
			if err != nil {
				return fmt.Errorf("footprint key: %v", err)
			}
			switch xdr.LedgerEntryType(binary.BigEndian.Uint32(k)) {
			case xdr.LedgerEntryTypeContractData, xdr.LedgerEntryTypeContractCode:
				keys = append(keys, footprintKey{from: off, to: off + len(k)})
			}
			off += len(k)
		}
	}
	x.fpKeys = keys
	if off != len(fp) {
		return fmt.Errorf("footprint: %d bytes left over", len(fp)-off)
	}
	return nil
}

// mpHex writes bytes as a lower-case hex string.
func mpHex(b, v []byte) []byte {
	return hex.AppendEncode(mpappend.StrLen(b, hex.EncodedLen(len(v))), v)
}
