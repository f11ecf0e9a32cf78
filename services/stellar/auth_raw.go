package stellar

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/schemas/mpappend"
)

// mpCall sets a contract call's contract and function from its decoded arguments and
// writes its arguments, auth_entries and sub_invocations sections from their XDR, as
// invokeArgs and auth would give them. Auth entries the XDR path leaves alone (address
// credentials with delegates, contract creations) are read from the decoded operation.
func (x *ledgerExtraction) mpCall(inv *schemas.Invocation, a xdr.InvokeContractArgs) error {
	var err error
	if inv.ContractID, err = x.conv.address(a.ContractAddress); err != nil {
		return fmt.Errorf("%w: contract address: %v", ErrBadXDR, err)
	}
	inv.Function = string(a.FunctionName)
	r := xdrReader{b: x.op.args}
	b, err := x.conv.mpScVals(x.callBuf[:0], &r, 1)
	if err == nil {
		err = r.end()
	}
	if err != nil {
		return fmt.Errorf("%w: arguments: %v", ErrBadXDR, err)
	}
	argsEnd := len(b)
	b, authEnd, err := x.mpAuth(b, x.op.auth)
	x.callBuf = b
	switch {
	case err == nil:
		x.ev.Arguments, x.ev.AuthEntries, x.ev.SubInvocations = b[:argsEnd], b[argsEnd:authEnd], b[authEnd:]
		return nil
	case errors.Is(err, errRawUnsupported):
		x.ev.Arguments = b[:argsEnd]
		var ih xdr.InvokeHostFunctionOp
		if err := xdr.SafeUnmarshal(x.op.ihf, &ih); err != nil {
			return fmt.Errorf("%w: invoke host function op: %v", ErrBadXDR, err)
		}
		return x.auth(inv, ih.Auth)
	}
	return fmt.Errorf("%w: %v", ErrBadXDR, err)
}

// mpAuth writes the auth_entries section of a SorobanAuthorizationEntry<> and then the
// sub_invocations section, which starts at authEnd.
func (x *ledgerExtraction) mpAuth(b, auth []byte) (_ []byte, authEnd int, err error) {
	r := xdrReader{b: auth}
	n := r.count(8)
	if r.err != nil {
		return b, 0, r.err
	}
	b = mpappend.ArrayLen(b, n)
	subs := x.subBuf[:0]
	nsubs := 0
	for i := 0; i < n; i++ {
		var (
			cred    string
			addr    string
			nonce   int64
			expires uint32
		)
		switch t := xdr.SorobanCredentialsType(r.u32()); t {
		case xdr.SorobanCredentialsTypeSorobanCredentialsSourceAccount:
			cred = "source_account"
		case xdr.SorobanCredentialsTypeSorobanCredentialsAddress, xdr.SorobanCredentialsTypeSorobanCredentialsAddressV2:
			cred = "address"
			if t != xdr.SorobanCredentialsTypeSorobanCredentialsAddress {
				cred = snakeEnum(t.String(), "SorobanCredentialsTypeSorobanCredentials")
			}
			a, err := x.conv.rawAddress(&r)
			if err != nil {
				return b, 0, fmt.Errorf("auth entry %d: %v", i, err)
			}
			addr = a.s
			nonce, expires = int64(r.u64()), r.u32()
			if x.discard, err = x.conv.mpScVal(x.discard[:0], &r, 1); err != nil { // the signature
				return b, 0, fmt.Errorf("auth entry %d: signature: %v", i, err)
			}
		case xdr.SorobanCredentialsTypeSorobanCredentialsAddressWithDelegates:
			return b, 0, errRawUnsupported
		default:
			if r.err != nil {
				return b, 0, r.err
			}
			return b, 0, fmt.Errorf("auth entry %d: unknown credentials %d", i, t)
		}
		if r.err != nil {
			return b, 0, r.err
		}
		m := 2
		if addr != "" {
			m += 2 // address and nonce
		}
		if expires != 0 {
			m++
		}
		b = mpKeyStr(mpappend.MapLen(b, m), "credentials", cred)
		if addr != "" {
			b = mpKeyStr(b, "address", addr)
			var digits [24]byte
			d := strconv.AppendInt(digits[:0], nonce, 10)
			b = append(mpappend.StrLen(mpappend.Str(b, "nonce"), len(d)), d...)
		}
		if expires != 0 {
			b = mpappend.Uint(mpappend.Str(b, "signature_expiration_ledger"), uint64(expires))
		}
		if b, err = x.mpAuthorized(mpappend.Str(b, "root_invocation"), &r, i, 0); err != nil {
			return b, 0, err
		}
		if subs, err = x.mpSubInvocations(subs, &nsubs, &r, i, 1); err != nil {
			return b, 0, err
		}
	}
	if err := r.end(); err != nil {
		return b, 0, err
	}
	x.subBuf = subs
	authEnd = len(b)
	return append(mpappend.ArrayLen(b, nsubs), subs...), authEnd, nil
}

// mpSubInvocations reads a SorobanAuthorizedInvocation<> and writes its nodes and
// theirs, in pre-order, as subInvocations flattens them.
func (x *ledgerExtraction) mpSubInvocations(subs []byte, nsubs *int, r *xdrReader, entry, depth int) ([]byte, error) {
	if depth > maxDepth {
		return subs, errors.New("xdr: maximum depth reached")
	}
	n := r.count(8)
	if r.err != nil {
		return subs, r.err
	}
	var err error
	for k := 0; k < n; k++ {
		*nsubs++
		if subs, err = x.mpAuthorized(subs, r, entry, depth); err != nil {
			return subs, err
		}
		if subs, err = x.mpSubInvocations(subs, nsubs, r, entry, depth+1); err != nil {
			return subs, err
		}
	}
	return subs, nil
}

// mpAuthorized reads a SorobanAuthorizedFunction and writes it as authorized does.
func (x *ledgerExtraction) mpAuthorized(b []byte, r *xdrReader, entry, depth int) ([]byte, error) {
	switch t := xdr.SorobanAuthorizedFunctionType(r.u32()); t {
	case xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeContractFn:
		a, err := x.conv.rawAddress(r)
		if err != nil {
			return b, fmt.Errorf("auth entry %d: contract address: %v", entry, err)
		}
		fn := r.opaque(32)
		if r.err != nil {
			return b, r.err
		}
		m := 5
		if len(fn) > 0 {
			m++
		}
		b = mpappend.MapLen(b, m)
		b = mpappend.Int(mpappend.Str(b, "auth_entry"), int64(entry))
		b = mpappend.Int(mpappend.Str(b, "depth"), int64(depth))
		b = mpKeyStr(b, "type", "contract_fn")
		b = mpKeyStr(b, "contract_id", a.s)
		if len(fn) > 0 {
			b = append(mpappend.StrLen(mpappend.Str(b, "function"), len(fn)), fn...)
		}
		if b, err = x.conv.mpScVals(mpappend.Str(b, "arguments"), r, 1); err != nil {
			return b, fmt.Errorf("auth entry %d: arguments: %v", entry, err)
		}
		return b, nil
	case xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeCreateContractHostFn,
		xdr.SorobanAuthorizedFunctionTypeSorobanAuthorizedFunctionTypeCreateContractV2HostFn:
		return b, errRawUnsupported
	default:
		if r.err != nil {
			return b, r.err
		}
		return b, fmt.Errorf("auth entry %d: unknown function type %d", entry, t)
	}
}
