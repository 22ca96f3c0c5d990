package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
	"github.com/leakhound/leakhound/internal/testutil"
)

// TestDashboardEndToEnd drives the dashboard in headless Chromium the way
// a security engineer would: sign in, find the incident a scan just
// reported, tick checklist steps, resolve it as revoked; then a second
// scan with the same secret reopens it.
func TestDashboardEndToEnd(t *testing.T) {
	ctx := testutil.Browser(t)
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	e := newEnv(t, st, nil)
	bg := context.Background()
	if _, err := st.CreateUser(bg, "alice", store.RoleMember, "correct horse battery", "test"); err != nil {
		t.Fatal(err)
	}
	secret := secretFor(42)
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("first", secret, "deploy/prod.env", "src/client.go")); code != http.StatusCreated {
		t.Fatalf("first scan: %d %s", code, body)
	}
	incs, _, err := st.ListIncidents(bg, store.IncidentFilter{})
	if err != nil || len(incs) != 1 {
		t.Fatalf("incidents: %v %v", incs, err)
	}
	id := incs[0].ID

	step, text := driver(t, ctx)

	// Unauthenticated: sent to the sign-in page; a wrong password is refused.
	step("open dashboard", chromedp.Navigate(e.http.URL+"/"), chromedp.WaitVisible(chromedp.ID("signin")))
	step("wrong password",
		chromedp.SendKeys(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), "not the password"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.CSS("p.error")))
	step("sign in",
		chromedp.SetValue(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("incidents")))
	if list := text("#incidents"); !strings.Contains(list, "GitHub") || !strings.Contains(list, secret[:4]+"****") || strings.Contains(list, secret) {
		t.Fatalf("incident list: %q", list)
	}

	step("open incident", chromedp.Click(chromedp.CSS("a.incident-link")), chromedp.WaitVisible(chromedp.ID("checklist")))
	if occ := text("#occurrences"); !strings.Contains(occ, "deploy/prod.env") || !strings.Contains(occ, "src/client.go") {
		t.Fatalf("occurrences: %q", occ)
	}
	if pb := text("#playbook"); !strings.Contains(pb, "Revoke and rotate") {
		t.Fatalf("playbook: %.300q", pb)
	}
	for _, s := range []string{"misuse", "create", "revoke"} {
		step("tick "+s, chromedp.Click(chromedp.ID("tick-"+s)),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`li.done[data-step="%s"]`, s))))
	}
	if cl := text("#checklist"); !strings.Contains(cl, "3 / ") || !strings.Contains(cl, "done by alice") {
		t.Fatalf("checklist: %q", cl)
	}
	// The resolve buttons ask for confirmation; accept it.
	step("resolve as revoked",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool]("window.confirm = () => true; true")(ctx, tg)
			return err
		}),
		chromedp.Click(chromedp.ID("resolve-revoked")),
		chromedp.WaitVisible(chromedp.ID("reopen")))
	if s := text("#status"); !strings.Contains(s, "resolved: revoked") {
		t.Fatalf("status after resolve: %q", s)
	}
	ticks, err := st.Checklist(bg, id)
	if err != nil || len(ticks) != 3 || ticks[0].DoneBy != "alice" {
		t.Fatalf("ticks in the store: %+v %v", ticks, err)
	}

	// The same secret in a second scan: reopened as a regression.
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("second", secret, "deploy/prod.env")); code != http.StatusCreated {
		t.Fatalf("second scan: %d %s", code, body)
	}
	step("reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("resolve-revoked")))
	if s := text("#status"); !strings.Contains(s, "triggered") {
		t.Fatalf("status after second scan: %q", s)
	}
	if a := text("#audit"); !strings.Contains(a, "regression") || !strings.Contains(a, "alice") {
		t.Fatalf("audit trail: %q", a)
	}
	step("back to list", chromedp.Navigate(e.http.URL+"/?status=open"), chromedp.WaitVisible(chromedp.ID("incidents")))
	if svg := text(".chart"); !strings.Contains(svg, "github") {
		t.Fatalf("chart: %q", svg)
	}
}

// driver returns the two things a dashboard test does: run a named step
// of browser actions (failing with the page when it cannot), and read an
// element's text.
func driver(t *testing.T, ctx context.Context) (step func(string, ...chromedp.Action[chromedp.Void]), text func(string) string) {
	step = func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			shot, _ := chromedp.Run(ctx, chromedp.OuterHTML("body"))
			t.Fatalf("%s: %v\npage: %.2000s", name, err, shot)
		}
	}
	text = func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	return step, text
}
