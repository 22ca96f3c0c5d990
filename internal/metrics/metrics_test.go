package metrics

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestExposition(t *testing.T) {
	r := New()
	r.Add(`leakhound_jobs_total{kind="scan_push"}`, "Jobs completed.", 1)
	r.Add(`leakhound_jobs_total{kind="scan_push"}`, "Jobs completed.", 2)
	r.Add("leakhound_scanned_bytes_total", "Bytes scanned.", 1.5e6)
	r.Gauge("leakhound_queue_depth", "Jobs waiting.", func() (float64, error) { return 4, nil })
	r.Gauge("leakhound_broken", "Unreadable.", func() (float64, error) { return 0, errors.New("down") })
	r.Observe("leakhound_webhook_seconds", "Webhook latency.", 3*time.Millisecond)
	r.Observe("leakhound_webhook_seconds", "Webhook latency.", 2*time.Second)
	r.Observe(`leakhound_hook_seconds{platform="github"}`, "Labelled.", time.Millisecond)
	var b bytes.Buffer
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# TYPE leakhound_jobs_total counter\n", `leakhound_jobs_total{kind="scan_push"} 3` + "\n",
		"leakhound_scanned_bytes_total 1500000\n", "# TYPE leakhound_queue_depth gauge\nleakhound_queue_depth 4\n",
		`leakhound_webhook_seconds_bucket{le="0.005"} 1` + "\n", `leakhound_webhook_seconds_bucket{le="+Inf"} 2` + "\n",
		"leakhound_webhook_seconds_count 2\n",
		`leakhound_hook_seconds_bucket{platform="github",le="0.001"} 1` + "\n", `leakhound_hook_seconds_count{platform="github"} 1` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "leakhound_broken") {
		t.Error("an unreadable gauge was reported")
	}
}
