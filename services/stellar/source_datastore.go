package stellar

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stellar/go-stellar-sdk/ingest/ledgerbackend"
	"github.com/stellar/go-stellar-sdk/support/datastore"
)

// DatastoreConfig names a Galexie datastore: a filesystem directory, an S3 bucket or a
// GCS bucket holding LedgerCloseMetaBatch objects (the public Stellar data lake is one).
type DatastoreConfig struct {
	// Type is "Filesystem", "S3" or "GCS".
	Type string
	// Params are the SDK's datastore parameters: "destination_path" for a filesystem
	// (a bucket path for S3 and GCS), "region" and "endpoint_url" for S3.
	Params map[string]string
	// Passphrase is compared with the datastore's manifest, when it has one.
	Passphrase string
	// LedgersPerFile and FilesPerPartition describe the layout of a datastore without a
	// manifest; they are read from the manifest otherwise.
	LedgersPerFile, FilesPerPartition uint32
	// BufferSize is how many objects are fetched ahead, NumWorkers how many in parallel
	// (defaults 16 and 4); RetryLimit and RetryWait govern fetch retries (3, 2s).
	BufferSize, NumWorkers, RetryLimit uint32
	RetryWait                          time.Duration
}

// Check reports a config that cannot work.
func (c DatastoreConfig) Check() error {
	switch c.Type {
	case "Filesystem", "S3", "GCS":
	default:
		return fmt.Errorf("datastore config: type %q, want Filesystem, S3 or GCS", c.Type)
	}
	if c.Params["destination_path"] == "" {
		return errors.New("datastore config: params.destination_path is required")
	}
	if c.NumWorkers > 0 && c.BufferSize > 0 && c.NumWorkers > c.BufferSize {
		return errors.New("datastore config: more workers than buffer")
	}
	return nil
}

func (c DatastoreConfig) withDefaults() DatastoreConfig {
	if c.BufferSize == 0 {
		c.BufferSize = 16
	}
	if c.NumWorkers == 0 {
		c.NumWorkers = min(4, c.BufferSize)
	}
	if c.RetryLimit == 0 {
		c.RetryLimit = 3
	}
	if c.RetryWait == 0 {
		c.RetryWait = 2 * time.Second
	}
	return c
}

// DatastoreBackend is the SDK's BufferedStorageBackend over a datastore it owns: Close
// closes both.
type DatastoreBackend struct {
	*ledgerbackend.BufferedStorageBackend
	store datastore.DataStore
	name  string
}

var _ ledgerbackend.LedgerBackend = (*DatastoreBackend)(nil)

// NewDatastoreBackend opens a datastore, reads its layout and returns a LedgerBackend
// over it.
func NewDatastoreBackend(ctx context.Context, cfg DatastoreConfig) (*DatastoreBackend, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	dsCfg := datastore.DataStoreConfig{
		Type:              cfg.Type,
		Params:            cfg.Params,
		NetworkPassphrase: cfg.Passphrase,
		Schema:            datastore.DataStoreSchema{LedgersPerFile: cfg.LedgersPerFile, FilesPerPartition: cfg.FilesPerPartition},
	}
	store, err := datastore.NewDataStore(ctx, dsCfg)
	if err != nil {
		return nil, fmt.Errorf("open datastore: %w", err)
	}
	schema, err := datastore.LoadSchema(ctx, store, dsCfg)
	if err != nil {
		_ = store.Close()
		return nil, fmt.Errorf("datastore layout: %w", err)
	}
	b, err := ledgerbackend.NewBufferedStorageBackend(ledgerbackend.BufferedStorageBackendConfig{
		BufferSize: cfg.BufferSize, NumWorkers: cfg.NumWorkers, RetryLimit: cfg.RetryLimit, RetryWait: cfg.RetryWait,
	}, store, schema)
	if err != nil {
		_ = store.Close()
		return nil, fmt.Errorf("datastore backend: %w", err)
	}
	return &DatastoreBackend{BufferedStorageBackend: b, store: store,
		name: cfg.Type + ":" + cfg.Params["destination_path"]}, nil
}

// Name says which datastore the backend reads, for errors.
func (d *DatastoreBackend) Name() string { return d.name }

// Close stops the backend and closes the datastore.
func (d *DatastoreBackend) Close() error {
	return errors.Join(d.BufferedStorageBackend.Close(), d.store.Close())
}
