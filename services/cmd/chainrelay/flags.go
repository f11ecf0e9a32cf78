package main

import (
	"cmp"
	"flag"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/chainrelay/chainrelay/redisbridge"
	"github.com/chainrelay/chainrelay/services/evm/txmgr"
	"github.com/chainrelay/chainrelay/services/pipeline"
)

// redisFlags are the bridge's Redis options, shared by bridge, up and the operator tools.
type redisFlags struct {
	cfg redisbridge.Config
}

func (r *redisFlags) register(fs *flag.FlagSet) {
	c := &r.cfg
	// REDIS_URL is honoured too: it is what the legacy services and `make run` set.
	stringFlag(fs, &c.Redis.URL, "redis-url", cmp.Or(os.Getenv("REDIS_URL"), redisbridge.DefaultRedisURL), "Redis URL, redis:// or rediss:// (also REDIS_URL)")
	stringFlag(fs, &c.Redis.Username, "redis-user", "", "Redis ACL user")
	stringFlag(fs, &c.Redis.PasswordFile, "redis-password-file", "", "file holding the Redis password")
	stringFlag(fs, &c.Redis.CAFile, "redis-ca", "", "CA certificate for Redis TLS")
	stringFlag(fs, &c.Redis.CertFile, "redis-cert", "", "client certificate for Redis TLS")
	stringFlag(fs, &c.Redis.KeyFile, "redis-key", "", "client key for Redis TLS")
	l := redisbridge.DefaultLists()
	stringFlag(fs, &c.Lists.Inbound, "queue-inbound", l.Inbound, "list legacy producers push ModelReadyToDeploy onto")
	stringFlag(fs, &c.Lists.Processing, "queue-processing", l.Processing, "the bridge's working list")
	stringFlag(fs, &c.Lists.Outbound, "queue-outbound", l.Outbound, "list legacy consumers read TokenDeployed from")
	stringFlag(fs, &c.Lists.DeadLetter, "queue-dlq", l.DeadLetter, "dead-letter list")
	stringFlag(fs, &c.Lists.Checkpoint, "redis-checkpoint-key", l.Checkpoint, "key holding the last mirrored stream sequence")
	stringFlag(fs, &c.Redis.TLSServerName, "redis-tls-server-name", "", "server name checked in the Redis TLS certificate")
}

// envRedisPassword is read from the environment only, so that the password never shows
// in a process listing.
const envRedisPassword = "CHAINRELAY_REDIS_PASSWORD"

// config returns the parsed configuration with the password from the environment when
// no password file is set.
func (r *redisFlags) config() redisbridge.Config {
	cfg := r.cfg
	if pw, ok := os.LookupEnv(envRedisPassword); ok && cfg.Redis.PasswordFile == "" {
		cfg.Redis.Password = pw
	}
	return cfg
}

// chainFlags select the chain the deploy stages use.
type chainFlags struct {
	cfg     pipeline.ChainConfig
	rpcURLs string
}

func (c *chainFlags) register(fs *flag.FlagSet, simulatedDefault bool) {
	def := "simulated"
	if !simulatedDefault {
		def = "geth-local"
	}
	stringFlag(fs, &c.cfg.Network, "network", def, "network: simulated (in-process), geth-local, sepolia, amoy, polygon, mainnet")
	stringFlag(fs, &c.rpcURLs, "rpc-url", "", "JSON-RPC endpoints, comma-separated (override the network's)")
	stringFlag(fs, &c.cfg.Key.File, "key-file", "", "file holding the signing key (hex)")
	stringFlag(fs, &c.cfg.Key.Keystore, "keystore", "", "encrypted go-ethereum keystore file")
	stringFlag(fs, &c.cfg.Key.PasswordFile, "keystore-password-file", "", "file holding the keystore password")
	stringFlag(fs, &c.cfg.Key.Env, "key-env", "", "name of an environment variable holding the signing key (hex)")
	stringFlag(fs, &c.cfg.TokenManager, "token-manager", "", "TokenManager address (default: recorded in the chain bucket)")
	stringFlag(fs, &c.cfg.ModelRegistry, "model-registry", "", "ModelRegistry address (default: recorded in the chain bucket)")
	fs.DurationVar(&c.cfg.BlockPeriod, "block-period", envDuration("block-period", time.Second), "simulated chain block period (env "+envName("block-period")+")")
	stringFlag(fs, &c.cfg.SimulatedHTTP, "chain-http", "", "serve the simulated chain's JSON-RPC on host:port for roles in other processes")
	// Separate deployer and registrar processes sign with the same key, so a role on its
	// own shares nonces by default; up has one transaction manager for both.
	fs.BoolVar(&c.cfg.SharedNonces, "shared-nonces", envBool("shared-nonces", !simulatedDefault),
		"reserve nonces through JetStream KV, for processes sharing one key (env "+envName("shared-nonces")+")")
}

func (c *chainFlags) config(reg prometheus.Registerer) pipeline.ChainConfig {
	cfg := c.cfg
	cfg.Metrics = txmgr.NewPrometheusMetrics(reg)
	for _, u := range strings.Split(c.rpcURLs, ",") {
		if u = strings.TrimSpace(u); u != "" {
			cfg.RPCURLs = append(cfg.RPCURLs, u)
		}
	}
	return cfg
}
