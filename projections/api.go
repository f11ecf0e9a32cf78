package projections

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/chainrelay/chainrelay/streams/telemetry"
)

// API serves the projections over HTTP.
type API struct {
	deployments Reader
	queues      *Queues
}

// NewAPI serves deployments from r and queue depths from q (either may be nil: its
// routes then answer 503).
func NewAPI(r Reader, q *Queues) *API { return &API{deployments: r, queues: q} }

// Mount adds the routes to mux:
//
//	GET /v1/deployments/{model_id}                      one model's state
//	GET /v1/deployments?status=failed,rejected&limit=&cursor=   a page of models
//	GET /v1/queues                                      current depths
//	GET /v1/queues/history                              recent samples, oldest first
func (a *API) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET /v1/deployments/{model_id...}", a.getDeployment)
	mux.HandleFunc("GET /v1/deployments", a.listDeployments)
	mux.HandleFunc("GET /v1/queues", a.getQueues)
	mux.HandleFunc("GET /v1/queues/history", a.getQueueHistory)
}

type apiError struct {
	Error string `json:"error"`
}

func (a *API) getDeployment(w http.ResponseWriter, r *http.Request) {
	if a.deployments == nil {
		telemetry.WriteJSON(w, http.StatusServiceUnavailable, apiError{"deployment projection not available"})
		return
	}
	d, err := a.deployments.Get(r.Context(), r.PathValue("model_id"))
	switch {
	case errors.Is(err, ErrNotFound):
		telemetry.WriteJSON(w, http.StatusNotFound, apiError{err.Error()})
	case err != nil:
		telemetry.WriteJSON(w, http.StatusInternalServerError, apiError{err.Error()})
	default:
		telemetry.WriteJSON(w, http.StatusOK, d)
	}
}

func (a *API) listDeployments(w http.ResponseWriter, r *http.Request) {
	if a.deployments == nil {
		telemetry.WriteJSON(w, http.StatusServiceUnavailable, apiError{"deployment projection not available"})
		return
	}
	q := r.URL.Query()
	var opts ListOptions
	for _, v := range q["status"] {
		for _, s := range strings.Split(v, ",") {
			st, ok := ParseStatus(strings.TrimSpace(s))
			if !ok {
				telemetry.WriteJSON(w, http.StatusBadRequest, apiError{"unknown status " + strconv.Quote(s)})
				return
			}
			opts.Status = append(opts.Status, st)
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			telemetry.WriteJSON(w, http.StatusBadRequest, apiError{"limit must be 1..1000"})
			return
		}
		opts.Limit = n
	}
	opts.Cursor = q.Get("cursor")
	page, err := a.deployments.List(r.Context(), opts)
	switch {
	case errors.Is(err, ErrBadCursor):
		telemetry.WriteJSON(w, http.StatusBadRequest, apiError{err.Error()})
	case err != nil:
		telemetry.WriteJSON(w, http.StatusInternalServerError, apiError{err.Error()})
	default:
		telemetry.WriteJSON(w, http.StatusOK, page)
	}
}

func (a *API) getQueues(w http.ResponseWriter, r *http.Request) {
	if a.queues == nil {
		telemetry.WriteJSON(w, http.StatusServiceUnavailable, apiError{"queue view not available"})
		return
	}
	s, ok := a.queues.Latest()
	if !ok || a.queues.cfg.Now().Sub(s.At) > a.queues.cfg.Period {
		s = a.queues.Sample(r.Context())
	}
	telemetry.WriteJSON(w, http.StatusOK, s)
}

// QueueHistory is the body of GET /v1/queues/history.
type QueueHistory struct {
	PeriodSeconds float64       `json:"period_seconds"`
	Samples       []QueueSample `json:"samples"`
}

func (a *API) getQueueHistory(w http.ResponseWriter, _ *http.Request) {
	if a.queues == nil {
		telemetry.WriteJSON(w, http.StatusServiceUnavailable, apiError{"queue view not available"})
		return
	}
	telemetry.WriteJSON(w, http.StatusOK, QueueHistory{PeriodSeconds: a.queues.cfg.Period.Seconds(), Samples: a.queues.History()})
}
