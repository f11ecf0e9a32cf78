package stellar

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"

	"github.com/stellar/go-stellar-sdk/strkey"
	"github.com/stellar/go-stellar-sdk/xdr"

	"github.com/chainrelay/chainrelay/schemas"
)

// ScValToXDR turns a value in chainrelay's form back into the Soroban value it came
// from: ScValToXDR(ConvertScVal(v)) encodes to the same XDR bytes as v.
func ScValToXDR(v schemas.ScVal) (xdr.ScVal, error) {
	out, err := scValToXDR(v)
	if err != nil {
		return xdr.ScVal{}, fmt.Errorf("scval %s to xdr: %w", v.Type, err)
	}
	return out, nil
}

func scValToXDR(v schemas.ScVal) (xdr.ScVal, error) {
	str := func() (string, error) {
		s, ok := v.Value.(string)
		if !ok {
			return "", fmt.Errorf("value %T, want string", v.Value)
		}
		return s, nil
	}
	text := func() (string, error) {
		if v.Value == nil {
			b, err := hex.DecodeString(v.Hex)
			return string(b), err
		}
		return str()
	}
	switch v.Type {
	case schemas.ScBool:
		b, ok := v.Value.(bool)
		if !ok {
			return xdr.ScVal{}, fmt.Errorf("value %T, want bool", v.Value)
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvBool, B: &b}, nil
	case schemas.ScVoid:
		return xdr.ScVal{Type: xdr.ScValTypeScvVoid}, nil
	case schemas.ScLedgerKeyContractInstance:
		return xdr.ScVal{Type: xdr.ScValTypeScvLedgerKeyContractInstance}, nil
	case schemas.ScError:
		e, ok := v.Value.(schemas.ScErrorValue)
		if !ok {
			return xdr.ScVal{}, fmt.Errorf("value %T, want ScErrorValue", v.Value)
		}
		xe, err := scErrorToXDR(e)
		if err != nil {
			return xdr.ScVal{}, err
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvError, Error: &xe}, nil
	case schemas.ScU32:
		n, ok := v.Value.(uint32)
		if !ok {
			return xdr.ScVal{}, fmt.Errorf("value %T, want uint32", v.Value)
		}
		x := xdr.Uint32(n)
		return xdr.ScVal{Type: xdr.ScValTypeScvU32, U32: &x}, nil
	case schemas.ScI32:
		n, ok := v.Value.(int32)
		if !ok {
			return xdr.ScVal{}, fmt.Errorf("value %T, want int32", v.Value)
		}
		x := xdr.Int32(n)
		return xdr.ScVal{Type: xdr.ScValTypeScvI32, I32: &x}, nil
	case schemas.ScU64, schemas.ScTimepoint, schemas.ScDuration:
		s, err := str()
		if err != nil {
			return xdr.ScVal{}, err
		}
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return xdr.ScVal{}, err
		}
		switch v.Type {
		case schemas.ScU64:
			x := xdr.Uint64(n)
			return xdr.ScVal{Type: xdr.ScValTypeScvU64, U64: &x}, nil
		case schemas.ScTimepoint:
			x := xdr.TimePoint(n)
			return xdr.ScVal{Type: xdr.ScValTypeScvTimepoint, Timepoint: &x}, nil
		default:
			x := xdr.Duration(n)
			return xdr.ScVal{Type: xdr.ScValTypeScvDuration, Duration: &x}, nil
		}
	case schemas.ScI64, schemas.ScLedgerKeyNonce:
		s, err := str()
		if err != nil {
			return xdr.ScVal{}, err
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return xdr.ScVal{}, err
		}
		if v.Type == schemas.ScI64 {
			x := xdr.Int64(n)
			return xdr.ScVal{Type: xdr.ScValTypeScvI64, I64: &x}, nil
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvLedgerKeyNonce, NonceKey: &xdr.ScNonceKey{Nonce: xdr.Int64(n)}}, nil
	case schemas.ScU128, schemas.ScI128, schemas.ScU256, schemas.ScI256:
		s, err := str()
		if err != nil {
			return xdr.ScVal{}, err
		}
		signed := v.Type == schemas.ScI128 || v.Type == schemas.ScI256
		nwords := 2
		if v.Type == schemas.ScU256 || v.Type == schemas.ScI256 {
			nwords = 4
		}
		w, err := parseWords(s, signed, nwords)
		if err != nil {
			return xdr.ScVal{}, err
		}
		switch v.Type {
		case schemas.ScU128:
			return xdr.ScVal{Type: xdr.ScValTypeScvU128, U128: &xdr.UInt128Parts{Hi: xdr.Uint64(w[0]), Lo: xdr.Uint64(w[1])}}, nil
		case schemas.ScI128:
			return xdr.ScVal{Type: xdr.ScValTypeScvI128, I128: &xdr.Int128Parts{Hi: xdr.Int64(w[0]), Lo: xdr.Uint64(w[1])}}, nil
		case schemas.ScU256:
			return xdr.ScVal{Type: xdr.ScValTypeScvU256, U256: &xdr.UInt256Parts{
				HiHi: xdr.Uint64(w[0]), HiLo: xdr.Uint64(w[1]), LoHi: xdr.Uint64(w[2]), LoLo: xdr.Uint64(w[3])}}, nil
		default:
			return xdr.ScVal{Type: xdr.ScValTypeScvI256, I256: &xdr.Int256Parts{
				HiHi: xdr.Int64(w[0]), HiLo: xdr.Uint64(w[1]), LoHi: xdr.Uint64(w[2]), LoLo: xdr.Uint64(w[3])}}, nil
		}
	case schemas.ScBytes:
		s, err := str()
		if err != nil {
			return xdr.ScVal{}, err
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			return xdr.ScVal{}, err
		}
		x := xdr.ScBytes(b)
		return xdr.ScVal{Type: xdr.ScValTypeScvBytes, Bytes: &x}, nil
	case schemas.ScString:
		s, err := text()
		if err != nil {
			return xdr.ScVal{}, err
		}
		x := xdr.ScString(s)
		return xdr.ScVal{Type: xdr.ScValTypeScvString, Str: &x}, nil
	case schemas.ScSymbol:
		s, err := text()
		if err != nil {
			return xdr.ScVal{}, err
		}
		x := xdr.ScSymbol(s)
		return xdr.ScVal{Type: xdr.ScValTypeScvSymbol, Sym: &x}, nil
	case schemas.ScExecutableTag:
		s, err := text()
		if err != nil {
			return xdr.ScVal{}, err
		}
		x := xdr.ScString(s)
		return xdr.ScVal{Type: xdr.ScValTypeScvExecutableTag, ExecutableTag: &x}, nil
	case schemas.ScVec:
		var vec *xdr.ScVec
		if v.Value != nil {
			vs, ok := v.Value.([]schemas.ScVal)
			if !ok {
				return xdr.ScVal{}, fmt.Errorf("value %T, want []ScVal", v.Value)
			}
			xs, err := scValsToXDR(vs)
			if err != nil {
				return xdr.ScVal{}, err
			}
			sv := xdr.ScVec(xs)
			vec = &sv
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvVec, Vec: &vec}, nil
	case schemas.ScMap:
		var m *xdr.ScMap
		if v.Value != nil {
			es, ok := v.Value.([]schemas.ScMapEntry)
			if !ok {
				return xdr.ScVal{}, fmt.Errorf("value %T, want []ScMapEntry", v.Value)
			}
			xm, err := scMapToXDR(es)
			if err != nil {
				return xdr.ScVal{}, err
			}
			m = &xm
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvMap, Map: &m}, nil
	case schemas.ScAddress:
		s, err := str()
		if err != nil {
			return xdr.ScVal{}, err
		}
		a, err := AddressToXDR(s)
		if err != nil {
			return xdr.ScVal{}, err
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvAddress, Address: &a}, nil
	case schemas.ScContractInstance:
		in, ok := v.Value.(schemas.ScInstanceValue)
		if !ok {
			return xdr.ScVal{}, fmt.Errorf("value %T, want ScInstanceValue", v.Value)
		}
		exe, err := executableToXDR(in.Executable, in.WasmHash, in.ExternalOwner, in.ExternalTag)
		if err != nil {
			return xdr.ScVal{}, err
		}
		xi := xdr.ScContractInstance{Executable: exe}
		if in.Storage != nil {
			m, err := scMapToXDR(*in.Storage)
			if err != nil {
				return xdr.ScVal{}, err
			}
			xi.Storage = &m
		}
		return xdr.ScVal{Type: xdr.ScValTypeScvContractInstance, Instance: &xi}, nil
	default:
		return xdr.ScVal{}, fmt.Errorf("unknown type %q", v.Type)
	}
}

func scValsToXDR(vs []schemas.ScVal) ([]xdr.ScVal, error) {
	out := make([]xdr.ScVal, len(vs))
	for i, v := range vs {
		x, err := ScValToXDR(v)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func scMapToXDR(es []schemas.ScMapEntry) (xdr.ScMap, error) {
	out := make(xdr.ScMap, len(es))
	for i, e := range es {
		k, err := ScValToXDR(e.Key)
		if err != nil {
			return nil, err
		}
		v, err := ScValToXDR(e.Value)
		if err != nil {
			return nil, err
		}
		out[i] = xdr.ScMapEntry{Key: k, Val: v}
	}
	return out, nil
}

// AddressToXDR parses a strkey (G…, C…, M…, B…, L…) into an ScAddress.
func AddressToXDR(s string) (xdr.ScAddress, error) {
	if s == "" {
		return xdr.ScAddress{}, fmt.Errorf("empty address")
	}
	switch s[0] {
	case 'G':
		id, err := xdr.AddressToAccountId(s)
		if err != nil {
			return xdr.ScAddress{}, err
		}
		return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeAccount, AccountId: &id}, nil
	case 'C':
		raw, err := strkey.Decode(strkey.VersionByteContract, s)
		if err != nil {
			return xdr.ScAddress{}, err
		}
		var id xdr.ContractId
		copy(id[:], raw)
		return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeContract, ContractId: &id}, nil
	case 'M':
		m, err := xdr.AddressToMuxedAccount(s)
		if err != nil {
			return xdr.ScAddress{}, err
		}
		med, ok := m.GetMed25519()
		if !ok {
			return xdr.ScAddress{}, fmt.Errorf("address %q is not a muxed account", s)
		}
		return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeMuxedAccount,
			MuxedAccount: &xdr.MuxedEd25519Account{Id: med.Id, Ed25519: med.Ed25519}}, nil
	case 'B':
		var cb xdr.ClaimableBalanceId
		if err := cb.DecodeFromStrkey(s); err != nil {
			return xdr.ScAddress{}, err
		}
		return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeClaimableBalance, ClaimableBalanceId: &cb}, nil
	case 'L':
		raw, err := strkey.Decode(strkey.VersionByteLiquidityPool, s)
		if err != nil {
			return xdr.ScAddress{}, err
		}
		var id xdr.PoolId
		copy(id[:], raw)
		return xdr.ScAddress{Type: xdr.ScAddressTypeScAddressTypeLiquidityPool, LiquidityPoolId: &id}, nil
	}
	return xdr.ScAddress{}, fmt.Errorf("address %q: unknown strkey type", s)
}

func executableToXDR(typ, wasmHash, owner, tag string) (xdr.ContractExecutable, error) {
	switch typ {
	case "wasm":
		b, err := hex.DecodeString(wasmHash)
		if err != nil || len(b) != 32 {
			return xdr.ContractExecutable{}, fmt.Errorf("wasm hash %q: not 32 hex bytes", wasmHash)
		}
		var h xdr.Hash
		copy(h[:], b)
		return xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableWasm, WasmHash: &h}, nil
	case "stellar_asset":
		return xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableStellarAsset}, nil
	case "external_ref":
		a, err := AddressToXDR(owner)
		if err != nil {
			return xdr.ContractExecutable{}, err
		}
		return xdr.ContractExecutable{Type: xdr.ContractExecutableTypeContractExecutableExternalRef,
			ExternalRef: &xdr.ContractExecutableExternalRef{ExecutableOwner: a, Tag: xdr.ScString(tag)}}, nil
	}
	return xdr.ContractExecutable{}, fmt.Errorf("unknown executable %q", typ)
}

func scErrorToXDR(e schemas.ScErrorValue) (xdr.ScError, error) {
	var t xdr.ScErrorType
	found := false
	for _, cand := range []xdr.ScErrorType{xdr.ScErrorTypeSceContract, xdr.ScErrorTypeSceWasmVm,
		xdr.ScErrorTypeSceContext, xdr.ScErrorTypeSceStorage, xdr.ScErrorTypeSceObject, xdr.ScErrorTypeSceCrypto,
		xdr.ScErrorTypeSceEvents, xdr.ScErrorTypeSceBudget, xdr.ScErrorTypeSceValue, xdr.ScErrorTypeSceAuth} {
		if snakeEnum(cand.String(), "ScErrorTypeSce") == e.Type {
			t, found = cand, true
			break
		}
	}
	if !found {
		return xdr.ScError{}, fmt.Errorf("unknown error type %q", e.Type)
	}
	if t == xdr.ScErrorTypeSceContract {
		c := xdr.Uint32(e.ContractCode)
		return xdr.ScError{Type: t, ContractCode: &c}, nil
	}
	for code := xdr.ScErrorCode(0); code.ValidEnum(int32(code)); code++ {
		if snakeEnum(code.String(), "ScErrorCodeScec") == e.Code {
			c := code
			return xdr.ScError{Type: t, Code: &c}, nil
		}
	}
	return xdr.ScError{}, fmt.Errorf("unknown error code %q", e.Code)
}

// parseWords parses a decimal into n big-endian 64-bit words, two's complement when
// signed, rejecting values out of range.
func parseWords(s string, signed bool, n int) ([]uint64, error) {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, fmt.Errorf("%q is not a decimal integer", s)
	}
	bits := uint(64 * n)
	lim := new(big.Int).Lsh(big.NewInt(1), bits)
	if signed {
		half := new(big.Int).Rsh(lim, 1)
		if v.Cmp(half) >= 0 || v.Cmp(new(big.Int).Neg(half)) < 0 {
			return nil, fmt.Errorf("%s out of range for %d bits", s, bits)
		}
		if v.Sign() < 0 {
			v.Add(v, lim)
		}
	} else if v.Sign() < 0 || v.Cmp(lim) >= 0 {
		return nil, fmt.Errorf("%s out of range for %d bits", s, bits)
	}
	b := v.FillBytes(make([]byte, 8*n))
	out := make([]uint64, n)
	for i := range out {
		for j := 0; j < 8; j++ {
			out[i] = out[i]<<8 | uint64(b[8*i+j])
		}
	}
	return out, nil
}
