package txmgr

import (
	"context"
	"errors"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/chainrelay/chainrelay/services/evm"
)

// sendState is one Send (or Resume) in progress.
type sendState struct {
	m   *Manager
	c   Candidate
	gas uint64
	so  sendOptions

	nonce    uint64
	fees     Fees
	bumps    int
	all      []Attempt // every attempt journaled, across nonces
	attempts []Attempt // attempts at the current nonce that may be on the network
	resumed  bool

	firstSent, lastSent, gapCheckedAt, dropCheckedAt time.Time
	seenBlock                                        common.Hash // block of the last receipt seen
	checkedHead                                      uint64      // head at the last receipt lookup
	nonceUsedSince                                   time.Time   // when the chain's nonce first passed ours with no receipt
}

func (s *sendState) result(r *types.Receipt, mined Attempt) *Result {
	return &Result{Receipt: r, Mined: mined, Attempts: append([]Attempt(nil), s.all...)}
}

// run sends at a freshly reserved nonce and waits for the outcome.
func (s *sendState) run(ctx context.Context, resync bool) (*Result, error) {
	fees, err := s.m.fees(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.m.reserve(ctx, resync)
	if err != nil {
		return nil, err
	}
	defer s.m.done(n)
	s.nonce, s.fees, s.bumps, s.attempts = n, fees, 0, nil
	s.nonceUsedSince = time.Time{}
	if err := s.publishFirst(ctx); err != nil {
		return s.result(nil, Attempt{}), err
	}
	return s.wait(ctx)
}

// publishFirst broadcasts the first attempt at the nonce. When nothing could be
// broadcast the nonce is released for the next send.
func (s *sendState) publishFirst(ctx context.Context) error {
	for {
		err := s.publish(ctx)
		switch evm.ClassOf(err) {
		case "":
			return nil
		case evm.ClassNonceTooLow:
			// Someone else's transaction took the nonce: it is not ours to release.
			return errNonceUsed
		case evm.ClassReplacementUnderpriced, evm.ClassUnderpriced:
			// Another transaction holds the nonce in the pool (a gap filler, a replica), or
			// the node wants more: outbid it, within the limits.
			if s.bumps >= s.m.cfg.Network.MaxBumps {
				return err
			}
			if berr := s.bump(ctx); berr != nil {
				return errors.Join(err, berr)
			}
			continue
		}
		if len(s.attempts) == 0 {
			if rerr := s.m.nonces.Release(context.WithoutCancel(ctx), s.m.From(), s.nonce); rerr != nil {
				s.m.log.Warn("release nonce", "nonce", s.nonce, "err", rerr)
			}
		}
		return err
	}
}

// publish signs an attempt at the current nonce and fees, journals it through the
// BeforeBroadcast hook, and broadcasts it.
func (s *sendState) publish(ctx context.Context) error {
	var inner types.TxData
	if s.fees.Legacy() {
		inner = &types.LegacyTx{Nonce: s.nonce, GasPrice: s.fees.GasPrice, Gas: s.gas, To: s.c.To, Value: s.c.Value, Data: s.c.Data}
	} else {
		inner = &types.DynamicFeeTx{ChainID: s.m.chainID, Nonce: s.nonce, GasTipCap: s.fees.TipCap, GasFeeCap: s.fees.FeeCap,
			Gas: s.gas, To: s.c.To, Value: s.c.Value, Data: s.c.Data}
	}
	tx, err := s.m.signer.SignTx(types.NewTx(inner), s.m.txSign)
	if err != nil {
		return &evm.Error{Class: evm.ClassUnknown, Op: "sign transaction", Err: err}
	}
	a := Attempt{Number: len(s.all) + 1, Hash: tx.Hash(), Nonce: s.nonce, GasLimit: s.gas, Fees: s.fees, Tx: tx, SentAt: time.Now()}
	if s.so.before != nil {
		if err := s.so.before(ctx, a); err != nil {
			return &evm.Error{Class: evm.ClassAborted, Op: "before broadcast", Err: err}
		}
	}
	s.all = append(s.all, a)
	cctx, cancel := s.m.callCtx(ctx)
	err = s.m.backend.SendTransaction(cctx, tx)
	cancel()
	if ctx.Err() != nil {
		// The caller gave up; the attempt may have gone out.
		s.attempts = append(s.attempts, a)
		return &evm.Error{Class: evm.ClassTimeout, Op: "send transaction", Err: ctx.Err()}
	}
	class := evm.ClassOf(err)
	switch class {
	case "", evm.ClassAlreadyKnown:
	case evm.ClassTimeout, evm.ClassRPCUnavailable:
		// The node may have received it: follow it like a sent one; resubmission covers loss.
		s.m.log.Warn("broadcast outcome unknown", "hash", a.Hash, "nonce", a.Nonce, "err", err)
	default:
		return s.m.classify("send transaction", err)
	}
	s.attempts = append(s.attempts, a)
	if s.firstSent.IsZero() {
		s.firstSent = a.SentAt
	}
	s.lastSent = a.SentAt
	s.m.metrics.AttemptSent(a.Number)
	s.m.log.Debug("attempt sent", "hash", a.Hash, "nonce", a.Nonce, "attempt", a.Number, "fees", a.Fees.String())
	return nil
}

// bump raises the fees for a replacement.
func (s *sendState) bump(ctx context.Context) error {
	fresh, err := s.m.readFees(ctx)
	if err != nil {
		fresh = Fees{}
	}
	f, err := s.m.policy.bump(s.fees, fresh)
	if err != nil {
		return err
	}
	s.fees = f
	s.bumps++
	return nil
}

// wait polls until an attempt is mined and confirmed, resubmitting on the way.
func (s *sendState) wait(ctx context.Context) (*Result, error) {
	t := time.NewTicker(s.m.cfg.PollInterval)
	defer t.Stop()
	for {
		res, done, err := s.check(ctx)
		if done {
			return res, err
		}
		select {
		case <-ctx.Done():
			return s.result(nil, Attempt{}), &evm.Error{Class: evm.ClassTimeout, Op: "wait for confirmation", Err: ctx.Err()}
		case <-t.C:
		}
	}
}

func (s *sendState) receipt(ctx context.Context) (*types.Receipt, Attempt, error) {
	for i := len(s.attempts) - 1; i >= 0; i-- {
		cctx, cancel := s.m.callCtx(ctx)
		r, err := s.m.backend.TransactionReceipt(cctx, s.attempts[i].Hash)
		cancel()
		if errors.Is(err, ethereum.NotFound) {
			continue
		}
		if err != nil {
			return nil, Attempt{}, err
		}
		return r, s.attempts[i], nil
	}
	return nil, Attempt{}, nil
}

func (s *sendState) check(ctx context.Context) (*Result, bool, error) {
	m := s.m
	// A receipt can only appear with a new block: look receipts up once per head.
	head, herr := m.headNumber(ctx, m.cfg.PollInterval)
	if herr == nil && head == s.checkedHead && s.seenBlock == (common.Hash{}) {
		return s.unmined(ctx)
	}
	r, a, err := s.receipt(ctx)
	if err != nil {
		m.log.Debug("read receipt", "err", err)
		return nil, false, nil
	}
	if herr == nil {
		s.checkedHead = head
	}
	if r != nil {
		if r.BlockHash != s.seenBlock {
			if s.seenBlock != (common.Hash{}) {
				m.metrics.Reorged()
				m.log.Info("transaction moved to another block", "hash", a.Hash, "from", s.seenBlock, "to", r.BlockHash)
			}
			s.seenBlock = r.BlockHash
			m.metrics.Mined()
		}
		// Head and canonical hashes are shared across sends for a poll interval; the
		// final check before reporting reads the block hash afresh.
		head, err := m.headNumber(ctx, m.cfg.PollInterval)
		if err != nil || head+1 < r.BlockNumber.Uint64()+m.cfg.Network.Confirmations {
			return nil, false, nil
		}
		canonical, err := m.Canonical(ctx, r)
		if err != nil || !canonical {
			// The node's receipt index still points at a block that left the chain.
			return nil, false, nil
		}
		if !s.firstSent.IsZero() {
			m.metrics.Confirmed(time.Since(s.firstSent))
		}
		res := s.result(r, a)
		if r.Status != types.ReceiptStatusSuccessful {
			return res, true, s.revertError(ctx, r, a)
		}
		return res, true, nil
	}
	if s.seenBlock != (common.Hash{}) {
		// A receipt seen before is gone: reorged out, back in the pool (or dropped).
		m.metrics.Reorged()
		m.log.Info("transaction left the chain", "nonce", s.nonce, "block", s.seenBlock)
		s.seenBlock = common.Hash{}
	}
	return s.unmined(ctx)
}

// unmined resubmits, rebroadcasts and fills gaps for attempts without a receipt.
func (s *sendState) unmined(ctx context.Context) (*Result, bool, error) {
	m := s.m
	now := time.Now()
	if now.Sub(s.lastSent) >= m.cfg.Network.ResubmitAfter {
		used, err := s.nonceUsed(ctx, now)
		if err == nil && used {
			return s.result(nil, Attempt{}), true, errNonceUsed
		}
		if !s.nonceUsedSince.IsZero() {
			return nil, false, nil // give the receipt index another poll
		}
		if err := s.resubmit(ctx); err != nil {
			return s.result(nil, Attempt{}), true, err
		}
	}
	if every := max(4*m.cfg.PollInterval, m.cfg.Network.BlockTime); now.Sub(s.lastSent) >= every && now.Sub(s.dropCheckedAt) >= every {
		s.dropCheckedAt = now
		s.rebroadcastIfDropped(ctx)
	}
	if now.Sub(s.firstSent) >= m.cfg.GapFillAfter && now.Sub(s.gapCheckedAt) >= m.cfg.GapFillAfter {
		s.gapCheckedAt = now
		s.fillGaps(ctx)
	}
	return nil, false, nil
}

// nonceUsed reports whether the chain's confirmed nonce passed ours while no attempt has
// a receipt, for two polls in a row (receipt indexes may lag the state).
func (s *sendState) nonceUsed(ctx context.Context, now time.Time) (bool, error) {
	cctx, cancel := s.m.callCtx(ctx)
	latest, err := s.m.backend.NonceAt(cctx, s.m.From(), nil)
	cancel()
	if err != nil {
		return false, err
	}
	if latest <= s.nonce {
		s.nonceUsedSince = time.Time{}
		return false, nil
	}
	if s.nonceUsedSince.IsZero() {
		s.nonceUsedSince = now
		return false, nil
	}
	return now.Sub(s.nonceUsedSince) >= s.m.cfg.PollInterval, nil
}

// resubmit replaces the newest attempt with higher fees, or rebroadcasts it when the
// bumps are used up (or when resuming attempts whose candidate is unknown).
func (s *sendState) resubmit(ctx context.Context) error {
	m := s.m
	if !s.resumed && s.bumps < m.cfg.Network.MaxBumps {
		if err := s.bump(ctx); err == nil {
			err := s.publish(ctx)
			switch evm.ClassOf(err) {
			case "":
				return nil
			case evm.ClassAborted:
				return err
			case evm.ClassNonceTooLow, evm.ClassReplacementUnderpriced:
				// Mined meanwhile, or outbid: the next polls tell.
				s.lastSent = time.Now()
				return nil
			}
			m.log.Warn("replacement not sent; rebroadcasting", "nonce", s.nonce, "err", err)
		} else {
			m.log.Warn("fees at their maximum; rebroadcasting", "nonce", s.nonce, "fees", s.fees.String())
		}
	}
	for i := len(s.attempts) - 1; i >= 0; i-- {
		tx := s.attempts[i].Tx
		if tx == nil {
			continue
		}
		cctx, cancel := m.callCtx(ctx)
		err := m.backend.SendTransaction(cctx, tx)
		cancel()
		if err != nil && evm.ClassOf(err) != evm.ClassAlreadyKnown {
			m.log.Debug("rebroadcast", "hash", tx.Hash(), "err", err)
		}
		break
	}
	s.lastSent = time.Now()
	return nil
}

// rebroadcastIfDropped sends the newest attempt again when the node no longer knows it
// (evicted from a full pool, or a node restarted), without waiting for ResubmitAfter.
func (s *sendState) rebroadcastIfDropped(ctx context.Context) {
	if len(s.attempts) == 0 {
		return
	}
	a := s.attempts[len(s.attempts)-1]
	if a.Tx == nil {
		return
	}
	cctx, cancel := s.m.callCtx(ctx)
	defer cancel()
	if _, _, err := s.m.backend.TransactionByHash(cctx, a.Hash); !errors.Is(err, ethereum.NotFound) {
		return
	}
	if err := s.m.backend.SendTransaction(cctx, a.Tx); err != nil && evm.ClassOf(err) != evm.ClassAlreadyKnown {
		s.m.log.Debug("rebroadcast of a dropped attempt", "hash", a.Hash, "err", err)
		return
	}
	s.m.log.Debug("rebroadcast a dropped attempt", "hash", a.Hash, "nonce", a.Nonce)
}

// fillGaps sends zero-value self-transfers into nonces below ours that no transaction
// occupies and no send of this process holds (a replica died between reserving and
// broadcasting, or a released nonce was never reused); otherwise ours never mines.
func (s *sendState) fillGaps(ctx context.Context) {
	m := s.m
	cctx, cancel := m.callCtx(ctx)
	pending, err := m.backend.PendingNonceAt(cctx, m.From())
	cancel()
	if err != nil || pending >= s.nonce {
		return
	}
	fees, err := m.readFees(ctx)
	if err != nil {
		return
	}
	from := m.From()
	for n := pending; n < s.nonce; n++ {
		m.mu.Lock()
		_, held := m.inflight[n]
		m.mu.Unlock()
		if held {
			continue
		}
		var inner types.TxData
		if fees.Legacy() {
			inner = &types.LegacyTx{Nonce: n, GasPrice: fees.GasPrice, Gas: 21000, To: &from}
		} else {
			inner = &types.DynamicFeeTx{ChainID: m.chainID, Nonce: n, GasTipCap: fees.TipCap, GasFeeCap: fees.FeeCap, Gas: 21000, To: &from}
		}
		tx, err := m.signer.SignTx(types.NewTx(inner), m.txSign)
		if err != nil {
			return
		}
		cctx, cancel := m.callCtx(ctx)
		err = m.backend.SendTransaction(cctx, tx)
		cancel()
		if err != nil {
			m.log.Debug("gap filler not sent", "nonce", n, "err", err)
			continue
		}
		m.metrics.GapFilled()
		m.log.Warn("filled nonce gap", "nonce", n, "hash", tx.Hash(), "blocked_nonce", s.nonce)
	}
}

// revertError replays a reverted transaction at its block to recover the reason.
func (s *sendState) revertError(ctx context.Context, r *types.Receipt, a Attempt) error {
	e := &evm.Error{Class: evm.ClassReverted, Op: "transaction mined", Receipt: r, Err: evm.ErrReverted}
	if a.Tx == nil {
		return e
	}
	cctx, cancel := s.m.callCtx(ctx)
	defer cancel()
	_, err := s.m.backend.CallContract(cctx, ethereum.CallMsg{From: s.m.From(), To: a.Tx.To(), Gas: a.Tx.Gas(),
		Value: a.Tx.Value(), Data: a.Tx.Data()}, r.BlockNumber)
	var ce *evm.Error
	if errors.As(s.m.classify("replay", err), &ce) && ce.Class == evm.ClassReverted {
		e.Reason, e.RevertData = ce.Reason, ce.RevertData
	}
	return e
}
