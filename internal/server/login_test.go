package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakhound/leakhound/internal/store"
	"github.com/leakhound/leakhound/internal/store/storetest"
)

// watchedStore is a real store whose password checks are counted, their
// concurrency measured, and (when hold is set) held until released.
type watchedStore struct {
	store.Store
	checks, running, peak atomic.Int32
	entered               chan struct{}
	hold                  chan struct{}
}

func (w *watchedStore) CheckPassword(ctx context.Context, name, password string) (*store.User, error) {
	w.checks.Add(1)
	n := w.running.Add(1)
	defer w.running.Add(-1)
	for {
		p := w.peak.Load()
		if n <= p || w.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if w.entered != nil {
		select {
		case w.entered <- struct{}{}:
		default:
		}
	}
	if w.hold != nil {
		<-w.hold // closed to let every check through
	}
	return w.Store.CheckPassword(ctx, name, password)
}

// prepareLogin loads the login page (for its CSRF cookie and token) and
// returns the sign-in POST, to be made later, from any goroutine.
func (b *browser) prepareLogin(name, password string) func() (*http.Response, error) {
	b.t.Helper()
	_, page := b.get("/login")
	m := csrfField.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no csrf field on the login page: %s", page)
	}
	form := url.Values{"csrf": {m[1]}, "name": {name}, "password": {password}, "next": {"/"}}
	return func() (*http.Response, error) {
		req, err := http.NewRequest("POST", b.base+"/login", strings.NewReader(form.Encode()))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", b.base)
		resp, err := b.c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return resp, err
	}
}

// parallelLogins makes the prepared sign-ins all at once and counts the
// answers by status.
func parallelLogins(t *testing.T, logins []func() (*http.Response, error)) map[int]int {
	t.Helper()
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, login := range logins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			resp, err := login()
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return codes
}

// TestParallelWrongPasswordsAreCounted: 30 wrong passwords for one name at
// once used to get 28 checks against a limit of 5. Each attempt is now
// counted before its password is checked: exactly 5 are checked.
func TestParallelWrongPasswordsAreCounted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st store.Store) {
		ws := &watchedStore{Store: st}
		// A sign-in waits for a free hash as long as it takes: with the
		// default 3 s wait a loaded machine answered one of the 30 with
		// 503 (TestBusyHashesAnswer503 tests that answer).
		e := newEnv(t, ws, func(c *Config) { c.LoginAttempts, c.LoginQueueWait = 5, time.Minute })
		if _, err := st.CreateUser(context.Background(), "mo", store.RoleMember, "correct horse battery", "test"); err != nil {
			t.Fatal(err)
		}
		var logins []func() (*http.Response, error)
		for range 30 {
			logins = append(logins, newBrowser(t, e).prepareLogin("mo", "wrong password!!"))
		}
		codes := parallelLogins(t, logins)
		if ws.checks.Load() != 5 || codes[http.StatusUnauthorized] != 5 || codes[http.StatusTooManyRequests] != 25 {
			t.Fatalf("%d passwords checked, answers %v; want 5 checked, 5 × 401, 25 × 429", ws.checks.Load(), codes)
		}
		if resp, _ := newBrowser(t, e).login("mo", "correct horse battery"); resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("right password after the limit: %d", resp.StatusCode)
		}
	})
}

// TestPasswordHashesAreBounded: 60 sign-ins at once (names that do not
// exist, so each checks against the dummy hash) used to run 60 argon2id
// hashes of 19 MiB together. At most ConcurrentLogins run at once, and the
// heap stays within a fixed bound.
func TestPasswordHashesAreBounded(t *testing.T) {
	ws := &watchedStore{Store: storetest.Open(t, storetest.SQLiteDSN(t))}
	e := newEnv(t, ws, func(c *Config) {
		c.ConcurrentLogins, c.LoginQueueWait, c.LoginAttemptsPerAddress = 2, time.Minute, 1000
	})
	var logins []func() (*http.Response, error)
	for i := range 60 {
		logins = append(logins, newBrowser(t, e).prepareLogin(fmt.Sprintf("nobody-%d", i), "wrong password!!"))
	}
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	base := heap[0].Value.Uint64()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	codes := parallelLogins(t, logins)
	close(stop)
	<-sampled
	if codes[http.StatusUnauthorized] != 60 {
		t.Fatalf("answers %v, want 60 × 401", codes)
	}
	grew := int64(peak.Load()) - int64(base)
	t.Logf("60 parallel sign-ins: heap grew by at most %.0f MiB, %d hashes at once", float64(grew)/(1<<20), ws.peak.Load())
	if ws.peak.Load() > 2 {
		t.Fatalf("%d password checks ran at once; the limit is 2", ws.peak.Load())
	}
	if grew > 256<<20 {
		t.Fatalf("the heap grew by %d MiB during 60 sign-ins (60 unbounded hashes hold 1.1 GiB)", grew>>20)
	}
}

// TestBusyHashesAnswer503: when every hash slot stays busy past the
// queue's wait, a sign-in gets 503 with Retry-After, and its attempt is
// given back rather than counted as a failure.
func TestBusyHashesAnswer503(t *testing.T) {
	ws := &watchedStore{Store: storetest.Open(t, storetest.SQLiteDSN(t)), entered: make(chan struct{}, 1), hold: make(chan struct{})}
	e := newEnv(t, ws, func(c *Config) { c.ConcurrentLogins, c.LoginQueueWait, c.LoginAttempts = 1, 20*time.Millisecond, 2 })
	first := newBrowser(t, e).prepareLogin("mo", "wrong password!!")
	second := newBrowser(t, e).prepareLogin("mo", "wrong password!!")
	done := make(chan int)
	go func() {
		resp, err := first()
		if err != nil {
			t.Error(err)
			done <- 0
			return
		}
		done <- resp.StatusCode
	}()
	<-ws.entered // the first holds the only slot
	resp, err := second()
	if err != nil || resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("while busy: %v %v", resp, err)
	}
	close(ws.hold)
	if code := <-done; code != http.StatusUnauthorized {
		t.Fatalf("the held sign-in: %d", code)
	}
	// One failure so far (the 503 was not counted): one more is checked.
	if resp, _ := newBrowser(t, e).login("mo", "wrong password!!"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("second failure: %d, want 401 (the busy attempt must not count)", resp.StatusCode)
	}
	if resp, _ := newBrowser(t, e).login("mo", "wrong password!!"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third attempt: %d, want 429", resp.StatusCode)
	}
}

// TestLoginLimitsSharedAndDurable: two server processes on one database
// share the count (3 failures on one, 2 on the other lock the name on
// both), a restarted server still knows them, and they expire with the
// window.
func TestLoginLimitsSharedAndDurable(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		five := func(c *Config) { c.LoginAttempts = 5 }
		one, two := newEnv(t, storetest.Open(t, dsn), five), newEnv(t, storetest.Open(t, dsn), five)
		if _, err := one.store.CreateUser(context.Background(), "mo", store.RoleMember, "correct horse battery", "test"); err != nil {
			t.Fatal(err)
		}
		for i, e := range []*env{one, one, one, two, two} {
			if resp, _ := newBrowser(t, e).login("mo", "wrong password!!"); resp.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, resp.StatusCode)
			}
		}
		for _, e := range []*env{one, two} {
			if resp, _ := newBrowser(t, e).login("mo", "correct horse battery"); resp.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("right password after 5 failures on two servers: %d", resp.StatusCode)
			}
		}
		restarted := newEnv(t, storetest.Open(t, dsn), five)
		resp, _ := newBrowser(t, restarted).login("mo", "correct horse battery")
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("after a restart: %d", resp.StatusCode)
		}
		if after := resp.Header.Get("Retry-After"); after == "" || after == "0" {
			t.Fatalf("Retry-After %q", after)
		}
		restarted.srv.now = func() time.Time { return time.Now().Add(16 * time.Minute) }
		if resp, _ := newBrowser(t, restarted).login("mo", "correct horse battery"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("after the window: %d", resp.StatusCode)
		}
	})
}

// TestPerUserAndPerAddressLimits: a name locked by its failures does not
// lock the others behind the same address, whose right passwords still
// work; the address has its own, higher limit.
func TestPerUserAndPerAddressLimits(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	e := newEnv(t, st, func(c *Config) { c.LoginAttempts, c.LoginAttemptsPerAddress = 3, 10 })
	for _, name := range []string{"mo", "vera"} {
		if _, err := st.CreateUser(context.Background(), name, store.RoleMember, "correct horse battery", "test"); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		newBrowser(t, e).login("mo", "wrong password!!")
	}
	if resp, _ := newBrowser(t, e).login("mo", "correct horse battery"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("mo after 3 failures: %d", resp.StatusCode)
	}
	if resp, _ := newBrowser(t, e).login("vera", "correct horse battery"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("vera, same address: %d", resp.StatusCode)
	}
	// Signing in clears the name's failures: two wrong, one right, and
	// three more wrong are checked before the name locks again.
	for i, pw := range []string{"wrong", "wrong", "correct horse battery", "wrong", "wrong", "wrong"} {
		want := http.StatusUnauthorized
		if i == 2 {
			want = http.StatusSeeOther
		}
		if resp, _ := newBrowser(t, e).login("vera", pw); resp.StatusCode != want {
			t.Fatalf("vera attempt %d: %d, want %d", i+1, resp.StatusCode, want)
		}
	}
	// The address has had 3 + 5 failures; 2 more fill its limit of 10,
	// whatever the names.
	for i := range 2 {
		if resp, _ := newBrowser(t, e).login(fmt.Sprintf("guess-%d", i), "wrong"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, resp.StatusCode)
		}
	}
	if resp, _ := newBrowser(t, e).login("someone-else", "wrong"); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after 10 failures from one address: %d", resp.StatusCode)
	}
}
