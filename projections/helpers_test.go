package projections

import "errors"

func asDecodeError(err error, target **DecodeError) bool { return errors.As(err, target) }
