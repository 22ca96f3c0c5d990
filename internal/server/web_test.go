package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// browser is a cookie-keeping client that does not follow redirects.
type browser struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newBrowser(t *testing.T, e *env) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, base: e.http.URL, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) post(path string, form url.Values, origin string) (*http.Response, string) {
	b.t.Helper()
	req, err := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) login(name, password string) (*http.Response, string) {
	_, page := b.get("/login")
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no csrf field on the login page: %s", page)
	}
	return b.post("/login", url.Values{"csrf": {m[1]}, "name": {name}, "password": {password}, "next": {"/"}}, b.base)
}

func TestDashboardSecurity(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	e := newEnv(t, st, func(c *Config) { c.LoginAttempts = 3 })
	ctx := context.Background()
	for _, u := range []struct{ name, role string }{{"vera", store.RoleViewer}, {"mo", store.RoleMember}} {
		if _, err := st.CreateUser(ctx, u.name, u.role, "correct horse battery", "test"); err != nil {
			t.Fatal(err)
		}
	}
	if code, body := e.do(t, "POST", "/api/v1/scans", e.tokens["member"], scanReport("r", secretFor(5), "a.env")); code != 201 {
		t.Fatalf("scan: %d %s", code, body)
	}
	incs, _, _ := st.ListIncidents(ctx, store.IncidentFilter{})
	incPath := fmt.Sprintf("/incidents/%d", incs[0].ID)

	anon := newBrowser(t, e)
	resp, _ := anon.get(incPath)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous page: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("missing header %s", h)
		}
	}
	if resp, _ := anon.post(incPath+"/status", url.Values{"status": {"ignored"}}, anon.base); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous post: %d", resp.StatusCode)
	}

	// Session cookie flags.
	mo := newBrowser(t, e)
	resp, _ = mo.login("mo", "correct horse battery")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	var sess *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			sess = c
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteStrictMode {
		t.Fatalf("session cookie: %+v", sess)
	}
	_, page := mo.get(incPath)
	token := csrfField.FindStringSubmatch(page)[1]
	// Without the CSRF token, with a wrong one, or from another origin: refused.
	for _, tc := range []struct {
		form   url.Values
		origin string
	}{
		{url.Values{"status": {"ignored"}}, mo.base},
		{url.Values{"status": {"ignored"}, "csrf": {"forged"}}, mo.base},
		{url.Values{"status": {"ignored"}, "csrf": {token}}, "https://evil.example"},
		{url.Values{"status": {"ignored"}, "csrf": {token}}, "null"},
	} {
		if resp, _ := mo.post(incPath+"/status", tc.form, tc.origin); resp.StatusCode != http.StatusForbidden {
			t.Errorf("forged post %v from %q: %d", tc.form, tc.origin, resp.StatusCode)
		}
	}
	if inc, _ := st.Incident(ctx, incs[0].ID); inc.Status != store.StatusTriggered {
		t.Fatalf("a refused post changed the incident: %s", inc.Status)
	}
	if resp, _ := mo.post(incPath+"/status", url.Values{"status": {"ignored"}, "csrf": {token}}, mo.base); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("member post: %d", resp.StatusCode)
	}

	// A viewer reads but cannot change anything, nor see settings.
	vera := newBrowser(t, e)
	vera.login("vera", "correct horse battery")
	resp, page = vera.get(incPath)
	if resp.StatusCode != 200 || strings.Contains(page, `id="resolve"`) {
		t.Fatalf("viewer page: %d, resolve form shown: %v", resp.StatusCode, strings.Contains(page, `id="resolve"`))
	}
	vtoken := csrfField.FindStringSubmatch(page)[1]
	for _, action := range []string{"/status", "/checklist", "/edit", "/validate"} {
		if resp, _ := vera.post(incPath+action, url.Values{"csrf": {vtoken}, "status": {"triggered"}, "step": {"misuse"}, "done": {"1"}}, vera.base); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer POST %s: %d", action, resp.StatusCode)
		}
	}
	if resp, _ := vera.get("/settings"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("viewer settings: %d", resp.StatusCode)
	}
	for _, p := range []string{"/", "/scans", "/audit"} {
		if resp, _ := vera.get(p); resp.StatusCode != 200 {
			t.Errorf("viewer %s: %d", p, resp.StatusCode)
		}
	}

	// Rate limit: after 3 failures the right password is refused too.
	x := newBrowser(t, e)
	for range 3 {
		if resp, _ := x.login("mo", "wrong password!!"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", resp.StatusCode)
		}
	}
	if resp, _ := x.login("mo", "correct horse battery"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after 3 failures: %d", resp.StatusCode)
	}
	// Open redirect: next is kept on this site.
	if safeNext("//evil.example/x") != "/" || safeNext("https://evil.example") != "/" || safeNext("/incidents/1") != "/incidents/1" {
		t.Fatal("safeNext lets a redirect leave the site")
	}
	// Logout ends the session.
	_, page = mo.get("/")
	mo.post("/logout", url.Values{"csrf": {csrfField.FindStringSubmatch(page)[1]}}, mo.base)
	if resp, _ := mo.get("/"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("after logout: %d", resp.StatusCode)
	}
}

// TestSettingsTokens: an admin creates an API token on the settings page
// (shown once, usable at once) and revokes it; a member cannot.
func TestSettingsTokens(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	e := newEnv(t, st, nil)
	ctx := context.Background()
	for _, u := range []struct{ name, role string }{{"ada", store.RoleAdmin}, {"mo", store.RoleMember}} {
		if _, err := st.CreateUser(ctx, u.name, u.role, "correct horse battery", "test"); err != nil {
			t.Fatal(err)
		}
	}
	admin := newBrowser(t, e)
	admin.login("ada", "correct horse battery")
	_, page := admin.get("/settings")
	csrf := csrfField.FindStringSubmatch(page)
	if csrf == nil {
		t.Fatalf("no csrf on settings: %s", page)
	}
	resp, page := admin.post("/settings/tokens", url.Values{"csrf": {csrf[1]}, "name": {"ci-bot"}, "role": {"member"}}, admin.base)
	m := regexp.MustCompile(`id="new-token">([^<]+)<`).FindStringSubmatch(page)
	if resp.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("create token: %d %s", resp.StatusCode, page)
	}
	if code, _ := e.do(t, "GET", "/api/v1/incidents", m[1], nil); code != http.StatusOK {
		t.Errorf("the new token does not work: %d", code)
	}
	if _, again := admin.get("/settings"); strings.Contains(again, m[1]) {
		t.Error("the token is shown a second time")
	}
	toks, _ := st.Tokens(ctx)
	var id int64
	for _, tk := range toks {
		if tk.Name == "ci-bot" {
			id = tk.ID
		}
	}
	if resp, _ := admin.post(fmt.Sprintf("/settings/tokens/%d/revoke", id), url.Values{"csrf": {csrf[1]}}, admin.base); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
	if code, _ := e.do(t, "GET", "/api/v1/incidents", m[1], nil); code != http.StatusUnauthorized {
		t.Errorf("revoked token still works: %d", code)
	}
	mo := newBrowser(t, e)
	mo.login("mo", "correct horse battery")
	_, mpage := mo.get("/")
	mcsrf := csrfField.FindStringSubmatch(mpage)
	if mcsrf == nil {
		t.Fatal("no csrf for the member")
	}
	if resp, _ := mo.post("/settings/tokens", url.Values{"csrf": {mcsrf[1]}, "name": {"x"}, "role": {"admin"}}, mo.base); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a member created a token: %d", resp.StatusCode)
	}
}

func TestFileURL(t *testing.T) {
	for _, c := range []struct{ repo, want string }{
		{"https://github.com/octo/app", "https://github.com/octo/app/blob/c0ffee/dir/a%20b.env#L7"},
		{"https://gitlab.example.com/group/app.git", "https://gitlab.example.com/group/app/-/blob/c0ffee/dir/a%20b.env#L7"},
		{"https://bitbucket.org/team/app", "https://bitbucket.org/team/app/src/c0ffee/dir/a%20b.env#lines-7"},
		{"/home/dev/app", ""},
		{"javascript:alert(1)", ""},
	} {
		if got := fileURL(c.repo, "c0ffee", "dir/a b.env", 7); got != c.want {
			t.Errorf("fileURL(%q) = %q, want %q", c.repo, got, c.want)
		}
	}
}
