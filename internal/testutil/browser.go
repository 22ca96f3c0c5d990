package testutil

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath finds a Chromium for browser tests: $LEAKHOUND_CHROMIUM,
// then Debian's chromium (installed by `make deps`), then other names.
func ChromiumPath() string {
	if p := os.Getenv("LEAKHOUND_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Browser starts a fresh headless Chromium for one test and returns a
// chromedp context for its first tab, cancelled (and the browser stopped)
// when the test ends. Without Chromium the test is skipped with a NOTICE.
// The flags keep Chromium off the network (this machine has none, and
// its background requests would only be refused) and work as root.
func Browser(t testing.TB) context.Context {
	t.Helper()
	path := ChromiumPath()
	if path == "" {
		t.Skip("NOTICE: chromium not found (apt-get install chromium, or set LEAKHOUND_CHROMIUM): browser test skipped")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	// A bound on the whole browser session: a hung page fails the test
	// instead of the suite's global timeout.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium %s: %v", path, err)
	}
	return ctx
}
