package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/leakhound/leakhound/internal/redact"
)

// Client sends scan reports to a server.
type Client struct {
	// BaseURL is the server (https://leakhound.example.com) or the full
	// .../api/v1/scans address.
	BaseURL string
	Token   string
	HTTP    *http.Client
	// AllowInsecure permits plain http to a host other than loopback.
	AllowInsecure bool
	// Retries on network errors and 5xx answers; the report id makes a
	// retry safe even when the first attempt was recorded.
	Retries int
	Backoff time.Duration
	// BatchFindings and BatchBytes bound one request of a large report
	// (defaults 5,000 findings, 16 MiB of JSON): well under the server's
	// MaxBatchFindings and its body limit.
	BatchFindings int
	BatchBytes    int
	// Resume first asks the server which batches of the report id it has
	// and sends only the others: for a report id sent before (--report-id).
	Resume bool
}

// ScansURL checks the address and returns where reports go. Plain http
// would carry the secrets in clear, so it is refused except to loopback
// or with AllowInsecure.
func (c *Client) ScansURL() (string, error) {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("--report-to %q is not a URL such as https://leakhound.example.com", redact.URL(c.BaseURL))
	}
	if u.User != nil {
		return "", errors.New("--report-to must not hold credentials; pass the token with --token or LEAKHOUND_TOKEN")
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !c.AllowInsecure && !isLoopback(u.Hostname()) {
			return "", fmt.Errorf("--report-to %s uses plain http to a host that is not loopback: the report carries secrets; use https, or --allow-insecure-report-to", redact.URL(u.String()))
		}
	default:
		return "", fmt.Errorf("--report-to: scheme %q (want https)", u.Scheme)
	}
	if !strings.HasSuffix(u.Path, "/api/v1/scans") {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v1/scans"
	}
	return u.String(), nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// maxAnswer bounds what the client reads of an answer: a receipt is a few
// hundred bytes whatever the report's size.
const maxAnswer = 1 << 20

// Send posts the report and returns the server's receipt. A receipt is
// the only proof the report was recorded: an answer that is lost or
// cannot be read is retried with the same report id, which the server
// records once, so a retry answers "duplicate" instead of recording twice.
// A report too large for one request goes in batches under its one report
// id, each confirmed before the next; the receipt of the last counts them
// all. Over-long descriptive fields of rep are cut in place first
// (ClipReport), as the server would.
func (c *Client) Send(ctx context.Context, rep *ScanReport) (*ScanReceipt, error) {
	target, err := c.ScansURL()
	if err != nil {
		return nil, err
	}
	if c.Token == "" {
		return nil, errors.New("no token to report with: pass --token or set LEAKHOUND_TOKEN")
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 2 * time.Minute}
	}
	ClipReport(rep)
	parts, err := c.split(rep.Findings)
	if err != nil {
		return nil, err
	}
	have := map[int]bool{}
	var last *ScanReceipt
	if c.Resume {
		if last, err = c.status(ctx, hc, target, rep.ReportID); err != nil {
			return nil, err
		}
		if last != nil {
			have = received(last)
		}
	}
	recorded := false // did this call record anything new?
	pairsRefused := false
	for i, part := range parts {
		n := i + 1
		if have[n] {
			continue
		}
		batch := *rep
		batch.Findings = part
		if len(parts) > 1 {
			batch.Batch, batch.Batches = n, len(parts)
		}
		body, err := json.Marshal(&batch)
		if err != nil {
			return nil, err
		}
		res, err := c.postRetrying(ctx, hc, target, body)
		if err != nil && !pairsRefused && refusesPairs(err) && dropPairs(rep.Findings) {
			// A server older than pair_secret refuses the field: the
			// report goes without the other parts (this batch and the
			// rest), and the caller says so.
			pairsRefused = true
			if body, err = json.Marshal(&batch); err != nil {
				return nil, err
			}
			res, err = c.postRetrying(ctx, hc, target, body)
		}
		if err != nil {
			if len(parts) == 1 {
				return nil, fmt.Errorf("report %s not confirmed (it may have been recorded; sending it again with the same id never records it twice): %w", rep.ReportID, err)
			}
			return nil, fmt.Errorf("report %s: batch %d of %d not confirmed, %d confirmed before it (sending the report again with the same id sends only what is missing): %w",
				rep.ReportID, n, len(parts), n-1-len(have), err)
		}
		recorded = recorded || !res.Duplicate
		last = res
	}
	last.Duplicate = !recorded
	last.PairsRefused = pairsRefused
	return last, nil
}

// refusal is the server's answer refusing a report.
type refusal struct {
	status int
	msg    string
}

func (r *refusal) Error() string {
	return fmt.Sprintf("the server refused the report: %d %s: %s", r.status, http.StatusText(r.status), r.msg)
}

// refusesPairs says err is a server's 400 that names pair_secret as a
// field it does not know (its JSON decoder refuses unknown fields).
func refusesPairs(err error) bool {
	var r *refusal
	return errors.As(err, &r) && r.status == http.StatusBadRequest && strings.Contains(r.msg, `unknown field "pair_secret"`)
}

// dropPairs removes every finding's other part and says whether any had one.
func dropPairs(fs []ReportedFinding) bool {
	had := false
	for i := range fs {
		had = had || fs[i].PairSecret != ""
		fs[i].PairSecret = ""
	}
	return had
}

// split cuts findings into batches of at most BatchFindings findings and
// about BatchBytes of JSON each; no findings is one empty batch.
func (c *Client) split(fs []ReportedFinding) ([][]ReportedFinding, error) {
	maxN, maxBytes := c.BatchFindings, c.BatchBytes
	if maxN <= 0 {
		maxN = 5000
	}
	maxN = min(maxN, MaxBatchFindings)
	if maxBytes <= 0 {
		maxBytes = 16 << 20
	}
	var parts [][]ReportedFinding
	start, size := 0, 0
	for i := range fs {
		b, err := json.Marshal(&fs[i])
		if err != nil {
			return nil, err
		}
		if i > start && (i-start == maxN || size+len(b) > maxBytes) {
			parts = append(parts, fs[start:i])
			start, size = i, 0
		}
		size += len(b) + 1
	}
	return append(parts, fs[start:]), nil
}

// received is the set of batches a receipt from GET says the server has:
// every batch not listed missing, except past a list cut short.
func received(rc *ScanReceipt) map[int]bool {
	have := map[int]bool{}
	missing := map[int]bool{}
	upTo := rc.Batches
	for _, b := range rc.Missing {
		missing[b] = true
	}
	if len(rc.Missing) > 0 && rc.BatchesReceived+len(rc.Missing) < rc.Batches {
		upTo = rc.Missing[len(rc.Missing)-1]
	}
	for b := 1; b <= upTo; b++ {
		if !missing[b] {
			have[b] = true
		}
	}
	return have
}

// status asks the server about a report id: nil when it has never seen it.
func (c *Client) status(ctx context.Context, hc *http.Client, target, reportID string) (*ScanReceipt, error) {
	where := strings.TrimSuffix(target, "/scans") + "/reports/" + url.PathEscape(reportID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, where, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("asking the server about report %s: %w", reportID, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, fmt.Errorf("asking the server about report %s: %w", reportID, err)
	}
	if resp.StatusCode == http.StatusNotFound {
		return nil, nil
	}
	var rc ScanReceipt
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &rc) != nil || rc.ScanID == 0 {
		return nil, fmt.Errorf("asking the server about report %s: %s", reportID, resp.Status)
	}
	return &rc, nil
}

// postRetrying posts one request, retrying network errors, 5xx answers
// and answers that are not a receipt.
func (c *Client) postRetrying(ctx context.Context, hc *http.Client, target string, body []byte) (*ScanReceipt, error) {
	backoff := c.Backoff
	if backoff <= 0 {
		backoff = time.Second
	}
	var lastErr error
	for attempt := 0; attempt <= c.Retries; attempt++ {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(backoff << (attempt - 1)):
			}
		}
		res, retry, err := c.post(ctx, hc, target, body)
		if err == nil {
			return res, nil
		}
		lastErr = err
		if !retry {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%d attempts: %w", c.Retries+1, lastErr)
}

func (c *Client) post(ctx context.Context, hc *http.Client, target string, body []byte) (*ScanReceipt, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.Token)
	resp, err := hc.Do(req)
	if err != nil {
		// The error names the URL, never the token or the body.
		return nil, true, fmt.Errorf("sending the report: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, true, fmt.Errorf("reading the server's answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		msg := strings.TrimSpace(string(data))
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error.Message != "" {
			msg = e.Error.Message
		}
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		return nil, resp.StatusCode >= 500, &refusal{resp.StatusCode, msg}
	}
	var res ScanReceipt
	if err := json.Unmarshal(data, &res); err != nil || res.ScanID == 0 {
		// Recorded or not, the answer does not say: ask again.
		return nil, true, fmt.Errorf("the server's answer (%s, %d bytes) is not a scan receipt", resp.Status, len(data))
	}
	return &res, false, nil
}
