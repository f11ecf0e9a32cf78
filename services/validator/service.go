package validator

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/chainrelay/chainrelay/schemas"
	"github.com/chainrelay/chainrelay/streams/stage"
)

// StageName is the validator's name in events, logs and metrics.
const StageName = "validator"

// ClassTokenLookup is the runner class of a failed already-deployed lookup (transient).
const ClassTokenLookup = "token_lookup"

// ErrNoTokenLookup reports a Service built without a TokenLookup.
var ErrNoTokenLookup = errors.New("validator: no token lookup configured")

// TokenLookup tells whether a model already has a token.
type TokenLookup interface {
	TokenOf(ctx context.Context, modelID string) (address string, found bool, err error)
}

// History tells whether a request was already validated: an input redelivered after its
// validated event was published (a crash before the ack) must publish that same event
// again, deduplicated by JetStream, not a rejection because the deployer has meanwhile
// deployed its token.
type History interface {
	ValidatedBefore(ctx context.Context, modelID, requestID string) (bool, error)
}

// Service is the validator stage.
type Service struct {
	// Options bounds the messages accepted.
	Options Options
	// Tokens is required: a request for a model that already has a token is rejected.
	Tokens TokenLookup
	// History is optional; without it a redelivered, already validated input whose token
	// was deployed meanwhile ends with a redundant already_deployed rejection.
	History History
	// Now stamps rejections; time.Now when nil.
	Now func() time.Time
}

// Check reports a Service that cannot run.
func (s *Service) Check() error {
	if s.Tokens == nil {
		return ErrNoTokenLookup
	}
	return s.Options.Check()
}

// Handle decides one requested event: it emits a Validated event, or a Rejected event
// carrying every reason. A rejection is a normal outcome (the input is acked); a failed
// lookup is transient (the runner retries the input); an input that is not a Requested
// event is permanent (the runner dead-letters it).
func (s *Service) Handle(ctx context.Context, in *stage.Message) ([]stage.Output, error) {
	var r schemas.Requested
	if err := schemas.Unmarshal(in.Data, &r); err != nil {
		return nil, stage.Permanent(stage.ClassDecode, fmt.Errorf("requested event: %w", err))
	}
	if r.RequestID == "" {
		r.RequestID = in.Meta.CorrelationID
	}
	req, rej := Validate(r.Raw, s.Options)
	if rej == nil {
		req.RequestID = r.RequestID
		var err error
		if rej, err = s.alreadyDeployed(ctx, req); err != nil {
			return nil, err
		}
	}
	if rej != nil {
		return []stage.Output{s.rejected(in, r, rej)}, nil
	}
	return []stage.Output{{
		Subject:   schemas.DeploySubject(schemas.EventValidated, req.ModelID),
		MsgID:     schemas.DeployMsgID(schemas.EventValidated, req.ModelID, req.RequestID, ""),
		EventType: string(schemas.EventValidated),
		Value:     schemas.Validated{Request: req},
	}}, nil
}

// alreadyDeployed turns a token that exists for the model into a rejection, unless this
// very request was validated before (see History).
func (s *Service) alreadyDeployed(ctx context.Context, req schemas.DeployRequest) (*Rejection, error) {
	if s.Tokens == nil {
		return nil, stage.Transient(stage.ClassInternal, ErrNoTokenLookup)
	}
	addr, found, err := s.Tokens.TokenOf(ctx, req.ModelID)
	if err != nil {
		return nil, stage.Transient(ClassTokenLookup, fmt.Errorf("token of %q: %w", req.ModelID, err))
	}
	if !found {
		return nil, nil
	}
	if s.History != nil {
		again, err := s.History.ValidatedBefore(ctx, req.ModelID, req.RequestID)
		if err != nil {
			return nil, stage.Transient(ClassTokenLookup, fmt.Errorf("validated before %q: %w", req.ModelID, err))
		}
		if again {
			return nil, nil
		}
	}
	return &Rejection{
		Class: ClassAlreadyDeployed,
		Violations: []Violation{{
			Class: ClassAlreadyDeployed, Field: "model_id",
			Msg: fmt.Sprintf("model %q already has token %s; a model gets one token", req.ModelID, addr),
		}},
		ModelID:       req.ModelID,
		ExistingToken: addr,
	}, nil
}

func (s *Service) rejected(in *stage.Message, r schemas.Requested, rej *Rejection) stage.Output {
	model := r.ModelID
	if model == "" {
		model = rej.ModelID
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return stage.Output{
		Subject:   schemas.DeploySubject(schemas.EventRejected, model),
		MsgID:     schemas.DeployMsgID(schemas.EventRejected, model, r.RequestID, ""),
		EventType: string(schemas.EventRejected),
		Value: schemas.Rejected{
			RequestID:     r.RequestID,
			ModelID:       model,
			Stage:         StageName,
			Class:         string(rej.Class),
			Reasons:       rej.Reasons(),
			Raw:           r.Raw,
			Queue:         r.Queue,
			ExistingToken: rej.ExistingToken,
			Attempts:      max(int(in.Delivered), 1),
			RejectedAt:    now().UTC(),
		},
	}
}
