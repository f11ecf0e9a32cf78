// Package publisher turns a registered token into the legacy TokenDeployed message that
// Hokusai's consumers read from Redis, and records it as a published event. The bridge
// pushes the message byte for byte.
package publisher

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// MessageVersion is the TokenDeployed message_version legacy consumers expect.
const MessageVersion = "1.0"

// Service is the publisher stage.
type Service struct {
	// Source names this system in TokenDeployed._metadata.source.
	Source string
	// Now stamps _metadata.publishedAt; time.Now when nil.
	Now func() time.Time
}

// Handle decodes a registered event, builds the TokenDeployed message and emits it.
func (s *Service) Handle(_ context.Context, in *stage.Message) ([]stage.Output, error) {
	var ev schemas.Registered
	if err := schemas.Unmarshal(in.Data, &ev); err != nil {
		return nil, stage.Permanent(stage.ClassDecode, fmt.Errorf("registered event: %w", err))
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	msg := s.TokenDeployed(ev, in.Meta.CorrelationID, now().UTC())
	data, err := json.Marshal(msg)
	if err != nil {
		return nil, stage.Permanent(stage.ClassInternal, fmt.Errorf("encode TokenDeployed: %w", err))
	}
	req := ev.Request
	return []stage.Output{{
		Subject:   schemas.DeploySubject(schemas.EventPublished, req.ModelID),
		MsgID:     schemas.DeployMsgID(schemas.EventPublished, req.ModelID, req.RequestID, ""),
		EventType: string(schemas.EventPublished),
		Value: schemas.Published{
			RequestID:   req.RequestID,
			ModelID:     req.ModelID,
			Message:     data,
			Token:       ev.Token.Address,
			PublishedAt: now().UTC(),
		},
	}}, nil
}

// TokenDeployed builds the legacy message: exactly the Hokusai fields, enriched with the
// block, gas, deployer and network of the deployment.
func (s *Service) TokenDeployed(ev schemas.Registered, correlationID string, at time.Time) schemas.TokenDeployed {
	req, tok := ev.Request, ev.Token
	source := s.Source
	if source == "" {
		source = "chainrelay"
	}
	return schemas.TokenDeployed{
		EventType:               "token_deployed",
		ModelID:                 req.ModelID,
		TokenAddress:            tok.Address,
		TokenSymbol:             req.TokenSymbol,
		TokenName:               req.TokenName,
		TransactionHash:         tok.Deploy.TxHash,
		RegistryTransactionHash: ev.Registration.Receipt.TxHash,
		MLflowRunID:             req.MLflowRunID,
		ModelName:               req.ModelName,
		ModelVersion:            req.ModelVersion,
		DeploymentTimestamp:     tok.At.UTC().Format(time.RFC3339Nano),
		DeployerAddress:         tok.Deployer,
		Network:                 tok.Network,
		BlockNumber:             tok.Deploy.BlockNumber,
		GasUsed:                 fmt.Sprint(tok.Deploy.GasUsed),
		GasPrice:                tok.Deploy.EffectiveGasPrice,
		ContributorAddress:      req.ContributorAddress,
		PerformanceMetric:       req.MetricName,
		PerformanceImprovement:  req.Improvement,
		MessageVersion:          MessageVersion,
		Metadata: &schemas.PublishMetadata{
			CorrelationID: correlationID,
			Source:        source,
			PublishedAt:   at.Format(time.RFC3339Nano),
		},
	}
}
