package evm

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chainrelay/chainrelay/streams/stage"
)

// FundsRetryDelay paces retries of sends that lack funds or exceed the fee cap: an
// operator can top the account up, or fees can fall, but not within seconds.
const FundsRetryDelay = 30 * time.Second

// StageError turns an error of the EVM layer into the stage runner's terms: retryable
// classes are transient, missing funds and fee caps are retried slowly, everything else
// (reverts, aborted journals, bad input) is permanent. The class travels along so that a
// failed event says what went wrong.
func StageError(op string, err error) error {
	if err == nil {
		return nil
	}
	werr := fmt.Errorf("%s: %w", op, err)
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return stage.Transient(string(ClassTimeout), werr)
	}
	class := ClassOf(err)
	switch {
	case class.Retryable():
		return stage.Transient(string(class), werr)
	case class == ClassInsufficientFunds || class == ClassFeeCapExceeded:
		return stage.RetryAfter(string(class), FundsRetryDelay, werr)
	}
	return stage.Permanent(string(class), werr)
}
