// Package deployer deploys one token per model through the TokenManager: it journals
// every transaction before broadcasting it, waits for confirmation and emits deployed.
// After a crash it reconciles the journal against the chain before sending anything, so
// a model never gets a second token; the TokenManager refuses one too.
package deployer

import (
	"context"
	"fmt"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/evm"
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
	// Predict returns the address modelID's token has or will have.
	Predict(modelID string) string
	// Deploy sends the deploy transaction, calling journal before every broadcast (the
	// first and each fee bump) and failing without broadcasting when journal fails, then
	// waits for confirmation. Errors are the EVM layer's classified errors.
	Deploy(ctx context.Context, req schemas.DeployRequest, journal func(context.Context, schemas.TxAttempt) error) (schemas.Receipt, error)
	// Resume follows attempts journaled by an earlier delivery until one is mined and
	// confirmed (mined true), or reports mined false when none of them can be mined any
	// more because their nonces went to other transactions.
	Resume(ctx context.Context, attempts []schemas.TxAttempt) (rcpt schemas.Receipt, mined bool, err error)
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
	token := s.Chain.Predict(req.ModelID)

	// Reconcile first: an earlier delivery may have sent, or even mined, the deployment.
	attempts, err := s.Journal.Attempts(ctx, req.ModelID, req.RequestID)
	if err != nil {
		return nil, stage.Transient(ClassJournal, fmt.Errorf("read journal: %w", err))
	}
	if len(attempts) > 0 {
		rcpt, mined, err := s.Chain.Resume(ctx, attempts)
		switch {
		case err == nil && mined:
			return s.deployed(ctx, req, token, rcpt, true)
		case err != nil && evm.ClassOf(err) != evm.ClassReverted:
			return nil, evm.StageError("resume journaled deployment", err)
		}
		// Not mined, or mined and reverted: decide afresh below.
	}
	if out, done, err := s.alreadyDeployed(ctx, req); err != nil || done {
		return out, err
	}

	target := s.Chain.Target()
	journal := func(ctx context.Context, a schemas.TxAttempt) error {
		return s.Journal.Record(ctx, schemas.Submitted{
			Request: req, Network: target.Network, ChainID: target.ChainID, From: target.From,
			Manager: target.Manager, PredictedAddress: token, Attempt: a,
		})
	}
	rcpt, err := s.Chain.Deploy(ctx, req, journal)
	if err != nil {
		if evm.ClassOf(err) == evm.ClassReverted {
			// Most often another request deployed this model meanwhile.
			if out, done, rerr := s.alreadyDeployed(ctx, req); rerr != nil || done {
				return out, rerr
			}
		}
		return nil, evm.StageError("deploy token", err)
	}
	return s.deployed(ctx, req, token, rcpt, false)
}

// alreadyDeployed ends a request whose model has a token none of its attempts made.
func (s *Service) alreadyDeployed(ctx context.Context, req schemas.DeployRequest) ([]stage.Output, bool, error) {
	existing, err := s.Chain.TokenOf(ctx, req.ModelID)
	if err != nil {
		return nil, false, evm.StageError("read tokenOf", err)
	}
	if existing == "" {
		return nil, false, nil
	}
	if s.Tokens != nil {
		if err := s.Tokens.Put(ctx, req.ModelID, existing); err != nil {
			return nil, false, stage.Transient(ClassJournal, fmt.Errorf("record token: %w", err))
		}
	}
	return []stage.Output{s.rejected(req, existing)}, true, nil
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

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}
