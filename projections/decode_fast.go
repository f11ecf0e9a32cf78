package projections

import (
	"github.com/chainrelay/chainrelay/schemas"
)

// Hand-written msgpack decoders of the lean event mirrors, reading the payload in place
// (mpReader): reflection and the general decoder were most of the projector's time per
// event. Fields are matched by their msgpack names, unknown ones skipped, so a producer
// adding a field changes nothing here.

func (v *leanRequest) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.str()
		case "token_symbol":
			v.TokenSymbol, err = d.str()
		case "token_name":
			v.TokenName, err = d.str()
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanRequested) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.str()
		case "queue":
			v.Queue, err = d.str()
		case "received_at":
			v.ReceivedAt, err = d.time()
		case "retry":
			v.Retry, err = d.int()
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanValidated) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		if string(k) == "request" {
			return v.Request.decode(d)
		}
		return d.skip()
	})
}

func (v *leanRejected) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.str()
		case "stage":
			v.Stage, err = d.str()
		case "class":
			v.Class, err = d.str()
		case "reasons":
			v.Reasons, err = d.strs()
		case "queue":
			v.Queue, err = d.str()
		case "existing_token":
			v.ExistingToken, err = d.str()
		case "attempts":
			v.Attempts, err = d.int()
		case "rejected_at":
			v.RejectedAt, err = d.time()
		default:
			err = d.skip()
		}
		return err
	})
}

func decodeAttempt(d *mpReader, v *schemas.TxAttempt) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "hash":
			v.Hash, err = d.str()
		case "nonce":
			v.Nonce, err = d.uint64()
		case "gas_limit":
			v.GasLimit, err = d.uint64()
		case "gas_fee_cap":
			v.GasFeeCap, err = d.str()
		case "gas_tip_cap":
			v.GasTipCap, err = d.str()
		case "gas_price":
			v.GasPrice, err = d.str()
		case "sent_at":
			v.SentAt, err = d.time()
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanSubmitted) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request":
			err = v.Request.decode(d)
		case "network":
			v.Network, err = d.str()
		case "chain_id":
			v.ChainID, err = d.uint64()
		case "from":
			v.From, err = d.str()
		case "predicted_address":
			v.PredictedAddress, err = d.str()
		case "attempt":
			err = decodeAttempt(d, &v.Attempt)
		default:
			err = d.skip()
		}
		return err
	})
}

func decodeReceipt(d *mpReader, v *schemas.Receipt) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "tx_hash":
			v.TxHash, err = d.str()
		case "block_number":
			v.BlockNumber, err = d.uint64()
		case "block_hash":
			v.BlockHash, err = d.str()
		case "gas_used":
			v.GasUsed, err = d.uint64()
		case "effective_gas_price":
			v.EffectiveGasPrice, err = d.str()
		default:
			err = d.skip()
		}
		return err
	})
}

func decodeToken(d *mpReader, v *schemas.Token) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "address":
			v.Address, err = d.str()
		case "network":
			v.Network, err = d.str()
		case "chain_id":
			v.ChainID, err = d.uint64()
		case "deployer":
			v.Deployer, err = d.str()
		case "deploy":
			err = decodeReceipt(d, &v.Deploy)
		case "at":
			v.At, err = d.time()
		case "recovered":
			v.Recovered, err = d.bool()
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanDeployed) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request":
			err = v.Request.decode(d)
		case "token":
			err = decodeToken(d, &v.Token)
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanRegistered) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request":
			err = v.Request.decode(d)
		case "token":
			err = decodeToken(d, &v.Token)
		case "registration":
			r := &v.Registration
			err = d.fields(func(k []byte) error {
				switch string(k) {
				case "registry":
					r.Registry, err = d.str()
				case "receipt":
					err = decodeReceipt(d, &r.Receipt)
				case "already_registered":
					r.AlreadyRegistered, err = d.bool()
				case "at":
					r.At, err = d.time()
				default:
					err = d.skip()
				}
				return err
			})
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanPublished) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.str()
		case "token":
			v.Token, err = d.str()
		case "published_at":
			v.PublishedAt, err = d.time()
		default:
			err = d.skip()
		}
		return err
	})
}

func (v *leanFailed) decode(d *mpReader) (err error) {
	return d.fields(func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.str()
		case "stage":
			v.Stage, err = d.str()
		case "class":
			v.Class, err = d.str()
		case "reason":
			v.Reason, err = d.str()
		case "attempts":
			v.Attempts, err = d.int()
		case "failed_at":
			v.FailedAt, err = d.time()
		default:
			err = d.skip()
		}
		return err
	})
}
