package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/leakhound/leakhound/internal/finding"
	"github.com/leakhound/leakhound/internal/redact"
	"github.com/leakhound/leakhound/internal/server"
)

// reportFlags send a scan's findings to an incident server.
type reportFlags struct {
	url           string
	token         string
	reportID      string
	allowInsecure bool
	// kind and commitRange say what the scan command covered (staged,
	// pre-push, ci with its range...), set by the command, not a flag.
	kind, commitRange string
}

func (f *reportFlags) register(pf *pflag.FlagSet) {
	pf.StringVar(&f.url, "report-to", "", "send the findings (with their secrets, over TLS) to a leakhound server, e.g. https://leakhound.example.com")
	pf.StringVar(&f.token, "token", "", "API token for --report-to (default $LEAKHOUND_TOKEN)")
	pf.BoolVar(&f.allowInsecure, "allow-insecure-report-to", false, "allow --report-to over plain http to a host that is not loopback")
	pf.StringVar(&f.reportID, "report-id", "", "idempotency key of the report (default: random): sent again, it records nothing twice and sends only the batches the server lacks")
}

func (f *reportFlags) client(io *IO) *server.Client {
	token := f.token
	if token == "" {
		token = io.Getenv("LEAKHOUND_TOKEN")
	}
	return &server.Client{BaseURL: f.url, Token: token, AllowInsecure: f.allowInsecure, Retries: 3, Backoff: time.Second, Resume: f.reportID != ""}
}

// check fails fast, before scanning, on a bad address or missing token.
func (f *reportFlags) check(io *IO) error {
	if f.url == "" {
		return nil
	}
	c := f.client(io)
	if _, err := c.ScansURL(); err != nil {
		return err
	}
	if c.Token == "" {
		return fmt.Errorf("--report-to needs a token: pass --token or set LEAKHOUND_TOKEN")
	}
	if len(f.reportID) > 100 || strings.TrimSpace(f.reportID) != f.reportID {
		return fmt.Errorf("--report-id: at most 100 characters, no surrounding spaces")
	}
	return nil
}

// sendReport posts the findings and the source's identity. complete says
// whether the scan read everything; the server records it with the scan.
func sendReport(ctx context.Context, io *IO, f *reportFlags, root string, findings []finding.Finding, complete bool) error {
	if f.url == "" {
		return nil
	}
	id := f.reportID
	if id == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		id = hex.EncodeToString(b)
	}
	rep := &server.ScanReport{ReportID: id, Tool: "leakhound", Version: version(), Complete: complete,
		Source: sourceIdentity(io, root, findings)}
	if f.kind != "" && rep.Source.Kind != "image" {
		rep.Source.Kind = f.kind
	}
	if f.commitRange != "" {
		rep.Source.CommitRange = f.commitRange
	}
	rep.Findings = server.Reported(findings)
	if cut := server.ClipReport(rep); cut > 0 {
		fmt.Fprintf(io.Err, "leakhound: --report-to: %d %s longer than the server keeps cut to its limit (the local report has them whole)\n",
			cut, pluralize(cut, "field", "fields"))
	}
	res, err := f.client(io).Send(ctx, rep)
	if err != nil {
		return fmt.Errorf("--report-to: %w", err)
	}
	note := ""
	if res.Batches > 1 {
		note = fmt.Sprintf(" in %d batches", res.Batches)
	}
	if res.Duplicate {
		note += " (already recorded)"
	}
	if res.PairsRefused {
		fmt.Fprintf(io.Err, "leakhound: --report-to: the server predates two-part credentials: it was sent no other parts (AWS access key ids...), so it cannot re-check those keys; upgrade it\n")
	}
	// Secrets as the server counts them: one incident per secret, whichever
	// rules found it.
	secrets := map[string]bool{}
	for _, f := range findings {
		secrets[f.RawSecret] = true
	}
	fmt.Fprintf(io.Err, "leakhound: reported to %s: recorded as scan %d%s, %d %s, %d new, %d reopened\n", f.url, res.ScanID, note,
		len(secrets), pluralize(len(secrets), "secret", "secrets"), res.NewIncidents, res.Regressions)
	return nil
}

// sourceIdentity says what was scanned: the repository's remote URL (or
// its path), ref and commit when root is in a git work tree, the image
// for image scans, and the CI run from the CI system's variables.
func sourceIdentity(io *IO, root string, findings []finding.Finding) server.SourceIdentity {
	id := server.SourceIdentity{Kind: "dir"}
	if abs, err := filepath.Abs(root); err == nil {
		id.Repository = abs
	}
	for _, f := range findings {
		if f.Image != "" {
			id.Kind, id.Image = "image", f.Image
			break
		}
		if f.Commit != "" {
			id.Kind = "git"
		}
	}
	if id.Kind != "image" {
		if top := gitOut(root, "rev-parse", "--show-toplevel"); top != "" || gitOut(root, "rev-parse", "--is-bare-repository") == "true" {
			if remote := gitOut(root, "config", "--get", "remote.origin.url"); remote != "" {
				id.Repository = redact.URL(remote)
			} else if top != "" {
				id.Repository = top
			}
			id.Ref = gitOut(root, "symbolic-ref", "--short", "-q", "HEAD")
			id.Commit = gitOut(root, "rev-parse", "-q", "--verify", "HEAD^{commit}")
		}
	}
	env := io.Getenv
	switch {
	case env("GITHUB_RUN_ID") != "":
		id.CIRun = fmt.Sprintf("%s/%s/actions/runs/%s", env("GITHUB_SERVER_URL"), env("GITHUB_REPOSITORY"), env("GITHUB_RUN_ID"))
		if id.Ref == "" {
			id.Ref = env("GITHUB_REF_NAME")
		}
	case env("CI_JOB_URL") != "":
		id.CIRun = env("CI_JOB_URL")
		if id.Ref == "" {
			id.Ref = env("CI_COMMIT_REF_NAME")
		}
		if base := env("CI_MERGE_REQUEST_DIFF_BASE_SHA"); base != "" {
			id.CommitRange = base + ".." + env("CI_COMMIT_SHA")
		}
	case env("BUILD_URL") != "":
		id.CIRun = env("BUILD_URL")
	}
	return id
}

func gitOut(dir string, args ...string) string {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
