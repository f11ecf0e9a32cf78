package streams

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/chainrelay/chainrelay/schemas"
)

// Durable consumer names, one per consuming stage.
const (
	ConsumerValidator = "validator"
	ConsumerDeployer  = "deployer"
	ConsumerRegistrar = "registrar"
	ConsumerPublisher = "publisher"
)

// KV bucket names.
const (
	// BucketDeployments holds the deployment-state projection, one key per model.
	BucketDeployments = "deployments"
	// BucketTokens maps a model (subject-encoded) to its deployed token address; the
	// deployer writes it, the validator reads it to reject a second request early.
	BucketTokens = "tokens"
	// BucketCursors holds resumable positions: Stellar ledgers, projection sequences.
	BucketCursors = "cursors"
	// BucketNonces holds per-account nonce reservations shared by deployer replicas.
	BucketNonces = "nonces"
	// BucketChain records contract addresses per network.
	BucketChain = "chain"
)

// ErrDestructiveChange refuses a topology change that would lose data.
var ErrDestructiveChange = errors.New("refused: change would lose data")

// Topology is the whole JetStream layout as code.
type Topology struct {
	// Replicas of every stream and bucket: 1 embedded, 3 in a cluster.
	Replicas int
	// HokusaiDuplicates is the HOKUSAI de-duplication window. It must outlast the longest
	// time between a stage publishing an output and a redelivered input publishing it
	// again: AckWait × MaxDeliver plus back-off plus a restart. Two hours covers a
	// deployer that crashed mid-confirmation and came back after an outage; the cost is a
	// map entry per message for two hours, trivial at deploy rates.
	HokusaiDuplicates time.Duration
	// StellarDuplicates is the STELLAR window. The streamer does not rely on it for
	// correctness (it checks the stream's last message on restart), and mainnet volume
	// makes a long window costly in memory, so it is short.
	StellarDuplicates time.Duration
	// Consumers are the durable pull consumers of the deploy stages.
	Consumers []jetstream.ConsumerConfig
}

// DefaultTopology is the layout chainrelay up provisions.
func DefaultTopology() Topology {
	stage := func(name string, ev schemas.EventType, ackWait time.Duration, maxDeliver int) jetstream.ConsumerConfig {
		// No consumer BackOff: the server measures a NakWithDelay from the BackOff entry
		// rather than from the delay asked for, which would stretch the runner's own
		// retry schedule. A crashed replica's inputs come back after AckWait.
		return jetstream.ConsumerConfig{
			Durable:        name,
			Description:    "chainrelay " + name + " stage",
			FilterSubjects: []string{schemas.DeployFilter(ev)},
			AckPolicy:      jetstream.AckExplicitPolicy,
			DeliverPolicy:  jetstream.DeliverAllPolicy,
			AckWait:        ackWait,
			MaxDeliver:     maxDeliver,
			MaxAckPending:  4096,
		}
	}
	return Topology{
		Replicas:          1,
		HokusaiDuplicates: 2 * time.Hour,
		StellarDuplicates: 10 * time.Minute,
		Consumers: []jetstream.ConsumerConfig{
			stage(ConsumerValidator, schemas.EventRequested, 30*time.Second, 5),
			// The deployer waits for confirmations and heartbeats with InProgress, so its
			// AckWait only has to cover a heartbeat interval, not a whole deployment.
			stage(ConsumerDeployer, schemas.EventValidated, 60*time.Second, 8),
			stage(ConsumerRegistrar, schemas.EventDeployed, 60*time.Second, 8),
			stage(ConsumerPublisher, schemas.EventRegistered, 30*time.Second, 5),
		},
	}
}

// Check validates the topology.
func (t *Topology) Check() error {
	if t.Replicas < 1 || t.Replicas > 5 {
		return fmt.Errorf("topology: replicas %d not in 1..5", t.Replicas)
	}
	if t.HokusaiDuplicates <= 0 || t.StellarDuplicates <= 0 {
		return errors.New("topology: duplicate windows must be positive")
	}
	return nil
}

// Streams returns the stream configurations.
func (t Topology) Streams() []jetstream.StreamConfig {
	base := func(name, subjects, desc string, dup time.Duration) jetstream.StreamConfig {
		return jetstream.StreamConfig{
			Name:        name,
			Description: desc,
			Subjects:    []string{subjects},
			Retention:   jetstream.LimitsPolicy,
			Storage:     jetstream.FileStorage,
			Replicas:    t.Replicas,
			Duplicates:  dup,
			// The log is the source of truth and must replay from sequence 1.
			MaxAge:      0,
			MaxMsgs:     -1,
			MaxBytes:    -1,
			Discard:     jetstream.DiscardOld,
			DenyDelete:  true,
			DenyPurge:   true,
			AllowDirect: true,
		}
	}
	return []jetstream.StreamConfig{
		base(schemas.StreamHokusai, schemas.SubjectsHokusai, "Hokusai token deploy flow", t.HokusaiDuplicates),
		base(schemas.StreamStellar, schemas.SubjectsStellar, "Stellar Soroban contract invocations", t.StellarDuplicates),
	}
}

// Buckets returns the KV bucket configurations.
func (t Topology) Buckets() []jetstream.KeyValueConfig {
	kv := func(name, desc string, history uint8) jetstream.KeyValueConfig {
		return jetstream.KeyValueConfig{Bucket: name, Description: desc, History: history, Storage: jetstream.FileStorage, Replicas: t.Replicas}
	}
	return []jetstream.KeyValueConfig{
		kv(BucketDeployments, "deployment state per model, rebuilt from HOKUSAI", 1),
		kv(BucketTokens, "token address per model", 1),
		kv(BucketCursors, "resumable positions of streamers and projections", 1),
		kv(BucketNonces, "nonce reservations per account", 1),
		kv(BucketChain, "contract addresses per network", 1),
	}
}

// Provision creates or updates every stream, consumer and bucket. It is idempotent and
// refuses, with ErrDestructiveChange, any change that would lose data.
func Provision(ctx context.Context, js jetstream.JetStream, t Topology) error {
	if err := t.Check(); err != nil {
		return err
	}
	for _, want := range t.Streams() {
		if err := ProvisionStream(ctx, js, want); err != nil {
			return err
		}
	}
	for _, c := range t.Consumers {
		if _, err := js.CreateOrUpdateConsumer(ctx, schemas.StreamHokusai, c); err != nil {
			return fmt.Errorf("provision consumer %s: %w", c.Durable, err)
		}
	}
	for _, b := range t.Buckets() {
		if err := provisionBucket(ctx, js, b); err != nil {
			return err
		}
	}
	return nil
}

// ProvisionStream creates the stream or updates it when the change loses no data.
func ProvisionStream(ctx context.Context, js jetstream.JetStream, want jetstream.StreamConfig) error {
	s, err := js.Stream(ctx, want.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		if _, err := js.CreateStream(ctx, want); err != nil {
			return fmt.Errorf("provision stream %s: create: %w", want.Name, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("provision stream %s: %w", want.Name, err)
	}
	have := s.CachedInfo().Config
	if err := streamChangeSafe(have, want); err != nil {
		return fmt.Errorf("provision stream %s: %w", want.Name, err)
	}
	if _, err := js.UpdateStream(ctx, want); err != nil {
		return fmt.Errorf("provision stream %s: update: %w", want.Name, err)
	}
	return nil
}

// streamChangeSafe reports why turning have into want would lose data, if it would.
func streamChangeSafe(have, want jetstream.StreamConfig) error {
	var errs []error
	refuse := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: "+format, append([]any{ErrDestructiveChange}, args...)...))
	}
	if have.Retention != want.Retention {
		refuse("retention %s -> %s", have.Retention, want.Retention)
	}
	if have.Storage != want.Storage {
		refuse("storage %s -> %s", have.Storage, want.Storage)
	}
	for _, s := range have.Subjects {
		if !slices.Contains(want.Subjects, s) {
			refuse("subject %q would no longer be captured", s)
		}
	}
	if lowered(int64(have.MaxAge), int64(want.MaxAge)) {
		refuse("max age %s -> %s", have.MaxAge, want.MaxAge)
	}
	if lowered(have.MaxMsgs, want.MaxMsgs) {
		refuse("max messages %d -> %d", have.MaxMsgs, want.MaxMsgs)
	}
	if lowered(have.MaxBytes, want.MaxBytes) {
		refuse("max bytes %d -> %d", have.MaxBytes, want.MaxBytes)
	}
	if lowered(have.MaxMsgsPerSubject, want.MaxMsgsPerSubject) {
		refuse("max messages per subject %d -> %d", have.MaxMsgsPerSubject, want.MaxMsgsPerSubject)
	}
	if have.DenyDelete && !want.DenyDelete {
		refuse("deletes would be allowed")
	}
	if have.DenyPurge && !want.DenyPurge {
		refuse("purges would be allowed")
	}
	if want.Replicas < have.Replicas {
		// Not a loss today, but one node away from one: a role started without
		// --replicas must not quietly shrink a clustered stream.
		refuse("replicas %d -> %d would lower durability (run provision with --replicas %d, or change it deliberately with the nats CLI)", have.Replicas, want.Replicas, have.Replicas)
	}
	return errors.Join(errs...)
}

// lowered reports whether a limit goes from unlimited (<= 0) or larger to a smaller one.
func lowered(have, want int64) bool {
	if want <= 0 {
		return false
	}
	return have <= 0 || want < have
}

func provisionBucket(ctx context.Context, js jetstream.JetStream, want jetstream.KeyValueConfig) error {
	kv, err := js.KeyValue(ctx, want.Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		if _, err := js.CreateKeyValue(ctx, want); err != nil {
			return fmt.Errorf("provision bucket %s: create: %w", want.Bucket, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("provision bucket %s: %w", want.Bucket, err)
	}
	st, err := kv.Status(ctx)
	if err != nil {
		return fmt.Errorf("provision bucket %s: status: %w", want.Bucket, err)
	}
	if int64(want.History) < st.History() {
		return fmt.Errorf("provision bucket %s: %w: history %d -> %d", want.Bucket, ErrDestructiveChange, st.History(), want.History)
	}
	if lowered(int64(st.TTL()), int64(want.TTL)) {
		return fmt.Errorf("provision bucket %s: %w: ttl %s -> %s", want.Bucket, ErrDestructiveChange, st.TTL(), want.TTL)
	}
	if _, err := js.UpdateKeyValue(ctx, want); err != nil {
		return fmt.Errorf("provision bucket %s: update: %w", want.Bucket, err)
	}
	return nil
}
