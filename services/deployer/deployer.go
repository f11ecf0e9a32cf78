// Package deployer deploys one token per model through the TokenManager: it journals
// every transaction before broadcasting it, waits for confirmation and emits deployed.
// After a crash it reconciles the journal against the chain before sending anything, so
// a model never gets a second token; the TokenManager refuses one too.
package deployer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// Error classes the deployer assigns beyond the EVM layer's own.
const (
	ClassAlreadyDeployed = "already_deployed"
	ClassJournal         = "journal"
)

// Target names the chain and contract a deployer sends to.
type Target struct {
	Network string
	ChainID uint64
	From    string // EIP-55 address of the deploying key
	Manager string // TokenManager address
}

// Chain is what the deployer needs of the EVM layer.
type Chain interface {
	Target() Target
	// TokenOf returns the token TokenManager holds for modelID, "" when there is none.
	TokenOf(ctx context.Context, modelID string) (string, error)
	// Predict returns the address modelID's token will have.
	Predict(ctx context.Context, modelID string) (string, error)
	// Deploy sends the deploy transaction, calling journal before every broadcast (the
	// first and each fee bump) and failing without broadcasting when journal fails, then
	// waits for confirmation.
	Deploy(ctx context.Context, req schemas.DeployRequest, journal func(context.Context, schemas.TxAttempt) error) (schemas.Receipt, error)
	// Receipt returns the receipt of a mined, successful transaction; found is false when
	// the hash is not mined (or was reorged out); a mined but reverted transaction is
	// reported with ok false.
	Receipt(ctx context.Context, hash string) (r schemas.Receipt, found, ok bool, err error)
	// Classify sorts a Chain error: its class and whether retrying may help.
	Classify(err error) (class string, retryable bool)
}

// Journal records and reads back the transactions sent for a request.
type Journal interface {
	// Record durably stores ev before its transaction is broadcast.
	Record(ctx context.Context, ev schemas.Submitted) error
	// Attempts returns every attempt journaled for the request, oldest first.
	Attempts(ctx context.Context, modelID, requestID string) ([]schemas.TxAttempt, error)
}

// Tokens remembers which token a model got, for the validator's early duplicate check.
type Tokens interface {
	Put(ctx context.Context, modelID, address string) error
}

// Service is the deployer stage.
type Service struct {
	Chain   Chain
	Journal Journal
	Tokens  Tokens
	Now     func() time.Time
}

// Handle deploys the token of one validated request.
func (s *Service) Handle(ctx context.Context, in *stage.Message) ([]stage.Output, error) {
	var ev schemas.Validated
	if err := schemas.Unmarshal(in.Data, &ev); err != nil {
		return nil, stage.Permanent(stage.ClassDecode, fmt.Errorf("validated event: %w", err))
	}
	req := ev.Request

	// Reconcile first: an earlier delivery may have sent, or even mined, the deployment.
	if out, done, err := s.reconcile(ctx, req); err != nil || done {
		return out, err
	}

	predicted, err := s.Chain.Predict(ctx, req.ModelID)
	if err != nil {
		return nil, s.classify("predict token address", err)
	}
	target := s.Chain.Target()
	journal := func(ctx context.Context, a schemas.TxAttempt) error {
		return s.Journal.Record(ctx, schemas.Submitted{
			Request: req, Network: target.Network, ChainID: target.ChainID, From: target.From,
			Manager: target.Manager, PredictedAddress: predicted, Attempt: a,
		})
	}
	rcpt, err := s.Chain.Deploy(ctx, req, journal)
	if err != nil {
		if class, _ := s.Chain.Classify(err); class == "reverted" {
			// Most often an attempt of an earlier delivery won the race, or another
			// request deployed this model: reconciling tells which.
			if out, done, rerr := s.reconcile(ctx, req); rerr != nil || done {
				return out, rerr
			}
		}
		return nil, s.classify("deploy token", err)
	}
	return s.deployed(ctx, req, predicted, rcpt, false)
}

// reconcile settles a request whose model already has a token: ours (an attempt of an
// earlier delivery was mined) ends deployed, anyone else's ends rejected.
func (s *Service) reconcile(ctx context.Context, req schemas.DeployRequest) ([]stage.Output, bool, error) {
	token, err := s.Chain.TokenOf(ctx, req.ModelID)
	if err != nil {
		return nil, false, s.classify("read tokenOf", err)
	}
	if token == "" {
		return nil, false, nil
	}
	attempts, err := s.Journal.Attempts(ctx, req.ModelID, req.RequestID)
	if err != nil {
		return nil, false, stage.Transient(ClassJournal, fmt.Errorf("read journal: %w", err))
	}
	for _, a := range attempts {
		rcpt, found, ok, err := s.Chain.Receipt(ctx, a.Hash)
		if err != nil {
			return nil, false, s.classify("read receipt", err)
		}
		if found && ok {
			out, err := s.deployed(ctx, req, token, rcpt, true)
			return out, true, err
		}
	}
	return []stage.Output{s.rejected(req, token)}, true, nil
}

func (s *Service) deployed(ctx context.Context, req schemas.DeployRequest, token string, rcpt schemas.Receipt, recovered bool) ([]stage.Output, error) {
	if s.Tokens != nil {
		if err := s.Tokens.Put(ctx, req.ModelID, token); err != nil {
			return nil, stage.Transient(ClassJournal, fmt.Errorf("record token: %w", err))
		}
	}
	t := s.Chain.Target()
	return []stage.Output{{
		Subject:   schemas.DeploySubject(schemas.EventDeployed, req.ModelID),
		MsgID:     schemas.DeployMsgID(schemas.EventDeployed, req.ModelID, req.RequestID, ""),
		EventType: string(schemas.EventDeployed),
		Value: schemas.Deployed{Request: req, Token: schemas.Token{
			Address: token, Network: t.Network, ChainID: t.ChainID, Deployer: t.From,
			Deploy: rcpt, At: s.now(), Recovered: recovered,
		}},
	}}, nil
}

func (s *Service) rejected(req schemas.DeployRequest, existing string) stage.Output {
	return stage.Output{
		Subject:   schemas.DeploySubject(schemas.EventRejected, req.ModelID),
		MsgID:     schemas.DeployMsgID(schemas.EventRejected, req.ModelID, req.RequestID, "deployer"),
		EventType: string(schemas.EventRejected),
		Value: schemas.Rejected{
			RequestID: req.RequestID, ModelID: req.ModelID, Stage: "deployer", Class: ClassAlreadyDeployed,
			Reasons:       []string{fmt.Sprintf("model %q already has token %s", req.ModelID, existing)},
			ExistingToken: existing, RejectedAt: s.now(),
		},
	}
}

// classify turns a chain error into a stage error: retryable classes are transient,
// the rest permanent, each with the EVM layer's class.
func (s *Service) classify(op string, err error) error {
	if errors.Is(err, context.Canceled) {
		return stage.Transient("canceled", fmt.Errorf("%s: %w", op, err))
	}
	class, retryable := s.Chain.Classify(err)
	err = fmt.Errorf("%s: %w", op, err)
	switch {
	case retryable:
		return stage.Transient(class, err)
	case class == "insufficient_funds" || class == "fee_cap_exceeded":
		// An operator can fund the account, or fees can fall: worth waiting for, slowly.
		return stage.RetryAfter(class, 30*time.Second, err)
	}
	return stage.Permanent(class, err)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}
