package detect

import (
	"bytes"
	"strings"
	"testing"

	"github.com/leakhound/leakhound/internal/rule"
)

// TestWindowCacheNeverServesOtherBytes: a cached result is only reused for
// a window of the same bytes. An entry under the same key whose text
// differs (what a hash collision would give) is a miss, and scanning
// versions of a line that differ only in the secret finds each secret.
func TestWindowCacheNeverServesOtherBytes(t *testing.T) {
	c := newWindowCache()
	a, b := []byte("token = aaaaaaaaaaaaaaaaaaaa"), []byte("token = bbbbbbbbbbbbbbbbbbbb")
	k, _, ok := c.get(1, false, b)
	if ok {
		t.Fatal("a hit in an empty cache")
	}
	c.entries[k] = windowResult{text: a, locs: [][]int{{0, 1}}}
	if _, _, ok := c.get(1, false, b); ok {
		t.Fatal("a window was served another window's result")
	}
	c.put(k, b, nil)
	if _, locs, ok := c.get(1, false, b); !ok || locs != nil {
		t.Fatalf("the window's own result: %v %v", locs, ok)
	}
	if _, _, ok := c.get(1, true, b); ok {
		t.Fatal("an anchored attempt was served an unanchored one's result")
	}
	if _, _, ok := c.get(2, false, b); ok {
		t.Fatal("a rule was served another rule's result")
	}

	e, err := New([]*rule.Rule{{ID: "acme-token", Keywords: []string{"acme_"}, Pattern: `(?P<secret>acme_[a-z0-9]{20})`}})
	if err != nil {
		t.Fatal(err)
	}
	s := e.NewScanner()
	line := "ACME_TOKEN=acme_q8z2m4x7c1v9b3n6l0k5\n"
	for i, secret := range []string{"acme_q8z2m4x7c1v9b3n6l0k5", "acme_q8z2m4x7c1v9b3n6l0k6", "acme_q8z2m4x7c1v9b3n6l0k5"} {
		data := strings.Repeat("# padding\n", i) + strings.Replace(line, "acme_q8z2m4x7c1v9b3n6l0k5", secret, 1)
		ms := s.Scan([]byte(data))
		if len(ms) != 1 || ms[0].Secret != secret || ms[0].Line != i+1 {
			t.Fatalf("version %d: %+v", i, ms)
		}
	}
}

// TestWindowCacheIsBounded: the text kept stays under maxCacheBytes however
// many distinct windows pass, and windows too long to be worth keeping are
// not kept.
func TestWindowCacheIsBounded(t *testing.T) {
	c := newWindowCache()
	win := bytes.Repeat([]byte("x"), maxCachedWindow)
	for i := range 3 * maxCacheBytes / maxCachedWindow {
		copy(win, []byte(strings.Repeat("0", 8)+string(rune('a'+i%26))))
		win[10], win[11] = byte(i), byte(i>>8)
		k, _, _ := c.get(1, false, win)
		c.put(k, win, nil)
		if c.held > maxCacheBytes {
			t.Fatalf("holds %d bytes, bound %d", c.held, maxCacheBytes)
		}
	}
	long := make([]byte, maxCachedWindow+1)
	k, _, _ := c.get(1, false, long)
	c.put(k, long, nil)
	if _, _, ok := c.get(1, false, long); ok {
		t.Fatal("a window over maxCachedWindow was kept")
	}
}
