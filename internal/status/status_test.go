package status

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestPostEachPlatform(t *testing.T) {
	type call struct{ path, query, auth, body string }
	var calls []call
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		calls = append(calls, call{r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("Authorization") + r.Header.Get("PRIVATE-TOKEN"), string(b)})
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	p := &Poster{Client: srv.Client(), Tokens: map[string]string{"github": "gh", "gitlab": "gl", "bitbucket": "bb"},
		APIBase: map[string]string{"github": srv.URL, "gitlab": srv.URL, "bitbucket": srv.URL}, TargetURL: "https://lh.example/incidents"}
	const sha = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
	ctx := context.Background()
	if err := p.Post(ctx, "github", "octo/app", "https://github.com/octo/app", sha, 2); err != nil {
		t.Fatal(err)
	}
	if err := p.Post(ctx, "gitlab", "group/sub/app", "https://gitlab.example.com/group/sub/app", sha, 0); err != nil {
		t.Fatal(err)
	}
	if err := p.Post(ctx, "bitbucket", "team/app", "https://bitbucket.org/team/app", sha, 1); err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 {
		t.Fatalf("calls %+v", calls)
	}
	var gh map[string]string
	json.Unmarshal([]byte(calls[0].body), &gh)
	if calls[0].path != "/repos/octo/app/statuses/"+sha || calls[0].auth != "Bearer gh" || gh["state"] != "failure" || gh["context"] != "leakhound" || !strings.Contains(gh["description"], "2 leaked secrets") {
		t.Errorf("github: %+v", calls[0])
	}
	if calls[1].path != "/projects/group%2Fsub%2Fapp/statuses/"+sha || calls[1].auth != "gl" || !strings.Contains(calls[1].query, "state=success") {
		t.Errorf("gitlab: %+v", calls[1])
	}
	var bb map[string]string
	json.Unmarshal([]byte(calls[2].body), &bb)
	if calls[2].path != "/repositories/team/app/commit/"+sha+"/statuses/build" || bb["state"] != "FAILED" || bb["url"] != "https://lh.example/incidents" {
		t.Errorf("bitbucket: %+v", calls[2])
	}
	// No token for a platform: nothing is sent.
	if err := (&Poster{Client: srv.Client()}).Post(ctx, "github", "o/r", "", sha, 1); err != nil || len(calls) != 3 {
		t.Errorf("posted without a token: %v", err)
	}
	if got := (&Poster{}).base("github", "https://ghe.corp.example/octo/app"); got != "https://ghe.corp.example/api/v3" {
		t.Errorf("GitHub Enterprise base %q", got)
	}
}
