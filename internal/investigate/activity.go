package investigate

import (
	"fmt"
	"net"
	"net/mail"
	"sort"
	"strings"
	"time"
)

// event is one record of an activity list, in the dimensions summaries
// group by.
type event struct {
	Time                                      time.Time
	Action, Actor, Source, Agent, Target, Tag string
}

// Known are the user's own sources: what activity from them looks like.
// Values seen before the leak (the baseline window) count as known too.
type Known struct {
	IPs    []string // addresses or CIDR ranges
	Agents []string // user-agent substrings
	Actors []string // senders, users, principals (exact, or @domain)
}

// Activity summarises what the key did since it leaked.
type Activity struct {
	// Total counts the events read; Baseline those before the leak, which
	// set the usual pattern; SinceLeak those after.
	Total     int       `json:"total"`
	Baseline  int       `json:"baseline"`
	SinceLeak int       `json:"since_leak"`
	First     time.Time `json:"first,omitempty"`
	Last      time.Time `json:"last,omitempty"`
	ByDay     []Count   `json:"by_day"`
	ByAction  []Count   `json:"by_action,omitempty"`
	ByActor   []Count   `json:"by_actor,omitempty"`
	BySource  []Count   `json:"by_source,omitempty"`
	ByAgent   []Count   `json:"by_agent,omitempty"`
	ByTarget  []Count   `json:"by_target,omitempty"`
	ByTag     []Count   `json:"by_tag,omitempty"`
	Unusual   []Flag    `json:"unusual"`
	// Unjudged names dimensions with values since the leak but nothing to
	// compare them with (no baseline, no --known values).
	Unjudged  []string `json:"unjudged,omitempty"`
	Truncated bool     `json:"truncated,omitempty"`
}

// Count is how often one value occurs.
type Count struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Flag is activity outside the usual pattern.
type Flag struct {
	Kind  string    `json:"kind"` // source, agent, actor, tag, volume
	Value string    `json:"value"`
	Count int       `json:"count"`
	First time.Time `json:"first"`
	Why   string    `json:"why"`
}

const maxCounts = 20

// summarise groups the events and flags what the baseline and the known
// sources do not explain: a source IP, user agent, actor or tag never seen
// before the leak nor given as known, and days with far more events than
// the baseline's busiest.
func summarise(events []event, since time.Time, known Known, extra map[string]bool, truncated bool) *Activity {
	a := &Activity{Total: len(events), Truncated: truncated, ByDay: []Count{}, Unusual: []Flag{}}
	var before, after []event
	for _, e := range events {
		if e.Time.Before(since) {
			before = append(before, e)
		} else {
			after = append(after, e)
		}
	}
	a.Baseline, a.SinceLeak = len(before), len(after)
	sort.Slice(after, func(i, j int) bool { return after[i].Time.Before(after[j].Time) })
	if len(after) > 0 {
		a.First, a.Last = after[0].Time, after[len(after)-1].Time
	}
	day := func(e event) string { return e.Time.UTC().Format("2006-01-02") }
	a.ByDay = counts(after, day, false)
	a.ByAction = counts(after, func(e event) string { return e.Action }, true)
	a.ByActor = counts(after, func(e event) string { return e.Actor }, true)
	a.BySource = counts(after, func(e event) string { return e.Source }, true)
	a.ByAgent = counts(after, func(e event) string { return e.Agent }, true)
	a.ByTarget = counts(after, func(e event) string { return e.Target }, true)
	a.ByTag = counts(after, func(e event) string { return e.Tag }, true)

	dims := []struct {
		kind  string
		get   func(event) string
		given []string
		match func(v, k string) bool
	}{
		{"source", func(e event) string { return e.Source }, known.IPs, ipMatches},
		{"agent", func(e event) string { return e.Agent }, known.Agents, func(v, k string) bool { return strings.Contains(strings.ToLower(v), strings.ToLower(k)) }},
		{"actor", func(e event) string { return e.Actor }, known.Actors, actorMatches},
		{"tag", func(e event) string { return e.Tag }, nil, func(v, k string) bool { return v == k }},
		{"target", func(e event) string { return e.Target }, nil, func(v, k string) bool { return v == k }},
		{"action", func(e event) string { return e.Action }, nil, func(v, k string) bool { return v == k }},
	}
	for _, d := range dims {
		if (d.kind == "target" || d.kind == "action") && !extra[d.kind] {
			continue
		}
		seen := map[string]bool{}
		for _, e := range before {
			if v := d.get(e); v != "" {
				seen[v] = true
			}
		}
		if len(seen) == 0 && len(d.given) == 0 {
			for _, e := range after {
				if d.get(e) != "" {
					a.Unjudged = append(a.Unjudged, d.kind)
					break
				}
			}
			continue
		}
		isKnown := func(v string) bool {
			if seen[v] {
				return true
			}
			for _, k := range d.given {
				if d.match(v, k) {
					return true
				}
			}
			return false
		}
		flags := map[string]*Flag{}
		var order []string
		for _, e := range after {
			v := d.get(e)
			if v == "" || isKnown(v) {
				continue
			}
			f := flags[v]
			if f == nil {
				f = &Flag{Kind: d.kind, Value: v, First: e.Time, Why: fmt.Sprintf("%s not seen before the leak nor given as known", d.kind)}
				flags[v] = f
				order = append(order, v)
			}
			f.Count++
		}
		for _, v := range order {
			a.Unusual = append(a.Unusual, *flags[v])
		}
	}
	a.Unusual = append(a.Unusual, volumeFlags(before, after, since, day)...)
	return a
}

// volumeFlags flags days since the leak with more events than three times
// the baseline's average day and more than its busiest day: a burst of
// sends or calls the usual pattern does not explain.
func volumeFlags(before, after []event, since time.Time, day func(event) string) []Flag {
	if len(before) == 0 {
		return nil
	}
	perDay := map[string]int{}
	busiest := 0
	for _, e := range before {
		perDay[day(e)]++
		busiest = max(busiest, perDay[day(e)])
	}
	first := before[0].Time
	for _, e := range before {
		if e.Time.Before(first) {
			first = e.Time
		}
	}
	days := max(1, int(since.Sub(first).Hours()/24+0.5))
	mean := float64(len(before)) / float64(days)
	var flags []Flag
	for _, c := range counts(after, day, false) {
		if float64(c.Count) > 3*mean && c.Count > busiest {
			t, _ := time.Parse("2006-01-02", c.Value)
			flags = append(flags, Flag{Kind: "volume", Value: c.Value, Count: c.Count, First: t,
				Why: fmt.Sprintf("%d events in a day; before the leak at most %d, %.1f on average", c.Count, busiest, mean)})
		}
	}
	return flags
}

// counts groups events by a value; byCount sorts the busiest first (and
// keeps the top ones), otherwise values sort in order (days).
func counts(events []event, key func(event) string, byCount bool) []Count {
	m := map[string]int{}
	for _, e := range events {
		if k := key(e); k != "" {
			m[k]++
		}
	}
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if byCount && out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if byCount && len(out) > maxCounts {
		out = out[:maxCounts]
	}
	return out
}

func ipMatches(v, k string) bool {
	if v == k {
		return true
	}
	ip := net.ParseIP(v)
	if _, n, err := net.ParseCIDR(k); err == nil && ip != nil {
		return n.Contains(ip)
	}
	return false
}

// actorMatches compares addresses without display names, and takes
// "@example.com" as every address of a domain.
func actorMatches(v, k string) bool {
	v, k = strings.ToLower(v), strings.ToLower(k)
	if a, err := mail.ParseAddress(v); err == nil {
		v = strings.ToLower(a.Address)
	}
	if strings.HasPrefix(k, "@") {
		return domainOf(v) == k[1:]
	}
	return v == k
}
