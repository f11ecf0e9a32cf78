package validator

import (
	"errors"
	"time"
)

var errTimestamp = errors.New("not an ISO-8601 date-time (YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM])")

// parseTimestamp reads the ISO-8601 date-times Hokusai producers write: JavaScript's
// toISOString ("2024-01-15T10:30:00.123Z") and Python's isoformat(), which omits the
// zone for naive datetimes and writes microseconds ("2024-01-15T10:30:00.123456",
// "2024-01-15T10:30:00+00:00"). The separator may be 'T', 't' or a space (str() of a
// Python datetime); the fraction has 1 to 9 digits; the zone is Z, ±HH:MM or ±HHMM. A
// time without a zone is UTC. The result is in UTC.
func parseTimestamp(s string) (time.Time, error) {
	n := func(i, width int) (int, bool) {
		if i+width > len(s) {
			return 0, false
		}
		v := 0
		for _, c := range []byte(s[i : i+width]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, errTimestamp
	}
	if sep := s[10]; sep != 'T' && sep != 't' && sep != ' ' {
		return time.Time{}, errTimestamp
	}
	year, ok1 := n(0, 4)
	month, ok2 := n(5, 2)
	day, ok3 := n(8, 2)
	hour, ok4 := n(11, 2)
	minute, ok5 := n(14, 2)
	sec, ok6 := n(17, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return time.Time{}, errTimestamp
	}
	i := 19
	nsec := 0
	if i < len(s) && s[i] == '.' {
		i++
		digits := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if digits == 9 {
				return time.Time{}, errTimestamp
			}
			nsec = nsec*10 + int(s[i]-'0')
			digits++
			i++
		}
		if digits == 0 {
			return time.Time{}, errTimestamp
		}
		for ; digits < 9; digits++ {
			nsec *= 10
		}
	}
	offset := 0
	switch {
	case i == len(s):
	case s[i] == 'Z' || s[i] == 'z':
		i++
	case s[i] == '+' || s[i] == '-':
		sign := 1
		if s[i] == '-' {
			sign = -1
		}
		i++
		oh, okh := n(i, 2)
		i += 2
		if i < len(s) && s[i] == ':' {
			i++
		}
		om, okm := n(i, 2)
		i += 2
		if !okh || !okm || oh > 23 || om > 59 {
			return time.Time{}, errTimestamp
		}
		offset = sign * (oh*3600 + om*60)
	default:
		return time.Time{}, errTimestamp
	}
	if i != len(s) {
		return time.Time{}, errTimestamp
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	// time.Date normalises out-of-range fields (Feb 30 -> Mar 2); such input is invalid.
	if t.Year() != year || int(t.Month()) != month || t.Day() != day ||
		t.Hour() != hour || t.Minute() != minute || t.Second() != sec {
		return time.Time{}, errTimestamp
	}
	return t.Add(-time.Duration(offset) * time.Second), nil
}
