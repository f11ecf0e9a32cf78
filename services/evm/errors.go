package evm

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
)

// Class sorts an EVM failure into what a caller can do about it.
type Class string

// The error classes. They are also the error_class of failed events.
const (
	// ClassNonceTooLow: the nonce was already used on chain.
	ClassNonceTooLow Class = "nonce_too_low"
	// ClassReplacementUnderpriced: a transaction with this nonce is pending with higher fees.
	ClassReplacementUnderpriced Class = "replacement_underpriced"
	// ClassAlreadyKnown: the node already holds this very transaction.
	ClassAlreadyKnown Class = "already_known"
	// ClassInsufficientFunds: the sender cannot pay value + gas × fee cap.
	ClassInsufficientFunds Class = "insufficient_funds"
	// ClassFeeCapExceeded: the fees needed exceed the configured maximum (ours or the node's).
	ClassFeeCapExceeded Class = "fee_cap_exceeded"
	// ClassReverted: execution reverted (at estimation or on chain); Reason says why.
	ClassReverted Class = "reverted"
	// ClassTimeout: a deadline passed before an answer or a confirmation.
	ClassTimeout Class = "timeout"
	// ClassRPCUnavailable: no endpoint answered (connection refused, 5xx, circuit open).
	ClassRPCUnavailable Class = "rpc_unavailable"
	// ClassUnderpriced: the node refused the fees as below its minimum.
	ClassUnderpriced Class = "underpriced"
	// ClassGasLimit: the gas limit is too low for the transaction or above the block's.
	ClassGasLimit Class = "gas_limit"
	// ClassAborted: the caller's BeforeBroadcast hook refused the attempt.
	ClassAborted Class = "aborted"
	// ClassUnknown: an RPC error that fits no other class.
	ClassUnknown Class = "unknown"
)

// Retryable reports whether the same request may succeed later without a change:
// transport failures, timeouts and nonce or fee races are; reverts, missing funds,
// fee caps and refusals by the caller are not.
func (c Class) Retryable() bool {
	switch c {
	case ClassNonceTooLow, ClassReplacementUnderpriced, ClassAlreadyKnown, ClassTimeout,
		ClassRPCUnavailable, ClassUnderpriced:
		return true
	}
	return false
}

// Error is a classified EVM failure.
type Error struct {
	Class Class
	// Op names what failed ("estimate gas", "send transaction", …).
	Op string
	// Reason is the decoded revert reason or custom error ("TokenAlreadyDeployed(m-1,
	// 0x…)") for ClassReverted; empty otherwise.
	Reason string
	// RevertData is the raw revert payload, when the node returned it.
	RevertData []byte
	// Receipt is the receipt of a transaction that reverted on chain.
	Receipt *types.Receipt
	Err     error
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Class))
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinels the classes map to, for errors.Is.
var (
	ErrNonceTooLow            = errors.New("nonce too low")
	ErrReplacementUnderpriced = errors.New("replacement transaction underpriced")
	ErrAlreadyKnown           = errors.New("already known")
	ErrInsufficientFunds      = errors.New("insufficient funds")
	ErrFeeCapExceeded         = errors.New("fee cap exceeded")
	ErrReverted               = errors.New("execution reverted")
	ErrTimeout                = errors.New("timeout")
	ErrRPCUnavailable         = errors.New("rpc unavailable")
	ErrAborted                = errors.New("aborted before broadcast")
	errClassSentinels         = map[Class]error{ClassNonceTooLow: ErrNonceTooLow, ClassReplacementUnderpriced: ErrReplacementUnderpriced, ClassAlreadyKnown: ErrAlreadyKnown, ClassInsufficientFunds: ErrInsufficientFunds, ClassFeeCapExceeded: ErrFeeCapExceeded, ClassReverted: ErrReverted, ClassTimeout: ErrTimeout, ClassRPCUnavailable: ErrRPCUnavailable, ClassAborted: ErrAborted}
)

// Is lets errors.Is(err, ErrNonceTooLow) and the like match a classified error.
func (e *Error) Is(target error) bool {
	s, ok := errClassSentinels[e.Class]
	return ok && s == target
}

// ClassOf returns the class of err: the class of an *Error in its chain, else a class
// guessed from the error itself (see Classify). Nil has no class.
func ClassOf(err error) Class {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Class
	}
	return classify(err)
}

// Retryable reports whether err is worth retrying unchanged later.
func Retryable(err error) bool {
	return err != nil && ClassOf(err).Retryable()
}

// Classify wraps err, an error from an RPC call named op, into an *Error with its class
// and, for reverts, the decoded reason (custom errors are decoded against abis). An
// error already classified is returned as is; nil stays nil.
func Classify(op string, err error, abis ...*abi.ABI) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	out := &Error{Class: classify(err), Op: op, Err: err}
	if out.Class == ClassReverted {
		out.RevertData = revertData(err)
		out.Reason = DecodeRevert(out.RevertData, abis...)
	}
	return out
}

// Node error messages arrive over JSON-RPC as text; matching them is the only way to
// classify them. The strings are go-ethereum's (core/txpool, core) and those other
// clients copied (Erigon, Bor, Nethermind, Besu phrase some differently; both listed).
var messageClasses = []struct {
	class Class
	subs  []string
}{
	{ClassNonceTooLow, []string{"nonce too low", "nonce is too low", "oldnonce", "invalid transaction nonce"}},
	{ClassReplacementUnderpriced, []string{"replacement transaction underpriced", "replacement underpriced", "replacementnotallowed"}},
	{ClassAlreadyKnown, []string{"already known", "known transaction", "alreadyknown", "already imported", "transaction already exists"}},
	{ClassInsufficientFunds, []string{"insufficient funds", "insufficient balance", "insufficientfunds"}},
	{ClassFeeCapExceeded, []string{"exceeds the configured cap", "fee cap exceeded", "max fee per gas higher than", "exceeds block gas limit"}},
	{ClassReverted, []string{"execution reverted", "vm execution error", "revert"}},
	{ClassUnderpriced, []string{"transaction underpriced", "max fee per gas less than block base fee", "fee cap less than block base fee", "gas tip cap", "feetoolow"}},
	{ClassGasLimit, []string{"intrinsic gas too low", "gas limit reached", "out of gas", "gas required exceeds allowance"}},
}

func classify(err error) Class {
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return ClassTimeout
	case errors.Is(err, context.Canceled):
		return ClassTimeout
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return ClassTimeout
	}
	msg := strings.ToLower(err.Error())
	for _, mc := range messageClasses {
		for _, s := range mc.subs {
			if strings.Contains(msg, s) {
				return mc.class
			}
		}
	}
	for _, s := range []string{"connection refused", "no such host", "connection reset", "eof", "broken pipe",
		"502 bad gateway", "503 service unavailable", "504 gateway", "429 too many requests", "circuit open",
		"no endpoint", "server closed", "network is unreachable"} {
		if strings.Contains(msg, s) {
			return ClassRPCUnavailable
		}
	}
	if strings.Contains(msg, "timeout") || strings.Contains(msg, "deadline exceeded") {
		return ClassTimeout
	}
	return ClassUnknown
}

// revertData extracts the revert payload go-ethereum's RPC client exposes through
// rpc.DataError (a hex string).
func revertData(err error) []byte {
	var de interface{ ErrorData() any }
	if !errors.As(err, &de) {
		return nil
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return nil
	}
	b, derr := hexutil.Decode(s)
	if derr != nil {
		return nil
	}
	return b
}

// DecodeRevert renders revert data as a reason: the message of Error(string), the code of
// Panic(uint256), or a custom error of one of abis with its arguments. Unknown data is
// rendered as hex; no data gives "".
func DecodeRevert(data []byte, abis ...*abi.ABI) string {
	if len(data) == 0 {
		return ""
	}
	if reason, err := abi.UnpackRevert(data); err == nil {
		return reason
	}
	if len(data) >= 4 {
		var id [4]byte
		copy(id[:], data[:4])
		for _, a := range abis {
			if a == nil {
				continue
			}
			for name, e := range a.Errors {
				if [4]byte(e.ID[:4]) != id {
					continue
				}
				vals, err := e.Inputs.Unpack(data[4:])
				if err != nil {
					return name
				}
				parts := make([]string, len(vals))
				for i, v := range vals {
					parts[i] = fmt.Sprint(v)
				}
				return name + "(" + strings.Join(parts, ", ") + ")"
			}
		}
	}
	return fmt.Sprintf("0x%x", data)
}
