package evm_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/chainrelay/chainrelay/services/evm"
)

// rpcDataError mimics go-ethereum's rpc.DataError as it arrives from a node.
type rpcDataError struct {
	msg  string
	data any
}

func (e rpcDataError) Error() string  { return e.msg }
func (e rpcDataError) ErrorCode() int { return 3 }
func (e rpcDataError) ErrorData() any { return e.data }

// TestClassify asserts the class and retryability of node errors as go-ethereum, Erigon
// and others phrase them, and of transport failures.
func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		msg       string
		err       error
		class     evm.Class
		retryable bool
	}{
		{msg: "nonce too low: next nonce 5, tx nonce 3", class: evm.ClassNonceTooLow, retryable: true},
		{msg: "replacement transaction underpriced", class: evm.ClassReplacementUnderpriced, retryable: true},
		{msg: "already known", class: evm.ClassAlreadyKnown, retryable: true},
		{msg: "insufficient funds for gas * price + value: balance 0", class: evm.ClassInsufficientFunds},
		{msg: "tx fee (1.20 ether) exceeds the configured cap (1.00 ether)", class: evm.ClassFeeCapExceeded},
		{msg: "execution reverted: Ownable: caller is not the owner", class: evm.ClassReverted},
		{msg: "transaction underpriced: tip needed 1, tip permitted 0", class: evm.ClassUnderpriced, retryable: true},
		{msg: "intrinsic gas too low", class: evm.ClassGasLimit},
		{msg: "Post \"http://127.0.0.1:1\": dial tcp 127.0.0.1:1: connect: connection refused", class: evm.ClassRPCUnavailable, retryable: true},
		{msg: "503 Service Unavailable", class: evm.ClassRPCUnavailable, retryable: true},
		{err: context.DeadlineExceeded, class: evm.ClassTimeout, retryable: true},
		{err: fmt.Errorf("read receipt: %w", context.DeadlineExceeded), class: evm.ClassTimeout, retryable: true},
		{msg: "something new", class: evm.ClassUnknown},
	}
	for _, tc := range tests {
		err := tc.err
		if err == nil {
			err = errors.New(tc.msg)
		}
		got := evm.Classify("send transaction", err)
		if evm.ClassOf(got) != tc.class || evm.Retryable(got) != tc.retryable {
			t.Fatalf("%v: class %s retryable %v, want %s %v", err, evm.ClassOf(got), evm.Retryable(got), tc.class, tc.retryable)
		}
		if !errors.Is(got, err) {
			t.Fatalf("%v: the cause is lost", err)
		}
		if !strings.HasPrefix(got.Error(), "send transaction: ") {
			t.Fatalf("op missing: %v", got)
		}
	}
	if evm.Classify("x", nil) != nil || evm.Retryable(nil) {
		t.Fatal("nil error classified")
	}
	if !errors.Is(evm.Classify("x", errors.New("nonce too low")), evm.ErrNonceTooLow) {
		t.Fatal("errors.Is with the class sentinel")
	}
}

// TestDecodeRevert asserts that Error(string), Panic(uint256), custom errors with
// arguments and unknown data are rendered, including from an RPC DataError.
func TestDecodeRevert(t *testing.T) {
	t.Parallel()
	def := `[{"type":"error","name":"TokenAlreadyDeployed","inputs":[{"name":"modelId","type":"string"},{"name":"token","type":"address"}]}]`
	a, err := abi.JSON(strings.NewReader(def))
	if err != nil {
		t.Fatal(err)
	}
	custom, err := a.Errors["TokenAlreadyDeployed"].Inputs.Pack("m-1", [20]byte{0xab})
	if err != nil {
		t.Fatal(err)
	}
	id := a.Errors["TokenAlreadyDeployed"].ID
	custom = append(append([]byte(nil), id[:4]...), custom...)
	strT, _ := abi.NewType("string", "", nil)
	msg, _ := abi.Arguments{{Type: strT}}.Pack("not allowed")
	reasonData := append([]byte{0x08, 0xc3, 0x79, 0xa0}, msg...)
	uintT, _ := abi.NewType("uint256", "", nil)
	p, _ := abi.Arguments{{Type: uintT}}.Pack(big.NewInt(0x11))
	panicData := append([]byte{0x4e, 0x48, 0x7b, 0x71}, p...)

	tests := []struct {
		data []byte
		want string
	}{
		{custom, "TokenAlreadyDeployed(m-1, " + common.Address{0xab}.Hex() + ")"},
		{reasonData, "not allowed"},
		{panicData, "arithmetic underflow or overflow"},
		{[]byte{1, 2, 3, 4, 5}, "0x0102030405"},
		{nil, ""},
	}
	for _, tc := range tests {
		if got := evm.DecodeRevert(tc.data, &a); !strings.Contains(got, tc.want) {
			t.Fatalf("decode %x: %q, want %q", tc.data, got, tc.want)
		}
	}
	err = evm.Classify("estimate gas", rpcDataError{msg: "execution reverted", data: fmt.Sprintf("0x%x", custom)}, &a)
	var e *evm.Error
	if !errors.As(err, &e) || e.Class != evm.ClassReverted || !strings.HasPrefix(e.Reason, "TokenAlreadyDeployed(m-1,") {
		t.Fatalf("classified revert: %v", err)
	}
}
