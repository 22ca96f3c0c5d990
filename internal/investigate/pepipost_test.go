package investigate

import (
	"net/http"
	"strconv"
	"testing"
)

func TestPepipostKey(t *testing.T) {
	const key = "5ad3e1c9b0f84a7d92c6e1f0a3b4c5d6"
	var events []map[string]any
	add := func(d, hour int, from, to, tag string) {
		events = append(events, map[string]any{"TRANSID": int64(15536250111702803 + len(events)), "EMAIL": to, "EVENT": "sent",
			"TIMESTAMP": day(d, hour).Unix(), "FROMADDRESS": from, "TAGS": tag, "RESPONSE": " - 2.0.0 (success)"})
	}
	for d := -20; d < 5; d++ {
		for i := 0; i < 5; i++ {
			add(d, 10+i, "orders@shop.example", "buyer@gmail.example", "order")
		}
	}
	add(2, 4, "security@paypa1.example", "victim@corp.example", "")
	runProvider(t, providerCase{
		rule: "pepipost-api-key", secret: key,
		vendor: func(t *testing.T) *vendor {
			return &vendor{t: t,
				authorized: func(r *http.Request) bool { return r.Header.Get("api_key") == key },
				unauthorized: func(w http.ResponseWriter) {
					w.WriteHeader(401)
					writeJSON(w, map[string]any{"status": "error", "error": []map[string]any{{"message": "Unauthorized"}}})
				},
				routes: map[string]http.HandlerFunc{
					"/v5.1/domain/getDomains": func(w http.ResponseWriter, r *http.Request) {
						writeJSON(w, map[string]any{"status": "success", "data": []map[string]any{{"domain": "shop.example", "status": "Active"}}})
					},
					"/v5/events": func(w http.ResponseWriter, r *http.Request) {
						q := r.URL.Query()
						if q.Get("startdate") == "" || q.Get("enddate") == "" {
							w.WriteHeader(400)
							return
						}
						offset, _ := strconv.Atoi(q.Get("offset"))
						limit, _ := strconv.Atoi(q.Get("limit"))
						page := []map[string]any{}
						if offset < len(events) {
							page = events[offset:min(len(events), offset+limit)]
						}
						writeJSON(w, map[string]any{"status": "success", "data": page})
					},
				}}
		},
		known:    Known{Actors: []string{"@shop.example"}},
		denyPath: "/v5/events", wantDenied: "HTTP 403", limitPath: "/v5/events",
		check: func(t *testing.T, rep *Report, v *vendor) {
			if d := resource(rep, "sending domains"); d == nil || d.Items[0] != "shop.example (status: Active)" {
				t.Errorf("domains: %+v", d)
			}
			if v.hitCount("/v5/events") != 2 {
				t.Errorf("events pages: %d", v.hitCount("/v5/events"))
			}
			mustFlag(t, rep, "actor", "security@paypa1.example")
			mustNotFlag(t, rep, "actor", "orders@shop.example")
			if rep.Activity.SinceLeak != 26 {
				t.Errorf("since the leak: %d", rep.Activity.SinceLeak)
			}
		},
	})
}
