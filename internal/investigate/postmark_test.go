package investigate

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// postmarkMessages is a server's outbound history: a month of the app's
// usual welcome mail before the leak, the same after it, and then sends
// from an address and with a tag the server never used.
func postmarkMessages() []map[string]any {
	var msgs []map[string]any
	add := func(at time.Time, from, to, tag string) {
		msgs = append(msgs, map[string]any{
			"MessageID": fmt.Sprintf("m-%d", len(msgs)), "MessageStream": "outbound", "Tag": tag,
			"From": from, "Recipients": []string{to}, "To": []map[string]any{{"Email": to, "Name": nil}},
			"Subject": "Hello", "Status": "Sent", "ReceivedAt": at.In(time.FixedZone("EST", -5*3600)).Format("2006-01-02T15:04:05.0000000-07:00"),
		})
	}
	for d := -28; d < 5; d++ {
		for i := 0; i < 16; i++ {
			add(day(d, 9+i%8), `"Shop" <hello@shop.example>`, fmt.Sprintf("user%d@customer%d.example", i, i%3), "welcome")
		}
	}
	for i := 0; i < 40; i++ {
		add(day(3, 2), "billing@shop-example.evil", fmt.Sprintf("victim%d@bank.example", i), "invoice-urgent")
	}
	// Newest first, as the API sorts them.
	for i, j := 0, len(msgs)-1; i < j; i, j = i+1, j-1 {
		msgs[i], msgs[j] = msgs[j], msgs[i]
	}
	return msgs
}

func postmarkVendor(t *testing.T, token, header string) *vendor {
	msgs := postmarkMessages()
	return &vendor{t: t,
		authorized: func(r *http.Request) bool { return r.Header.Get(header) == token },
		unauthorized: func(w http.ResponseWriter) {
			w.WriteHeader(401)
			writeJSON(w, map[string]any{"ErrorCode": 10, "Message": "Bad or missing API token"})
		},
		routes: map[string]http.HandlerFunc{
			"/server": func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"ID": 4242, "Name": "Production", "ApiTokens": []string{"SHOULD-NOT-APPEAR"},
					"Color": "red", "SmtpApiActivated": true, "DeliveryType": "Live", "InboundAddress": "abc@inbound.postmarkapp.com"})
			},
			"/message-streams": func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"TotalCount": 2, "MessageStreams": []map[string]any{
					{"ID": "outbound", "ServerID": 4242, "Name": "Default Transactional Stream", "MessageStreamType": "Transactional", "ArchivedAt": nil},
					{"ID": "broadcast", "ServerID": 4242, "Name": "Newsletters", "MessageStreamType": "Broadcasts", "ArchivedAt": nil},
				}})
			},
			"/messages/outbound": func(w http.ResponseWriter, r *http.Request) {
				q := r.URL.Query()
				count, err1 := strconv.Atoi(q.Get("count"))
				offset, err2 := strconv.Atoi(q.Get("offset"))
				if err1 != nil || err2 != nil || count > 500 || count+offset > 10000 {
					w.WriteHeader(422)
					writeJSON(w, map[string]any{"ErrorCode": 600, "Message": "count and offset are required"})
					return
				}
				from, err := time.ParseInLocation("2006-01-02", q.Get("fromdate"), time.FixedZone("EST", -5*3600))
				if err != nil {
					t.Errorf("fromdate %q", q.Get("fromdate"))
				}
				var sel []map[string]any
				for _, m := range msgs {
					at, _ := time.Parse("2006-01-02T15:04:05.0000000-07:00", m["ReceivedAt"].(string))
					if !at.Before(from) {
						sel = append(sel, m)
					}
				}
				page := []map[string]any{}
				if offset < len(sel) {
					page = sel[offset:min(len(sel), offset+count)]
				}
				writeJSON(w, map[string]any{"TotalCount": len(sel), "Messages": page})
			},
		}}
}

func TestPostmarkServerToken(t *testing.T) {
	const token = "1f0e3c3a-7b2d-4c1e-9a8f-5d6e7f8091a2"
	runProvider(t, providerCase{
		rule: "postmark-server-token", secret: token,
		vendor:   func(t *testing.T) *vendor { return postmarkVendor(t, token, "X-Postmark-Server-Token") },
		denyPath: "/messages/outbound", wantDenied: "HTTP 403", limitPath: "/server",
		check: func(t *testing.T, rep *Report, v *vendor) {
			if field(rep, "server") != "Production" || field(rep, "server id") != "4242" || field(rep, "delivery") != "Live" {
				t.Errorf("identity: %+v", rep.Identity)
			}
			if s := resource(rep, "message streams"); s == nil || s.Count != 2 || s.Items[1] != "broadcast (type: Broadcasts, name: Newsletters)" {
				t.Errorf("streams: %+v", s)
			}
			if n := v.hitCount("/messages/outbound"); n < 2 {
				t.Errorf("outbound messages read in %d page(s); the history needs two", n)
			}
			a := rep.Activity
			if a == nil || a.SinceLeak != 5*16+40 || a.Baseline < 400 {
				t.Fatalf("activity: %+v", a)
			}
			mustFlag(t, rep, "actor", "billing@shop-example.evil")
			mustFlag(t, rep, "tag", "invoice-urgent")
			mustFlag(t, rep, "volume", "2026-03-13")
			mustNotFlag(t, rep, "actor", `"Shop" <hello@shop.example>`)
			mustNotFlag(t, rep, "tag", "welcome")
			if len(a.ByTarget) == 0 || a.ByTarget[0].Value != "bank.example" || a.ByTarget[0].Count != 40 {
				t.Errorf("recipient domains: %+v", a.ByTarget)
			}
			if len(a.ByDay) != 5 {
				t.Errorf("days since the leak: %+v", a.ByDay)
			}
		},
	})
}

func TestPostmarkAccountToken(t *testing.T) {
	const token = "4d3c2b1a-9e8f-4a7b-8c6d-5e4f3a2b1c0d"
	runProvider(t, providerCase{
		rule: "postmark-account-token", secret: token,
		vendor: func(t *testing.T) *vendor {
			v := postmarkVendor(t, token, "X-Postmark-Account-Token")
			v.routes["/servers"] = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"TotalCount": 2, "Servers": []map[string]any{
					{"ID": 1, "Name": "Production", "DeliveryType": "Live", "ApiTokens": []string{"SHOULD-NOT-APPEAR"}},
					{"ID": 2, "Name": "Staging", "DeliveryType": "Sandbox"}}})
			}
			v.routes["/domains"] = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"TotalCount": 1, "Domains": []map[string]any{
					{"Name": "shop.example", "ID": 36735, "SPFVerified": true, "DKIMVerified": true, "ReturnPathDomainVerified": false}}})
			}
			v.routes["/senders"] = func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, map[string]any{"TotalCount": 1, "SenderSignatures": []map[string]any{
					{"Domain": "shop.example", "EmailAddress": "hello@shop.example", "Confirmed": true, "ID": 36735}}})
			}
			return v
		},
		denyPath: "/senders", wantDenied: "HTTP 403", limitPath: "/domains",
		check: func(t *testing.T, rep *Report, v *vendor) {
			if s := resource(rep, "servers"); s == nil || s.Count != 2 || s.Items[0] != "Production (id: 1, delivery: Live)" {
				t.Errorf("servers: %+v", s)
			}
			if d := resource(rep, "domains"); d == nil || d.Items[0] != "shop.example (id: 36735, dkim verified: true, return path verified: false)" {
				t.Errorf("domains: %+v", d)
			}
			if rep.Activity != nil {
				t.Errorf("an account token has no message activity of its own: %+v", rep.Activity)
			}
		},
	})
}
