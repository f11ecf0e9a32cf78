package projections

import (
	"github.com/vmihailenco/msgpack/v5"

	"github.com/chainrelay/chainrelay/schemas"
)

// Hand-written msgpack decoders of the lean event mirrors: reflection was most of the
// projector's time per event. Fields are matched by their msgpack names, unknown ones
// skipped, so a producer adding a field changes nothing here.

// eachField calls fn with every key of the map at d; fn must consume the value.
func eachField(d *msgpack.Decoder, fn func(key []byte) error) error {
	n, err := d.DecodeMapLen()
	if err != nil {
		return err
	}
	var buf [64]byte
	for i := 0; i < n; i++ {
		l, err := d.DecodeBytesLen()
		if err != nil {
			return err
		}
		k := buf[:0]
		if l > 0 {
			if l <= len(buf) {
				k = buf[:l]
			} else {
				k = make([]byte, l)
			}
			if err := d.ReadFull(k); err != nil {
				return err
			}
		}
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

func (v *leanRequest) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.DecodeString()
		case "token_symbol":
			v.TokenSymbol, err = d.DecodeString()
		case "token_name":
			v.TokenName, err = d.DecodeString()
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanRequested) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.DecodeString()
		case "queue":
			v.Queue, err = d.DecodeString()
		case "received_at":
			v.ReceivedAt, err = d.DecodeTime()
		case "retry":
			v.Retry, err = d.DecodeInt()
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanValidated) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		if string(k) == "request" {
			return v.Request.DecodeMsgpack(d)
		}
		return d.Skip()
	})
}

func (v *leanRejected) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.DecodeString()
		case "stage":
			v.Stage, err = d.DecodeString()
		case "class":
			v.Class, err = d.DecodeString()
		case "reasons":
			v.Reasons, err = decodeStrings(d)
		case "queue":
			v.Queue, err = d.DecodeString()
		case "existing_token":
			v.ExistingToken, err = d.DecodeString()
		case "attempts":
			v.Attempts, err = d.DecodeInt()
		case "rejected_at":
			v.RejectedAt, err = d.DecodeTime()
		default:
			err = d.Skip()
		}
		return err
	})
}

func decodeStrings(d *msgpack.Decoder) ([]string, error) {
	n, err := d.DecodeArrayLen()
	if err != nil || n < 0 {
		return nil, err
	}
	out := make([]string, n)
	for i := range out {
		if out[i], err = d.DecodeString(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeAttempt(d *msgpack.Decoder, v *schemas.TxAttempt) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "hash":
			v.Hash, err = d.DecodeString()
		case "nonce":
			v.Nonce, err = d.DecodeUint64()
		case "gas_limit":
			v.GasLimit, err = d.DecodeUint64()
		case "gas_fee_cap":
			v.GasFeeCap, err = d.DecodeString()
		case "gas_tip_cap":
			v.GasTipCap, err = d.DecodeString()
		case "gas_price":
			v.GasPrice, err = d.DecodeString()
		case "sent_at":
			v.SentAt, err = d.DecodeTime()
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanSubmitted) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request":
			err = v.Request.DecodeMsgpack(d)
		case "network":
			v.Network, err = d.DecodeString()
		case "chain_id":
			v.ChainID, err = d.DecodeUint64()
		case "from":
			v.From, err = d.DecodeString()
		case "predicted_address":
			v.PredictedAddress, err = d.DecodeString()
		case "attempt":
			err = decodeAttempt(d, &v.Attempt)
		default:
			err = d.Skip()
		}
		return err
	})
}

func decodeReceipt(d *msgpack.Decoder, v *schemas.Receipt) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "tx_hash":
			v.TxHash, err = d.DecodeString()
		case "block_number":
			v.BlockNumber, err = d.DecodeUint64()
		case "block_hash":
			v.BlockHash, err = d.DecodeString()
		case "gas_used":
			v.GasUsed, err = d.DecodeUint64()
		case "effective_gas_price":
			v.EffectiveGasPrice, err = d.DecodeString()
		default:
			err = d.Skip()
		}
		return err
	})
}

func decodeToken(d *msgpack.Decoder, v *schemas.Token) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "address":
			v.Address, err = d.DecodeString()
		case "network":
			v.Network, err = d.DecodeString()
		case "chain_id":
			v.ChainID, err = d.DecodeUint64()
		case "deployer":
			v.Deployer, err = d.DecodeString()
		case "deploy":
			err = decodeReceipt(d, &v.Deploy)
		case "at":
			v.At, err = d.DecodeTime()
		case "recovered":
			v.Recovered, err = d.DecodeBool()
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanDeployed) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request":
			err = v.Request.DecodeMsgpack(d)
		case "token":
			err = decodeToken(d, &v.Token)
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanRegistered) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request":
			err = v.Request.DecodeMsgpack(d)
		case "token":
			err = decodeToken(d, &v.Token)
		case "registration":
			r := &v.Registration
			err = eachField(d, func(k []byte) error {
				switch string(k) {
				case "registry":
					r.Registry, err = d.DecodeString()
				case "receipt":
					err = decodeReceipt(d, &r.Receipt)
				case "already_registered":
					r.AlreadyRegistered, err = d.DecodeBool()
				case "at":
					r.At, err = d.DecodeTime()
				default:
					err = d.Skip()
				}
				return err
			})
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanPublished) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.DecodeString()
		case "token":
			v.Token, err = d.DecodeString()
		case "published_at":
			v.PublishedAt, err = d.DecodeTime()
		default:
			err = d.Skip()
		}
		return err
	})
}

func (v *leanFailed) DecodeMsgpack(d *msgpack.Decoder) (err error) {
	return eachField(d, func(k []byte) error {
		switch string(k) {
		case "request_id":
			v.RequestID, err = d.DecodeString()
		case "stage":
			v.Stage, err = d.DecodeString()
		case "class":
			v.Class, err = d.DecodeString()
		case "reason":
			v.Reason, err = d.DecodeString()
		case "attempts":
			v.Attempts, err = d.DecodeInt()
		case "failed_at":
			v.FailedAt, err = d.DecodeTime()
		default:
			err = d.Skip()
		}
		return err
	})
}

var (
	_ msgpack.CustomDecoder = (*leanRequest)(nil)
	_ msgpack.CustomDecoder = (*leanRequested)(nil)
	_ msgpack.CustomDecoder = (*leanValidated)(nil)
	_ msgpack.CustomDecoder = (*leanRejected)(nil)
	_ msgpack.CustomDecoder = (*leanSubmitted)(nil)
	_ msgpack.CustomDecoder = (*leanDeployed)(nil)
	_ msgpack.CustomDecoder = (*leanRegistered)(nil)
	_ msgpack.CustomDecoder = (*leanPublished)(nil)
	_ msgpack.CustomDecoder = (*leanFailed)(nil)
)
