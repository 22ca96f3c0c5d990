package webhook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

const (
	sha1 = "6113728f27ae82c7b1a177c8d03f9e96e0adf246"
	sha2 = "0000000000000000000000000000000000000000"
)

// A push payload with the fields GitHub documents for the push event.
var githubPush = `{"ref":"refs/heads/main","before":"` + sha1 + `","after":"9bb5a1b2d1e9e0a6c3b1f6e7d8c9b0a1f2e3d4c5","forced":false,
"repository":{"id":1,"full_name":"octo/hello","clone_url":"https://github.com/octo/hello.git","html_url":"https://github.com/octo/hello"},
"pusher":{"name":"octo"},"commits":[{"id":"9bb5a1b2d1e9e0a6c3b1f6e7d8c9b0a1f2e3d4c5","added":["a.txt"]}]}`

func TestGitHub(t *testing.T) {
	h := http.Header{}
	h.Set("X-GitHub-Event", "push")
	h.Set("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
	h.Set("X-Hub-Signature-256", Sign([]byte(githubPush), "s3cret"))
	p, err := GitHub(h, []byte(githubPush), "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	if p.Repository != "octo/hello" || p.CloneURL != "https://github.com/octo/hello.git" || p.Before != sha1 || p.Ref != "refs/heads/main" || p.DeliveryID == "" {
		t.Errorf("%+v", p)
	}
	for name, mutate := range map[string]func(http.Header){
		"no signature":    func(h http.Header) { h.Del("X-Hub-Signature-256") },
		"wrong secret":    func(h http.Header) { h.Set("X-Hub-Signature-256", Sign([]byte(githubPush), "other")) },
		"sha1 only":       func(h http.Header) { h.Del("X-Hub-Signature-256"); h.Set("X-Hub-Signature", "sha1=abc") },
		"garbage":         func(h http.Header) { h.Set("X-Hub-Signature-256", "sha256=zz") },
		"tampered header": func(h http.Header) { h.Set("X-Hub-Signature-256", Sign([]byte(githubPush+" "), "s3cret")) },
	} {
		hh := h.Clone()
		mutate(hh)
		if _, err := GitHub(hh, []byte(githubPush), "s3cret"); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := GitHub(h, []byte(githubPush), ""); !errors.Is(err, ErrUnauthorized) {
		t.Error("no configured secret must refuse everything")
	}
	h.Set("X-GitHub-Event", "ping")
	if _, err := GitHub(h, []byte(githubPush), "s3cret"); !errors.Is(err, ErrIgnored) {
		t.Errorf("ping: %v", err)
	}
}

func TestGitLab(t *testing.T) {
	body := `{"object_kind":"push","event_name":"push","before":"` + sha1 + `","after":"9bb5a1b2d1e9e0a6c3b1f6e7d8c9b0a1f2e3d4c5","ref":"refs/heads/main",
"project":{"id":15,"path_with_namespace":"group/app","git_http_url":"https://gitlab.example.com/group/app.git","web_url":"https://gitlab.example.com/group/app"},
"commits":[],"total_commits_count":1}`
	h := http.Header{}
	h.Set("X-Gitlab-Event", "Push Hook")
	h.Set("X-Gitlab-Token", "tok")
	h.Set("X-Gitlab-Event-UUID", "9cdb4c17-9d5e-4e40-b5b0-4e2a6a9a4f9c")
	p, err := GitLab(h, []byte(body), "tok")
	if err != nil || p.Repository != "group/app" || p.CloneURL != "https://gitlab.example.com/group/app.git" {
		t.Fatalf("%+v %v", p, err)
	}
	h.Set("X-Gitlab-Token", "nope")
	if _, err := GitLab(h, []byte(body), "tok"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("wrong token: %v", err)
	}
}

func TestBitbucket(t *testing.T) {
	body := `{"actor":{"display_name":"Ann"},"repository":{"full_name":"team/repo","links":{"html":{"href":"https://bitbucket.org/team/repo"}}},
"push":{"changes":[{"forced":true,"old":{"type":"branch","name":"main","target":{"hash":"` + sha1 + `"}},"new":{"type":"branch","name":"main","target":{"hash":"9bb5a1b2d1e9e0a6c3b1f6e7d8c9b0a1f2e3d4c5"}}},
{"forced":false,"old":null,"new":{"type":"branch","name":"feature","target":{"hash":"9bb5a1b2d1e9e0a6c3b1f6e7d8c9b0a1f2e3d4c5"}}}]}}`
	h := http.Header{}
	h.Set("X-Event-Key", "repo:push")
	h.Set("X-Request-UUID", "b8e6f0b4-5c0a-4b0e-9d0a-1f2e3d4c5b6a")
	h.Set("X-Hub-Signature", Sign([]byte(body), "bb"))
	ps, err := Bitbucket(h, []byte(body), "bb")
	if err != nil || len(ps) != 2 {
		t.Fatalf("%+v %v", ps, err)
	}
	if !ps[0].Forced || ps[0].CloneURL != "https://bitbucket.org/team/repo.git" || ps[1].Before != sha2 || ps[1].Ref != "refs/heads/feature" || ps[0].DeliveryID == ps[1].DeliveryID {
		t.Errorf("%+v", ps)
	}
	if _, err := Bitbucket(h, []byte(strings.Replace(body, "team", "evil", 1)), "bb"); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("tampered body: %v", err)
	}
}

func FuzzParsers(f *testing.F) {
	f.Add([]byte(githubPush))
	f.Add([]byte(`{"push":{"changes":[{"new":null,"old":null}]}}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, body []byte) {
		h := http.Header{}
		h.Set("X-GitHub-Event", "push")
		h.Set("X-Gitlab-Event", "Push Hook")
		h.Set("X-Gitlab-Token", "t")
		h.Set("X-Event-Key", "repo:push")
		h.Set("X-GitHub-Delivery", "d")
		h.Set("X-Gitlab-Event-UUID", "d")
		h.Set("X-Request-UUID", "d")
		h.Set("X-Hub-Signature-256", Sign(body, "s"))
		h.Set("X-Hub-Signature", Sign(body, "s"))
		for _, p := range []func() (Push, error){
			func() (Push, error) { return GitHub(h, body, "s") },
			func() (Push, error) { return GitLab(h, body, "t") },
		} {
			if got, err := p(); err == nil && (got.CloneURL == "" || !isSHA(got.After)) {
				t.Fatalf("accepted an unusable push: %+v", got)
			}
		}
		ps, err := Bitbucket(h, body, "s")
		for _, p := range ps {
			if err == nil && !isSHA(p.After) {
				t.Fatalf("accepted an unusable push: %+v", p)
			}
		}
	})
}
