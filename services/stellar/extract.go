package stellar

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/stellar/go-stellar-sdk/ingest"
	"github.com/stellar/go-stellar-sdk/network"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// Known network passphrases and the short names chainrelay uses for them in subjects.
var knownNetworks = map[string]string{
	network.PublicNetworkPassphrase:      "pubnet",
	network.TestNetworkPassphrase:        "testnet",
	network.FutureNetworkPassphrase:      "futurenet",
	"Standalone Network ; February 2017": "standalone",
}

// NetworkName is the short name of a well-known passphrase ("pubnet", "testnet",
// "futurenet", "standalone"), or "" for any other.
func NetworkName(passphrase string) string { return knownNetworks[passphrase] }

// ExtractorConfig configures an Extractor.
type ExtractorConfig struct {
	// Passphrase is the network passphrase; transaction hashes and contract ids depend
	// on it.
	Passphrase string
	// Network is the short network name written in events and subjects. Empty means
	// NetworkName(Passphrase), which must then be known.
	Network string
}

// Check reports a config that cannot work.
func (c ExtractorConfig) Check() error {
	if c.Passphrase == "" {
		return errors.New("extractor config: empty network passphrase")
	}
	if c.Network == "" && NetworkName(c.Passphrase) == "" {
		return fmt.Errorf("extractor config: no network name given for passphrase %q", c.Passphrase)
	}
	return nil
}

// Extractor turns LedgerCloseMeta into invocations. It holds no mutable state: one
// Extractor serves any number of goroutines.
type Extractor struct {
	network    string
	passphrase string
	networkID  xdr.Hash
}

// NewExtractor checks cfg and returns an Extractor.
func NewExtractor(cfg ExtractorConfig) (*Extractor, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	name := cfg.Network
	if name == "" {
		name = NetworkName(cfg.Passphrase)
	}
	return &Extractor{network: name, passphrase: cfg.Passphrase, networkID: network.ID(cfg.Passphrase)}, nil
}

// Network is the short network name the Extractor writes.
func (e *Extractor) Network() string { return e.network }

// Passphrase is the network passphrase.
func (e *Extractor) Passphrase() string { return e.passphrase }

// Ledger returns every Soroban operation of a ledger (InvokeHostFunction,
// RestoreFootprint, ExtendFootprintTTL) in application order. An error is a *LedgerError
// naming the ledger; it wraps ErrBadXDR when the meta is inconsistent.
func (e *Extractor) Ledger(lcm xdr.LedgerCloseMeta) (out []schemas.Invocation, err error) {
	seq := uint32(0)
	defer func() {
		// The SDK's helpers panic on meta that decoded but does not hold together.
		if r := recover(); r != nil {
			out, err = nil, &LedgerError{Ledger: seq, Err: fmt.Errorf("%w: %v", ErrBadXDR, r)}
		}
	}()
	seq = lcm.LedgerSequence()
	out, err = e.ledger(lcm)
	if err != nil {
		var le *LedgerError
		if !errors.As(err, &le) {
			err = &LedgerError{Ledger: seq, Err: err}
		}
		return nil, err
	}
	return out, nil
}

func (e *Extractor) ledger(lcm xdr.LedgerCloseMeta) ([]schemas.Invocation, error) {
	return e.ledgerWith(lcm, nil, nil)
}

// ledgerWith extracts a ledger; raw, when not nil, holds each transaction's events in
// XDR (in application order), the decoded metas having none, and hashes the envelopes'
// hashes in transaction set order (see RawLedger).
func (e *Extractor) ledgerWith(lcm xdr.LedgerCloseMeta, raw []rawTxEvents, hashes []xdr.Hash) ([]schemas.Invocation, error) {
	x := ledgerExtraction{e: e, conv: &converter{}}
	var out []schemas.Invocation
	err := x.run(lcm, raw, hashes, func(inv *schemas.Invocation) error {
		out = append(out, *inv)
		return nil
	})
	return out, err
}

// run extracts a ledger as ledgerWith does, handing each invocation to emit in
// application order; emit must not keep it.
func (x *ledgerExtraction) run(lcm xdr.LedgerCloseMeta, raw []rawTxEvents, hashes []xdr.Hash, emit func(*schemas.Invocation) error) error {
	n := lcm.CountTransactions()
	if n == 0 {
		return nil
	}
	x.seq, x.closedAt, x.protocol, x.raw = lcm.LedgerSequence(), lcm.ClosedAt(), lcm.ProtocolVersion(), raw
	x.fpTx = 0
	// Results and metas are in application order, envelopes in transaction set order:
	// they are paired by hash, as ingest.LedgerTransactionReader pairs them, but hashed
	// with one reusable XDR buffer instead of a new one per envelope.
	envs := lcm.TransactionEnvelopes()
	if hashes != nil && len(hashes) != len(envs) {
		return fmt.Errorf("%w: %d envelopes, %d hashed", ErrBadXDR, len(envs), len(hashes))
	}
	byHash := make(map[xdr.Hash]int, len(envs))
	for i := range envs {
		if hashes != nil {
			byHash[hashes[i]] = i
			continue
		}
		h, err := x.txHash(&envs[i])
		if err != nil {
			return fmt.Errorf("%w: hash transaction %d of the set: %v", ErrBadXDR, i, err)
		}
		byHash[h] = i
	}
	if x.rawEnvs != nil && len(x.rawEnvs) != len(envs) {
		return fmt.Errorf("%w: %d envelopes, %d located", ErrBadXDR, len(envs), len(x.rawEnvs))
	}
	visited := make([]bool, len(x.rawEnvs))
	v2, isV2 := lcm.GetV2()
	for i := 0; i < n; i++ {
		hash := lcm.TransactionHash(i)
		k, ok := byHash[hash]
		if !ok {
			return fmt.Errorf("%w: transaction %x has a result but no envelope", ErrBadXDR, hash[:])
		}
		var renv *rawEnvelope
		if x.rawEnvs != nil {
			renv = &x.rawEnvs[k]
			visited[k] = true
		}
		x.env = renv
		tx := ingest.LedgerTransaction{
			Index:         uint32(i + 1),
			Envelope:      envs[k],
			Result:        lcm.TransactionResultPair(i),
			UnsafeMeta:    lcm.TxApplyProcessing(i),
			FeeChanges:    lcm.FeeProcessing(i),
			LedgerVersion: x.protocol,
			Ledger:        lcm,
			Hash:          hash,
		}
		if isV2 {
			tx.PostTxApplyFeeChanges = v2.TxProcessing[i].PostTxApplyFeeProcessing
		}
		ops := tx.Envelope.Operations()
		if raw != nil {
			if err := validateUnread(&raw[i], ops); err != nil {
				return fmt.Errorf("%w: tx %x: %v", ErrBadXDR, tx.Hash[:], err)
			}
		}
		for j := range ops {
			if !isSorobanOp(ops[j].Body.Type) {
				continue
			}
			x.op = nil
			if renv != nil && j < len(renv.ops) && renv.ops[j].args != nil {
				x.op = &renv.ops[j]
			}
			inv, err := x.operation(&tx, uint32(j), &ops[j])
			if err != nil {
				return fmt.Errorf("tx %x op %d: %w", tx.Hash[:], j, err)
			}
			if err := emit(&inv); err != nil {
				return err
			}
		}
	}
	// Calls of envelopes without a result were emptied but not read: check them as
	// decoding them would have.
	for k, seen := range visited {
		if seen {
			continue
		}
		for j, op := range x.rawEnvs[k].ops {
			if op.args == nil {
				continue
			}
			if err := xdr.InvokeContractArgsArgsView(op.args).ValidateFull(); err != nil {
				return fmt.Errorf("%w: transaction %d of the set, operation %d: %v", ErrBadXDR, k, j, err)
			}
			if err := xdr.InvokeHostFunctionOpAuthView(op.auth).ValidateFull(); err != nil {
				return fmt.Errorf("%w: transaction %d of the set, operation %d: %v", ErrBadXDR, k, j, err)
			}
		}
	}
	return nil
}

// txHash is the network hash of an envelope's transaction, what the results name it by.
func (x *ledgerExtraction) txHash(env *xdr.TransactionEnvelope) (xdr.Hash, error) {
	p := xdr.TransactionSignaturePayload{NetworkId: x.e.networkID}
	switch {
	case env.Type == xdr.EnvelopeTypeEnvelopeTypeTx && env.V1 != nil:
		p.TaggedTransaction = xdr.TransactionSignaturePayloadTaggedTransaction{Type: env.Type, Tx: &env.V1.Tx}
	case env.Type == xdr.EnvelopeTypeEnvelopeTypeTxFeeBump && env.FeeBump != nil:
		p.TaggedTransaction = xdr.TransactionSignaturePayloadTaggedTransaction{Type: env.Type, FeeBump: &env.FeeBump.Tx}
	default:
		// V0 envelopes (before protocol 13) are hashed as V1 transactions: the SDK
		// converts them.
		return network.HashTransactionInEnvelope(*env, x.e.passphrase)
	}
	b, err := x.xdrBuf().UnsafeMarshalBinary(&p)
	if err != nil {
		return xdr.Hash{}, err
	}
	return sha256.Sum256(b), nil
}

func isSorobanOp(t xdr.OperationType) bool {
	return t == xdr.OperationTypeInvokeHostFunction || t == xdr.OperationTypeRestoreFootprint ||
		t == xdr.OperationTypeExtendFootprintTtl
}

// ledgerExtraction is the state of one Ledger call, or of a LedgerEncoder between
// ledgers.
type ledgerExtraction struct {
	e        *Extractor
	seq      uint32
	closedAt time.Time
	protocol uint32
	conv     *converter
	enc      *xdr.EncodingBuffer
	raw      []rawTxEvents
	// rawEnvs are the envelopes' contract calls kept in XDR (LedgerEncoder), in
	// transaction set order; op is the current operation's.
	rawEnvs []rawEnvelope
	env     *rawEnvelope
	op      *rawOp
	// fpTx is the 1-based index of the transaction whose footprint keys fpKeys holds
	// (TTL extensions name entries through them).
	fpTx   uint32
	fpKeys []footprintKey
	ttlBuf []byte

	// transcode has raw events and changes written straight to msgpack instead of
	// converted: the sections of the current operation are then in ev (events as the
	// split transcoded them, state changes in chBuf).
	transcode bool
	ev        schemas.EncodedSections

	// pairs and keys are operationChanges' scratch: the changes and their keys' XDR.
	pairs []entryChange
	keys  []byte
	// callBuf holds the arguments, auth_entries and sub_invocations sections,
	// subBuf the sub-invocations while they are written, discard what is read only to
	// be checked.
	callBuf []byte
	subBuf  []byte
	discard []byte
	// rawChanges, rawPairs and scratch are mpRawChanges' (scratch holds msgpack of
	// contract data keys and values); chBuf holds the state_changes section.
	rawChanges []rawChange
	rawPairs   []rawPair
	scratch    []byte
	chBuf      []byte
}

func (x *ledgerExtraction) operation(tx *ingest.LedgerTransaction, opIndex uint32, op *xdr.Operation) (schemas.Invocation, error) {
	x.ev = schemas.EncodedSections{}
	fee, _ := tx.FeeCharged()
	inv := schemas.Invocation{
		Network:         x.e.network,
		Ledger:          x.seq,
		ClosedAt:        x.closedAt,
		ProtocolVersion: x.protocol,
		TxHash:          hex.EncodeToString(tx.Hash[:]),
		TxIndex:         tx.Index,
		OpIndex:         opIndex,
		FeeCharged:      fee,
		FeeBump:         tx.Envelope.IsFeeBump(),
		// Empty, not nil: every key is in the JSON form, as "[]".
		Arguments:           []schemas.ScVal{},
		ContractEvents:      []schemas.ContractEvent{},
		DiagnosticEvents:    []schemas.DiagnosticEvent{},
		TransactionEvents:   []schemas.TransactionEvent{},
		AuthEntries:         []schemas.AuthEntry{},
		SubInvocations:      []schemas.AuthorizedInvocation{},
		StateChanges:        []schemas.StateChange{},
		TTLExtensions:       []schemas.TTLExtension{},
		ArchiveRestorations: []schemas.ArchiveRestoration{},
	}
	inv.ResultCode, inv.Successful = resultCode(tx, opIndex)

	source := tx.Envelope.SourceAccount()
	if op.SourceAccount != nil {
		source = *op.SourceAccount
	}
	var err error
	if inv.InvokingAccount, inv.InvokingAccountMuxed, err = x.muxedAccount(source); err != nil {
		return inv, fmt.Errorf("%w: invoking account: %v", ErrBadXDR, err)
	}

	switch op.Body.Type {
	case xdr.OperationTypeInvokeHostFunction:
		ih, ok := op.Body.GetInvokeHostFunctionOp()
		if !ok {
			return inv, fmt.Errorf("%w: invoke host function op missing", ErrBadXDR)
		}
		if err := x.hostFunction(tx, &inv, &ih); err != nil {
			return inv, err
		}
	case xdr.OperationTypeRestoreFootprint:
		inv.Kind = schemas.KindRestore
	case xdr.OperationTypeExtendFootprintTtl:
		inv.Kind = schemas.KindExtend
	}

	if err := x.events(tx, opIndex, &inv); err != nil {
		return inv, err
	}
	if err := x.changes(tx, opIndex, op.Body.Type, &inv); err != nil {
		return inv, err
	}
	return inv, nil
}

func (x *ledgerExtraction) hostFunction(tx *ingest.LedgerTransaction, inv *schemas.Invocation, ih *xdr.InvokeHostFunctionOp) error {
	hf := ih.HostFunction
	ret, hasRet := returnValue(tx)
	if hasRet && inv.Successful {
		rv, err := x.conv.scVal(ret)
		if err != nil {
			return fmt.Errorf("%w: return value: %v", ErrBadXDR, err)
		}
		inv.ReturnValue = &rv
	}
	switch hf.Type {
	case xdr.HostFunctionTypeHostFunctionTypeInvokeContract:
		args, ok := hf.GetInvokeContract()
		if !ok {
			return fmt.Errorf("%w: invoke contract args missing", ErrBadXDR)
		}
		inv.Kind = schemas.KindCall
		if x.op != nil {
			// Arguments and auth entries were left in XDR (LedgerEncoder).
			return x.mpCall(inv, args)
		}
		var err error
		if inv.ContractID, inv.Function, inv.Arguments, err = x.invokeArgs(args); err != nil {
			return err
		}
	case xdr.HostFunctionTypeHostFunctionTypeCreateContract, xdr.HostFunctionTypeHostFunctionTypeCreateContractV2:
		inv.Kind = schemas.KindCreate
		c, ctorArgs, err := x.creation(hf.CreateContract, hf.CreateContractV2)
		if err != nil {
			return err
		}
		if inv.Successful && hasRet {
			// The host returns the new contract's address: the derived id must be it.
			got, err := x.conv.scVal(ret)
			if err != nil {
				return fmt.Errorf("%w: return value: %v", ErrBadXDR, err)
			}
			if s, _ := got.Value.(string); got.Type != schemas.ScAddress || s != c.ContractID {
				return fmt.Errorf("%w: derived %s, result %v", ErrContractIDMismatch, c.ContractID, got.Value)
			}
		}
		inv.ContractID = c.ContractID
		inv.Creation = c
		inv.Arguments = ctorArgs
	case xdr.HostFunctionTypeHostFunctionTypeUploadContractWasm:
		wasm, ok := hf.GetWasm()
		if !ok {
			return fmt.Errorf("%w: wasm missing", ErrBadXDR)
		}
		inv.Kind = schemas.KindUpload
		sum := sha256.Sum256(wasm)
		inv.Upload = &schemas.WasmUpload{WasmHash: hex.EncodeToString(sum[:]), Size: len(wasm)}
	default:
		return fmt.Errorf("%w: unknown host function type %d", ErrBadXDR, hf.Type)
	}
	return x.auth(inv, ih.Auth)
}

func (x *ledgerExtraction) invokeArgs(a xdr.InvokeContractArgs) (contract, function string, args []schemas.ScVal, err error) {
	if contract, err = x.conv.address(a.ContractAddress); err != nil {
		return "", "", nil, fmt.Errorf("%w: contract address: %v", ErrBadXDR, err)
	}
	if args, err = x.conv.scVals(a.Args); err != nil {
		return "", "", nil, fmt.Errorf("%w: arguments: %v", ErrBadXDR, err)
	}
	return contract, string(a.FunctionName), args, nil
}

// creation describes a CreateContract (v1) or CreateContractV2 host function and returns
// the constructor arguments.
func (x *ledgerExtraction) creation(v1 *xdr.CreateContractArgs, v2 *xdr.CreateContractArgsV2) (*schemas.ContractCreation, []schemas.ScVal, error) {
	var (
		pre     xdr.ContractIdPreimage
		exe     xdr.ContractExecutable
		xargs   []xdr.ScVal
		version int
	)
	switch {
	case v2 != nil:
		pre, exe, xargs, version = v2.ContractIdPreimage, v2.Executable, v2.ConstructorArgs, 2
	case v1 != nil:
		pre, exe, version = v1.ContractIdPreimage, v1.Executable, 1
	default:
		return nil, nil, fmt.Errorf("%w: create contract args missing", ErrBadXDR)
	}
	c := &schemas.ContractCreation{Version: version}
	id, err := ContractID(x.e.networkID, pre)
	if err != nil {
		return nil, nil, err
	}
	if c.ContractID, err = x.conv.contractID(id); err != nil {
		return nil, nil, err
	}
	switch pre.Type {
	case xdr.ContractIdPreimageTypeContractIdPreimageFromAddress:
		fa, ok := pre.GetFromAddress()
		if !ok {
			return nil, nil, fmt.Errorf("%w: preimage address missing", ErrBadXDR)
		}
		c.Preimage = "address"
		if c.Creator, err = x.conv.address(fa.Address); err != nil {
			return nil, nil, fmt.Errorf("%w: creator: %v", ErrBadXDR, err)
		}
		c.Salt = hex.EncodeToString(fa.Salt[:])
	case xdr.ContractIdPreimageTypeContractIdPreimageFromAsset:
		asset, ok := pre.GetFromAsset()
		if !ok {
			return nil, nil, fmt.Errorf("%w: preimage asset missing", ErrBadXDR)
		}
		c.Preimage = "asset"
		c.Asset = asset.StringCanonical()
	default:
		return nil, nil, fmt.Errorf("%w: unknown contract id preimage %d", ErrBadXDR, pre.Type)
	}
	if err := x.conv.executable(exe, &c.Executable, &c.WasmHash, &c.ExternalOwner, &c.ExternalTag); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadXDR, err)
	}
	args, err := x.conv.scVals(xargs)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: constructor arguments: %v", ErrBadXDR, err)
	}
	return c, args, nil
}

// ContractID derives a contract's id from its preimage on a network, as the host does:
// SHA-256 of the HashIDPreimage ENVELOPE_TYPE_CONTRACT_ID.
func ContractID(networkID xdr.Hash, pre xdr.ContractIdPreimage) (xdr.ContractId, error) {
	p := xdr.HashIdPreimage{
		Type:       xdr.EnvelopeTypeEnvelopeTypeContractId,
		ContractId: &xdr.HashIdPreimageContractId{NetworkId: networkID, ContractIdPreimage: pre},
	}
	b, err := p.MarshalBinary()
	if err != nil {
		return xdr.ContractId{}, fmt.Errorf("%w: contract id preimage: %v", ErrBadXDR, err)
	}
	return xdr.ContractId(sha256.Sum256(b)), nil
}

func (x *ledgerExtraction) auth(inv *schemas.Invocation, entries []xdr.SorobanAuthorizationEntry) error {
	if len(entries) == 0 {
		return nil
	}
	inv.AuthEntries = make([]schemas.AuthEntry, 0, len(entries))
	for i := range entries {
		en := &entries[i]
		ae := schemas.AuthEntry{Credentials: snakeEnum(en.Credentials.Type.String(), "SorobanCredentialsTypeSorobanCredentials")}
		var ac *xdr.SorobanAddressCredentials
		switch en.Credentials.Type {
		case xdr.SorobanCredentialsTypeSorobanCredentialsSourceAccount:
		case xdr.SorobanCredentialsTypeSorobanCredentialsAddress:
			ac = en.Credentials.Address
		case xdr.SorobanCredentialsTypeSorobanCredentialsAddressV2:
			ac = en.Credentials.AddressV2
		case xdr.SorobanCredentialsTypeSorobanCredentialsAddressWithDelegates:
			if d := en.Credentials.AddressWithDelegates; d != nil {
				ac = &d.AddressCredentials
			}
		default:
			return fmt.Errorf("%w: auth entry %d: unknown credentials %d", ErrBadXDR, i, en.Credentials.Type)
		}
		if en.Credentials.Type != xdr.SorobanCredentialsTypeSorobanCredentialsSourceAccount {
			if ac == nil {
				return fmt.Errorf("%w: auth entry %d: credentials missing", ErrBadXDR, i)
			}
			var err error
			if ae.Address, err = x.conv.address(ac.Address); err != nil {
				return fmt.Errorf("%w: auth entry %d: %v", ErrBadXDR, i, err)
			}
			ae.Nonce = strconv.FormatInt(int64(ac.Nonce), 10)
			ae.SignatureExpirationLedger = uint32(ac.SignatureExpirationLedger)
		}
		root, err := x.authorized(i, 0, &en.RootInvocation)
		if err != nil {
			return err
		}
		ae.RootInvocation = root
		inv.AuthEntries = append(inv.AuthEntries, ae)
		if err := x.subInvocations(inv, i, 1, en.RootInvocation.SubInvocations); err != nil {
			return err
		}
	}
	return nil
}

// subInvocations appends a tree's nodes below its root in pre-order.
func (x *ledgerExtraction) subInvocations(inv *schemas.Invocation, entry, depth int, subs []xdr.SorobanAuthorizedInvocation) error {
	for i := range subs {
		n, err := x.authorized(entry, depth, &subs[i])
		if err != nil {
			return err
		}
		inv.SubInvocations = append(inv.SubInvocations, n)
		if err := x.subInvocations(inv, entry, depth+1, subs[i].SubInvocations); err != nil {
			return err
		}
	}
	return nil
}

func (x *ledgerExtraction) authorized(entry, depth int, ai *xdr.SorobanAuthorizedInvocation) (schemas.AuthorizedInvocation, error) {
	n := schemas.AuthorizedInvocation{AuthEntry: entry, Depth: depth, Arguments: []schemas.ScVal{}}
	f := ai.Function
	var err error
	switch f.Type {
	case xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeContractFn:
		if f.ContractFn == nil {
			return n, fmt.Errorf("%w: auth entry %d: contract fn missing", ErrBadXDR, entry)
		}
		n.Type = "contract_fn"
		n.ContractID, n.Function, n.Arguments, err = x.invokeArgs(*f.ContractFn)
	case xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeCreateContractHostFn:
		n.Type = "create_contract"
		n.Creation, n.Arguments, err = x.creation(f.CreateContractHostFn, nil)
	case xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeCreateContractV2HostFn:
		n.Type = "create_contract_v2"
		n.Creation, n.Arguments, err = x.creation(nil, f.CreateContractV2HostFn)
	default:
		return n, fmt.Errorf("%w: auth entry %d: unknown function type %d", ErrBadXDR, entry, f.Type)
	}
	if n.Creation != nil {
		n.ContractID = n.Creation.ContractID
	}
	return n, err
}

// events collects the operation's events. TxMeta V3 keeps a Soroban transaction's contract
// and diagnostic events in its SorobanMeta; V4 (protocol 23) keeps contract events per
// operation and diagnostic events per transaction, beside transaction-level fee events.
func (x *ledgerExtraction) events(tx *ingest.LedgerTransaction, opIndex uint32, inv *schemas.Invocation) error {
	var (
		contract []xdr.ContractEvent
		diag     []xdr.DiagnosticEvent
		txEvents []xdr.TransactionEvent
	)
	switch tx.UnsafeMeta.V {
	case 3:
		m := tx.UnsafeMeta.MustV3()
		if m.SorobanMeta != nil {
			// V3 has one Soroban operation per transaction, the events are all its.
			contract, diag = m.SorobanMeta.Events, m.SorobanMeta.DiagnosticEvents
		}
	case 4:
		if x.raw != nil && x.transcode {
			return x.mpEvents(&x.raw[tx.Index-1], opIndex)
		}
		if x.raw != nil {
			return x.rawEvents(&x.raw[tx.Index-1], opIndex, inv)
		}
		m := tx.UnsafeMeta.MustV4()
		if int(opIndex) < len(m.Operations) {
			contract = m.Operations[opIndex].Events
		}
		diag, txEvents = m.DiagnosticEvents, m.Events
	default:
		// Older metas carry no events.
		return nil
	}
	var err error
	if len(contract) > 0 {
		inv.ContractEvents = make([]schemas.ContractEvent, len(contract))
		for i := range contract {
			if inv.ContractEvents[i], err = x.contractEvent(&contract[i]); err != nil {
				return fmt.Errorf("%w: contract event %d: %v", ErrBadXDR, i, err)
			}
		}
	}
	if len(diag) > 0 {
		inv.DiagnosticEvents = make([]schemas.DiagnosticEvent, len(diag))
		for i := range diag {
			d := &inv.DiagnosticEvents[i]
			d.InSuccessfulContractCall = diag[i].InSuccessfulContractCall
			if d.Event, err = x.contractEvent(&diag[i].Event); err != nil {
				return fmt.Errorf("%w: diagnostic event %d: %v", ErrBadXDR, i, err)
			}
		}
	}
	if len(txEvents) > 0 {
		inv.TransactionEvents = make([]schemas.TransactionEvent, len(txEvents))
		for i := range txEvents {
			t := &inv.TransactionEvents[i]
			t.Stage = stageName(txEvents[i].Stage)
			if t.Event, err = x.contractEvent(&txEvents[i].Event); err != nil {
				return fmt.Errorf("%w: transaction event %d: %v", ErrBadXDR, i, err)
			}
		}
	}
	return nil
}

// rawEvents is events for events kept in XDR. Empty arrays stay the empty slices the
// invocation starts with, as in events.
func (x *ledgerExtraction) rawEvents(te *rawTxEvents, opIndex uint32, inv *schemas.Invocation) error {
	var err error
	if int(opIndex) < len(te.ops) && len(te.ops[opIndex]) > 4 {
		if inv.ContractEvents, err = x.conv.rawContractEvents(te.ops[opIndex]); err != nil {
			return fmt.Errorf("%w: %v", ErrBadXDR, err)
		}
	}
	if len(te.diag) > 4 {
		if inv.DiagnosticEvents, err = x.conv.rawDiagnosticEvents(te.diag); err != nil {
			return fmt.Errorf("%w: %v", ErrBadXDR, err)
		}
	}
	if len(te.tx) > 4 {
		if inv.TransactionEvents, err = x.conv.rawTransactionEvents(te.tx); err != nil {
			return fmt.Errorf("%w: %v", ErrBadXDR, err)
		}
	}
	return nil
}

func (x *ledgerExtraction) contractEvent(ev *xdr.ContractEvent) (schemas.ContractEvent, error) {
	out := schemas.ContractEvent{}
	switch ev.Type {
	case xdr.ContractEventTypeContract:
		out.Type = "contract"
	case xdr.ContractEventTypeSystem:
		out.Type = "system"
	case xdr.ContractEventTypeDiagnostic:
		out.Type = "diagnostic"
	default:
		return out, fmt.Errorf("unknown event type %d", ev.Type)
	}
	var err error
	if ev.ContractId != nil {
		if out.ContractID, err = x.conv.contractID(*ev.ContractId); err != nil {
			return out, err
		}
	}
	body, ok := ev.Body.GetV0()
	if !ok {
		return out, fmt.Errorf("event body version %d", ev.Body.V)
	}
	if out.Topics, err = x.conv.scVals(body.Topics); err != nil {
		return out, err
	}
	if out.Data, err = x.conv.scVal(body.Data); err != nil {
		return out, err
	}
	return out, nil
}

// returnValue is the host function's return value from the Soroban meta.
func returnValue(tx *ingest.LedgerTransaction) (xdr.ScVal, bool) {
	switch tx.UnsafeMeta.V {
	case 3:
		if m := tx.UnsafeMeta.MustV3(); m.SorobanMeta != nil {
			return m.SorobanMeta.ReturnValue, true
		}
	case 4:
		if m := tx.UnsafeMeta.MustV4(); m.SorobanMeta != nil && m.SorobanMeta.ReturnValue != nil {
			return *m.SorobanMeta.ReturnValue, true
		}
	}
	return xdr.ScVal{}, false
}

// resultCode names the operation's result, or the transaction's when the operations did
// not run, and says whether the operation succeeded.
func resultCode(tx *ingest.LedgerTransaction, opIndex uint32) (string, bool) {
	code := tx.Result.Result.Result.Code
	results, ok := tx.Result.Result.Result.GetResults()
	if inner, isBump := tx.Result.Result.Result.GetInnerResultPair(); isBump {
		code = inner.Result.Result.Code
		results, ok = inner.Result.Result.GetResults()
	}
	if !ok || int(opIndex) >= len(results) {
		return snakeEnum(code.String(), "TransactionResultCode"), false
	}
	r := results[opIndex]
	if r.Code != xdr.OperationResultCodeOpInner || r.Tr == nil {
		return snakeEnum(r.Code.String(), "OperationResultCode"), false
	}
	txOK := tx.Result.Successful()
	switch r.Tr.Type {
	case xdr.OperationTypeInvokeHostFunction:
		if c := r.Tr.InvokeHostFunctionResult; c != nil {
			return snakeEnum(c.Code.String(), "InvokeHostFunctionResultCodeInvokeHostFunction"),
				txOK && c.Code == xdr.InvokeHostFunctionResultCodeInvokeHostFunctionSuccess
		}
	case xdr.OperationTypeExtendFootprintTtl:
		if c := r.Tr.ExtendFootprintTtlResult; c != nil {
			return snakeEnum(c.Code.String(), "ExtendFootprintTtlResultCodeExtendFootprintTtl"),
				txOK && c.Code == xdr.ExtendFootprintTtlResultCodeExtendFootprintTtlSuccess
		}
	case xdr.OperationTypeRestoreFootprint:
		if c := r.Tr.RestoreFootprintResult; c != nil {
			return snakeEnum(c.Code.String(), "RestoreFootprintResultCodeRestoreFootprint"),
				txOK && c.Code == xdr.RestoreFootprintResultCodeRestoreFootprintSuccess
		}
	}
	return "unknown", false
}

func (x *ledgerExtraction) muxedAccount(m xdr.MuxedAccount) (account, muxed string, err error) {
	if account, err = x.conv.accountID(m.ToAccountId()); err != nil {
		return "", "", err
	}
	if m.Type == xdr.CryptoKeyTypeKeyTypeMuxedEd25519 {
		if muxed, err = m.GetAddress(); err != nil {
			return "", "", err
		}
	}
	return account, muxed, nil
}

// mpEvents sets the operation's event sections from what the split transcoded (see
// ledgerExtraction.transcode): a transaction's diagnostic and transaction events are
// shared by its operations.
func (x *ledgerExtraction) mpEvents(te *rawTxEvents, opIndex uint32) error {
	if te.mpDiag == nil {
		return fmt.Errorf("%w: events not transcoded", ErrBadXDR)
	}
	x.ev.ContractEvents, x.ev.DiagnosticEvents, x.ev.TransactionEvents = mpEmptyArray, te.mpDiag, te.mpTx
	if int(opIndex) < len(te.mpOps) {
		x.ev.ContractEvents = te.mpOps[opIndex]
	}
	return nil
}

// mpEmptyArray is an empty array in msgpack.
var mpEmptyArray = mpappend.ArrayLen(nil, 0)

// validateUnread checks what was emptied but extraction does not read, as decoding it
// would have: the changes and events of operations that are not Soroban operations,
// and the transaction's events when it has none.
func validateUnread(te *rawTxEvents, ops []xdr.Operation) error {
	// Events transcoded by the split were read.
	transcoded := te.mpDiag != nil
	soroban := false
	for j := range ops {
		if isSorobanOp(ops[j].Body.Type) {
			soroban = true
			continue
		}
		if j < len(te.changes) {
			if err := xdr.LedgerEntryChangesView(te.changes[j]).ValidateFull(); err != nil {
				return fmt.Errorf("operation %d changes: %w", j, err)
			}
		}
		if j < len(te.ops) && len(te.ops[j]) > 4 && !transcoded {
			if err := xdr.OperationMetaV2EventsView(te.ops[j]).ValidateFull(); err != nil {
				return fmt.Errorf("operation %d events: %w", j, err)
			}
		}
	}
	for j := len(ops); j < len(te.ops); j++ {
		if !transcoded {
			if err := xdr.OperationMetaV2EventsView(te.ops[j]).ValidateFull(); err != nil {
				return fmt.Errorf("operation %d events: %w", j, err)
			}
		}
		if j < len(te.changes) {
			if err := xdr.LedgerEntryChangesView(te.changes[j]).ValidateFull(); err != nil {
				return fmt.Errorf("operation %d changes: %w", j, err)
			}
		}
	}
	if !soroban && !transcoded {
		if err := xdr.TransactionMetaV4EventsView(te.tx).ValidateFull(); err != nil {
			return fmt.Errorf("transaction events: %w", err)
		}
		if err := xdr.TransactionMetaV4DiagnosticEventsView(te.diag).ValidateFull(); err != nil {
			return fmt.Errorf("diagnostic events: %w", err)
		}
	}
	return nil
}
