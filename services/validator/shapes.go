package validator

import (
	"math"
	"strings"

	"github.com/chainrelay/chainrelay/schemas"
)

// DefaultMessageVersion is recorded for envelopes, which carry no message_version.
const DefaultMessageVersion = "1.0"

// flat reads the TypeScript service's message. Every field rule of that service applies.
func (c *checker) flat(root *jvalue) schemas.DeployRequest {
	r := schemas.DeployRequest{Format: FormatFlat}
	r.MessageVersion = c.version(root, "", required)
	if c.stop {
		return schemas.DeployRequest{}
	}
	c.common(root, "", &r, false)
	r.MLflowRunID, _ = c.text(root, "", "mlflow_run_id", required, MaxTextBytes)
	if x, ok := c.number(root, "", "baseline_value", required); ok {
		if x <= 0 {
			c.add(ClassSchema, "baseline_value", "must be > 0, got %v", x)
		}
		r.BaselineValue = x
	}
	if x, ok := c.number(root, "", "current_value", required); ok {
		if x <= 0 {
			c.add(ClassSchema, "current_value", "must be > 0, got %v", x)
		}
		r.CurrentValue = x
	}
	if x, ok := c.number(root, "", "improvement_percentage", required); ok {
		if x <= 0 {
			c.add(ClassNonPositiveImprovement, "improvement_percentage", "must be > 0, got %v", x)
		}
		r.Improvement = x
	}
	r.Timestamp, _ = c.timestamp(root, "", "timestamp", required)
	c.count(root, "", "_retryCount")
	return r
}

// envelope reads the Python producer's envelope and its payload.
func (c *checker) envelope(root *jvalue) schemas.DeployRequest {
	r := schemas.DeployRequest{Format: FormatEnvelope}
	r.MessageVersion = c.version(root, "", optional)
	if c.stop {
		return schemas.DeployRequest{}
	}
	payload, hasPayload := c.field(root, "", "payload", required)
	if hasPayload && payload.kind != jObject {
		c.add(ClassSchema, "payload", "must be an object, got %s", payload.kind)
		hasPayload = false
	}
	if hasPayload {
		if v := c.version(payload, "payload", optional); r.MessageVersion == "" {
			r.MessageVersion = v
		}
		if c.stop {
			return schemas.DeployRequest{}
		}
	}
	if r.MessageVersion == "" {
		r.MessageVersion = DefaultMessageVersion
	}

	if v, ok := c.field(root, "", "message_type", required); ok {
		if v.kind != jString || v.text != schemas.MessageTypeModelReady {
			c.add(ClassSchema, "message_type", "must be %q", schemas.MessageTypeModelReady)
		}
	}
	r.SourceMessageID, _ = c.text(root, "", "message_id", required, MaxTextBytes)
	r.Timestamp, _ = c.timestamp(root, "", "timestamp", required)
	c.count(root, "", "retry_count")
	c.count(root, "", "max_retries")
	if !hasPayload {
		return r
	}

	const p = "payload"
	sent := c.common(payload, p, &r, true)
	r.MLflowRunID, _ = c.text(payload, p, "mlflow_run_id", optional, MaxTextBytes)
	base, baseOK := c.number(payload, p, "baseline_value", required)
	cur, curOK := c.number(payload, p, "current_value", required)
	r.BaselineValue, r.CurrentValue = base, cur
	if v, ok := payload.get("improvement_percentage"); ok && v.kind != jNull {
		if x, ok := c.number(payload, p, "improvement_percentage", required); ok {
			if x <= 0 {
				c.add(ClassNonPositiveImprovement, "payload.improvement_percentage", "must be > 0, got %v", x)
			}
			r.Improvement = x
		}
	} else if baseOK && curOK {
		// The producer's own rule for a null improvement.
		imp := (cur - base) / base * 100
		switch {
		case base <= 0:
			c.add(ClassSchema, "payload.improvement_percentage",
				"is null and cannot be computed: baseline_value must be > 0, got %v", base)
		case math.IsInf(imp, 0) || math.IsNaN(imp):
			c.add(ClassSchema, "payload.improvement_percentage",
				"is null and (current_value - baseline_value) / baseline_value * 100 is not finite")
		case imp <= 0:
			c.add(ClassNonPositiveImprovement, "payload.improvement_percentage",
				"is null and (current_value - baseline_value) / baseline_value * 100 = %v, must be > 0", imp)
		default:
			r.Improvement = imp
		}
	}
	if v, ok := c.field(payload, p, "status", optional); ok {
		if v.kind != jString || v.text != "registered" {
			c.add(ClassSchema, "payload.status", "must be \"registered\"")
		}
	}
	if id, ok := c.text(payload, p, "proposal_identifier", optional, MaxTextBytes); ok {
		r.ProposalIdentifier = id
	} else {
		r.ProposalIdentifier = sent
	}
	// A payload timestamp, when the producer adds one, must be readable too; the
	// envelope's is the message's time.
	c.timestamp(payload, p, "timestamp", optional)
	return r
}

// common reads the fields both shapes share into r and returns the token symbol as sent.
// The symbol is normalised to upper case: it is what the TypeScript schema allows, what
// ERC-20 wallets show, and what legacy TokenDeployed consumers have always received; the
// envelope's symbol as sent stays in ProposalIdentifier (its default).
func (c *checker) common(obj *jvalue, p string, r *schemas.DeployRequest, envelope bool) string {
	if v, ok := obj.get("model_id"); ok && v.kind == jString && len(v.text) <= MaxModelIDBytes {
		c.modelID = v.text
	}
	r.ModelID, _ = c.text(obj, p, "model_id", required, MaxModelIDBytes)
	sent, _ := c.symbol(obj, p, envelope)
	r.TokenSymbol = strings.ToUpper(sent)
	r.MetricName, _ = c.text(obj, p, "metric_name", required, MaxTextBytes)
	if name, ok := c.text(obj, p, "model_name", required, MaxModelNameBytes); ok {
		r.ModelName = name
		r.TokenName = name + TokenNameSuffix
	}
	r.ModelVersion, _ = c.text(obj, p, "model_version", required, MaxTextBytes)
	r.ExperimentName, _ = c.text(obj, p, "experiment_name", optional, MaxTextBytes)
	r.ContributorAddress = c.address(obj, p)
	r.Tags = c.tags(obj, p)
	return sent
}
