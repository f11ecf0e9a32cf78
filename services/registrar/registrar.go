// Package registrar records each deployed token in the ModelRegistry. It reads the
// registry before writing: a model already registered to the same token is done without
// a transaction, one registered to another token is a conflict no retry can fix.
package registrar

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/services/evm"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// ClassRegistryConflict: the registry holds another token for the model.
const ClassRegistryConflict = "registry_conflict"

// Registry is what the registrar needs of the EVM layer.
type Registry interface {
	// Address is the ModelRegistry's address.
	Address() string
	// Lookup returns the token registered for modelID, "" when none.
	Lookup(ctx context.Context, modelID string) (string, error)
	// Register sends registerModel and waits for confirmation. Errors are the EVM
	// layer's classified errors.
	Register(ctx context.Context, modelID, token, metric string) (schemas.Receipt, error)
}

// Service is the registrar stage.
type Service struct {
	Registry Registry
	Now      func() time.Time
}

// Handle registers the token of one deployed event.
func (s *Service) Handle(ctx context.Context, in *stage.Message) ([]stage.Output, error) {
	var ev schemas.Deployed
	if err := schemas.Unmarshal(in.Data, &ev); err != nil {
		return nil, stage.Permanent(stage.ClassDecode, fmt.Errorf("deployed event: %w", err))
	}
	req, token := ev.Request, ev.Token.Address

	existing, err := s.Registry.Lookup(ctx, req.ModelID)
	if err != nil {
		return nil, evm.StageError("read registry", err)
	}
	reg := schemas.Registration{Registry: s.Registry.Address()}
	switch {
	case existing == "":
		rcpt, err := s.Registry.Register(ctx, req.ModelID, token, req.MetricName)
		if err != nil {
			return nil, s.settleRace(ctx, req.ModelID, token, err)
		}
		reg.Receipt = rcpt
	case strings.EqualFold(existing, token):
		// Registered by an earlier delivery whose output was lost in a crash.
		reg.AlreadyRegistered = true
	default:
		return nil, stage.Permanent(ClassRegistryConflict,
			fmt.Errorf("model %q is registered to %s, not to its deployed token %s", req.ModelID, existing, token))
	}
	reg.At = s.now()
	return []stage.Output{{
		Subject:   schemas.DeploySubject(schemas.EventRegistered, req.ModelID),
		MsgID:     schemas.DeployMsgID(schemas.EventRegistered, req.ModelID, req.RequestID, ""),
		EventType: string(schemas.EventRegistered),
		Value:     schemas.Registered{Request: req, Token: ev.Token, Registration: reg},
	}}, nil
}

// settleRace re-reads the registry after a failed registration: a revert because the
// model got registered meanwhile (by a replica handling a redelivery) is success when it
// holds our token, and retried so that the next delivery records it.
func (s *Service) settleRace(ctx context.Context, modelID, token string, sendErr error) error {
	if evm.ClassOf(sendErr) == evm.ClassReverted {
		if existing, err := s.Registry.Lookup(ctx, modelID); err == nil && strings.EqualFold(existing, token) {
			return stage.Transient("registered_meanwhile", fmt.Errorf("register: %w", sendErr))
		}
	}
	return evm.StageError("register model", sendErr)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}
